"""A review's value objects: each finding with its arithmetic, and the review that holds them.

Built by :mod:`jxpj.review.compare`, written out by :mod:`jxpj.review.output`; nothing here computes.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from jxpj.models.evidence import Evidence
from jxpj.models.spec import Spec
from jxpj.result import Result

Mode = Literal["rules", "claims-only"]

# kind → (English label, Chinese label for the 复核意见); the order findings are listed in.
KINDS: dict[str, tuple[str, str]] = {
    "over-weight": ("score above its weight", "得分超过权重"),
    "score": ("score differs from its rule", "得分与评分标准不符"),
    "subtotal": ("subtotal is not the sum of its rows", "小计与明细合计不符"),
    "no-reason": ("deduction without a reason", "扣分未说明理由"),
    "over-maximum": ("total above its rows' maximum", "总分超过可得最高分"),  # not 满分: it may be below 100
    "total-sum": ("total is not the sum of its rows", "总分与各项得分合计不符"),
    "total": ("total differs from the computed total", "总分与复核结果不符"),
    "grade-band": ("grade does not match the claimed total", "等级与所载总分不符"),
    "grade": ("grade differs from the computed grade", "等级与复核结果不符"),
    "rate": ("execution rate does not follow from the budget", "预算执行率与预算数据不符"),
    "funds-total": ("funds total is not the sum of its lines", "年度资金总额与其下各项资金合计不符"),
    # a note, never a finding: a 自评表 row whose 偏差原因 explains a score the rule would not give
    "score-noted": ("score differs from its rule, with a stated reason", "得分与评分标准不符，已说明偏差原因"),
}


@dataclass(frozen=True, slots=True)
class Finding:
    """One disagreement: what the report claims, what it should be, and why."""

    kind: str  # a key of KINDS
    code: str  # an indicator code, "total", "grade", a budget line's name or "合计"
    claimed: Decimal | str
    computed: Decimal | str | None  # what it is compared with (for over-weight: the weight)
    difference: Decimal | None  # claimed − computed
    explanation: str  # English, with the arithmetic
    explanation_zh: str  # the same in Chinese, for the 复核意见
    where: str = ""  # the cell a finding on a read form points at (Sheet1!H12, 表1 第7行第8列)


@dataclass(frozen=True, slots=True)
class Review:
    """Every finding of one review, in a fixed order, and what could not be checked."""

    spec: Spec
    evidence: Evidence
    mode: Mode
    findings: tuple[Finding, ...]
    checked: int  # claimed numbers examined
    unchecked: tuple[str, ...] = ()  # claims with nothing computed to compare (no evidence)
    result: Result | None = None
    notes: tuple[Finding, ...] = ()  # what a reader should see but is no error (score-noted)

    @property
    def agrees(self) -> bool:
        return not self.findings
