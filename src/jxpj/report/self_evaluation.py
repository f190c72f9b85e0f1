"""The 项目支出绩效自评表 layout (``layout: self_evaluation``) as a Markdown table.

The form has a funds block (年初预算数 / 全年预算数 / 全年执行数 / 分值 / 执行率 / 得分), the
年度总体目标 (预期目标 / 实际完成情况) and an indicator block (一级 / 二级 / 三级 with 指标性质 /
年度指标值 / 度量单位 / 实际完成值 / 分值 / 得分 / 偏差原因分析及改进措施), then the 总分, the grade
and the notes on judged and adjusted scores. Everything shown is computed here from the
:class:`~jxpj.result.Result` and formatted once; the template only lays it out.

Names a template (``self_evaluation.md.j2``) can use, all strings unless said:

* ``form.title`` (the evidence's ``project.report_title``, else the spec's ``title``), ``form.year``
  (``（2024年度）`` or empty), ``form.project`` (a mapping 项目名称 / 主管部门 / 实施单位 → text);
* ``form.money_unit`` (元 or 万元: the unit the budget lines are written and shown in),
  ``form.funds`` (rows with ``name``, ``initial``, ``budget``, ``actual``, ``weight``, ``rate``,
  ``score``; the first is 年度资金总额), ``form.funds_deviation``;
* ``form.goal_planned``, ``form.goal_actual`` (年度总体目标; empty when the evidence has none);
* ``form.indicators`` (rows with ``first``, ``second``, ``third``, ``nature`` (≥ ≤ = 定性 …),
  ``planned``, ``unit`` (度量单位), ``value``, ``weight``, ``score``, ``deviation``; ``first`` and
  ``second`` only on the first row of their group), ``form.show_unit`` (a bool: some row has a
  度量单位);
* ``form.indicators_title`` (``绩效指标``, or ``绩效指标（90分）`` where one first-level node holds
  every row and 一级 starts below it);
* ``form.weight``, ``form.total`` (empty while evidence is missing), ``form.conclusion``;
* ``form.judged`` (a bool), ``form.reasons`` (one line per score marked J, with its reason),
  ``form.adjustments`` (one line per adjusted score, with both scores and the reason).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from jxpj.numbers import ZERO, fmt_money, fmt_num, fmt_pct, quantize
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
    nature: str = ""  # 指标性质: ≥ ≤ = 定性
    unit: str = ""  # 度量单位


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
    adjustments: tuple[str, ...] = ()  # each adjusted row: 助餐服务人次：按评分标准得9.24分，调整为9分，理由：……
    money_unit: str = "元"
    goal_planned: str = ""  # 年度总体目标·预期目标
    goal_actual: str = ""  # 年度总体目标·实际完成情况
    show_unit: bool = False
    indicators_title: str = "绩效指标"  # 绩效指标（90分） where one first-level node holds every row


def render_self_evaluation(result: Result, templates: Path | None = None) -> str:
    """The 自评表 of ``result`` as Markdown (through the report's one Jinja environment)."""
    from jxpj.report.render import environment, render

    return render(environment(templates), TEMPLATE, {"form": form_of(result)})


def form_of(result: Result) -> Form:
    """The form's rows, every number formatted."""
    project = result.evidence.project
    funds_node = _funds_node(result)
    info = {"项目名称": project.name, "主管部门": project.department or "", "实施单位": project.unit or ""}
    block = _block(result, funds_node)
    indicators = tuple(_indicator_rows(result, funds_node, block))
    leaves = list(result.leaves())
    if result.total is None:
        missing = sum(1 for n in leaves if n.status == Status.NO_EVIDENCE)
        total, conclusion = "", f"尚有{missing}项指标无佐证，总分暂不能计算。"
    else:
        total = fmt_num(result.total)
        conclusion = f"自评总分{total}分，评价等级为“{result.grade}”。"
    goal = result.evidence.overall_goal
    return Form(
        title=project.report_title or result.spec.title,
        year=f"（{project.year}年度）" if project.year else "",
        project=info,
        funds=tuple(_funds_rows(result, funds_node)),
        funds_deviation=(funds_node.deviation or "") if funds_node else "",
        indicators=indicators,
        weight=fmt_num(result.weight),
        total=total,
        conclusion=conclusion,
        judged=any(n.judgment and n.score is not None for n in leaves),
        reasons=tuple(_reason(result, n) for n in leaves if n.judgment and n.score is not None and n.reason),
        adjustments=tuple(_adjustment(n) for n in leaves if n.rule_score is not None),
        money_unit=result.budget.unit if result.budget is not None else result.spec.unit,
        goal_planned=(goal.planned or "") if goal is not None else "",
        goal_actual=(goal.actual or "") if goal is not None else "",
        show_unit=any(row.unit for row in indicators),
        indicators_title=f"{block.name}（{fmt_num(block.weight)}分）" if block is not None else "绩效指标",
    )


def _block(result: Result, funds: NodeResult | None) -> NodeResult | None:
    """The first-level node that holds every indicator row four levels deep (四川: 绩效指标（90分）
    over 产出指标 / 数量指标 / …): the form titles its block with it and starts 一级 below it."""
    paths = [p for p in _leaf_paths(result.indicators) if funds is None or p[-1].code != funds.code]
    tops = {p[0].code for p in paths}
    if len(tops) != 1 or any(len(p) < 4 for p in paths):
        return None
    return paths[0][0]


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
    """The leaf scored from the budget lines: the form's 预算执行率 row (first level, or the only
    row of a first-level group such as 预算执行情况)."""
    for leaf in result.spec.leaves():
        if getattr(result.spec.rule_of(leaf), "source", None) == "budget_execution_rate":
            return result.find(leaf.code)
    return None


def _score(node: NodeResult) -> str:
    return score_label(node) + (" J" if node.judgment and node.score is not None else "")


def _money(yuan: Decimal, unit: str) -> str:
    """An amount in the unit the form uses: ``3,000,000.00`` 元, ``300.00`` or ``261.74365`` 万元."""
    if unit == "元":
        return fmt_money(yuan)
    wan = yuan / Decimal(10000)  # exact: the lines were written in 万元
    return f"{quantize(wan, 2):,.2f}" if wan == quantize(wan, 2) else format(wan.normalize(), ",f")


def _funds_rows(result: Result, funds: NodeResult | None) -> Iterator[FundsRow]:
    budget = result.budget
    weight = fmt_num(funds.weight) if funds else DASH
    score = _score(funds) if funds else DASH
    if budget is None:
        yield FundsRow("年度资金总额", "", "", "", weight, "无佐证", score)
        return
    unit = budget.unit
    initial = _money(budget.initial, unit) if budget.initial is not None else ""
    rate = fmt_pct(budget.rate) if budget.rate is not None else DASH
    yield FundsRow("年度资金总额", initial, _money(budget.budget, unit), _money(budget.actual, unit), weight, rate, score)
    for index, row in enumerate(budget.rows):
        yield FundsRow(
            ("其中：" if index == 0 else "") + row.name,
            _money(row.initial, unit) if row.initial is not None else "",
            _money(row.budget, unit),
            _money(row.actual, unit),
            DASH,
            fmt_pct(row.rate) if row.rate is not None else DASH,
            DASH,
        )


# 指标性质 of each rule, as the form writes it: the direction of a quantitative target, or 定性
_OPS = {">=": "≥", "<=": "≤", "==": "=", ">": ">", "<": "<", "increase": ">", "decrease": "<"}
_QUALITATIVE = {"banded_judgment", "grade", "pass_fail", "checklist", "deductions"}  # judgment: either; the spec says


def nature(params: Any) -> str:
    """``≥``, ``≤``, ``=`` or ``定性`` for a rule, or empty where the rule does not say."""
    kind = getattr(params, "kind", None)
    if kind in _QUALITATIVE:
        return "定性"
    if kind in ("ratio", "threshold_deduction"):
        return "≤" if params.direction == "at_most" else "≥"
    if kind == "target":
        return _OPS[params.op]
    if kind == "deadline":
        return "≤"  # 完成时间 ≤ 计划时间
    return ""


def _indicator_rows(result: Result, funds: NodeResult | None, block: NodeResult | None) -> Iterator[IndicatorRow]:
    shown: set[str] = set()
    for path in _leaf_paths(result.indicators):
        leaf = path[-1]
        if funds is not None and leaf.code == funds.code:
            continue
        groups = path[1:-1] if block is not None else path[:-1]
        first = groups[0] if groups else leaf
        middle = " / ".join(n.name for n in groups[1:])
        first_text = "" if first.code in shown else f"{first.name}（{fmt_num(first.weight)}）"
        second_key = "/".join(n.code for n in groups[1:])
        second_text = "" if not middle or second_key in shown else middle
        shown.update({first.code, second_key})
        indicator = result.spec.find(leaf.code)
        params = result.spec.rule_of(indicator) if indicator is not None else None
        yield IndicatorRow(
            first=first_text,
            second=second_text,
            third=leaf.name if groups else "",
            planned=leaf.planned or "",
            value=leaf.value or "",
            weight=fmt_num(leaf.weight),
            score=_score(leaf),
            deviation=leaf.deviation or "",
            nature=(indicator.nature if indicator is not None and indicator.nature else nature(params)),
            unit=(indicator.unit or "") if indicator is not None else "",
        )


def _leaf_paths(nodes: tuple[NodeResult, ...]) -> Iterator[tuple[NodeResult, ...]]:
    for node in nodes:
        if node.is_leaf:
            yield (node,)
        else:
            for path in _leaf_paths(node.children):
                yield (node, *path)
