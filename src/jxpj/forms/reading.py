"""The cursor the block finders share over a Grid: values with their warnings, and the few ways
of moving through a form (the cell right of a label, the cells of a row)."""

from __future__ import annotations

from collections.abc import Iterator

from jxpj.errors import Problem, ProblemsError, Severity
from jxpj.forms.grid import Grid, Pos
from jxpj.forms.model import Value
from jxpj.forms.values import value_of

CHECK = "form-layout"


class Reader:
    def __init__(self, grid: Grid) -> None:
        self.grid = grid
        self.filled: list[Pos] = list(grid.filled())
        self._warnings: dict[Problem, None] = {}  # a dict keeps the first of duplicates, in order

    def text(self, pos: Pos) -> str:
        return self.grid.text(*pos)

    def value(self, r: int, c: int, units: tuple[str, ...] | None = None) -> Value:
        """The value shown at (r, c); ``units`` when a number belongs there (see values.value_of)."""
        cell = self.grid.at(r, c)
        if cell.missing:
            message = "formula has no saved value (the file was written by a program that does not calculate); open and save it in Excel or LibreOffice"
            self.warn(cell.where.problem(message, "form-formula", Severity.WARNING))
        found, warning = value_of(cell, units)
        if warning is not None:
            self.warn(warning)
        return found

    def own(self, r: int, c: int, units: tuple[str, ...] | None = None) -> Value | None:
        """The value at (r, c) unless it is a merged cell coming down from a row above."""
        if self.grid.anchor(r, c)[0] != r:
            return None
        return self.value(r, c, units)

    def span_end(self, r: int, c: int) -> int:
        """The last column the cell at (r, c) covers in row r."""
        anchor = self.grid.anchor(r, c)
        while c + 1 < self.grid.width and self.grid.anchor(r, c + 1) == anchor:
            c += 1
        return c

    def row_anchors(self, r: int, first: int = 0) -> list[tuple[int, Pos]]:
        """(first column, top-left) of each distinct cell of row r from column ``first`` on."""
        out: list[tuple[int, Pos]] = []
        previous: Pos | None = None
        for c in range(first, self.grid.width):
            anchor = self.grid.anchor(r, c)
            if anchor != previous:
                out.append((c, anchor))
                previous = anchor
        return out

    def right_of(self, r: int, c: int) -> int | None:
        """The first column right of the cell at (r, c), or None at the row's end."""
        end = self.span_end(r, c) + 1
        return end if end < self.grid.width else None

    def filled_in(self, first: int, last: int) -> Iterator[Pos]:
        """Non-blank cells whose top-left row lies in [first, last)."""
        return (pos for pos in self.filled if first <= pos[0] < last)

    def warn(self, problem: Problem) -> None:
        self._warnings.setdefault(problem, None)

    def warnings(self) -> tuple[Problem, ...]:
        return tuple(sorted(self._warnings))

    def error(self, pos: Pos, message: str) -> ProblemsError:
        return ProblemsError([self.grid.where(*pos).problem(message, CHECK)])
