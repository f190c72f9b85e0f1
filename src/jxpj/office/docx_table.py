"""Word tables and runs: cells, merged 二级 labels, repeated headers, column widths."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

PER_LEVEL_HEADER = "二级指标"  # the first header cell of a table with one row per 二级指标


@dataclass(frozen=True, slots=True)
class Cell:
    """One table cell: its inline runs and whether it is a header cell."""

    runs: tuple[tuple[str, bool, bool], ...]  # (text, bold, italic)

    @property
    def text(self) -> str:
        return "".join(r[0] for r in self.runs).strip()


@dataclass(slots=True)
class Table:
    aligns: list[str | None] = field(default_factory=list)
    rows: list[list[Cell]] = field(default_factory=list)


def runs_of(children: list[Any]) -> list[tuple[str, bool, bool]]:
    """Inline tokens as (text, bold, italic) runs; soft breaks vanish between Chinese characters."""
    runs: list[tuple[str, bool, bool]] = []
    bold = italic = False
    for child in children:
        kind = child.type
        if kind == "strong_open":
            bold = True
        elif kind == "strong_close":
            bold = False
        elif kind == "em_open":
            italic = True
        elif kind == "em_close":
            italic = False
        elif kind in ("text", "code_inline"):
            runs.append((child.content, bold, italic))
        elif kind == "softbreak":
            last = runs[-1][0][-1:] if runs else ""
            runs.append(("" if _wide(last) else " ", bold, italic))
        elif kind == "hardbreak":
            runs.append(("\n", bold, italic))
    return [r for r in runs if r[0]]


def _wide(char: str) -> bool:
    return bool(char) and unicodedata.east_asian_width(char) in ("W", "F")


def add_runs(paragraph: Any, runs: Sequence[tuple[str, bool, bool]], *, bold: bool = False) -> None:
    """Runs in ``paragraph``, each naming its style's East Asian font (黑体, 仿宋_GB2312, 宋体) on
    the run itself: Word and LibreOffice pick a run's Chinese font from ``w:eastAsia``, and some
    versions ignore a style's when the run has fonts of its own."""
    east_asian = east_asian_font(paragraph.style)
    for text, strong, italic in runs:
        run = paragraph.add_run(text)
        if strong or bold:
            run.bold = True
        if italic:
            run.italic = True
        if east_asian:
            from docx.oxml.ns import qn

            run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asian)


def east_asian_font(style: Any) -> str | None:
    """The East Asian font a paragraph style names, looking through the styles it is based on."""
    from docx.oxml.ns import qn

    seen = 0
    while style is not None and seen < 10:  # a user's template could base styles in a circle
        rpr = style.element.rPr
        fonts = rpr.rFonts if rpr is not None else None
        if fonts is not None and fonts.get(qn("w:eastAsia")):
            return str(fonts.get(qn("w:eastAsia")))
        style, seen = style.base_style, seen + 1
    return None


def word_table(doc: Any, table: Table) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    align = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT, "left": WD_ALIGN_PARAGRAPH.LEFT}
    columns = max(len(r) for r in table.rows)
    word = doc.add_table(rows=len(table.rows), cols=columns)
    word.style = doc.styles["Table Grid"]
    word.alignment = WD_TABLE_ALIGNMENT.CENTER
    per_level = table.rows[0][0].text == PER_LEVEL_HEADER if table.rows[0] else False
    subtotals = _subtotal_rows(table) if per_level else set()
    widths = _widths(table, columns)
    word.autofit = False
    for c, column in enumerate(word.columns):
        column.width = widths[c]  # the grid LibreOffice reads; cells below carry Word's
    for r, row in enumerate(table.rows):
        for c in range(columns):
            cell = word.cell(r, c)
            cell.width = widths[c]
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            paragraph = cell.paragraphs[0]
            paragraph.style = doc.styles["Table Text"]
            if r == 0:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif c < len(table.aligns) and table.aligns[c] in align:
                paragraph.alignment = align[table.aligns[c]]  # type: ignore[index]
            if c < len(row):
                add_runs(paragraph, row[c].runs, bold=r == 0 or r in subtotals)
    for row in word.rows:  # cantSplit before tblHeader: the order OOXML requires in w:trPr
        _row_property(row, "w:cantSplit")  # a row's text never breaks across two pages
    _repeat_header(word.rows[0])
    _cell_margins(word)
    if per_level:
        _merge_second_level(word, table)
        _keep_groups_together(word, table)


