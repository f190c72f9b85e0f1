"""The score sheet as an Excel workbook (``jxpj report --format xlsx``).

Two sheets: 得分表 (the indicator tree with weights, 业绩值, scores and 得分率) and 支出明细表
(表 1-1). Leaf scores and budget amounts are the engine's exact numbers; a score computed from the
budget lines (B11) is a formula on the budget sheet, and every subtotal, the total, each 得分率 and
each 预算执行率 is a live Excel formula, so a reviewer who changes a leaf score or a budget line in
Excel sees the subtotals, total and grade follow. Rates are rounded in the formula
(``ROUND(…, places + 2)``) exactly where the engine rounds them, so the sheet and the report agree
cell for cell; each formula also carries its value (see :mod:`jxpj.office.xlsx_live`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from jxpj.numbers import quantize
from jxpj.office import archive
from jxpj.office.entry.cells import keep_text
from jxpj.office.extra import require
from jxpj.office.xlsx_live import (
    Cached,
    budget_formula,
    cached_round,
    cached_sum,
    sheet_part,
    store_values,
)
from jxpj.result import NodeResult, Result, Status
from jxpj.zh.values import values_by_code
from jxpj.zh.working import chinese

SCORE_SHEET = "得分表"
BUDGET_SHEET = "支出明细表"
SCORE_HEADER = ("代码", "一级指标", "二级指标", "三级指标", "权重", "业绩值", "得分", "得分率", "评分标准", "评分说明", "计算过程")
BUDGET_HEADER = ("序号", "内容", "预算明细", "实际支出明细", "预算执行率")
_WIDTHS = (7, 12, 14, 24, 6, 12, 7, 9, 36, 36, 30)  # every column prints: landscape, one page wide
# Columns of the score sheet, by meaning.
CODE, L1, L2, L3, WEIGHT, VALUE, SCORE, RATE, STANDARD, NOTE, WORKING = "ABCDEFGHIJK"
COLUMNS = "ABCDEFGHIJK"
FIRST_ROW = 3  # row 1 is the title, row 2 the header

_STATUS_TEXT = {Status.NO_EVIDENCE: "无佐证", Status.NOT_APPLICABLE: "不适用"}


def write_xlsx(result: Result, path: str | Path) -> Path:
    """Write the score sheet workbook for ``result`` to ``path``; byte-identical for equal input."""
    openpyxl = require("openpyxl", "the Excel score sheet")
    book = openpyxl.Workbook()
    values = {sheet_part(1): _score_sheet(book.active, result)}
    keep_text(c for letter in (CODE, L1, L2, L3, VALUE, STANDARD, NOTE, WORKING) for c in book.active[letter])  # evidence text, never a formula
    if result.budget is not None:
        values[sheet_part(2)] = _budget_sheet(book.create_sheet(BUDGET_SHEET), result)
        keep_text(book[BUDGET_SHEET]["B"])  # the lines' names
    stamp = archive.document_time(result.evidence.project.report_date)
    book.properties.creator = "jxpj"
    book.properties.created = book.properties.modified = stamp
    book.properties.title = f"{result.evidence.project.name}绩效评价得分表"
    out = Path(path)
    book.save(out)
    store_values(out, values)  # each formula's value beside it, for viewers that do not recalculate
    archive.normalize(out, stamp)
    return out


@dataclass(slots=True)
class _Rows:
    """Where each node landed, so parents can refer to their children's cells."""

    row: dict[str, int] = field(default_factory=dict)
    next: int = FIRST_ROW
    values: dict[str, str | None] = field(default_factory=dict)  # each node's 业绩值
    cache: Cached = field(default_factory=dict)  # every number and formula value, by cell
    result: Result | None = None
    budget_total: int | None = None  # the budget sheet's 合计 row, for scores computed from it


def _score_sheet(ws: Any, result: Result) -> Cached:
    styles = _Styles()
    ws.title = SCORE_SHEET
    title = result.evidence.project.report_title or f"{result.evidence.project.name}绩效评价得分表"
    ws.append([title])
    ws.merge_cells(f"A1:{WORKING}1")  # over the printed table
    ws["A1"].font, ws["A1"].alignment = styles.title, styles.center
    ws.append(list(SCORE_HEADER))
    for cell in ws[2]:
        cell.font, cell.fill, cell.alignment, cell.border = styles.bold, styles.header, styles.center, styles.border
    total_row = FIRST_ROW + len(result.budget.rows) if result.budget is not None else None
    rows = _Rows(values=values_by_code(result), result=result, budget_total=total_row)
    places = result.spec.rounding.rate_places + 2  # a percent with 2 decimals is a fraction with 4
    for node in result.indicators:
        _place(ws, node, rows, styles, places)
    _total_rows(ws, result, rows, styles, places)
    for letter, width in zip(COLUMNS, _WIDTHS, strict=False):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = f"A{FIRST_ROW}"
    ws.sheet_properties.outlinePr.summaryBelow = False  # parents sit above their children
    _print_setup(ws, landscape=True)
    # Every column prints, the long texts wrapped in columns narrow enough that landscape A4 at one
    # page wide stays readable.
    ws.print_area = f"A1:{WORKING}{rows.next + 1}"
    return rows.cache


