"""``threshold_deduction``: full marks at or beyond a threshold rate; each percentage point
short deducts a share of the weight or a fixed number of points, down to zero.

This is the 预算执行率 rule of the founding report: 95%, 2% of the weight per point below.
The mirror form (``direction: at_most``) is for "lower is better" rates, e.g. 在职人员控制率
≤ 100%, 0.5 points per point above.

Spec::

    rule:
      kind: threshold_deduction
      threshold: 95                 # percent
      per_point: {share: 0.02}      # or {points: 0.5}
      direction: at_least           # or at_most
      source: budget_execution_rate # optional: computed from the budget lines, never typed

Evidence, when there is no ``source``::

    facts: {actual: 84.05}          # percent; "84.05%" is accepted too

Explanation: ``(95% − 84.05%) × 2% × 4 = 0.876 → 0.88 deducted; 4 − 0.88 = 3.12``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field, model_validator

from jxpj.explain import num, share
from jxpj.numbers import NonNegative, Rate, fmt_num, fmt_pct
from jxpj.rules.base import (
    Facts,
    Outcome,
    Rule,
    RuleContext,
    RuleParams,
    Source,
    deduct,
    full_marks,
)
from jxpj.strict import Model


class PerPoint(Model):
    share: NonNegative | None = Field(default=None, le=1)
    points: NonNegative | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> PerPoint:
        if (self.share is None) == (self.points is None):
            raise ValueError("give exactly one of share (of the weight) or points")
        return self


class Params(RuleParams):
    kind: Literal["threshold_deduction"]
    threshold: Rate = Field(gt=0)
    per_point: PerPoint
    direction: Literal["at_least", "at_most"] = "at_least"
    source: Source | None = None


class RateFacts(Facts):
    actual: Rate


def score(params: Params, facts: RateFacts, ctx: RuleContext) -> Outcome:
    rate, threshold = facts.actual, params.threshold
    if params.direction == "at_least":
        if rate >= threshold:
            return full_marks(ctx, f"{fmt_pct(rate)} ≥ {fmt_pct(threshold)}")
        gap, gap_expr = threshold - rate, (num(threshold, "%") - num(rate, "%")).paren()
    else:
        if rate <= threshold:
            return full_marks(ctx, f"{fmt_pct(rate)} ≤ {fmt_pct(threshold)}")
        gap, gap_expr = rate - threshold, (num(rate, "%") - num(threshold, "%")).paren()
    per = params.per_point
    if per.share is not None:
        return deduct(ctx, gap_expr * share(per.share) * ctx.w, gap * per.share * ctx.weight)
    assert per.points is not None
    return deduct(ctx, gap_expr * num(per.points), gap * per.points)


def checks(params: Params, weight: Decimal) -> list[str]:
    per = params.per_point
    if per.points is not None and per.points > weight:
        return [f"one point short deducts {fmt_num(per.points)}, more than the weight {fmt_num(weight)}"]
    if params.direction == "at_least" and params.threshold > 100:
        return [f"threshold {fmt_pct(params.threshold)} is above 100%"]
    return []


RULE = Rule(
    "threshold_deduction",
    Params,
    RateFacts,
    score,
    __doc__ or "",
    needs_facts=lambda p: p.source is None,
    checks=checks,
)
