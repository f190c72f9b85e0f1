"""The CLI side of the office outputs: where files go, refused arguments, whole-file writes."""

from __future__ import annotations

from decimal import Decimal

import pytest

pytest.importorskip("openpyxl")

from conftest import EXAMPLE

from jxpj import score_file
from jxpj.cli.office import check_docx_template, init_workbook, office_target, write_office
from jxpj.errors import UsageError


def test_targets(tmp_path):
    evidence = EXAMPLE / "evidence.yaml"
    assert office_target(evidence, None, "docx") == EXAMPLE / "report.docx"
    assert office_target(evidence, tmp_path, "xlsx") == tmp_path / "score.xlsx"
    assert office_target(evidence, tmp_path / "交付.docx", "docx") == tmp_path / "交付.docx"
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    with pytest.raises(UsageError, match="a.txt is a file; give -o a folder or a file name ending in .xlsx"):
        office_target(evidence, tmp_path / "a.txt", "xlsx")


def test_docx_template_argument(tmp_path):
    check_docx_template(None, "md")
    with pytest.raises(UsageError, match="--docx-template applies to --format docx only"):
        check_docx_template(tmp_path, "xlsx")
    with pytest.raises(UsageError, match="nope.docx: no such Word template"):
        check_docx_template(tmp_path / "nope.docx", "docx")


def test_write_xlsx_leaves_no_temporary_file(tmp_path):
    result = score_file(EXAMPLE / "evidence.yaml")
    target = write_office("xlsx", result, tmp_path / "out" / "score.xlsx")
    assert [p.name for p in target.parent.iterdir()] == ["score.xlsx"]
    assert target.stat().st_mode & 0o777 == 0o644


def test_unwritable_target_is_a_usage_error(tmp_path):
    result = score_file(EXAMPLE / "evidence.yaml")
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(UsageError, match="cannot write"):
        write_office("xlsx", result, tmp_path / "file" / "score.xlsx")


def test_init_workbook_points_at_its_spec(tmp_path):
    from test_office_entry import fill_from_yaml

    book = init_workbook(EXAMPLE / "spec.yaml", tmp_path / "book.xlsx")
    with pytest.raises(UsageError, match="already exists; pass --force"):
        init_workbook(EXAMPLE / "spec.yaml", book)
    fill_from_yaml(book)
    assert score_file(book).total == Decimal("85.12")  # the spec found through the workbook's own cell


def test_office_extra_missing_says_how_to_install(monkeypatch):
    import sys

    from jxpj.office.extra import require

    monkeypatch.setitem(sys.modules, "docx", None)  # what an environment without python-docx looks like to import
    with pytest.raises(UsageError) as exc:
        require("docx", "the Word report")
    assert str(exc.value) == (
        'the Word report needs the python-docx package, which is not installed; install the office extra: pip install "jxpj[office]"'
    )
