"""One streaming pass over a worksheet's XML into a form's cells: the values Excel saved (for
formulas too), shared and inline strings, numbers under their number formats, merged ranges, and
the bounds that stop a hostile sheet before it costs more than a form does.

The values are those openpyxl gives with ``data_only=True``, which this replaces: it built an
object for every cell, style and merged cell of the workbook, more than half of reading a form.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import cast

from jxpj.errors import ProblemsError
from jxpj.forms.grid import MAX_COLS, MAX_ROWS, Cell, Grid, Pos
from jxpj.forms.model import Where
from jxpj.forms.package import CHECK, refuse
from jxpj.forms.values import decimal_of_float, percent_of
from jxpj.forms.xlsx_formats import DATE, DURATION, PERCENT, Book, from_excel, from_iso, text_of
from jxpj.numbers import fmt_num

MAX_CELL_ELEMENTS = 1_000_000  # styled blank cells count too: each is an element to parse
MAX_MERGED_AREA = 200_000
MAX_AREA = 250_000  # the grid holds the whole used range, so its area is bounded too
# references as openpyxl reads them: a cell's without $, a merged range's with or without
_REF = re.compile(r"([A-Za-z]{1,3})([0-9]+)")
_CHUNK = 1 << 16
_RANGE = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]+)(?::\$?([A-Za-z]{1,3})\$?([0-9]+))?")


@dataclass(slots=True)
class Sheet:
    """What the pass found: the used range (last row and column holding a value or a formula),
    the cells with a value by 0-based position, formulas never calculated, and merged ranges."""

    name: str
    rows: int = 0
    cols: int = 0
    cells: dict[Pos, tuple[object, bool]] = field(default_factory=dict)  # value, shown as a percent
    missing: set[Pos] = field(default_factory=set)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # 1-based top, left, bottom, right


def read_sheet(archive: zipfile.ZipFile, member: str, book: Book, shown: str, name: str) -> Sheet:
    """The pass over one sheet; damaged XML raises what ElementTree or int() raise (the caller
    refuses the file), a sheet larger than a form stops with the cell that is too far out."""
    sheet = Sheet(name)
    count = row = col = 0  # the <row> and the column openpyxl would give a cell written without r=
    row_tag = c_tag = merge_tag = ""
    values: tuple[str, str, str] = ("", "", "")
    parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(("start", "end"))  # iterparse's, fed larger chunks
    with archive.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            parser.feed(chunk)
            events = cast("Iterator[tuple[str, ET.Element]]", parser.read_events())  # start and end only: elements
            for event, element in events:
                tag = element.tag
                if not row_tag:  # the root: its namespace names every element (transitional or strict)
                    ns = tag[: tag.index("}") + 1] if tag.startswith("{") else ""
                    row_tag, c_tag, merge_tag = ns + "row", ns + "c", ns + "mergeCell"
                    values = (ns + "v", ns + "f", ns + "is")
                if event == "start":
                    if tag == row_tag:  # as openpyxl counts rows written without r=
                        number = element.get("r")
                        row = _row_number(number) if number is not None else row + 1
                        col = 0
                    continue
                if tag == c_tag:
                    count += 1
                    if count > MAX_CELL_ELEMENTS:
                        refuse(shown, f"sheet {name} holds more than {MAX_CELL_ELEMENTS:,} cells; a form has a few hundred")
                    ref = element.get("r")
                    if ref:  # as openpyxl places cells: a cell without r= follows the last one, in its <row>
                        found = _REF.fullmatch(ref)
                        if found is None or not int(found.group(2)):
                            raise ValueError(f"cell reference {ref!r} in {member}")
                        at, col = int(found.group(2)), column(found.group(1))
                    else:
                        at, col = row, col + 1
                    _cell_element(sheet, element, values, at, col, book, shown)
                    element.clear()
                elif tag == row_tag:
                    element.clear()
                elif tag == merge_tag:
                    sheet.merges.append(_range(element.get("ref") or "", member))
        parser.close()  # a truncated sheet stops here (ParseError: no element found)
    if sheet.rows * sheet.cols > MAX_AREA:
        message = f"the sheet's used range is {sheet.rows:,} rows by {sheet.cols:,} columns; jxpj reads forms of at most {MAX_AREA:,} cells (delete what lies outside the form)"
        raise ProblemsError([Where(shown, name, sheet.rows, sheet.cols).problem(message, CHECK)])
    sheet.rows, sheet.cols = max(sheet.rows, 1), max(sheet.cols, 1)  # an empty sheet is one blank cell
    return sheet


def _cell_element(sheet: Sheet, element: ET.Element, tags: tuple[str, str, str], row: int, col: int, book: Book, shown: str) -> None:
    v_tag, f_tag, is_tag = tags
    kind = element.get("t", "n")
    cached, formula, inline = element.find(v_tag), element.find(f_tag), element.find(is_tag)
    raw = cached.text if cached is not None else None
    has_text = bool(raw) or inline is not None
    pos = (row - 1, col - 1)
    if formula is not None and not has_text and kind != "str":
        sheet.missing.add(pos)  # data_only cannot tell a formula never calculated from a blank
    if has_text or formula is not None:
        if row > MAX_ROWS or col > MAX_COLS:
            what = f"row {row:,}; jxpj reads forms of at most {MAX_ROWS:,} rows" if row > MAX_ROWS else f"column {col:,}; jxpj reads forms of at most {MAX_COLS:,} columns"
            message = f"the sheet's used range reaches {what} (delete what lies outside the form)"
            raise ProblemsError([Where(shown, sheet.name, row, col).problem(message, CHECK)])
        sheet.rows, sheet.cols = max(sheet.rows, row), max(sheet.cols, col)
    if kind == "inlineStr":
        value: object = text_of(inline) if inline is not None else None
        percent = False
    elif raw:
        value, percent = _value(kind, raw, element.get("s"), book)
    else:
        value, percent = None, False
    if value is None:
        sheet.cells.pop(pos, None)  # a later element for the same cell replaces an earlier one
    else:
        sheet.cells[pos] = (value, percent)


def _value(kind: str, raw: str, style: str | None, book: Book) -> tuple[object, bool]:
    """A cell's value as openpyxl's data_only reading gives it, and whether a percent format shows it."""
    if kind == "n":
        number: float | int = float(raw) if "." in raw or "E" in raw or "e" in raw else int(raw)
        shown_as = book.format_of(int(style) if style else 0)
        if shown_as >= DATE:
            try:
                return from_excel(number, book.epoch, duration=shown_as == DURATION), False
            except (OverflowError, ValueError):
                return "#VALUE!", False  # a date serial out of range: openpyxl makes it this error
        return number, shown_as == PERCENT
    if kind == "s":
        index = int(raw)
        if not -len(book.strings) <= index < len(book.strings):
            raise ValueError(f"shared string {index} of {len(book.strings)}")
        return book.strings[index], False
    if kind == "b":
        return bool(int(raw)), False
    if kind == "d":
        return from_iso(raw), False
    return raw, False  # str (a formula's text), e (an error such as #DIV/0!) and unknown kinds


def _row_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        number = float(text)  # openpyxl accepts r="5.0"
        if not number.is_integer():
            raise ValueError(f"{text} is not a valid row number") from None
        return int(number)


def _range(ref: str, member: str) -> tuple[int, int, int, int]:
    found = _RANGE.fullmatch(ref)
    if found is None:
        raise ValueError(f"merged range {ref!r} in {member}")
    left, top = column(found.group(1)), int(found.group(2))
    right, bottom = (column(found.group(3)), int(found.group(4))) if found.group(3) else (left, top)
    if not top or left > right or top > bottom:
        raise ValueError(f"merged range {ref!r} in {member}")
    return top, left, bottom, right


def column(letters: str) -> int:
    """A → 1, AA → 27."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def grid_of(sheet: Sheet, shown: str) -> Grid:
    """The sheet as a Grid: a merged range shows its top-left cell everywhere it covers."""
    rows, cols, name = sheet.rows, sheet.cols, sheet.name
    anchors: dict[Pos, Pos] = {}
    area = 0
    for top_row, left_col, bottom_row, right_col in sorted(set(sheet.merges)):
        top, left = top_row - 1, left_col - 1
        if top >= rows or left >= cols:
            continue
        bottom, right = min(bottom_row, rows), min(right_col, cols)
        area += (bottom - top) * (right - left)
        if area > MAX_MERGED_AREA:
            raise ProblemsError([Where(shown, name, top + 1, left + 1).problem(f"merged ranges cover more than {MAX_MERGED_AREA:,} cells; a form has a few hundred", CHECK)])
        for r in range(top, bottom):
            for c in range(left, right):
                if (r, c) != (top, left):
                    anchors.setdefault((r, c), (top, left))
    cells: dict[Pos, Cell] = {}
    for (r, c), (value, percent) in sheet.cells.items():
        if (r, c) not in anchors:  # a covered cell shows its range's top-left; its own value is hidden
            cells[(r, c)] = _cell(value, percent, Where(shown, name, r + 1, c + 1))
    for r, c in sheet.missing:
        if (r, c) not in anchors and (r, c) not in cells:
            cells[(r, c)] = Cell("", None, False, Where(shown, name, r + 1, c + 1), missing=True)
    origins: list[tuple[str | None, int]] = [(name, r + 1) for r in range(rows)]
    return Grid(shown, "xlsx", origins, cols, cells, anchors)


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
