"""``jxpj review`` and ``jxpj import`` on filled-in 自评表, as a finance bureau uses them."""

from __future__ import annotations

import csv
import io
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import ROOT

from jxpj.forms.review import review_form
from jxpj.review.file import review_file

CORPUS = ROOT / "tests" / "forms" / "corpus"


@pytest.mark.parametrize(("name", "cells"), [
    ("16_new_user_xlsx.xlsx", ("Sheet1!H12", "Sheet1!H19")),
    ("16_new_user_docx.docx", ("表1 第11行第8列", "表1 第18行第8列")),
])  # fmt: skip
def test_a_new_users_form_gets_every_slip_with_cells_and_arithmetic(cli, name, cells):
    run = cli("review", CORPUS / name, "--format", "json")
    assert run.exit_code == 1, run.stderr
    data = json.loads(run.stdout)
    got = [(f["kind"], f["code"], f["where"]) for f in data["findings"]]
    row, total = cells
    assert got == [("no-reason", "B11", row), ("over-maximum", "total", total), ("total-sum", "total", total)]
    over = data["findings"][1]
    assert (over["claimed"], over["computed"]) == (Decimal(97), Decimal(95))
    assert over["explanation"].startswith("claimed total = 97 is above the most its rows can give")
    assert data["notes"] == []
    table = cli("review", CORPUS / name)
    assert table.exit_code == 1
    assert row in table.stdout and total in table.stdout
    assert table.stdout.splitlines()[-1] == "review: 3 findings in 11 claims checked against the rules"


def test_the_markdown_review_of_a_form_names_its_cells_in_chinese(cli):
    run = cli("review", CORPUS / "16_new_user_xlsx.xlsx", "--format", "markdown")
    assert run.exit_code == 1
    assert "示例区老旧小区改造提升工程绩效评价复核意见" in run.stdout
    assert "B11 改造老旧小区数量（Sheet1!H12）" in run.stdout
    assert "扣 1 分未说明偏差原因" in run.stdout


def test_a_clean_form_agrees(cli):
    run = cli("review", CORPUS / "01_clean_basic.xlsx")
    assert run.exit_code == 0, run.stdout + run.stderr
    assert run.stdout.startswith("review: no disagreement")


def test_a_deviation_with_its_reason_is_shown_as_a_note_and_does_not_fail(cli, tmp_path):
    run = cli("review", CORPUS / "07_score_deviation.xlsx", "--format", "json")
    data = json.loads(run.stdout)
    assert [n["kind"] for n in data["notes"]] == ["score-noted"] and data["notes"][0]["where"] == "Sheet1!H12"
    assert [f["kind"] for f in data["findings"]] == ["score"]  # the other row has no 偏差原因


def test_an_old_format_or_a_broken_file_is_a_located_problem(cli, tmp_path):
    run = cli("review", CORPUS / "bad_old_format.xls")
    assert run.exit_code == 1
    assert "bad_old_format.xls:1:1: error: .xls (Excel 97-2003) is not read; save it as .xlsx" in run.stderr
    run = cli("review", CORPUS / "bad_truncated.xlsx")
    assert run.exit_code == 1 and "Traceback" not in run.stderr and "[form-file]" in run.stderr


@pytest.fixture
def folder(tmp_path) -> Path:
    """A bureau's inbox: clean and slipped forms in both formats, a damaged one, an .xls, a note."""
    inbox = tmp_path / "2023"
    (inbox / "二季度").mkdir(parents=True)
    for name in ("01_clean_basic.xlsx", "06_no_reason.docx", "09_funds_total_zero.xlsx", "bad_truncated.xlsx"):
        shutil.copy(CORPUS / name, inbox / name)
    shutil.copy(CORPUS / "16_new_user_docx.docx", inbox / "二季度" / "16_new_user_docx.docx")
    shutil.copy(CORPUS / "bad_old_format.xls", inbox / "二季度" / "old.xls")
    (inbox / "说明.txt").write_text("不是自评表", encoding="utf-8")
    return inbox


