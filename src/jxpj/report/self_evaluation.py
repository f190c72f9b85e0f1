"""The 项目支出绩效自评表 layout (``layout: self_evaluation``) as a Markdown table.

The form has a funds block (年初预算数 / 全年预算数 / 全年执行数 / 分值 / 执行率 / 得分) and an
indicator block (一级 / 二级 / 三级 with 年度指标值 / 实际完成值 / 分值 / 得分 /
偏差原因分析及改进措施), then the 总分 and the grade. Everything shown is computed here from the
:class:`~jxpj.result.Result` and formatted once; the template only lays it out.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from jxpj.numbers import ZERO, fmt_money, fmt_num, fmt_pct
from jxpj.result import NodeResult, Result, Status, score_label

TEMPLATE = "self_evaluation.md.j2"
DASH = "—"


@dataclass(frozen=True, slots=True)
class FundsRow:
    name: str
    initial: str
    budget: str
    actual: str
    weight: str
    rate: str
    score: str


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    first: str  # 一级指标, on the first row of its group only (the printed form merges the cells)
    second: str  # 二级指标, likewise
    third: str  # 三级指标
    planned: str  # 年度指标值
    value: str  # 实际完成值
    weight: str  # 分值
    score: str  # 得分
    deviation: str  # 偏差原因分析及改进措施


@dataclass(frozen=True, slots=True)
class Form:
    title: str
    year: str  # （2024年度）
    project: dict[str, str]
    funds: tuple[FundsRow, ...]
    funds_deviation: str  # 偏差原因分析及改进措施 of the 预算执行率 row
    indicators: tuple[IndicatorRow, ...]
    weight: str
    total: str
    conclusion: str
    judged: bool  # some score is the evaluator's judgment (marked J)
    reasons: tuple[str, ...] = ()  # each J row's reason: 老年人就餐便利度提升（达成，16.5分）：……
    adjustments: tuple[str, ...] = ()  # each adjusted row: 助餐服务人次：按评分标准得9分，调整为8分，理由：……


def render_self_evaluation(result: Result, templates: Path | None = None) -> str:
    """The 自评表 of ``result`` as Markdown (through the report's one Jinja environment)."""
    from jxpj.report.render import environment, render

    return render(environment(templates), TEMPLATE, {"form": form_of(result)})


def form_of(result: Result) -> Form:
    """The form's rows, every number formatted."""
    project = result.evidence.project
    funds_node = _funds_node(result)
    info = {
        "项目名称": project.name,
        "主管部门": project.department or "",
        "实施单位": project.unit or "",
    }
    indicators = tuple(_indicator_rows(result, funds_node))
    judged = any(n.judgment and n.score is not None for n in result.leaves())
    reasons = tuple(_reason(result, n) for n in result.leaves() if n.judgment and n.score is not None and n.reason)
    if result.total is None:
        missing = sum(1 for n in result.leaves() if n.status == Status.NO_EVIDENCE)
        total, conclusion = "", f"尚有{missing}项指标无佐证，总分暂不能计算。"
    else:
        total = fmt_num(result.total)
        conclusion = f"自评总分{total}分，评价等级为“{result.grade}”。"
    return Form(
        title=project.report_title or "项目支出绩效自评表",
        year=f"（{project.year}年度）" if project.year else "",
        project=info,
        funds=tuple(_funds_rows(result, funds_node)),
        funds_deviation=(funds_node.deviation or "") if funds_node else "",
        indicators=indicators,
        weight=fmt_num(result.weight),
        total=total,
        conclusion=conclusion,
        judged=judged,
        reasons=reasons,
        adjustments=tuple(_adjustment(n) for n in result.leaves() if n.rule_score is not None),
    )


def _adjustment(node: NodeResult) -> str:
    reason = f"，理由：{node.adjustment}" if node.adjustment else "，未说明调整理由"
    return f"{node.name}：按评分标准得{fmt_num(node.rule_score or ZERO)}分，调整为{fmt_num(node.score or ZERO)}分{reason}"


def _reason(result: Result, node: NodeResult) -> str:
    """``老年人就餐便利度提升（达成，16.5分）：……``: a judged score is only as good as its reason,
    and the printed form has no column for it, so the form lists it beneath the table."""
    entry = result.evidence.indicators.get(node.code)
    band = (entry.facts or {}).get("band") if entry is not None and node.kind == "banded_judgment" else None
    held = f"{band}，" if isinstance(band, str) and band else ""
    return f"{node.name}（{held}{fmt_num(node.score or ZERO)}分）：{node.reason}"


def _funds_node(result: Result) -> NodeResult | None:
    """The first-level leaf scored from the budget lines: the form's 预算执行率 row."""
    for node in result.indicators:
        indicator = result.spec.find(node.code)
        rule = result.spec.rule_of(indicator) if node.is_leaf and indicator is not None else None
        if getattr(rule, "source", None) == "budget_execution_rate":
            return node
    return None


def _score(node: NodeResult) -> str:
    return score_label(node) + (" J" if node.judgment and node.score is not None else "")


def _funds_rows(result: Result, funds: NodeResult | None) -> Iterator[FundsRow]:
    budget = result.budget
    weight = fmt_num(funds.weight) if funds else DASH
    score = _score(funds) if funds else DASH
    if budget is None:
        yield FundsRow("年度资金总额", "", "", "", weight, "无佐证", score)
        return
    initial = fmt_money(budget.initial) if budget.initial is not None else ""
    rate = fmt_pct(budget.rate) if budget.rate is not None else DASH
    yield FundsRow("年度资金总额", initial, fmt_money(budget.budget), fmt_money(budget.actual), weight, rate, score)
    for index, row in enumerate(budget.rows):
        yield FundsRow(
            ("其中：" if index == 0 else "") + row.name,
            fmt_money(row.initial) if row.initial is not None else "",
            fmt_money(row.budget),
            fmt_money(row.actual),
            DASH,
            fmt_pct(row.rate) if row.rate is not None else DASH,
            DASH,
        )


def _indicator_rows(result: Result, funds: NodeResult | None) -> Iterator[IndicatorRow]:
    shown: set[str] = set()
    for path in _leaf_paths(result.indicators):
        leaf = path[-1]
        if leaf is funds:
            continue
        groups = path[:-1]
        first = groups[0] if groups else leaf
        middle = " / ".join(n.name for n in groups[1:])
        first_text = "" if first.code in shown else f"{first.name}（{fmt_num(first.weight)}）"
        second_key = "/".join(n.code for n in groups[1:])
        second_text = "" if not middle or second_key in shown else middle
        shown.update({first.code, second_key})
        yield IndicatorRow(
            first=first_text,
            second=second_text,
            third=leaf.name if groups else "",
            planned=leaf.planned or "",
            value=leaf.value or "",
            weight=fmt_num(leaf.weight),
            score=_score(leaf),
            deviation=leaf.deviation or "",
        )


def _leaf_paths(nodes: tuple[NodeResult, ...]) -> Iterator[tuple[NodeResult, ...]]:
    for node in nodes:
        if node.is_leaf:
            yield (node,)
        else:
            for path in _leaf_paths(node.children):
                yield (node, *path)
