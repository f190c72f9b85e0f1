"""The Excel score sheet: every cell, every formula, and the formulas recalculated to the engine's numbers."""

from __future__ import annotations

import csv
import os
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

GOLDEN = Path(__file__).parent / "golden" / "score_sheet.txt"


@pytest.fixture(scope="module")
def result():
    return score_file(EXAMPLE / "evidence.yaml")


@pytest.fixture(scope="module")
def book(result, tmp_path_factory):
    path = tmp_path_factory.mktemp("xlsx") / "score.xlsx"
    write_xlsx(result, path)
    return openpyxl.load_workbook(path)


def dump(book) -> str:
    """Every non-empty cell of every sheet, as ``sheet!A1 = value``, in sheet and row order."""
    lines = []
    for ws in book:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    lines.append(f"{ws.title}!{cell.coordinate} = {cell.value!r}")
    return "\n".join(lines) + "\n"


def test_every_cell_matches_the_golden_listing(book):
    text = dump(book)
    if os.environ.get("JXPJ_UPDATE_GOLDEN"):  # regenerate: JXPJ_UPDATE_GOLDEN=1 python -m pytest
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")


def test_rows_follow_the_indicator_tree(book, result):
    ws = book["得分表"]
    assert [c.value for c in ws[2]] == ["代码", "一级指标", "二级指标", "三级指标", "权重", "业绩值", "得分", "得分率", "评分标准", "评分说明", "计算过程"]
    codes = [ws[f"A{r}"].value for r in range(3, ws.max_row + 1)]
    assert codes == [n.code for n in result.walk()] + ["合计", "等级"]
    # 一级, 二级, 三级 names in their own columns
    assert (ws["B3"].value, ws["C4"].value, ws["D5"].value) == ("项目决策", "项目立项", "战略目标适应性")
    assert ws["F13"].value == "84.05%"  # B11's 业绩值, the computed execution rate


def test_subtotals_and_total_are_live_formulas(book):
    ws = book["得分表"]
    assert ws["G3"].value == "=SUM(G4,G8)"  # A = A1 + A2
    assert ws["G4"].value == "=SUM(G5,G6,G7)"  # A1 = A11 + A12 + A13
    assert ws["E11"].value == "=SUM(E12,E15,E19)"  # B's weight = B1 + B2 + B3
    assert ws["H3"].value == "=ROUND(G3/SUM(E4,E8),4)"
    assert ws["G44"].value == "=SUM(G3,G11,G23)"
    assert ws["G45"].value == '=IF(G44="","",IF(G44>=90,"优",IF(G44>=80,"良",IF(G44>=60,"中","差"))))'
    rate = "ROUND('支出明细表'!D9/'支出明细表'!C9*100,2)"  # the rule scores the rate at 2 places (rounding: {rate_places: 2})
    assert ws["G13"].value == f"=IF('支出明细表'!C9=0,\"\",IF({rate}>=95,4,MAX(0,4-ROUND((95-{rate})*0.02*4,2))))"
    assert ws["H13"].value == '=IF(G13="","",ROUND(G13/E13,4))'
    assert ws["K13"].value == "(95% − 84.05%) × 2% × 4 = 0.876，扣0.88分，得3.12分"


def test_recalculated_formulas_give_the_engine_numbers(book, result):
    sheet = Sheet(book["得分表"])
    for r, node in enumerate(result.walk(), start=3):
        assert sheet.value(f"E{r}") == node.weight, node.code
        assert sheet.value(f"G{r}") == node.score, node.code
        assert sheet.value(f"H{r}") * 100 == node.rate, node.code
    assert sheet.value("G44") == Decimal("85.12")
    assert sheet.value("E44") == 100
    assert sheet.value("H44") == Decimal("0.8512")
    assert sheet.value("G45") == "良"


def test_editing_a_leaf_score_moves_the_total_and_grade(book):
    sheet = Sheet(book["得分表"])
    sheet.memo["G30"] = Decimal(5)  # C16 from 1 to 5: the total rises by 4 to 89.12, still 良
    assert (sheet.value("G24"), sheet.value("G44"), sheet.value("G45")) == (27, Decimal("89.12"), "良")
    sheet = Sheet(book["得分表"])
    sheet.memo["G33"] = Decimal(4)
    sheet.memo["G30"] = Decimal(5)  # and C19 to 4: 92.12, 优
    assert (sheet.value("G44"), sheet.value("G45")) == (Decimal("92.12"), "优")


