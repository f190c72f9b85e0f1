"""``threshold_deduction``: full marks at or beyond a threshold rate; each percentage point
short deducts a share of the weight or a fixed number of points, down to zero.

This is the 预算执行率 rule of the founding report: 95%, 2% of the weight per point below.
The mirror form (``direction: at_most``) is for "lower is better" rates, e.g. 在职人员控制率
≤ 100%, 0.5 points per point above, or 三公经费变动率 ≤ 0 (a threshold of 0, or below, is
allowed there; with ``at_least`` a threshold must be above 0, else every rate has full marks).

Spec::

    rule:
      kind: threshold_deduction
      threshold: 95                 # percent
      per_point: {share: 0.02}      # or {points: 0.5}
      direction: at_least           # or at_most
      source: budget_execution_rate # optional: computed from the budget lines, never typed
      step: 5                       # optional: per 5 points short instead of per 1 (每低于5%扣2分)
      per_whole: true               # optional: only whole steps count (2.2 steps → 2); else in proportion

Evidence, when there is no ``source``::

    facts: {actual: 84.05}          # percent; "84.05%" is accepted too

Explanation: ``(95% − 84.05%) × 2% × 4 = 0.876 → 0.88 deducted; 4 − 0.88 = 3.12``; with steps,
``(95% − 84%) ÷ 5% = 2.2 → 2（只计满5%的整档）; 2 × 2 = 4 deducted; 10 − 4 = 6``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import ConfigDict, Field, ValidationInfo, field_validator, model_validator
from pydantic.config import JsonDict

from jxpj.explain import Step, num, share
from jxpj.numbers import NonNegative, Rate, fmt_num, fmt_pct, quantize
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


# For editors: a threshold of 0 or below needs direction: at_most (the validator says the same).
_SCHEMA: JsonDict = {
    "if": {"properties": {"direction": {"const": "at_most"}}, "required": ["direction"]},
    "else": {"properties": {"threshold": {"not": {"type": "number", "maximum": 0}}}},
}


class Params(RuleParams):
    model_config = ConfigDict(json_schema_extra=_SCHEMA)

    kind: Literal["threshold_deduction"]
    direction: Literal["at_least", "at_most"] = "at_least"  # before threshold: its check needs it
    threshold: Rate
    per_point: PerPoint
    source: Source | None = None
    step: Rate = Field(default=Decimal(1), gt=0)  # percentage points per deduction (每低于5% → 5)
    per_whole: bool = False  # count whole steps only (每低于5%扣2分, 4.9 short deducts nothing)

    @field_validator("threshold")
    @classmethod
    def _above_zero_when_at_least(cls, value: Rate, info: ValidationInfo) -> Rate:
        if info.data.get("direction", "at_least") == "at_least" and value <= 0:
            raise ValueError("must be above 0")  # with at_least, 0 would give every rate full marks
        return value


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
    lead: tuple[Step, ...] = ()
    if params.step != 1 or params.per_whole:
        # The deduction counts steps of `step` points: 11 points short at 5 a step is 2.2 steps
        # in proportion, or 2 whole steps.
        steps = gap / params.step
        count_expr = gap_expr / num(params.step, "%") if params.step != 1 else gap_expr
        if params.per_whole:
            whole = quantize(steps, 0, "down")
            unit = f"满{fmt_num(params.step)}%的" if params.step != 1 else "满1个百分点的"
            lead = (Step(expr=count_expr, value=steps, rounded=whole, note=f"只计{unit}整档" if whole != steps else ""),)
            gap, gap_expr = whole, num(whole)
        else:
            gap, gap_expr = steps, count_expr
    per = params.per_point
    if per.share is not None:
        return deduct(ctx, gap_expr * share(per.share) * ctx.w, gap * per.share * ctx.weight, lead=lead)
    assert per.points is not None
    return deduct(ctx, gap_expr * num(per.points), gap * per.points, lead=lead)


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
