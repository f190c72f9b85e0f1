"""Opening an evidence workbook safely: the file vetted as a zip of bounded XML before openpyxl
parses it, and every way a damaged or hostile workbook fails turned into a located problem.

A workbook is a zip of XML, and openpyxl reads all of it: a file that unpacks to 72 MB took
136 s, one with a DOCTYPE could expand entities, a truncated sheet raised ``ParseError`` and a
cell in row 10^23 a ``ValueError``, each a traceback. The bounds are those of a YAML file (10 MiB
unpacked) and of any real evidence workbook (cells, rows and columns); Excel never writes a
DOCTYPE, so one is refused outright.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

from jxpj.documents.reading import MAX_BYTES, read_bytes
from jxpj.documents.sheet import Cell
from jxpj.errors import Problem, ProblemsError, UsageError
from jxpj.office.extra import require

MAX_UNPACKED = MAX_BYTES  # as for a YAML file; a filled evidence workbook unpacks to well under 1 MiB
MAX_CELLS = 20_000  # a budget of 2,000 lines is 10,000 cells; openpyxl reads some 25,000 a second
MAX_ROWS = 10_000
MAX_COLUMNS = 200
_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")  # <c r="A1" …>, or <x:c …> with a prefix
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)


def open_workbook(path: str | Path, shown: str) -> Any:
    """The workbook at ``path``, loaded with the values Excel saved, or a problem at its first cell."""
    openpyxl = require("openpyxl", "reading an Excel evidence workbook")
    try:
        raw = read_bytes(path, MAX_BYTES, shown, check="workbook")
    except IsADirectoryError:
        raise UsageError(f"{shown}: is a folder, expected an .xlsx file") from None
    except OSError as exc:
        raise UsageError(f"{shown}: cannot read: {exc.strerror or exc}") from None
    try:
        _vet(raw, shown)
        return openpyxl.load_workbook(io.BytesIO(raw), data_only=True)  # formulas: the values Excel saved
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, ValueError, TypeError, OSError, EOFError, SyntaxError) as exc:
        # SyntaxError: xml's ParseError (a truncated sheet). The file was read, so each of these
        # says it is not a workbook: a renamed .docx or .xls, a damaged download.
        detail = " ".join(str(exc).split())[:200]
        message = f"not a readable Excel workbook (.xlsx): {detail}; save it from Excel as .xlsx"
        raise ProblemsError([Problem(shown, 1, 1, message, "workbook")]) from None


def _vet(raw: bytes, shown: str) -> None:
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        members = archive.infolist()
        unpacked = sum(info.file_size for info in members)
        if unpacked > MAX_UNPACKED:
            message = f"the workbook unpacks to {unpacked:,} bytes; jxpj reads at most {MAX_UNPACKED:,}"
            raise ProblemsError([Problem(shown, 1, 1, message, "workbook")])
        cells = 0
        for info in members:
            if not info.filename.lower().endswith((".xml", ".rels")):
                continue
            data = archive.read(info)  # at most file_size bytes: zipfile stops there (and checks the CRC)
            if _DOCTYPE.search(data):
                message = f"{info.filename} declares a DOCTYPE, which Excel never writes (it can expand entities without bound); save the workbook from Excel again"
                raise ProblemsError([Problem(shown, 1, 1, message, "workbook")])
            if info.filename.startswith("xl/worksheets/"):
                cells += len(_CELL.findall(data))
        if cells > MAX_CELLS:
            message = f"the workbook has {cells:,} cells; jxpj reads at most {MAX_CELLS:,} (an evidence workbook needs a few hundred)"
            raise ProblemsError([Problem(shown, 1, 1, message, "workbook")])


def check_extent(ws: Any, shown: str) -> None:
    """A sheet reaching far beyond any table jxpj writes is refused at its farthest cell, before
    reading it row by row would create every empty cell up to there."""
    rows, columns = ws.max_row, ws.max_column
    if rows <= MAX_ROWS and columns <= MAX_COLUMNS:
        return
    far = Cell(ws.title, min(rows, 1_048_576), min(columns, 16_384))
    what = f"row {rows:,}" if rows > MAX_ROWS else f"column {columns:,}"
    message = (
        f"{far.name}: the sheet reaches {what}; jxpj reads at most {MAX_ROWS:,} rows and "
        f"{MAX_COLUMNS} columns: delete what lies below or beside the table"
    )
    raise ProblemsError([Problem(shown, min(rows, 1_048_576), min(columns, 16_384), message, "workbook")])
