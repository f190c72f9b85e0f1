"""Reading a filled evidence workbook into evidence data and the cell of every value.

Cells become the values YAML would give: text stays text; numbers become exact decimals (a number
cell holds a binary double, so we take the 15 significant digits Excel itself shows); dates become
``YYYY-MM-DD``. Nothing is validated here beyond the workbook's shape: the evidence model and the
engine check the data exactly as they check YAML, and their problems are located through the
returned :class:`SheetDocument`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jxpj.documents.sheet import Cell, SheetDocument
from jxpj.errors import Problem, ProblemsError, display_path
from jxpj.office.entry.cells import YES, cell_text, cell_value, fact_key, fact_value, project_value
from jxpj.office.entry.layout import (
    BUDGET,
    BUDGET_COLUMNS,
    ENTRY_AFTER,
    ENTRY_BEFORE,
    FACT,
    FINDING_COLUMNS,
    FINDINGS,
    INFO_COLUMNS,
    LEAVES,
    NARRATIVE,
    PROJECT,
    PROJECT_ROWS,
)
from jxpj.office.entry.vet import check_extent, open_workbook


def read(path: str | Path) -> SheetDocument:
    """The workbook's evidence data, each value located at its cell (see :mod:`jxpj.office.entry.vet`
    for what is refused before any cell is read)."""
    shown = display_path(path)
    book = open_workbook(path, shown)
    for ws in book.worksheets:
        check_extent(ws, shown)
    doc = SheetDocument(shown, {})
    missing = [name for name in (PROJECT, LEAVES) if name not in book.sheetnames]
    if missing:
        message = f"the workbook has no sheet {'、'.join(missing)}; start from the workbook jxpj init --xlsx writes"
        raise ProblemsError([Problem(shown, 1, 1, message, "workbook")])
    reader = _Reader(doc, book)
    reader.project(book[PROJECT])
    if BUDGET in book.sheetnames:
        reader.budget(book[BUDGET])
    findings = reader.findings(book[FINDINGS]) if FINDINGS in book.sheetnames else {}
    reader.leaves(book[LEAVES], findings)
    if NARRATIVE in book.sheetnames:
        reader.narrative(book[NARRATIVE])
    return doc


class _Reader:
    def __init__(self, doc: SheetDocument, book: Any) -> None:
        self.doc, self.book = doc, book
        self.data: dict[str, Any] = doc.data

    def at(self, loc: tuple[str | int, ...], ws: Any, row: int, col: int) -> None:
        self.doc.cells[loc] = Cell(ws.title, row, col)

    def problem(self, ws: Any, row: int, col: int, message: str) -> None:
        cell = Cell(ws.title, row, col)
        self.doc.problems.append(Problem(self.doc.path, row, col, f"{cell.name}: {message}", "workbook"))

    def project(self, ws: Any) -> None:
        keys = {key for key, _label, _hint in PROJECT_ROWS}
        project: dict[str, Any] = {}
        self.doc.home = Cell(ws.title, 1, 1)
        for row in range(2, ws.max_row + 1):
            key, value = cell_text(ws.cell(row, 1).value), ws.cell(row, 3).value
            if key is None:
                continue
            if key not in keys:
                self.problem(ws, row, 1, f"unknown key {key!r} in column A (keys: {', '.join(sorted(keys))})")
                continue
            loc: tuple[str | int, ...] = ("spec",) if key == "spec" else ("budget", "note") if key == "budget_note" else ("project", key)
            self.at(loc, ws, row, 3)
            if key == "name":
                self.at(("project",), ws, row, 3)
            value = project_value(key, value)
            if value is None:
                continue
            if key == "spec":
                self.data["spec"] = value
            elif key == "budget_note":
                self.data.setdefault("budget", {})["note"] = value
            else:
                project[key] = value
        self.data["project"] = project

    def _columns(self, ws: Any, expected: tuple[tuple[str, str], ...]) -> dict[int, str]:
        """Column number → key, by header text; a header not in ``expected`` is a problem."""
        by_label = {label: key for key, label in expected}
        columns: dict[int, str] = {}
        for col in range(1, ws.max_column + 1):
            header = cell_text(ws.cell(1, col).value)
            if header is None:
                continue
            if header in by_label:
                columns[col] = by_label[header]
            elif ws.title == LEAVES and (name := fact_key(header)) is not None:
                columns[col] = FACT + name
            else:
                self.problem(ws, 1, col, f"unknown column {header!r}; keep the headers jxpj wrote")
        return columns

    def budget(self, ws: Any) -> None:
        columns = self._columns(ws, BUDGET_COLUMNS)
        lines: list[dict[str, Any]] = []
        self.at(("budget",), ws, 1, 1)
        self.at(("budget", "lines"), ws, 2, 1)
        for row in range(2, ws.max_row + 1):
            line = {key: cell_value(ws.cell(row, col).value, text=key == "name") for col, key in columns.items()}
            line = {k: v for k, v in line.items() if v is not None}
            if not line:
                continue
            i = len(lines)
            self.at(("budget", "lines", i), ws, row, 1)
            for col, key in columns.items():
                self.at(("budget", "lines", i, key), ws, row, col)
            lines.append(line)
        if lines:
            self.data.setdefault("budget", {})["lines"] = lines

    def findings(self, ws: Any) -> dict[str, list[dict[str, Any]]]:
        columns = self._columns(ws, FINDING_COLUMNS)
        out: dict[str, list[dict[str, Any]]] = {}
        for row in range(2, ws.max_row + 1):
            cells = {key: (col, ws.cell(row, col).value) for col, key in columns.items()}
            finding = {k: cell_value(v, text=k in ("code", "reason", "item"), integer=k == "count") for k, (_c, v) in cells.items()}
            finding = {k: v for k, v in finding.items() if v is not None}
            if not finding:
                continue
            code: str | None = finding.pop("code", None)
            if code is None:
                self.problem(ws, row, 1, "a finding needs the code of its indicator (指标代码)")
                continue
            i = len(out.setdefault(code, []))
            self.at(("indicators", code, "facts", "findings", i), ws, row, cells["reason"][0] if "reason" in cells else 1)
            for key, (col, _v) in cells.items():
                self.at(("indicators", code, "facts", "findings", i, key), ws, row, col)
            self.doc.cells.setdefault(("indicators", code), Cell(ws.title, row, 1))
            out[code].append(finding)
        return out

    def leaves(self, ws: Any, findings: dict[str, list[dict[str, Any]]]) -> None:
        fixed = (*INFO_COLUMNS, *ENTRY_BEFORE, *ENTRY_AFTER)
        columns = self._columns(ws, fixed)
        fields = {key for key, _label in (*ENTRY_BEFORE, *ENTRY_AFTER)}
        info = {key for key, _label in INFO_COLUMNS}
        indicators: dict[str, dict[str, Any]] = {}
        seen: dict[str, int] = {}
        for row in range(2, ws.max_row + 1):
            code = cell_text(ws.cell(row, 1).value)
            if code is None:
                continue
            if code in seen:
                self.problem(ws, row, 1, f"indicator {code} has a second row (first in row {seen[code]}); keep one")
                continue
            seen[code] = row
            self.at(("indicators", code), ws, row, 1)
            entry: dict[str, Any] = {}
            facts: dict[str, Any] = {}
            for col, key in columns.items():
                if key in info:
                    continue
                raw = ws.cell(row, col).value
                if key in fields:
                    self.at(("indicators", code, key), ws, row, col)
                    if (text := cell_text(raw)) is not None:
                        entry[key] = text
                    continue
                name = key.removeprefix(FACT)
                fact = "findings" if name == "checked" else name
                self.at(("indicators", code, "facts", fact), ws, row, col)
                self.doc.cells.setdefault(("indicators", code, "facts"), Cell(ws.title, row, col))
                value = fact_value(name, raw)
                if value is not None:
                    facts[fact] = value
            if "findings" in facts or code in findings:
                checked = facts.pop("findings", None)
                if code in findings or checked in YES:
                    facts["findings"] = findings.pop(code, [])
            if facts:
                entry["facts"] = facts
            if entry:
                indicators[code] = entry
        for code, rows in findings.items():  # findings for a code with no row: the engine says so
            indicators.setdefault(code, {})["facts"] = {"findings": rows}
        self.data["indicators"] = indicators

    def narrative(self, ws: Any) -> None:
        texts: dict[str, str] = {}
        for row in range(2, ws.max_row + 1):
            key, text = cell_text(ws.cell(row, 1).value), cell_text(ws.cell(row, 3).value)
            if key is None and text is None:
                continue
            if key is None:
                self.problem(ws, row, 1, "a passage needs its key in column A")
                continue
            self.at(("narrative", key), ws, row, 3)
            if text is not None:
                texts[key] = text
        if texts:
            self.data["narrative"] = texts
