"""A portfolio as CSV and as JSON text (``jxpj score DIR --format csv|json``).

Both list the projects in rank order with the same columns as the table. CSV holds the rows
only, so that it loads as a table anywhere; JSON adds the grade distribution and the averages.
Numbers are written with their exact digits, never through a float.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from decimal import Decimal
from typing import Any, TextIO

from jxpj.numbers import dumps, fmt_num
from jxpj.office.entry.cells import csv_text
from jxpj.portfolio.rows import Portfolio, ProjectRow


def _num(value: Decimal | None) -> str:
    return "" if value is None else fmt_num(value)


def csv_header(portfolio: Portfolio) -> list[str]:
    return ["rank", "name", "year", "unit", "framework", *portfolio.columns(), "total", "grade", "path"]


def csv_rows(portfolio: Portfolio) -> Iterator[list[str]]:
    """The cells of each ranked row, one row at a time (10,000 rows are never all built)."""
    columns = portfolio.columns()
    for rank, row in zip(portfolio.ranks(), portfolio.rows, strict=True):
        scores = {name: _num(score) for (_, name, _), score in zip(row.layout, row.scores, strict=True)}
        yield [
            "" if rank is None else str(rank),
            row.name,
            "" if row.year is None else str(row.year),
            row.unit or "",
            row.framework,
            *(scores.get(name, "") for name in columns),
            _num(row.total),
            row.grade or "",
            row.path,
        ]


def csv_safe_rows(portfolio: Portfolio) -> Iterator[list[str]]:
    """:func:`csv_rows` with each text field kept text in a spreadsheet (a project named
    ``=HYPERLINK(…)`` is not a formula when the client opens the CSV); numbers stay bare."""
    text = {1, 3, 4, len(csv_header(portfolio)) - 2, len(csv_header(portfolio)) - 1}  # name, unit, framework, grade, path
    for cells in csv_rows(portfolio):
        yield [csv_text(c) if i in text else c for i, c in enumerate(cells)]


def write_csv(portfolio: Portfolio, out: TextIO) -> None:
    """The ranked rows as CSV, a header first, ``\\n`` line ends (same bytes on every OS)."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(csv_header(portfolio))
    writer.writerows(csv_safe_rows(portfolio))


def portfolio_to_dict(portfolio: Portfolio) -> dict[str, Any]:
    """The stable JSON form: counts, distribution, averages, then the ranked projects."""
    scored = portfolio.scored
    total = portfolio.average_total()
    return {
        "projects_scored": len(scored),
        "projects_incomplete": portfolio.incomplete,
        "files_failed": portfolio.failed,
        "grades": [{"grade": g, "count": n} for g, n in portfolio.distribution()],
        "average_total": total.mean if total is not None else None,
        "averages": [
            {"name": a.name, "weight": a.weight, "average": a.mean, "projects": a.count} for a in portfolio.averages()
        ],
        "projects": [_project(rank, row) for rank, row in zip(portfolio.ranks(), portfolio.rows, strict=True)],
    }


def _project(rank: int | None, row: ProjectRow) -> dict[str, Any]:
    return {
        "rank": rank,
        "name": row.name,
        "year": row.year,
        "unit": row.unit,
        "framework": row.framework,
        "indicators": [{"code": i.code, "name": i.name, "weight": i.weight, "score": i.score} for i in row.indicators],
        "total": row.total,
        "grade": row.grade,
        "path": row.path,
        "largest_deductions": [
            {"code": d.code, "name": d.name, "weight": d.weight, "score": d.score, "deducted": d.lost} for d in row.deductions
        ],
    }


def portfolio_json(portfolio: Portfolio) -> str:
    return dumps(portfolio_to_dict(portfolio))