def _place(ws: Any, node: NodeResult, rows: _Rows, styles: _Styles, places: int) -> None:
    """Write ``node``'s row, then its children's (an outline, parents first)."""
    r = rows.row[node.code] = rows.next
    rows.next += 1
    column = (L1, L2, L3)[min(node.level, 3) - 1]
    ws[f"{CODE}{r}"] = node.code
    ws[f"{column}{r}"] = node.name
    ws[f"{VALUE}{r}"] = _STATUS_TEXT.get(node.status, rows.values.get(node.code))
    ws[f"{STANDARD}{r}"] = node.standard
    ws[f"{NOTE}{r}"] = node.note or node.not_applicable_reason
    if node.explanation is not None:
        ws[f"{WORKING}{r}"] = chinese(node.explanation, node.kind)  # the score as computed, for a reviewer editing it
    for child in node.children:
        _place(ws, child, rows, styles, places)
    cache = rows.cache
    if node.is_leaf:
        ws[f"{WEIGHT}{r}"] = cache[f"{WEIGHT}{r}"] = node.weight
        if node.score is not None:
            # B11 and the like: a formula on the budget sheet, so a changed budget line moves it
            formula = budget_formula(rows.result, node, BUDGET_SHEET, rows.budget_total) if rows.result and rows.budget_total else None
            ws[f"{SCORE}{r}"] = formula or node.score
            cache[f"{SCORE}{r}"] = node.score
        if node.status != Status.NOT_APPLICABLE and node.weight != 0:
            ws[f"{RATE}{r}"] = f'=IF({SCORE}{r}="","",ROUND({SCORE}{r}/{WEIGHT}{r},{places}))'
            cache[f"{RATE}{r}"] = cached_round(cache.get(f"{SCORE}{r}"), node.weight, places)
    else:
        kids = [rows.row[c.code] for c in node.children]
        ws[f"{WEIGHT}{r}"] = _sum(WEIGHT, kids)
        ws[f"{SCORE}{r}"] = _sum(SCORE, kids)
        cache[f"{WEIGHT}{r}"] = cached_sum(cache, [f"{WEIGHT}{k}" for k in kids])
        cache[f"{SCORE}{r}"] = cached_sum(cache, [f"{SCORE}{k}" for k in kids])
        applicable = [rows.row[c.code] for c in node.children if c.status != Status.NOT_APPLICABLE]
        if applicable:
            ws[f"{RATE}{r}"] = f"=ROUND({SCORE}{r}/{_sum(WEIGHT, applicable)[1:]},{places})"
            cache[f"{RATE}{r}"] = cached_round(cache[f"{SCORE}{r}"], cached_sum(cache, [f"{WEIGHT}{k}" for k in applicable]), places)
        for cell in ws[r]:
            cell.font = styles.bold
    if node.level > 1:
        ws.row_dimensions[r].outline_level = min(node.level - 1, 7)  # Excel allows 7 levels
    _format_row(ws, r, styles)
    if node.level > 3:  # deeper trees than the usual three levels: indent under 三级指标
        ws[f"{column}{r}"].alignment = styles.indent(node.level - 3)


def _sum(column: str, rows: list[int]) -> str:
    return f"=SUM({','.join(f'{column}{r}' for r in rows)})"


def _format_row(ws: Any, r: int, styles: _Styles) -> None:
    for letter in COLUMNS:
        cell = ws[f"{letter}{r}"]
        cell.border = styles.border
        if letter in (STANDARD, NOTE, WORKING, L3):
            cell.alignment = styles.wrap
    ws[f"{RATE}{r}"].number_format = "0.00%"


def _total_rows(ws: Any, result: Result, rows: _Rows, styles: _Styles, places: int) -> None:
    """合计 (the total, converted to the full scale when indicators do not apply) and 等级."""
    r = rows.next
    tops = [rows.row[n.code] for n in result.indicators]
    ws[f"{CODE}{r}"] = "合计"
    ws[f"{WEIGHT}{r}"] = _sum(WEIGHT, tops)
    ws[f"{SCORE}{r}"] = _total_formula(result, rows)
    ws[f"{RATE}{r}"] = f"=ROUND({SCORE}{r}/{WEIGHT}{r},{places})"
    ws[f"{CODE}{r + 1}"] = "等级"
    ws[f"{SCORE}{r + 1}"] = _grade_formula(result, f"{SCORE}{r}")
    cache = rows.cache
    cache[f"{WEIGHT}{r}"] = weight = cached_sum(cache, [f"{WEIGHT}{t}" for t in tops])
    cache[f"{SCORE}{r}"] = total = _total_value(result, rows)
    cache[f"{RATE}{r}"] = cached_round(total, weight, places)
    cache[f"{SCORE}{r + 1}"] = result.spec.grade_for(total)
    for row in (r, r + 1):
        _format_row(ws, row, styles)
        for cell in ws[row]:
            cell.font = styles.bold


