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
from jxpj.report.wording import cn_numeral

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
    """Everything the template shows, as ready-made strings.

    Averages never mix scales: they are grouped by framework (one table each when the portfolio
    holds several), an indicator weighted differently is averaged per weight, and totals out of
    different full scores are compared by their mean 得分率 only.
    """
    scored = portfolio.scored
    columns = portfolio.columns()
    frameworks = portfolio.frameworks()
    groups = [_group(portfolio.only(f), f"（{cn_numeral(i)}）{f}" if len(frameworks) > 1 else "") for i, f in enumerate(frameworks, 1)]
    mixed = any(g["mixed"] for g in groups)
    return {
        "title": f"{_years(portfolio.rows)}项目支出绩效评价汇总",
        "opening": _opening(portfolio),
        "scored": str(len(scored)),
        "grades": [{"grade": cell(g), "count": str(n), "share": _share(n, len(scored))} for g, n in portfolio.distribution()],
        "total_share": "100%" if scored else DASH,
        "average_groups": groups,
        "averages": [row for g in groups for row in g["rows"]],  # all groups' rows, for templates of before
        "averages_note": "注：满分不同的项目，总分不作平均，平均得分率为各项目得分率的平均数。" if mixed else "",
        "columns": [_column(portfolio, c) for c in columns],
        "ranking": [_ranked(rank, row, columns) for rank, row in zip(portfolio.ranks(), portfolio.rows, strict=True)],
        "low": [_low(row) for row in portfolio.low()],
    }


def _group(portfolio: Portfolio, heading: str) -> dict[str, Any]:
    """One framework's first-level averages and its total (or, for mixed full scores, its mean 得分率)."""
    rows = [_average(a) for a in portfolio.averages()]
    total = portfolio.average_total()
    mixed = total is None and len(portfolio.scored) > 0
    if total is not None:
        rows.append(_average(total))
    elif mixed:
        rate = portfolio.average_rate()
        rows.append({"name": "总分", "weight": DASH, "mean": DASH, "rate": fmt_pct(rate) if rate is not None else DASH, "count": str(len(portfolio.scored))})
    return {"heading": heading, "rows": rows, "mixed": mixed}


def _column(portfolio: Portfolio, name: str) -> str:
    """``预算执行率（10分）``: the column holds a score out of its weight, never a rate."""
    weights = {w for row in portfolio.rows for _, n, w in row.layout if n == name}
    return cell(f"{name}（{fmt_num(weights.pop())}分）" if len(weights) == 1 else f"{name}（得分）")


def cell(text: str | None) -> str:
    """Text safe inside a Markdown table cell (see :func:`jxpj.markdown.cell`), or a dash."""
    return markdown_cell(text) or DASH


def _years(rows: tuple[ProjectRow, ...]) -> str:
    years = sorted({r.year for r in rows if r.year is not None})
    if not years:
        return ""
    return f"{years[0]}年度" if len(years) == 1 else f"{years[0]}—{years[-1]}年度"


def _opening(portfolio: Portfolio) -> str:
    parts = [f"本次共评价项目 {len(portfolio.rows)} 个"]
    if portfolio.incomplete:
        parts.append(f"其中 {portfolio.incomplete} 个项目证据不全、未计算总分")
    text = "，".join(parts)
    average_total, rate = portfolio.average_total(), portfolio.average_rate()
    if average_total is not None:
        text += f"；已评分项目平均总分 {fmt_num(average_total.mean)} 分"
    elif rate is not None:  # totals out of different full scores: only their rates compare
        text += f"；已评分项目满分不同，平均得分率 {fmt_pct(rate)}"
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
