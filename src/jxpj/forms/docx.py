"""A .docx form read into a :class:`Grid`: every table and paragraph of the body stacked in
document order, gridSpan and vMerge cells resolved to the cell they continue.

Only the main part (word/document.xml) is parsed, with ElementTree: python-docx, which read it
before, parsed every part of the package first (styles, numbering, settings, headers), most of
the time spent reading a Word form.
"""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jxpj.errors import ProblemsError
from jxpj.forms.grid import MAX_COLS, MAX_ROWS, Cell, Grid, Pos
from jxpj.forms.model import PARAGRAPHS, Where
from jxpj.forms.package import CHECK, DAMAGED, check_package, refuse

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
P, TBL, TR, TC, SDT, CONTENT = (f"{_W}{t}" for t in ("p", "tbl", "tr", "tc", "sdt", "sdtContent"))
DOCUMENT, BODY = f"{_W}document", f"{_W}body"
_T, _TAB, _BR, _CR = (f"{_W}{t}" for t in ("t", "tab", "br", "cr"))
# text boxes and drawings float over the page: their text is not the cell's (and Word stores it twice)
_SKIP = frozenset({f"{_W}drawing", f"{_W}pict", f"{_W}txbxContent", f"{_W}del", f"{_MC}AlternateContent"})


def read_grid(path: str | Path, shown: str) -> Grid:
    """The Grid of the whole document body: paragraphs and tables, one above the other."""
    check_package(path, shown, ".docx")
    body = _body(path, shown)
    builder = _Builder(shown)
    paragraph = table = 0
    for block in _blocks(body):
        if block.tag == P:
            paragraph += 1
            builder.paragraph(block, paragraph)
        else:
            table += 1
            builder.table(block, table)
    origins = builder.origins or [(PARAGRAPHS, 1)]  # an empty document is one blank paragraph
    return Grid(shown, "docx", origins, builder.width, builder.cells, builder.anchors)


def _body(path: str | Path, shown: str) -> ET.Element:
    """The w:body of the package's main part (the officeDocument its relationships name)."""
    try:
        with zipfile.ZipFile(path) as archive:
            part = _main_part(archive)
            root = ET.fromstring(archive.read(part))
    except DAMAGED as exc:
        reason = f"missing part {exc}" if isinstance(exc, KeyError) else str(exc) or type(exc).__name__
        refuse(shown, f"not a readable Word document (.docx) ({reason}); open it in Word or LibreOffice and save it as .docx")
    body = root.find(BODY) if root.tag == DOCUMENT else None
    if body is None:  # an .xlsx or .pptx named .docx, or a part that is no document
        what = "an Excel workbook's; if it is one, name it .xlsx" if part.startswith("xl/") else "not a Word document's body"
        refuse(shown, f"not a readable Word document (.docx) (its main part {part} is {what}); open it in Word or LibreOffice and save it as .docx")
    return body


def _main_part(archive: zipfile.ZipFile) -> str:
    for rel in ET.fromstring(archive.read("_rels/.rels")):
        if rel.get("Type", "").endswith("/officeDocument"):
            target = rel.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else posixpath.normpath(target)
    raise KeyError("the main document (no officeDocument relationship in _rels/.rels)")


def _children(parent: Any, wanted: str) -> Iterator[Any]:
    """``wanted`` children of ``parent``, also those wrapped in content controls (w:sdt)."""
    for child in parent:
        if child.tag == wanted:
            yield child
        elif child.tag == SDT:
            content = child.find(CONTENT)
            if content is not None:
                yield from _children(content, wanted)


def _blocks(body: Any) -> Iterator[Any]:
    for child in body:
        if child.tag in (P, TBL):
            yield child
        elif child.tag == SDT and (content := child.find(CONTENT)) is not None:
            yield from _blocks(content)


def _text(element: Any) -> str:
    parts: list[str] = []
    _collect(element, parts)
    return "".join(parts)


def _collect(element: Any, out: list[str]) -> None:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue  # comments, processing instructions, floating text
        if tag == _T:
            out.append(child.text or "")
        elif tag == _TAB:
            out.append("\t")
        elif tag in (_BR, _CR):
            out.append("\n")
        else:
            _collect(child, out)


def _int(element: Any, name: str, default: int) -> int:
    found = element.find(f"{_W}{name}") if element is not None else None
    raw = found.get(f"{_W}val") if found is not None else None
    try:
        return int(raw) if raw is not None else default
    except ValueError:
        return default


class _Builder:
    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.origins: list[tuple[str | None, int]] = []
        self.cells: dict[Pos, Cell] = {}
        self.anchors: dict[Pos, Pos] = {}
        self.width = 1

    def _row(self, origin: tuple[str | None, int]) -> int:
        if len(self.origins) >= MAX_ROWS:
            message = f"the document has more than {MAX_ROWS:,} table rows and paragraphs; a form has a few dozen"
            raise ProblemsError([Where(self.shown, origin[0], origin[1], 1).problem(message, CHECK)])
        self.origins.append(origin)
        return len(self.origins) - 1

    def paragraph(self, p: Any, number: int) -> None:
        text = _text(p).strip()
        if text:
            r = self._row((PARAGRAPHS, number))
            self.cells[(r, 0)] = Cell(text, None, False, Where(self.shown, PARAGRAPHS, number, 1))

    def table(self, tbl: Any, number: int) -> None:
        sheet = f"表{number}"
        above: dict[int, Pos] = {}  # grid column → top-left of the cell in the row above
        for i, tr in enumerate(_children(tbl, TR), start=1):
            r = self._row((sheet, i))
            here: dict[int, Pos] = {}
            col = max(0, _int(tr.find(f"{_W}trPr"), "gridBefore", 0))
            for tc in _children(tr, TC):
                props = tc.find(f"{_W}tcPr")
                span = max(1, _int(props, "gridSpan", 1))
                if col + span > MAX_COLS:
                    message = f"the table is more than {MAX_COLS} columns wide; a form has about ten"
                    raise ProblemsError([Where(self.shown, sheet, i, col + 1).problem(message, CHECK)])
                merge = props.find(f"{_W}vMerge") if props is not None else None
                continues = merge is not None and merge.get(f"{_W}val") != "restart" and col in above
                anchor = above[col] if continues else (r, col)
                if not continues:
                    paragraphs = [_text(p) for p in _children(tc, P)]
                    where = Where(self.shown, sheet, i, col + 1)
                    self.cells[anchor] = Cell("\n".join(paragraphs).strip(), None, False, where)
                for c in range(col, col + span):
                    here[c] = anchor
                    if (r, c) != anchor:
                        self.anchors[(r, c)] = anchor
                col += span
            self.width = max(self.width, col)
            above = here
