"""The one-pass .xlsx reader reads every cell as openpyxl's data_only load did before it: numbers
under percent, date and duration formats, shared and inline strings (rich text, phonetic guides),
the values Excel saved for formulas, merged ranges, hidden and active sheets; and it refuses what
it cannot read with a located problem, never a traceback."""

from __future__ import annotations

import datetime
import random
import re
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from jxpj.errors import ProblemsError
from jxpj.forms import xlsx_sheet
from jxpj.forms.grid import Grid
from jxpj.forms.xlsx import read_grid
from jxpj.forms.xlsx_formats import DATE, DURATION, PERCENT, PLAIN, kind_of

FORMATS = ["General", "0%", "0.00%", "0.0%", '0"%"', "0\\%", "yyyy-mm-dd", "mm-dd-yy", "h:mm", "[h]:mm:ss",
           "yyyy年m月d日", "0.00", "#,##0.00", "[Red]0.00", "d-mmm", "mm:ss", '"日期"0', "0%;[Red]-0%", "@"]
VALUES: list[Any] = [12, -5, 98765, 0.92079999999999995, 0.1 + 0.2, 7.6499999999999995, 1e20, -0.0, 0.5, 59.5, 61,
                     45000, "文字", " 前后空格 ", "≥95%", "100", True, False, "#N/A", "=SUM(A1:A2)",
                     datetime.datetime(2024, 3, 1), datetime.datetime(2024, 3, 1, 12, 30), datetime.date(2023, 1, 5),
                     datetime.time(8, 15), datetime.timedelta(hours=30)]
SST = '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{}</sst>'
SST_REL = '<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml" Id="rIdS"/>'
SST_TYPE = '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'


def random_book(path: Path, seed: int) -> Path:
    r = random.Random(seed)
    wb = openpyxl.Workbook()
    sheets = [wb.active, *(wb.create_sheet(f"附表{i}") for i in range(r.randint(0, 2)))]
    for k, ws in enumerate(sheets):
        for _ in range(r.randint(5, 40)):
            cell = ws.cell(r.randint(1, 25), r.randint(1, 10))
            cell.value = r.choice(VALUES)
            if r.random() < 0.7:
                cell.number_format = r.choice(FORMATS)
        for _ in range(r.randint(0, 5)):
            top, left = r.randint(1, 25), r.randint(1, 10)
            ws.merge_cells(start_row=top, start_column=left, end_row=top + r.randint(0, 3), end_column=left + r.randint(0, 3))
        if k and r.random() < 0.4:
            ws.sheet_state = "hidden"
    wb.active = r.choice([i for i, ws in enumerate(sheets) if ws.sheet_state == "visible"])
    if r.random() < 0.3:
        wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    wb.save(path)
    return path


def shared(path: Path, extra: str = "") -> Path:
    """The workbook with its inline strings moved to a shared-string table, as Excel and WPS write them."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    items: list[str] = [extra] if extra else []

    def to_index(found: re.Match[str]) -> str:
        items.append(found.group(2))
        attributes = found.group(1).replace(' t="inlineStr"', ' t="s"')
        return f"<c{attributes}><v>{len(items) - 1}</v></c>"

    for name in [n for n in parts if n.startswith("xl/worksheets/")]:
        parts[name] = re.sub(r'<c([^>]*t="inlineStr"[^>]*)><is>(.*?)</is></c>', to_index, parts[name].decode()).encode()
    parts["xl/sharedStrings.xml"] = SST.format("".join(f"<si>{item}</si>" for item in items)).encode()
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(b"</Relationships>", SST_REL.encode() + b"</Relationships>")
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"</Types>", SST_TYPE.encode() + b"</Types>")
    out = path.with_name(f"shared_{path.name}")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out


def with_cells(tmp_path: Path, name: str, row: str, merges: str = "", sst: str = "") -> Path:
    """A one-sheet workbook whose sheet ends with ``row`` (raw XML, as other programs write it)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"], ws["B1"] = "项目名称", "城区道路维护项目"
    ws["C2"] = 0.5
    ws["C2"].number_format = "0.00%"
    path = tmp_path / f"base_{name}"
    wb.save(path)
    if sst:
        path = shared(path, sst)
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode().replace("</sheetData>", f"{row}</sheetData>")
    if merges:
        sheet = sheet.replace("</sheetData>", f"</sheetData><mergeCells>{merges}</mergeCells>")
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    out = tmp_path / name
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, data in parts.items():
            archive.writestr(part, data)
    return out