def _subtotal_rows(table: Table) -> set[int]:
    """Rows of a per-level table that close a group: a 二级指标 name after rows without one."""
    return {r for r, row in enumerate(table.rows) if r > 0 and row and row[0].text and r - 1 > 0 and not table.rows[r - 1][0].text}


def _merge_second_level(word: Any, table: Table) -> None:
    """Merge each 二级指标 cell down over its group: its third-level rows and its subtotal row."""
    start: int | None = None
    for r, row in enumerate(table.rows[1:], start=1):
        if not row or not row[0].text:
            start = r if start is None else start
            continue
        if start is not None:
            name = row[0]
            merged = word.cell(start, 0).merge(word.cell(r, 0))
            for paragraph in merged.paragraphs[1:]:  # merging joins the cells' empty paragraphs
                paragraph._element.getparent().remove(paragraph._element)
            first = merged.paragraphs[0]
            for run in list(first.runs):
                run._element.getparent().remove(run._element)
            add_runs(first, name.runs, bold=True)
        start = None


def _repeat_header(row: Any) -> None:
    _row_property(row, "w:tblHeader")


def _row_property(row: Any, name: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement(name)
    element.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(element)


CELL_MARGIN_TWIPS = {"top": 28, "bottom": 28, "left": 85, "right": 85}  # 0.05 cm above and below, 0.15 cm aside


def _cell_margins(word: Any) -> None:
    """Air inside every cell, so text does not touch the rules."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    margins = OxmlElement("w:tblCellMar")
    for side, twips in CELL_MARGIN_TWIPS.items():
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(twips))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    properties = word._tbl.tblPr
    look = properties.find(qn("w:tblLook"))  # w:tblCellMar comes before w:tblLook in w:tblPr
    if look is not None:
        look.addprevious(margins)
    else:
        properties.append(margins)


def _keep_groups_together(word: Any, table: Table) -> None:
    """A 二级指标's rows stay on one page: each row but a group's last keeps with the next, so the
    merged 二级 cell is never split by a page break (a group longer than a page still breaks)."""
    for r, row in enumerate(table.rows[1:], start=1):
        if row and row[0].text:  # the subtotal row closes its group
            continue
        for cell in word.rows[r].cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


TEXT_WIDTH_CM = 15.6  # A4 less the template's margins
UNIT_CM = 0.21  # one half-width character at 五号; a Chinese character is two
PAD_CM = 0.45  # cell margins and a little air
SHORT = 14  # columns needing at most this many units (numbers, short names) never wrap


def _widths(table: Table, columns: int) -> list[Any]:
    """Column widths: short columns (numbers, codes, short names) get exactly what they need, so
    figures never wrap; long text columns share the rest in proportion to their text."""
    from docx.shared import Cm

    def width(text: str) -> int:
        return sum(2 if _wide(ch) or ch in "%—" else 1 for ch in text)  # % and — are wide in print

    natural = [max((width(row[c].text) for row in table.rows if c < len(row)), default=2) for c in range(columns)]
    need = [n * UNIT_CM + PAD_CM for n in natural]
    if sum(need) > TEXT_WIDTH_CM:
        flexible = [c for c in range(columns) if natural[c] > SHORT]
        rest = TEXT_WIDTH_CM - sum(need[c] for c in range(columns) if c not in flexible)
        floor = 4 * UNIT_CM + PAD_CM  # two Chinese characters a line at least
        if flexible and rest >= floor * len(flexible):
            # By how much text a column holds (rooted, so one long column does not starve the
            # rest): a 评分标准 column of long rules gets more than a column of short names.
            total = {c: sum(width(row[c].text) for row in table.rows if c < len(row)) for c in flexible}
            weights = {c: max(total[c], 1) ** 0.5 for c in flexible}
            shares = {c: rest * weights[c] / sum(weights.values()) for c in flexible}
            while any(v < floor for v in shares.values()):  # lift the thinnest to the floor, reshare
                thin = {c for c, v in shares.items() if v < floor}
                left = rest - floor * len(thin)
                rich = {c: weights[c] for c in flexible if c not in thin}
                shares = {**dict.fromkeys(thin, floor), **{c: left * w / sum(rich.values()) for c, w in rich.items()}}
            need = [shares.get(c, need[c]) for c in range(columns)]
    scale = TEXT_WIDTH_CM / sum(need)  # fill the line exactly (shrinks only when nothing else fits)
    return [Cm(round(n * scale, 2)) for n in need]