def _total_formula(result: Result, rows: _Rows) -> str:
    tops = _sum(SCORE, [rows.row[n.code] for n in result.indicators])
    leaves = list(result.leaves())
    if not any(n.status == Status.NOT_APPLICABLE for n in leaves):
        return tops
    # 适用指标得分 ÷ 适用权重 × 总分, rounded where the engine rounds it.
    applicable = _sum(WEIGHT, [rows.row[n.code] for n in leaves if n.status != Status.NOT_APPLICABLE])
    return f"=ROUND({tops[1:]}/{applicable[1:]}*{result.weight},{result.spec.rounding.places})"


def _total_value(result: Result, rows: _Rows) -> Decimal:
    """What :func:`_total_formula` computes, from the cells' values."""
    tops = cached_sum(rows.cache, [f"{SCORE}{rows.row[n.code]}" for n in result.indicators])
    leaves = list(result.leaves())
    if not any(n.status == Status.NOT_APPLICABLE for n in leaves):
        return tops
    applicable = cached_sum(rows.cache, [f"{WEIGHT}{rows.row[n.code]}" for n in leaves if n.status != Status.NOT_APPLICABLE])
    return quantize(tops / applicable * result.weight, result.spec.rounding.places) if applicable else tops


def _grade_formula(result: Result, total: str) -> str:
    """``=IF(G40>=90,"优",IF(G40>=80,"良",…))``: the grade bands, highest first."""
    bands = sorted(result.spec.grades, key=lambda b: b.min, reverse=True)
    formula = f'"{bands[-1].name}"'
    for band in reversed(bands[:-1]):
        formula = f'IF({total}>={band.min},"{band.name}",{formula})'
    return f'=IF({total}="","",{formula})'


def _budget_sheet(ws: Any, result: Result) -> Cached:
    assert result.budget is not None
    styles = _Styles()
    places = result.spec.rounding.rate_places + 2
    ws.append(["表 1-1 支出明细表", None, None, None, "单位：元"])
    ws.merge_cells("A1:D1")
    ws["A1"].font, ws["A1"].alignment = styles.title, styles.center
    ws.append(list(BUDGET_HEADER))
    for cell in ws[2]:
        cell.font, cell.fill, cell.alignment, cell.border = styles.bold, styles.header, styles.center, styles.border
    first = FIRST_ROW
    for index, line in enumerate(result.budget.rows, start=1):
        r = first + index - 1
        ws.append([index, line.name, line.budget, line.actual, _rate(r, places)])
    last = first + len(result.budget.rows) - 1
    total = last + 1
    ws.append([None, "合计", f"=SUM(C{first}:C{last})", f"=SUM(D{first}:D{last})", _rate(total, places)])
    cache: Cached = {}
    for r, line in enumerate(result.budget.rows, start=first):
        cache[f"E{r}"] = cached_round(line.actual, line.budget, places)
    cache[f"C{total}"], cache[f"D{total}"] = result.budget.budget, result.budget.actual
    cache[f"E{total}"] = cached_round(result.budget.actual, result.budget.budget, places)
    for r in range(first, total + 1):
        for letter in "ABCDE":
            ws[f"{letter}{r}"].border = styles.border
        ws[f"C{r}"].number_format = ws[f"D{r}"].number_format = "#,##0.00"
        ws[f"E{r}"].number_format = "0.00%"
    for cell in ws[total]:
        cell.font = styles.bold
    for letter, width in zip("ABCDE", (6, 24, 16, 16, 12), strict=False):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = f"A{FIRST_ROW}"
    _print_setup(ws, landscape=False)
    return cache


def _rate(r: int, places: int) -> str:
    """预算执行率 = 实际支出 ÷ 预算; none when nothing was budgeted (as the engine says)."""
    return f'=IF(C{r}=0,"",ROUND(D{r}/C{r},{places}))'


def _print_setup(ws: Any, *, landscape: bool) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages as the rows need
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "2:2"  # the column header on every printed page
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


class _Styles:
    """The few styles the sheets use, made once per sheet."""

    def __init__(self) -> None:
        styles = require("openpyxl.styles", "the Excel score sheet")
        thin = styles.Side(style="thin")
        self.title = styles.Font(bold=True, size=14)
        self.bold = styles.Font(bold=True)
        self.header = styles.PatternFill("solid", fgColor="D9D9D9")
        self.center = styles.Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.wrap = styles.Alignment(vertical="top", wrap_text=True)
        self.border = styles.Border(left=thin, right=thin, top=thin, bottom=thin)
        self._alignment = styles.Alignment

    def indent(self, level: int) -> Any:
        return self._alignment(indent=level, vertical="top", wrap_text=True)

