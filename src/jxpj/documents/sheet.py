"""A filled evidence workbook as a :class:`~jxpj.documents.document.Document`, so validation and scoring locate
problems in it exactly as they do in YAML.

A data path such as ``("indicators", "C16", "facts", "met")`` maps to the cell it was read from.
A :class:`~jxpj.errors.Problem` has a line and a column; for a workbook they are the cell's row and
column number, and the message starts with the cell's name (``指标佐证!H30: …``), which is what a
user looks for in Excel: ``book.xlsx:30:8: error: 指标佐证!H30: C16: 'x' is not an element …``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from jxpj.documents.document import Document, excerpt
from jxpj.documents.overrides import OverriddenDocument, Override, apply_overrides
from jxpj.errors import Problem

Loc = tuple[str | int, ...]


class Place(Protocol):
    """Anything that names a cell: a workbook's :class:`Cell`, or a read form's ``Where``."""

    @property
    def row(self) -> int: ...
    @property
    def col(self) -> int: ...
    @property
    def name(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Cell:
    """Where a value came from: sheet name, 1-based row and column."""

    sheet: str
    row: int
    col: int

    @property
    def name(self) -> str:
        return f"{self.sheet}!{column_letter(self.col)}{self.row}"


def column_letter(col: int) -> str:
    """1 → A, 27 → AA (Excel's column names)."""
    letters = ""
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(slots=True)
class SheetDocument(Document):
    """A workbook's data plus the cell of every value (and of every place a value belongs)."""

    cells: dict[Loc, Place] = field(default_factory=dict)
    home: Place = Cell("项目信息", 1, 1)  # where a problem with no better place points

    def cell(self, loc: Sequence[str | int]) -> Place:
        """The cell of the deepest part of ``loc`` that the workbook has."""
        parts = tuple(loc)
        while parts:
            if parts in self.cells:
                return self.cells[parts]
            parts = parts[:-1]
        return self.home

    def locate(self, loc: Sequence[str | int], *, key: bool = False) -> tuple[int, int]:
        found = self.cell(loc)
        return (found.row, found.col)

    def problem(
        self, loc: Sequence[str | int], message: str, *, check: str = "schema", key: bool = False
    ) -> Problem:
        found = self.cell(loc)
        return Problem(self.path, found.row, found.col, f"{found.name}: {excerpt(message)}", check)


@dataclass(slots=True)
class OverriddenSheet(SheetDocument):
    """A workbook's data with ``--set`` overrides: problems still name the cell, and the override."""

    overridden: dict[Loc, str] = field(default_factory=dict)

    def problem(
        self, loc: Sequence[str | int], message: str, *, check: str = "schema", key: bool = False
    ) -> Problem:
        for where, text in self.overridden.items():
            if tuple(loc[: len(where)]) == where:
                message = f"{message} (value set by --set {text})"
                break
        return SheetDocument.problem(self, loc, message, check=check, key=key)


def apply_sheet_overrides(doc: SheetDocument, overrides: Sequence[Override]) -> Document:
    """:func:`~jxpj.documents.overrides.apply_overrides` for a workbook, keeping the cell of every value."""
    changed = apply_overrides(doc, overrides)
    if not isinstance(changed, OverriddenDocument):
        return doc
    return OverriddenSheet(
        doc.path, changed.data, None, list(doc.problems), cells=doc.cells, home=doc.home, overridden=changed.overridden
    )
