"""The one format-neutral view of a form that the readers produce: cells by grid position, each
merged range resolved to its top-left cell."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from jxpj.errors import Problem
from jxpj.forms.model import Where

Pos = tuple[int, int]  # 0-based (grid row, grid column)
MAX_ROWS = 5000  # a 自评表 has tens of rows; beyond this the file is not a form, or is hostile
MAX_COLS = 200


@dataclass(frozen=True, slots=True)
class Cell:
    """A cell as shown: trimmed text, the typed number if the file stored one, and where it is."""

    text: str
    number: Decimal | None  # set for typed numbers only; text such as "85.5" is read by values.py
    percent: bool  # written as a percent or formatted as one (number is then already in percent)
    where: Where
    missing: bool = False  # a formula whose value was never saved: text and number stay empty


class Grid:
    """Rows of cells stacked from one sheet, or from every table and paragraph of a document."""

    __slots__ = ("_anchors", "_cells", "format", "origins", "path", "scope", "warnings", "width")

    def __init__(
        self,
        path: str,
        format: Literal["xlsx", "docx"],
        origins: list[tuple[str | None, int]],
        width: int,
        cells: dict[Pos, Cell],
        anchors: dict[Pos, Pos],
        warnings: list[Problem] | None = None,
    ) -> None:
        self.path, self.format = path, format
        self.origins = origins  # grid row → (sheet or 表N, 1-based row in it)
        self.width = width
        self._cells = cells  # top-left cells only, blank ones may be absent
        self._anchors = anchors  # a covered position → the top-left of its merged range
        self.warnings: list[Problem] = list(warnings or ())
        # where a message says the reader looked: "sheet 自评表", "any sheet (A, B)"
        first = origins[0][0] if origins else None
        self.scope = f"sheet {first}" if format == "xlsx" else "any table or paragraph of the document"

    @property
    def height(self) -> int:
        return len(self.origins)

    def where(self, r: int, c: int) -> Where:
        sheet, row = self.origins[r]
        return Where(self.path, sheet, row, c + 1)

    def anchor(self, r: int, c: int) -> Pos:
        return self._anchors.get((r, c), (r, c))

    def covered(self, r: int, c: int) -> bool:
        """Whether (r, c) lies inside a merged range that starts in another cell."""
        return (r, c) in self._anchors

    def at(self, r: int, c: int) -> Cell:
        """The cell shown at (r, c): a merged range shows its top-left cell everywhere."""
        pos = self.anchor(r, c)
        found = self._cells.get(pos)
        if found is None:
            return Cell("", None, False, self.where(*pos))
        return found

    def text(self, r: int, c: int) -> str:
        if not (0 <= r < self.height and 0 <= c < self.width):
            return ""
        pos = self._anchors.get((r, c), (r, c))
        found = self._cells.get(pos)
        return found.text if found is not None else ""

    def filled(self) -> Iterator[Pos]:
        """Top-left positions of non-blank cells, row by row, left to right."""
        return iter(sorted(pos for pos, cell in self._cells.items() if cell.text))