def test_a_folder_gives_one_row_per_form_and_exit_1(cli, folder):
    run = cli("review", folder, "--format", "csv")
    assert run.exit_code == 1, run.stderr
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    assert [Path(r["path"]).name for r in rows] == ["01_clean_basic.xlsx", "06_no_reason.docx", "09_funds_total_zero.xlsx", "bad_truncated.xlsx", "16_new_user_docx.docx", "old.xls"]
    by = {Path(r["path"]).name: r for r in rows}
    assert (by["01_clean_basic.xlsx"]["findings"], by["01_clean_basic.xlsx"]["stated_total"], by["01_clean_basic.xlsx"]["recomputed_total"]) == ("0", "98.78", "98.78")
    assert by["06_no_reason.docx"]["no-reason"] == "1" and by["06_no_reason.docx"]["worst"].startswith("表1 第11行第8列")
    assert by["09_funds_total_zero.xlsx"]["funds-total"] == "1"
    assert by["16_new_user_docx.docx"]["findings"] == "3" and by["16_new_user_docx.docx"]["unit"] == "示例区城市更新服务中心"
    assert by["old.xls"]["error"].startswith(".xls (Excel 97-2003) is not read") and by["old.xls"]["findings"] == ""
    assert by["bad_truncated.xlsx"]["error"] and "Traceback" not in run.stderr


def test_the_folder_summary_counts_slips_by_kind(cli, folder):
    data = json.loads(cli("review", folder, "--format", "json").stdout)
    summary = data["summary"]
    assert (summary["forms"], summary["reviewed"], summary["unreadable"], summary["with_findings"]) == (6, 4, 2, 3)
    assert summary["by_kind"] == {
        "no-reason": {"findings": 2, "forms": 2},
        "over-maximum": {"findings": 1, "forms": 1},
        "total-sum": {"findings": 1, "forms": 1},
        "funds-total": {"findings": 1, "forms": 1},
    }
    markdown = cli("review", folder, "--format", "markdown").stdout
    assert "共收到自评表 6 份，复核 4 份，其中 3 份发现问题；无法读取 2 份。" in markdown
    assert "| 扣分未说明理由 | 2 | 2 |" in markdown and "文件格式不受支持或文件已损坏" in markdown


def test_the_table_names_unreadable_files_on_stderr(cli, folder):
    run = cli("review", folder)
    assert run.exit_code == 1
    assert "review: 6 forms, 3 with findings, 2 not readable" in run.stdout
    assert "old.xls: not reviewed: .xls (Excel 97-2003) is not read" in run.stderr


def test_two_processes_give_the_same_rows_as_one(cli, folder):
    one = cli("review", folder, "--format", "csv", "--jobs", "1").stdout
    assert cli("review", folder, "--format", "csv", "--jobs", "2").stdout == one


def test_csv_keeps_text_that_looks_like_a_formula_as_text():
    from jxpj.forms.folder import FormRow
    from jxpj.forms.output import folder_csv

    text = folder_csv([FormRow("a.xlsx", unit="=HYPERLINK(1)", project="+项目")])
    assert "'=HYPERLINK(1)" in text and "'+项目" in text


@pytest.mark.parametrize("name", ["16_new_user_xlsx.xlsx", "14_several.xlsx", "09_funds_total_zero.xlsx", "07_score_deviation.xlsx", "real_ezhou_2021.docx", "02_clean_word.docx"])
def test_import_then_review_agrees_with_the_direct_review(cli, tmp_path, name):
    run = cli("import", CORPUS / name, "-o", tmp_path / "out")
    assert run.exit_code == 0, run.stderr
    assert run.stdout.strip() == f"wrote {(tmp_path / 'out' / 'spec.yaml').as_posix()} and {(tmp_path / 'out' / 'evidence.yaml').as_posix()}"
    direct = review_form(CORPUS / name).review
    via = review_file(tmp_path / "out" / "evidence.yaml")

    def key(review):
        return [(f.kind, f.code, f.claimed, f.computed) for f in review.findings], [(f.kind, f.code) for f in review.notes]

    assert key(via) == key(direct)
    assert cli("score", tmp_path / "out" / "evidence.yaml").exit_code == 0  # an evaluator goes on from here


def test_import_is_byte_identical_and_refuses_to_overwrite(cli, tmp_path):
    cli("import", CORPUS / "14_several.xlsx", "-o", tmp_path / "a")
    cli("import", CORPUS / "14_several.xlsx", "-o", tmp_path / "b")
    for name in ("spec.yaml", "evidence.yaml"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    again = cli("import", CORPUS / "14_several.xlsx", "-o", tmp_path / "a")
    assert again.exit_code == 2 and "already exists; pass --force" in again.stderr
    text = (tmp_path / "a" / "evidence.yaml").read_text(encoding="utf-8")
    assert "&id" not in text and "total: 92" in text and "grade: 良" in text


def test_single_file_csv_is_a_usage_error(cli):
    run = cli("review", CORPUS / "01_clean_basic.xlsx", "--format", "csv")
    assert run.exit_code == 2 and "--format csv is for a folder" in run.stderr
