"""The outcome of scoring: one node per indicator, the total and the grade.

Renderers, review, diff and portfolio tables all read this; nothing here computes scores.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from jxpj.budget import BudgetSummary
from jxpj.explain import Explanation
from jxpj.models.evidence import Evidence
from jxpj.models.spec import Spec
from jxpj.numbers import fmt_num


class Status(StrEnum):
    SCORED = "scored"
    NO_EVIDENCE = "no_evidence"  # never silently 0
    NOT_APPLICABLE = "not_applicable"
    INCOMPLETE = "incomplete"  # a parent with a child that has no evidence


# Not frozen, though nothing changes one once built: a frozen dataclass sets each of its twenty
# fields through object.__setattr__, seven times the cost of building it, and a batch builds 41
# per file (a quarter of scoring one). Hashable as before.
@dataclass(slots=True, unsafe_hash=True)
class NodeResult:
    """One indicator's result; a parent's score is the sum of its children's."""

    code: str
    name: str
    level: int  # 1 = 一级指标
    weight: Decimal
    score: Decimal | None
    rate: Decimal | None  # 得分率, percent
    status: Status
    children: tuple[NodeResult, ...] = ()
    kind: str | None = None  # rule kind, leaves only
    judgment: bool = False
    explanation: Explanation | None = None
    standard: str | None = None  # 评分标准
    value: str | None = None  # 业绩值
    planned: str | None = None  # 年度指标值
    note: str | None = None  # 评分说明
    deviation: str | None = None  # 偏差原因分析及改进措施
    not_applicable_reason: str | None = None
    reason: str | None = None  # the evaluator's justification of a judged score (kind judgment, banded_judgment)
    rule_score: Decimal | None = None  # with an adjustment (调整): what the rule gives; ``score`` is the adjusted one
    adjustment: str | None = None  # the adjustment's reason ("" when none was given)

    @property
    def is_leaf(self) -> bool:
        return not self.children

    @property
    def adjusted(self) -> bool:
        """The score counted is an adjustment of the rule's (调整)."""
        return self.rule_score is not None

    @property
    def deducted(self) -> bool:
        """Scored below its weight (扣分指标)."""
        return self.score is not None and self.score < self.weight

    @property
    def full(self) -> bool:
        """Scored its full weight (满分指标)."""
        return self.score is not None and self.score == self.weight

    def walk(self) -> Iterator[NodeResult]:
        return _walk([self])

    def leaves(self) -> Iterator[NodeResult]:
        return (n for n in _walk([self]) if not n.children)


@dataclass(frozen=True, slots=True)
class Result:
    """Everything a report needs: the spec and evidence it came from, and every number."""

    spec: Spec
    evidence: Evidence
    indicators: tuple[NodeResult, ...]
    budget: BudgetSummary | None
    weight: Decimal  # the spec's total (usually 100)
    score_sum: Decimal | None  # sum of the scored indicators
    total: Decimal | None  # after any not-applicable rescaling; None while evidence is missing
    rate: Decimal | None  # 得分率 of the total, percent
    grade: str | None
    status: Status
    total_explanation: Explanation | None = None
    # by code, filled on the first find(): a batch's rows never look a node up
    _index: dict[str, NodeResult] = field(default_factory=dict, repr=False, compare=False)

    def walk(self) -> Iterator[NodeResult]:
        return _walk(list(reversed(self.indicators)))

    def leaves(self) -> Iterator[NodeResult]:
        return (n for n in self.walk() if not n.children)

    def find(self, code: str) -> NodeResult | None:
        if not self._index:
            self._index.update((n.code, n) for n in self.walk())
        return self._index.get(code)


def _walk(stack: list[NodeResult]) -> Iterator[NodeResult]:
    """Every node, parents before their children, in the spec's order: one generator for the
    whole tree (a generator per node, chained by ``yield from``, cost twice as much)."""
    while stack:
        node = stack.pop()
        yield node
        if node.children:
            stack.extend(reversed(node.children))


_WHY_NONE = {  # status → (Chinese, English): why a node shows no number
    Status.NOT_APPLICABLE: ("不适用", "n/a"),
    Status.NO_EVIDENCE: ("无佐证", "no evidence"),
}


def score_label(node: NodeResult | None, *, chinese: bool = True) -> str:
    """A score as every table writes it: the number, or in words why there is none."""
    if node is None:
        return "—"
    why = _WHY_NONE.get(node.status)
    if why is not None:
        return why[0] if chinese else why[1]
    if node.score is None:
        return "未完成" if chinese else "incomplete"
    if node.rule_score is not None:  # both scores, wherever a score is shown: 7（调整前9）
        return f"{fmt_num(node.score)}（调整前{fmt_num(node.rule_score)}）" if chinese else f"{fmt_num(node.score)} (adjusted from {fmt_num(node.rule_score)})"
    return fmt_num(node.score)


def result_to_dict(result: Result) -> dict[str, Any]:
    project = result.evidence.project
    budget = result.budget
    return {
        "project": {
            "name": project.name,
            "year": project.year,
            "unit": project.unit,
            "department": project.department,
            "evaluator": project.evaluator,
        },
        "spec": {"title": result.spec.title, "framework": result.spec.framework.name if result.spec.framework else None},
        "total": result.total,
        "weight": result.weight,
        "rate": result.rate,
        "grade": result.grade,
        "status": str(result.status),
        "total_explanation": str(result.total_explanation) if result.total_explanation else None,
        "budget": None
        if budget is None
        else {
            "budget": budget.budget,
            "actual": budget.actual,
            "execution_rate": budget.rate,
            "lines": [{"name": r.name, "budget": r.budget, "actual": r.actual, "execution_rate": r.rate} for r in budget.rows],
        },
        "indicators": [_node(n) for n in result.indicators],
    }


def _node(node: NodeResult) -> dict[str, Any]:
    return {
        "code": node.code,
        "name": node.name,
        "level": node.level,
        "weight": node.weight,
        "score": node.score,
        "rate": node.rate,
        "status": "adjusted" if node.adjusted else str(node.status),
        "kind": node.kind,
        "judgment": node.judgment,
        "value": node.value,
        "explanation": str(node.explanation) if node.explanation else None,
        "adjustment": {"rule_score": node.rule_score, "score": node.score, "reason": node.adjustment} if node.adjusted else None,
        "children": [_node(c) for c in node.children],
    }