def openpyxl_view(path: Path, title: str, rows: int, cols: int) -> dict[tuple[int, int], tuple[str, Any, bool] | None]:
    """What the reader built on openpyxl showed at each position of the used range (None: covered)."""
    ws = openpyxl.load_workbook(path, data_only=True)[title]
    covered = {(r - 1, c - 1) for m in ws.merged_cells.ranges for r in range(m.min_row, m.max_row + 1)
               for c in range(m.min_col, m.max_col + 1) if (r, c) != (m.min_row, m.min_col)}
    view: dict[tuple[int, int], tuple[str, Any, bool] | None] = {}
    for r in range(rows):
        for c in range(cols):
            item = ws.cell(r + 1, c + 1)
            if (r, c) in covered:
                view[(r, c)] = None
            elif item.value is not None:
                percent = kind_of(item.number_format) == PERCENT
                cell = xlsx_sheet._cell(item.value, percent, None)  # type: ignore[arg-type]
                view[(r, c)] = (cell.text, cell.number, cell.percent)
    return view


def our_view(grid: Grid) -> dict[tuple[int, int], tuple[str, Any, bool] | None]:
    view: dict[tuple[int, int], tuple[str, Any, bool] | None] = {}
    for r in range(grid.height):
        for c in range(grid.width):
            if grid.covered(r, c):
                view[(r, c)] = None
            elif grid.text(r, c):
                cell = grid.at(r, c)
                view[(r, c)] = (cell.text, cell.number, cell.percent)
    return view


@pytest.mark.filterwarnings("ignore:Cell .* is marked as a date")  # openpyxl's, on 1E+20 as a date
@pytest.mark.parametrize("seed", range(24))
@pytest.mark.parametrize("strings", ["inline", "shared"])
def test_every_cell_reads_as_openpyxl_read_it(tmp_path: Path, seed: int, strings: str) -> None:
    path = random_book(tmp_path / f"book{seed}.xlsx", seed)
    if strings == "shared":
        path = shared(path)
    grid = read_grid(path, path.name)
    title = grid.origins[0][0]
    assert title == openpyxl.load_workbook(path).active.title  # no sheet holds a form: the active one
    assert our_view(grid) == openpyxl_view(path, title, grid.height, grid.width)


def test_values_as_the_form_shows_them(tmp_path: Path) -> None:
    row = ('<row r="5"><c r="A5" t="s"><v>0</v></c><c r="B5" t="str"><f>A1&amp;"x"</f><v>城区x</v></c>'
           '<c r="C5" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="D5"><f>1+1</f><v>2</v></c><c r="E5" t="b"><v>1</v></c>'
           '<c r="F5" t="d"><v>2024-03-01T00:00:00</v></c><c r="G5"><v>1E3</v></c><c r="H5" s="1"><v>0.9208</v></c>'
           '<c r="I5" s="99"><v>0.5</v></c><c><v>7</v></c><c r="K5"><f>SUM(A1)</f></c></row><row><c><v>8</v></c></row>')
    rich = '<r><t>富</t></r><r><rPr><b/></rPr><t xml:space="preserve">文本 </t></r><rPh sb="0" eb="1"><t>ふ</t></rPh>'
    grid = read_grid(with_cells(tmp_path, "values.xlsx", row, sst=rich), "values.xlsx")
    shown = {grid.where(r, c).name: grid.text(r, c) for r, c in grid.filled()}
    assert shown == {"Sheet!A1": "项目名称", "Sheet!B1": "城区道路维护项目", "Sheet!C2": "50%", "Sheet!A5": "富文本",
                     "Sheet!B5": "城区x", "Sheet!C5": "#DIV/0!", "Sheet!D5": "2", "Sheet!E5": "TRUE", "Sheet!F5": "2024-03-01",
                     "Sheet!G5": "1000", "Sheet!H5": "92.08%", "Sheet!I5": "0.5", "Sheet!J5": "7", "Sheet!A6": "8"}
    assert grid.at(4, 7).number == Decimal("92.08") and grid.at(4, 7).percent  # the number behind 92.08%
    assert grid.at(4, 10).missing  # a formula never calculated: the reader warns about it


def test_a_covered_cell_shows_its_ranges_top_left(tmp_path: Path) -> None:
    row = '<row r="5"><c r="A5"><v>1</v></c><c r="B5"><v>2</v></c><c r="C5"><v>3</v></c></row><row r="6"><c r="C6"><v>4</v></c></row>'
    grid = read_grid(with_cells(tmp_path, "merged.xlsx", row, '<mergeCell ref="A5:B6"/>'), "merged.xlsx")
    assert [grid.text(4, c) for c in range(3)] == ["1", "1", "3"] and grid.text(5, 1) == "1"
    assert grid.covered(4, 1) and not grid.covered(4, 0)