def test_budget_sheet_is_table_1_1_with_rate_formulas(book, result):
    ws = book["支出明细表"]
    assert [c.value for c in ws[2]] == ["序号", "内容", "预算明细", "实际支出明细", "预算执行率"]
    assert [ws[f"B{r}"].value for r in range(3, 10)] == [*(r.name for r in result.budget.rows), "合计"]
    assert ws["E3"].value == '=IF(C3=0,"",ROUND(D3/C3,4))'
    assert ws["C9"].value == "=SUM(C3:C8)" and ws["D9"].value == "=SUM(D3:D8)"
    sheet = Sheet(ws)
    for r, row in enumerate(result.budget.rows, start=3):
        assert (sheet.value(f"C{r}"), sheet.value(f"D{r}")) == (row.budget, row.actual)
        assert sheet.value(f"E{r}") * 100 == row.rate
    assert (sheet.value("C9"), sheet.value("D9"), sheet.value("E9")) == (
        Decimal(4000000), Decimal("3361823.33"), Decimal("0.8405"))
    assert ws["C3"].number_format == "#,##0.00" and ws["E3"].number_format == "0.00%"


def test_frozen_header_and_print_setup(book):
    for name in ("得分表", "支出明细表"):
        ws = book[name]
        assert ws.freeze_panes == "A3"
        assert ws.page_setup.paperSize == 9  # A4
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True
        assert ws.print_title_rows == "$2:$2"
    assert book["得分表"].page_setup.orientation == "landscape"
    assert book["得分表"].print_area == "'得分表'!$A$1:$K$45"  # every column, the long texts too
    assert book["得分表"].row_dimensions[5].outline_level == 2  # 三级 rows fold under 二级


def test_output_is_byte_identical(result, tmp_path):
    a, b = write_xlsx(result, tmp_path / "a.xlsx"), write_xlsx(result, tmp_path / "b.xlsx")
    assert a.read_bytes() == b.read_bytes()


def test_not_applicable_leaf_rescales_the_total_in_the_sheet(tmp_path):
    from jxpj.engine import evaluate
    from jxpj.load import load_evidence, load_spec

    evidence, _ = load_evidence(EXAMPLE / "evidence.yaml")
    spec = load_spec(EXAMPLE / "spec.yaml")
    # C26 may not apply: allow it in the spec and mark it in the evidence
    data = spec.model_dump()
    c26 = data["indicators"][2]["children"][1]["children"][5]
    assert c26["code"] == "C26"
    c26["allow_not_applicable"] = True
    spec = type(spec).model_validate(data)
    indicators = dict(evidence.indicators)
    indicators["C26"] = indicators["C26"].model_copy(update={"facts": None, "not_applicable": "平台排名本年度未发布"})
    result = evaluate(spec, evidence.model_copy(update={"indicators": indicators}))
    path = write_xlsx(result, tmp_path / "na.xlsx")
    ws = openpyxl.load_workbook(path)["得分表"]
    sheet = Sheet(ws)
    assert ws["G44"].value.startswith("=ROUND(SUM(G3,G11,G23)/SUM(")
    assert sheet.value("G44") == result.total == Decimal("84.66")  # 82.12 ÷ 97 × 100
    assert ws["F41"].value == "不适用" and ws["H41"].value is None
    assert sheet.value("H35") * 100 == result.find("C2").rate  # C2's rate over applicable weights


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_recalculates_the_total(book, result, tmp_path):
    """An independent spreadsheet engine agrees: LibreOffice recalculates the sheet on load."""
    path = write_xlsx(result, tmp_path / "score.xlsx")
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to",
         'csv:Text - txt - csv (StarCalc):44,34,76', "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    rows = list(csv.reader((tmp_path / "score.csv").open(encoding="utf-8")))
    assert rows[43][0] == "合计" and rows[43][6] == "85.12" and rows[43][7] == "85.12%"
    assert rows[44][6] == "良"
    assert rows[12][:8] == ["B11", "", "", "预算执行率", "4", "84.05%", "3.12", "78.00%"]
