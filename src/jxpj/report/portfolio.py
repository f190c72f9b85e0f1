"""The portfolio summary in Markdown (``portfolio.md``): grade distribution, first-level averages,
the ranking, and the projects graded 中 or 差 with their largest deductions.

Every number is computed by :class:`~jxpj.portfolio.Portfolio` and formatted here; the template
(``templates/portfolio.md.j2``, in Chinese) only lays the strings out. Jinja is imported when a
summary is rendered, never when jxpj starts.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from jxpj.markdown import cell as markdown_cell
from jxpj.numbers import fmt_num, fmt_pct, ratio_percent
from jxpj.portfolio.rows import Average, Portfolio, ProjectRow

TEMPLATE = "portfolio.md.j2"
DASH = "—"  # an empty cell


def render_portfolio_markdown(portfolio: Portfolio, templates: Path | None = None) -> str:
    """The summary of a portfolio as Markdown text (through the report's one Jinja environment,
    so a user's ``--templates`` folder may shadow ``portfolio.md.j2`` too)."""
    from jxpj.report.render import environment, render

    return render(environment(templates), TEMPLATE, portfolio_view(portfolio))


def write_portfolio_markdown(portfolio: Portfolio, folder: str | Path, templates: Path | None = None) -> Path:
    """Write ``portfolio.md`` into ``folder``, whole or not at all."""
    from jxpj.files import write_files

    path = Path(folder) / "portfolio.md"
    write_files({path: render_portfolio_markdown(portfolio, templates).encode("utf-8")})
    return path


def portfolio_view(portfolio: Portfolio) -> dict[str, Any]:
    """Everything the template shows, as ready-made strings."""
    scored = portfolio.scored
    columns = portfolio.columns()
    average_total = portfolio.average_total()
    return {
        "title": f"{_years(portfolio.rows)}项目支出绩效评价汇总",
        "opening": _opening(portfolio, average_total),
        "scored": str(len(scored)),
        "grades": [{"grade": cell(g), "count": str(n), "share": _share(n, len(scored))} for g, n in portfolio.distribution()],
        "total_share": "100%" if scored else DASH,
        "averages": [_average(a) for a in (*portfolio.averages(), *([average_total] if average_total else []))],
        "columns": [cell(c) for c in columns],
        "ranking": [_ranked(rank, row, columns) for rank, row in zip(portfolio.ranks(), portfolio.rows, strict=True)],
        "low": [_low(row) for row in portfolio.low()],
    }


def cell(text: str | None) -> str:
    """Text safe inside a Markdown table cell (see :func:`jxpj.markdown.cell`), or a dash."""
    return markdown_cell(text) or DASH


def _years(rows: tuple[ProjectRow, ...]) -> str:
    years = sorted({r.year for r in rows if r.year is not None})
    if not years:
        return ""
    return f"{years[0]}年度" if len(years) == 1 else f"{years[0]}—{years[-1]}年度"


def _opening(portfolio: Portfolio, average_total: Average | None) -> str:
    parts = [f"本次共评价项目 {len(portfolio.rows)} 个"]
    if portfolio.incomplete:
        parts.append(f"其中 {portfolio.incomplete} 个项目证据不全、未计算总分")
    text = "，".join(parts)
    if average_total is not None:
        text += f"；已评分项目平均总分 {fmt_num(average_total.mean)} 分"
    if portfolio.failed:
        text += f"；另有 {portfolio.failed} 个文件存在错误，未能评分"
    return text + "。"


def _share(count: int, whole: int) -> str:
    rate = ratio_percent(Decimal(count), Decimal(whole)) if whole else None
    return fmt_pct(rate) if rate is not None else DASH


def _average(a: Average) -> dict[str, str]:
    return {
        "name": cell(a.name),
        "weight": fmt_num(a.weight) if a.weight is not None else DASH,
        "mean": fmt_num(a.mean),
        "rate": fmt_pct(a.rate) if a.rate is not None else DASH,
        "count": str(a.count),
    }


def _ranked(rank: int | None, row: ProjectRow, columns: tuple[str, ...]) -> dict[str, Any]:
    scores = {i.name: i.score for i in row.indicators}
    return {
        "rank": str(rank) if rank is not None else DASH,
        "name": cell(row.name),
        "year": str(row.year) if row.year is not None else DASH,
        "unit": cell(row.unit),
        "framework": cell(row.framework),
        "scores": [fmt_num(s) if (s := scores.get(c)) is not None else DASH for c in columns],
        "total": fmt_num(row.total) if row.total is not None else "证据不全",
        "grade": cell(row.grade),
    }


def _low(row: ProjectRow) -> dict[str, Any]:
    return {
        "name": row.name,
        "total": fmt_num(row.total) if row.total is not None else DASH,
        "grade": row.grade or DASH,
        "deductions": [
            {
                "code": d.code,
                "name": cell(d.name),
                "weight": fmt_num(d.weight),
                "score": fmt_num(d.score),
                "lost": fmt_num(d.lost),
                "note": cell(d.note),
            }
            for d in row.deductions
        ],
    }