@pytest.mark.parametrize(
    ("row", "merges", "reason"),
    [
        ('<row r="5"><c r="5A"><v>1</v></c></row>', "", "cell reference '5A' in xl/worksheets/sheet1.xml"),
        ('<row r="5"><c r="A0"><v>1</v></c></row>', "", "cell reference 'A0' in xl/worksheets/sheet1.xml"),
        ('<row r="5"><c r="A5" t="s"><v>7</v></c></row>', "", "shared string 7 of 3"),
        ('<row r="5"><c r="A5"><v>abc</v></c></row>', "", "invalid literal for int() with base 10: 'abc'"),
        ('<row r="5.5"><c><v>1</v></c></row>', "", "5.5 is not a valid row number"),
        ("", '<mergeCell ref="A:B"/>', "merged range 'A:B' in xl/worksheets/sheet1.xml"),
        ("", '<mergeCell ref="C3:A1"/>', "merged range 'C3:A1' in xl/worksheets/sheet1.xml"),
    ],
)
def test_damaged_cells_are_refused_with_the_reason(tmp_path: Path, row: str, merges: str, reason: str) -> None:
    path = with_cells(tmp_path, "damaged.xlsx", row, merges, sst="<t>一</t>")
    with pytest.raises(ProblemsError) as caught:
        read_grid(path, "damaged.xlsx")
    assert [str(p) for p in caught.value.problems] == [
        f"damaged.xlsx:1:1: error: not a readable .xlsx workbook ({reason}); open it in Excel or LibreOffice and save it as .xlsx [form-file]"
    ]


def test_bounds_on_cells_area_and_merges(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = with_cells(tmp_path, "big.xlsx", '<row r="40"><c r="J40"><v>1</v></c><c r="K40"/><c r="L40"/></row>', '<mergeCell ref="A3:J39"/>')
    monkeypatch.setattr(xlsx_sheet, "MAX_CELL_ELEMENTS", 5)
    with pytest.raises(ProblemsError) as caught:
        read_grid(path, "big.xlsx")
    assert str(caught.value.problems[0]) == "big.xlsx:1:1: error: sheet Sheet holds more than 5 cells; a form has a few hundred [form-file]"
    monkeypatch.setattr(xlsx_sheet, "MAX_CELL_ELEMENTS", 1_000_000)
    monkeypatch.setattr(xlsx_sheet, "MAX_AREA", 399)
    with pytest.raises(ProblemsError) as caught:
        read_grid(path, "big.xlsx")
    assert str(caught.value.problems[0]).startswith("big.xlsx:40:10: error: Sheet!J40: the sheet's used range is 40 rows by 10 columns; jxpj reads forms of at most 399 cells")
    monkeypatch.setattr(xlsx_sheet, "MAX_AREA", 400)
    monkeypatch.setattr(xlsx_sheet, "MAX_MERGED_AREA", 369)
    with pytest.raises(ProblemsError) as caught:
        read_grid(path, "big.xlsx")
    assert str(caught.value.problems[0]) == "big.xlsx:3:1: error: Sheet!A3: merged ranges cover more than 369 cells; a form has a few hundred [form-file]"
    monkeypatch.setattr(xlsx_sheet, "MAX_MERGED_AREA", 370)
    assert read_grid(path, "big.xlsx").text(38, 9) == ""  # A3:J39 covers J39; J40 holds the 1
    assert read_grid(path, "big.xlsx").text(39, 9) == "1"


@pytest.mark.parametrize(
    ("code", "kind"),
    [("General", PLAIN), ("0%", PERCENT), ("0.00%", PERCENT), ('0"%"', PLAIN), ("0\\%", PLAIN), ("0.0%;[Red]-0.0%", PERCENT),
     ("yyyy-mm-dd", DATE), ("yyyy年m月d日", DATE), ('[$-804]yyyy"年"', DATE), ("[h]:mm:ss", DURATION), ("mm:ss", DATE),
     ('"日期"0', PLAIN), ("[Red]0.00", PLAIN), ("#,##0.00_ ", PLAIN), ("@", PLAIN), (None, PLAIN)],
)
def test_number_formats_as_openpyxl_classifies_them(code: str | None, kind: int) -> None:
    from openpyxl.styles.numbers import is_date_format, is_timedelta_format

    assert kind_of(code) == kind
    assert (kind >= DATE) == is_date_format(code) and (kind == DURATION) == (is_date_format(code) and is_timedelta_format(code))
