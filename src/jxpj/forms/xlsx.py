"""An .xlsx form read straight from its package into a :class:`Grid`: the workbook's sheets in
order, the first that holds 一级指标 (else the active one), its values as Excel saved them.

The sheets are read by one streaming pass each (``xlsx_sheet``) rather than by openpyxl, whose
object model cost several times the reading of the XML; the values are those openpyxl read.
"""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from jxpj.forms.grid import Grid
from jxpj.forms.package import DAMAGED, check_package, refuse
from jxpj.forms.words import is_indicator_header
from jxpj.forms.xlsx_formats import Book, read_book
from jxpj.forms.xlsx_sheet import Sheet, grid_of, read_sheet

_WORKSHEET = "/worksheet"
_CHARTSHEET = "chartsheet"


def read_grid(path: str | Path, shown: str) -> Grid:
    """The Grid of the first sheet holding 一级指标, visible sheets first (else the active sheet)."""
    check_package(path, shown, ".xlsx")
    try:
        with zipfile.ZipFile(path) as archive:
            parts, active, book = _workbook(archive, shown)
            sheets = [(state, read_sheet(archive, member, book, shown, name)) for name, member, state in parts]
    except DAMAGED as exc:
        refuse(shown, f"not a readable .xlsx workbook ({_reason(exc)}); open it in Excel or LibreOffice and save it as .xlsx")
    if not sheets:
        refuse(shown, "the workbook has no worksheet")
    grids: dict[str, Grid] = {}
    for sheet in _visible_first(sheets):
        grid = grid_of(sheet, shown)
        grids[sheet.name] = grid
        if any(is_indicator_header(grid.text(r, c)) for r, c in grid.filled()):
            return grid
    chosen = grids[active] if active in grids else next(iter(grids.values()))
    if len(grids) > 1:  # the layout's message then names every sheet looked at
        chosen.scope = f"any sheet ({', '.join(grids)})"
    return chosen


def _visible_first(sheets: list[tuple[str, Sheet]]) -> list[Sheet]:
    return [sheet for state, sheet in sorted(sheets, key=lambda pair: pair[0] != "visible")]  # stable


def _reason(exc: BaseException) -> str:
    return f"missing part {exc}" if isinstance(exc, KeyError) else str(exc) or type(exc).__name__


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


def _workbook(archive: zipfile.ZipFile, shown: str) -> tuple[list[tuple[str, str, str]], str | None, Book]:
    """(name, member, state) of each worksheet in the workbook's order, the name of the active
    sheet (chartsheets count in that order, as in Excel's activeTab), and the shared parts."""
    office = [m for t, m in _rels(archive, "").values() if t.endswith("/officeDocument")]
    book_part = office[0] if office else "xl/workbook.xml"
    if book_part.startswith("word/"):
        refuse(shown, "this is a Word document (.docx) named .xlsx; rename it to .docx")
    rels = _rels(archive, book_part)
    root = ET.fromstring(archive.read(book_part))
    names = set(archive.namelist())
    shared = {kind: next((m for t, m in rels.values() if t.endswith(f"/{kind}") and m in names), None) for kind in ("sharedStrings", "styles")}
    date1904 = False
    active_tab: int | None = None
    tabs: list[tuple[str, str, str, str]] = []  # name, member, state, kind
    for element in root.iter():
        tag = _local(element.tag)
        if tag == "workbookPr":
            date1904 = element.get("date1904", "").lower() in ("1", "true")
        elif tag == "workbookView" and active_tab is None and element.get("activeTab") is not None:
            active_tab = int(element.get("activeTab", ""))
        elif tag == "sheet":
            rid = next((v for k, v in element.attrib.items() if _local(k) == "id"), "")
            kind, member = rels.get(rid, ("", ""))
            if kind.endswith(_WORKSHEET) or _CHARTSHEET in kind:
                tabs.append((element.get("name", ""), member, element.get("state", "visible"), kind))
    book = read_book(archive, shared["sharedStrings"], shared["styles"], date1904)
    index = active_tab if active_tab is not None else 0
    active = tabs[index][0] if 0 <= index < len(tabs) else None
    return [(name, member, state) for name, member, state, kind in tabs if kind.endswith(_WORKSHEET)], active, book
