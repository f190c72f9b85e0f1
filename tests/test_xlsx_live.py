"""The workbook is live: B11 is a formula on the budget sheet, so a changed budget line moves it,
its subtotals and the total; every formula stores its value for viewers that do not recalculate."""

from __future__ import annotations

import csv
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

openpyxl = pytest.importorskip("openpyxl")

from conftest import EXAMPLE  # noqa: E402
from sheet_formulas import Sheet  # noqa: E402

from jxpj import score_file  # noqa: E402
from jxpj.office.xlsx import write_xlsx  # noqa: E402


@pytest.fixture(scope="module")
def result():
    return score_file(EXAMPLE / "evidence.yaml")


@pytest.fixture(scope="module")
def path(result, tmp_path_factory) -> Path:
    return write_xlsx(result, tmp_path_factory.mktemp("live") / "score.xlsx")


def test_a_budget_line_moves_b11_its_subtotals_and_the_total(path) -> None:
    book = openpyxl.load_workbook(path)
    score = Sheet(book["得分表"])
    assert (score.value("G13"), score.value("G12"), score.value("G44")) == (Decimal("3.12"), Decimal("6.12"), Decimal("85.12"))
    changed = Sheet(book["得分表"])
    changed.memo_of["支出明细表"] = {"D3": Decimal("641855.92")}  # training spent so that the rate is 95%
    assert changed.value("G13") == 4
    assert (changed.value("G12"), changed.value("G44"), changed.value("G45")) == (7, 86, "良")
    low = Sheet(book["得分表"])
    low.memo_of["支出明细表"] = {"D4": Decimal(0), "D5": Decimal(0), "D7": Decimal(0)}  # 28.03%: deducts more than the weight
    assert low.value("G13") == 0  # 扣完为止


def test_every_formula_stores_its_value(path, result) -> None:
    formulas = openpyxl.load_workbook(path)
    values = openpyxl.load_workbook(path, data_only=True)
    for name in ("得分表", "支出明细表"):
        for row in formulas[name].iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    assert values[name][cell.coordinate].value is not None, f"{name}!{cell.coordinate}"
    ws = values["得分表"]
    for r, node in enumerate(result.walk(), start=3):
        assert Decimal(str(ws[f"G{r}"].value)) == node.score, node.code
        assert Decimal(str(ws[f"H{r}"].value)) * 100 == node.rate, node.code
    assert (ws["G44"].value, ws["H44"].value, ws["G45"].value) == (85.12, 0.8512, "良")
    assert values["支出明细表"]["E9"].value == 0.8405 and values["支出明细表"]["D9"].value == 3361823.33


def test_a_draft_workbook_caches_what_the_formulas_give(tmp_path) -> None:
    text = (EXAMPLE / "evidence.yaml").read_text(encoding="utf-8").replace("    facts: {actual: 254, target: 254}\n", "")
    folder = tmp_path / "draft"
    shutil.copytree(EXAMPLE, folder)
    (folder / "evidence.yaml").write_text(text.replace("{C11.actual}", "若干").replace("{C11.target}", "若干"), encoding="utf-8")
    draft = write_xlsx(score_file(folder / "evidence.yaml"), tmp_path / "d.xlsx")
    ws = openpyxl.load_workbook(draft, data_only=True)["得分表"]
    assert ws["G25"].value is None and ws["H25"].value in (None, "")  # C11: no score yet, its rate blank
    assert ws["G44"].value == 80.12 and ws["G45"].value == "良"  # what the sheet's SUM gives so far


def test_every_column_prints_on_landscape_pages(path) -> None:
    ws = openpyxl.load_workbook(path)["得分表"]
    assert ws.print_area == "'得分表'!$A$1:$K$45"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert "A1:K1" in [str(m) for m in ws.merged_cells.ranges]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_recalculates_b11_and_the_total_after_a_budget_line_changes(path, tmp_path) -> None:
    book = openpyxl.load_workbook(path)
    book["支出明细表"]["D3"] = 641855.92
    edited = tmp_path / "edited.xlsx"
    book.save(edited)
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to",
         "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(tmp_path), str(edited)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    rows = list(csv.reader((tmp_path / "edited.csv").open(encoding="utf-8")))
    assert rows[12][:8] == ["B11", "", "", "预算执行率", "4", "84.05%", "4", "100.00%"]
    assert rows[43][:8] == ["合计", "", "", "", "100", "", "86", "86.00%"]


def test_a_rule_that_scores_the_unrounded_rate_gets_it_unrounded_in_the_formula(tmp_path) -> None:
    from test_report_shapes import write

    result = score_file(write(tmp_path))  # Y11: threshold_deduction on the rate, no rate rounding of its own
    path = write_xlsx(result, tmp_path / "s.xlsx")
    book = openpyxl.load_workbook(path)
    ws = book["得分表"]
    row = next(r for r in range(3, ws.max_row + 1) if ws[f"A{r}"].value == "Y11")
    assert ws[f"G{row}"].value.startswith("=IF('支出明细表'!C5=0,\"\",IF('支出明细表'!D5/'支出明细表'!C5*100>=95,")
    assert Sheet(ws).value(f"G{row}") == result.find("Y11").score


def test_the_self_evaluation_forms_execution_row_is_live_too(tmp_path) -> None:
    """The 自评表's 预算执行率 row (ratio on the rate: 分值 × 执行率) follows its budget lines."""
    from conftest import ROOT

    result = score_file(ROOT / "examples" / "2024_selfeval" / "evidence.yaml")
    book = openpyxl.load_workbook(write_xlsx(result, tmp_path / "s.xlsx"))
    ws = book["得分表"]
    assert ws["A3"].value == "A" and "ROUND('支出明细表'!D5/'支出明细表'!C5*100,2)/100*10" in ws["G3"].value
    sheet = Sheet(ws)
    assert sheet.value("G3") == result.find("A").score == Decimal("9.35")
    total = next(r for r in range(3, ws.max_row + 1) if ws[f"A{r}"].value == "合计")
    everything = Sheet(ws)
    budget = book["支出明细表"]
    everything.memo_of["支出明细表"] = {"D3": Decimal(budget["C3"].value), "D4": Decimal(budget["C4"].value)}  # every line spent in full
    assert everything.value("G3") == 10
    assert everything.value(f"G{total}") == result.total + Decimal("0.65")
