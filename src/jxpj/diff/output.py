"""A comparison as a terminal table, Markdown (对比表) and stable JSON. Computes nothing."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from jxpj.diff.compare import Change, Diff
from jxpj.markdown import cell
from jxpj.numbers import fmt_num, fmt_pct
from jxpj.result import NodeResult, Result, score_label
from jxpj.zh.values import performance_value


def signed(value: Decimal | None) -> str:
    if value is None:
        return "—"
    if value == 0:
        return "0"
    text = fmt_num(value)
    return text if value < 0 else f"+{text}"


def weight_text(change: Change) -> str:
    wa = change.a.weight if change.a else None
    wb = change.b.weight if change.b else None
    if wa is not None and wb is not None and wa != wb:
        return f"{fmt_num(wa)} → {fmt_num(wb)}"
    return fmt_num(wa if wa is not None else wb)  # type: ignore[arg-type]


def value_text(side: NodeResult | None, result: Result) -> str:
    """A side's 业绩值: written in its evidence or derived from its facts, as the report shows it."""
    if side is None:
        return "—"
    return performance_value(result, side) or ""


def _pct(value: Decimal | None) -> str:
    return fmt_pct(value) if value is not None else "—"


def summary_lines(d: Diff, labels: tuple[str, str]) -> list[str]:
    a, b = d.a, d.b
    total_a = fmt_num(a.total) if a.total is not None else "incomplete"
    total_b = fmt_num(b.total) if b.total is not None else "incomplete"
    grade = "unchanged" if a.grade == b.grade else "changed"
    lines = [
        f"A: {labels[0]}   B: {labels[1]}",
        f"total: {total_a} → {total_b} ({signed(d.total_delta)}); grade {a.grade or '—'} → {b.grade or '—'} ({grade})",
    ]
    ra, rb = d.rates
    if ra is not None or rb is not None:
        lines.append(f"预算执行率: {_pct(ra)} → {_pct(rb)} ({signed(d.rate_delta)} points)")
    return lines


def diff_markdown(d: Diff, labels: tuple[str, str], *, every: bool = False) -> str:
    """对比表: totals and grades, the first level, then every changed indicator below it."""
    a, b = d.a, d.b
    name = a.evidence.project.name if a.evidence.project.name == b.evidence.project.name else f"{a.evidence.project.name}与{b.evidence.project.name}"
    grade = "未变" if a.grade == b.grade else "变化"
    total_a = fmt_num(a.total) if a.total is not None else "未完成"
    total_b = fmt_num(b.total) if b.total is not None else "未完成"
    out = [
        f"# {name}绩效评价结果对比",
        "",
        f"A：{cell(labels[0])}；B：{cell(labels[1])}。",
        "",
        "| 项目 | A | B | 变化 |",
        "|---|---:|---:|---:|",
        f"| 总分 | {total_a} | {total_b} | {signed(d.total_delta)} |",
        f"| 等级 | {a.grade or '—'} | {b.grade or '—'} | {grade} |",
    ]
    ra, rb = d.rates
    if ra is not None or rb is not None:
        delta = f"{signed(d.rate_delta)}个百分点" if d.rate_delta is not None else "—"
        out.append(f"| 预算执行率 | {_pct(ra)} | {_pct(rb)} | {delta} |")
    out += ["", "## 一级指标", "", "| 代码 | 指标 | 权重 | 得分（A） | 得分（B） | 变化 |", "|---|---|---:|---:|---:|---:|"]
    for c in d.first_level():
        out.append(f"| {cell(c.code)} | {cell(c.name)} | {weight_text(c)} | {score_label(c.a)} | {score_label(c.b)} | {signed(c.delta)} |")
    rows = tuple(c for c in d.changes if c.level > 1) if every else d.changed()
    out += ["", "## 各指标" if every else "## 发生变化的指标", ""]
    if not rows:
        out.append("一级指标以下各指标的权重、业绩值和得分均无变化。")
    else:
        out += ["| 代码 | 指标 | 权重 | 业绩值（A） | 业绩值（B） | 得分（A） | 得分（B） | 变化 |", "|---|---|---:|---|---|---:|---:|---:|"]
        for c in rows:
            cells = (c.code, c.name, weight_text(c), value_text(c.a, d.a), value_text(c.b, d.b), score_label(c.a), score_label(c.b), signed(c.delta))
            out.append("| " + " | ".join(cell(x) for x in cells) + " |")
    return "\n".join(out) + "\n"


def _side(node: Any) -> dict[str, Any] | None:
    if node is None:
        return None
    return {"weight": node.weight, "value": node.value, "score": node.score, "status": str(node.status)}


def diff_to_dict(d: Diff, labels: tuple[str, str]) -> dict[str, Any]:
    """Stable JSON: totals, grades and rates of both sides, then every indicator."""
    ra, rb = d.rates
    return {
        "a": {"label": labels[0], "project": d.a.evidence.project.name, "total": d.a.total, "grade": d.a.grade, "execution_rate": ra},
        "b": {"label": labels[1], "project": d.b.evidence.project.name, "total": d.b.total, "grade": d.b.grade, "execution_rate": rb},
        "total_change": d.total_delta,
        "grade_changed": d.a.grade != d.b.grade,
        "execution_rate_change": d.rate_delta,
        "indicators": [
            {"code": c.code, "name": c.name, "level": c.level, "changed": c.changed, "score_change": c.delta, "a": _side(c.a), "b": _side(c.b)}
            for c in d.changes
        ],
    }
