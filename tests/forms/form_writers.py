"""Grids to .xlsx and .docx bytes, the same bytes on every run; and the unreadable inputs.

openpyxl stamps the save time into docProps/core.xml and both libraries give zip members the
current time, so every package is rewritten with fixed dates, member order kept.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from decimal import Decimal

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.table import _Cell
from form_layout import Grid
from form_model import Cell, Form, Num, Pct, shown
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

STAMP = datetime(2024, 3, 31, 9, 0, 0)  # the one date every package carries
AUTHOR = "jxpj tests/forms"
ZIP_TIME = (2024, 3, 31, 9, 0, 0)
CENTER = Alignment(horizontal="center")


def normalize(package: bytes, *, stored: bool = False) -> bytes:
    """The package with fixed member dates and fixed created/modified properties."""
    src = zipfile.ZipFile(io.BytesIO(package))
    out = io.BytesIO()
    stamp = STAMP.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + stamp, body)
            member = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            member.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            member.create_system = 3
            member.external_attr = 0o644 << 16
            dst.writestr(member, body)
    return out.getvalue()


def _xlsx_value(value: Cell) -> str | Decimal | None:
    if isinstance(value, (Num, Pct)):
        return value.value
    return value or None


def write_xlsx(form: Form, g: Grid, *, stored: bool = False) -> bytes:
    wb = Workbook()
    wb.properties.creator = AUTHOR
    wb.properties.lastModifiedBy = AUTHOR
    wb.properties.created = STAMP
    wb.properties.title = form.project
    ws = wb.active
    for name, lines in form.layout.sheets_before:
        ws.title = name
        for i, line in enumerate(lines, start=1):
            ws.cell(i, 1, line)
        ws.column_dimensions["A"].width = 80
        ws = wb.create_sheet()
    ws.title = form.layout.sheet
    row0, col0 = form.layout.origin
    table_start = g.titles
    for r, row in enumerate(g.rows):
        for c, value in enumerate(row):
            cell = ws.cell(r + row0, c + col0, _xlsx_value(value))
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # "=12个" is a target as typed, not a formula
            if isinstance(value, (Num, Pct)):
                cell.number_format = value.fmt
            if r < table_start:  # no borders or wrapping: styling every cell triples the time
                cell.font = Font(bold=True, size=14 if r == 0 else 11)
                cell.alignment = CENTER
    for r1, c1, r2, c2 in g.merges:
        ws.merge_cells(start_row=r1 + row0, start_column=c1 + col0, end_row=r2 + row0, end_column=c2 + col0)
    for c in range(g.width):
        ws.column_dimensions[get_column_letter(c + col0)].width = 24 if c in (1, 3) else 14
    buf = io.BytesIO()
    wb.save(buf)
    return normalize(buf.getvalue(), stored=stored)


def _docx_tables(form: Form, g: Grid) -> list[tuple[int, int]]:
    first = g.titles if form.layout.docx_title == "paragraph" else 0
    starts = [first, *sorted(b for b in g.breaks if b > first)]
    ends = [*starts[1:], len(g.rows)]
    return list(zip(starts, ends, strict=True))


def write_docx(form: Form, g: Grid) -> bytes:
    doc = docx.Document()
    props = doc.core_properties
    props.author = props.last_modified_by = AUTHOR
    props.title, props.comments, props.revision = form.project, "", 1
    props.created = props.modified = STAMP
    if form.layout.docx_title == "paragraph":
        for line in form.title:
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.add_run(line).bold = True
    for start, end in _docx_tables(form, g):
        table = doc.add_table(rows=end - start, cols=g.width)
        table.style = "Table Grid"
        rows = table._tbl.tr_lst  # cells found by grid offset: Table.cell() rescans the table
        for r1, c1, r2, c2 in g.merges:
            if start <= r1 < end:
                rows[r1 - start].tc_at_grid_offset(c1).merge(rows[r2 - start].tc_at_grid_offset(c2))
        for r in range(start, end):
            for c, value in enumerate(g.rows[r]):
                if value is not None and shown(value):
                    _Cell(rows[r - start].tc_at_grid_offset(c), table).text = shown(value)
        doc.add_paragraph()
    buf = io.BytesIO()
    doc.save(buf)
    return normalize(buf.getvalue())


# Unreadable inputs -------------------------------------------------------------------------

OLE_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")


def old_xls() -> bytes:
    """The start of a BIFF .xls (an OLE2 compound file): signature, minor/major version, byte order."""
    header = OLE_SIGNATURE + bytes(16) + bytes.fromhex("3E000300FEFF0900")
    return header + bytes(512 - len(header))


def html_page() -> bytes:
    """What a portal often serves under a .xlsx link: an HTML page."""
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        "<title>404 页面不存在</title></head>\n<body><h1>您访问的页面不存在或已被删除</h1>"
        "<p>请返回首页继续浏览。</p></body></html>\n"
    ).encode()


def truncated(package: bytes) -> bytes:
    """A download cut short: the first 60% of a package (no central directory)."""
    return package[: len(package) * 3 // 5]


def unrelated_workbook() -> bytes:
    """A readable workbook with no 自评表 in it: a 部门决算 summary sheet."""
    wb = Workbook()
    wb.properties.creator = wb.properties.lastModifiedBy = AUTHOR
    wb.properties.created = STAMP
    ws = wb.active
    ws.title = "收入支出决算总表"
    lines = [
        ("收入支出决算总表", None, None),
        ("部门：示例市某局", None, "金额单位：万元"),
        ("项目", "行次", "金额"),
        ("一、一般公共预算财政拨款收入", "1", Decimal("1523.26")),
        ("二、政府性基金预算财政拨款收入", "2", Decimal(0)),
        ("三、事业收入", "3", Decimal("12.40")),
        ("本年收入合计", "4", Decimal("1535.66")),
        ("一般公共服务支出", "5", Decimal("1402.18")),
        ("社会保障和就业支出", "6", Decimal("133.48")),
        ("本年支出合计", "7", Decimal("1535.66")),
    ]
    for r, line in enumerate(lines, start=1):
        for c, value in enumerate(line, start=1):
            ws.cell(r, c, value)
    buf = io.BytesIO()
    wb.save(buf)
    return normalize(buf.getvalue())
