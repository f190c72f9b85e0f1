"""One pipeline and one sniffer: every command reads a file the same way, alone or in a batch."""

from __future__ import annotations

import csv
import io
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import EXAMPLE

from jxpj.load import score_file
from jxpj.portfolio import batch
from jxpj.portfolio.rows import ProjectRow

openpyxl = pytest.importorskip("openpyxl")
from test_office_entry import SPEC, fill_from_yaml  # noqa: E402

from jxpj.office.entry.write import write_entry_workbook  # noqa: E402


@pytest.fixture
def book(tmp_path) -> Path:
    """The 2018 example typed into its evidence workbook, beside a copy of its spec."""
    shutil.copy(EXAMPLE / "spec.yaml", tmp_path / "spec.yaml")
    return fill_from_yaml(write_entry_workbook(SPEC, tmp_path / "book.xlsx", spec_ref="spec.yaml"))


def test_a_workbook_and_a_yaml_file_score_together(cli, book):
    # Before the batch used the one pipeline, the workbook was read as YAML: "file is not UTF-8 text".
    run = cli("score", book, EXAMPLE / "evidence.yaml", "--format", "csv")
    assert run.exit_code == 0, run.stderr
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    # equal totals are ranked by path, which depends on where the checkout and the temp folder are
    assert sorted((Path(r["path"]).name, r["total"], r["grade"]) for r in rows) == [
        ("book.xlsx", "85.12", "良"),
        ("evidence.yaml", "85.12", "良"),
    ]


def test_batch_rows_expand_fact_references_like_a_single_score(tmp_path, monkeypatch):
    text = (EXAMPLE / "evidence.yaml").read_text(encoding="utf-8").replace("spec: spec.yaml", f"spec: {(EXAMPLE / 'spec.yaml').as_posix()}")
    assert "{C11.target}人" in text  # the example's prose names facts
    path = tmp_path / "evidence.yaml"
    path.write_text(text, encoding="utf-8")
    seen = []
    real = batch.row_of
    monkeypatch.setattr(batch, "row_of", lambda result, where: seen.append(result) or real(result, where))
    list(batch.score_sources(batch.find_evidence([path]), jobs=1))
    (result,) = seen
    assert result.find("C11").note == score_file(path).find("C11").note
    assert "共计254人，实际拍摄254人" in result.find("C11").note


def test_a_spec_of_extends_alone_is_checked_as_a_spec(cli, tmp_path):
    spec = tmp_path / "spec.yaml"
    spec.write_text("extends: national-project\n", encoding="utf-8")
    run = cli("check", tmp_path, "--format", "json")
    assert run.exit_code == 0, run.stdout + run.stderr
    assert '"kind": "spec"' in run.stdout and '"path": ' in run.stdout
    assert "1 file checked" in run.stderr or "1 file checked" in run.stdout


def test_score_and_check_agree_on_what_a_file_is(cli, tmp_path):
    (tmp_path / "base.yaml").write_text("extends: national-project\n", encoding="utf-8")
    (tmp_path / "notes.yaml").write_text("todo: [a]\n", encoding="utf-8")
    shutil.copy(EXAMPLE / "evidence.yaml", tmp_path / "evidence.yaml")
    shutil.copy(EXAMPLE / "spec.yaml", tmp_path / "spec.yaml")
    kinds = {o.path.rsplit("/", 1)[-1]: (o.kind if isinstance(o, batch.Skipped) else "evidence") for o in batch.score_sources(batch.find_evidence([tmp_path]), jobs=1)}
    assert kinds == {"base.yaml": "spec", "evidence.yaml": "evidence", "notes.yaml": "other", "spec.yaml": "spec"}


def test_a_bug_met_on_one_file_does_not_end_the_batch(tmp_path, monkeypatch):
    for name in ("a", "b"):
        text = (EXAMPLE / "evidence.yaml").read_text(encoding="utf-8").replace("spec: spec.yaml", f"spec: {(EXAMPLE / 'spec.yaml').as_posix()}")
        (tmp_path / f"{name}.yaml").write_text(text, encoding="utf-8")
    real = batch.score_document

    def crash_on_a(path, **kwargs):
        if str(path).endswith("a.yaml"):
            raise ZeroDivisionError("boom")
        return real(path, **kwargs)

    monkeypatch.setattr(batch, "score_document", crash_on_a)
    first, second = batch.score_sources(batch.find_evidence([tmp_path]), jobs=1)
    assert isinstance(first, batch.Failure) and first.message is not None
    assert first.message.startswith("internal error (ZeroDivisionError: boom)") and "please report" in first.message
    assert isinstance(second, ProjectRow) and second.total == Decimal("85.12")
