"""An .xlsx form read with openpyxl into a :class:`Grid`: the sheet that holds the form, its merged
ranges, the values Excel saved for formulas, and percent number formats."""

from __future__ import annotations

import importlib
import posixpath
import re
import warnings
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

from jxpj.errors import ProblemsError, UsageError
from jxpj.forms.grid import MAX_COLS, MAX_ROWS, Cell, Grid, Pos
from jxpj.forms.model import Where
from jxpj.forms.package import CHECK, DAMAGED, check_package, damaged, refuse
from jxpj.forms.values import decimal_of_float, percent_of
from jxpj.forms.words import is_indicator_header
from jxpj.numbers import fmt_num

MAX_CELL_ELEMENTS = 1_000_000  # styled blank cells count too: openpyxl builds an object for each
MAX_MERGED_AREA = 200_000
MAX_AREA = 250_000  # iter_rows creates every cell of the used range, so its area is bounded too
_REF = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")
_WORKSHEET = "/worksheet"


@dataclass(frozen=True, slots=True)
class _Scan:
    rows: int  # last row and column holding a value or a formula
    cols: int
    missing: frozenset[Pos]  # 0-based positions of formulas with no saved value


def read_grid(path: str | Path, shown: str) -> Grid:
    """The Grid of the first sheet holding 一级指标 (else the active sheet)."""
    check_package(path, shown, ".xlsx")
    try:
        with zipfile.ZipFile(path) as archive:
            parts = _sheet_parts(archive, shown)
            scans = {name: _scan(archive, member, shown, name) for name, member in parts.items()}
    except DAMAGED as exc:
        refuse(shown, f"not a readable .xlsx workbook ({_reason(exc)}); open it in Excel or LibreOffice and save it as .xlsx")
    book = _load(path, shown)
    sheets = sorted(book.worksheets, key=lambda ws: ws.sheet_state != "visible")  # stable: visible first
    active = book.active
    grids: dict[str, Grid] = {}
    for ws in sheets:
        grid = _grid(ws, shown, scans.get(ws.title) or _fallback(ws, shown))
        grids[ws.title] = grid
        if any(is_indicator_header(grid.text(r, c)) for r, c in grid.filled()):
            return grid
    if not grids:
        refuse(shown, "the workbook has no worksheet")
    chosen = grids[active.title] if active is not None and active.title in grids else next(iter(grids.values()))
    if len(grids) > 1:  # the layout's message then names every sheet looked at
        chosen.scope = f"any sheet ({', '.join(grids)})"
    return chosen


def _reason(exc: BaseException) -> str:
    return f"missing part {exc}" if isinstance(exc, KeyError) else str(exc) or type(exc).__name__


def _load(path: str | Path, shown: str) -> Any:
    try:
        openpyxl = importlib.import_module("openpyxl")
    except ImportError:  # a core dependency; only a broken install lacks it
        raise UsageError('reading an .xlsx form needs openpyxl: pip install "jxpj"') from None
    # openpyxl's typed attributes refuse damaged XML with TypeError (a missing one can surface as
    # AttributeError); only the load_workbook call is guarded, so our own mistakes still show
    errors: tuple[type[BaseException], ...] = (*damaged(), TypeError, AttributeError)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it drops; not the user's concern
            return openpyxl.load_workbook(path, data_only=True)  # formulas: the values Excel saved
    except errors as exc:
        refuse(shown, f"not a readable .xlsx workbook ({_reason(exc)}); open it in Excel or LibreOffice and save it as .xlsx")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _rels(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id → (type, absolute member name) of ``part``."""
    folder, name = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", name + ".rels")
    out: dict[str, tuple[str, str]] = {}
    for rel in ET.fromstring(archive.read(rels_name)):
        target = rel.get("Target", "")
        member = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        out[rel.get("Id", "")] = (rel.get("Type", ""), member)
    return out


def _sheet_parts(archive: zipfile.ZipFile, shown: str) -> dict[str, str]:
    """Sheet name → worksheet member, as the workbook part and its relationships declare them."""
    office = [m for t, m in _rels(archive, "").values() if t.endswith("/officeDocument")]
    book = office[0] if office else "xl/workbook.xml"
    if book.startswith("word/"):
        refuse(shown, "this is a Word document (.docx) named .xlsx; rename it to .docx")
    rels = _rels(archive, book)
    parts: dict[str, str] = {}
    for element in ET.fromstring(archive.read(book)).iter():
        if _local(element.tag) != "sheet":
            continue
        rid = next((v for k, v in element.attrib.items() if _local(k) == "id"), "")
        kind, member = rels.get(rid, ("", ""))
        if kind.endswith(_WORKSHEET):
            parts[element.get("name", "")] = member
    return parts


def _scan(archive: zipfile.ZipFile, member: str, shown: str, sheet: str) -> _Scan:
    """One streaming pass over a sheet's XML before openpyxl builds it: its size, and which
    formulas have no saved value (openpyxl's data_only mode cannot tell them from blanks)."""
    rows = cols = count = 0
    row = col = 0
    missing: set[Pos] = set()
    with archive.open(member) as stream:
        for _event, element in ET.iterparse(stream, events=("end",)):
            tag = _local(element.tag)
            if tag == "row":
                element.clear()
                continue
            if tag != "c":
                continue
            count += 1
            if count > MAX_CELL_ELEMENTS:
                refuse(shown, f"sheet {sheet} holds more than {MAX_CELL_ELEMENTS:,} cells; a form has a few hundred")
            ref = _REF.fullmatch(element.get("r") or "")
            row, col = (int(ref.group(2)), _column(ref.group(1))) if ref else (row or 1, col + 1)
            children = {_local(child.tag): child for child in element}
            cached = children.get("v")
            has_text = (cached is not None and bool(cached.text)) or "is" in children
            if "f" in children and not has_text and element.get("t") != "str":
                missing.add((row - 1, col - 1))
            if has_text or "f" in children:
                if row > MAX_ROWS or col > MAX_COLS:
                    what = f"row {row:,}; jxpj reads forms of at most {MAX_ROWS:,} rows" if row > MAX_ROWS else f"column {col:,}; jxpj reads forms of at most {MAX_COLS:,} columns"
                    message = f"the sheet's used range reaches {what} (delete what lies outside the form)"
                    raise ProblemsError([Where(shown, sheet, row, col).problem(message, CHECK)])
                rows, cols = max(rows, row), max(cols, col)
            element.clear()
    if rows * cols > MAX_AREA:
        message = f"the sheet's used range is {rows:,} rows by {cols:,} columns; jxpj reads forms of at most {MAX_AREA:,} cells (delete what lies outside the form)"
        raise ProblemsError([Where(shown, sheet, rows, cols).problem(message, CHECK)])
    return _Scan(max(rows, 1), max(cols, 1), frozenset(missing))  # an empty sheet is one blank cell


def _fallback(ws: Any, shown: str) -> _Scan:
    # a sheet our reading of workbook.xml did not name (openpyxl found it another way): bound it the same
    rows, cols = ws.max_row, ws.max_column
    if rows > MAX_ROWS or cols > MAX_COLS or rows * cols > MAX_AREA:
        message = f"the sheet's used range is {rows:,} rows by {cols:,} columns, more than a form has"
        raise ProblemsError([Where(shown, ws.title, 1, 1).problem(message, CHECK)])
    return _Scan(rows, cols, frozenset())


def _column(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _grid(ws: Any, shown: str, scan: _Scan) -> Grid:
    rows, cols = scan.rows, scan.cols
    anchors: dict[Pos, Pos] = {}
    area = 0
    for merged in sorted(ws.merged_cells.ranges, key=lambda m: (m.min_row, m.min_col)):
        top, left = merged.min_row - 1, merged.min_col - 1
        if top >= rows or left >= cols:
            continue
        bottom, right = min(merged.max_row, rows), min(merged.max_col, cols)
        area += (bottom - top) * (right - left)
        if area > MAX_MERGED_AREA:
            raise ProblemsError([Where(shown, ws.title, top + 1, left + 1).problem(f"merged ranges cover more than {MAX_MERGED_AREA:,} cells; a form has a few hundred", CHECK)])
        for r in range(top, bottom):
            for c in range(left, right):
                if (r, c) != (top, left):
                    anchors.setdefault((r, c), (top, left))
    cells: dict[Pos, Cell] = {}
    if rows and cols:
        for line in ws.iter_rows(min_row=1, max_row=rows, min_col=1, max_col=cols):
            for item in line:  # a MergedCell's value is None: its anchor holds the value
                r, c = item.row - 1, item.column - 1
                where = Where(shown, ws.title, item.row, item.column)
                if (r, c) in scan.missing and item.value is None:
                    cells[(r, c)] = Cell("", None, False, where, missing=True)
                elif item.value is not None:
                    cells[(r, c)] = _cell(item.value, _is_percent(item.number_format), where)
    origins: list[tuple[str | None, int]] = [(ws.title, r + 1) for r in range(rows)]
    return Grid(shown, "xlsx", origins, cols, cells, anchors)


def _is_percent(number_format: object) -> bool:
    if not isinstance(number_format, str) or "%" not in number_format:
        return False
    return "%" in re.sub(r'"[^"]*"|\\.', "", number_format)  # a quoted "%" or \% is literal text


def _cell(value: object, percent: bool, where: Where) -> Cell:
    if isinstance(value, bool):
        return Cell("TRUE" if value else "FALSE", None, False, where)
    if isinstance(value, int | float):
        number = Decimal(value) if isinstance(value, int) else decimal_of_float(value)
        if not number.is_finite():
            return Cell(str(value), None, False, where)
        if percent:
            number = percent_of(number)
            return Cell(f"{fmt_num(number)}%", number, True, where)
        return Cell(fmt_num(number), number, False, where)
    if isinstance(value, datetime):
        text = value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
        return Cell(text, None, False, where)
    if isinstance(value, date | time):
        return Cell(value.isoformat(), None, False, where)
    return Cell(str(value).strip(), None, False, where)
