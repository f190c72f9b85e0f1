"""``deductions``: each finding deducts stated points (per finding or per occurrence), floor 0.

Every finding carries its reason, because a deduction without a reason is the first thing a
reviewing finance bureau queries. The spec may name standard findings with fixed points, or
with a range for discretionary deductions (酌情扣0.5-2分); the evidence may also state a
one-off finding with its own points.

Spec::

    rule:
      kind: deductions
      items:                                   # optional catalogue
        no_ledger: {points: 1, description: 未留存业务台账}
        late_report: {points: 0.5, per: occurrence, description: 每迟报一次扣0.5分}
        discretionary: {min_points: 0.5, max_points: 2, description: 酌情扣分}

Evidence::

    facts:
      findings:
        - {reason: 无通话接线业务台账, points: 1}
        - {item: late_report, count: 2, reason: 3月、6月报表迟报}
      # findings: []  means checked, nothing found: full marks

Explanation: ``−1: 无通话接线业务台账; 3 − 1 = 2``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field, model_validator

from jxpj.explain import Expr, Step, num
from jxpj.numbers import ZERO, NonNegative, fmt_num
from jxpj.rules.base import Facts, Outcome, Rule, RuleContext, RuleInputError, RuleParams
from jxpj.strict import Model


class Item(Model):
    description: str = ""
    points: NonNegative | None = None
    min_points: NonNegative | None = None
    max_points: NonNegative | None = None
    per: Literal["finding", "occurrence"] = "finding"

    @model_validator(mode="after")
    def _fixed_or_range(self) -> Item:
        ranged = self.min_points is not None and self.max_points is not None
        if (self.points is None) == (not ranged):
            raise ValueError("give either points, or both min_points and max_points")
        if ranged and self.min_points > self.max_points:  # type: ignore[operator]
            raise ValueError("min_points is above max_points")
        return self


class Params(RuleParams):
    kind: Literal["deductions"]
    items: dict[str, Item] = {}


class Finding(Model):
    reason: str = Field(min_length=1, pattern=r"\S")
    item: str | None = None
    points: NonNegative | None = None
    count: int = Field(default=1, ge=1, le=10_000)


class DeductionFacts(Facts):
    findings: tuple[Finding, ...]


def _points(params: Params, finding: Finding, index: int) -> tuple[Decimal, Expr]:
    loc: tuple[str | int, ...] = ("findings", index)
    if finding.item is None:
        if finding.points is None:
            raise RuleInputError("a finding needs its points (or an item from the spec)", loc)
        pts = finding.points
        return pts * finding.count, (num(pts) * num(Decimal(finding.count)) if finding.count > 1 else num(pts))
    item = params.items.get(finding.item)
    if item is None:
        known = ", ".join(params.items) or "none defined"
        raise RuleInputError(f"unknown deduction item {finding.item!r} (spec items: {known})", (*loc, "item"))
    if item.points is not None:
        if finding.points is not None and finding.points != item.points:
            raise RuleInputError(f"item {finding.item!r} deducts {fmt_num(item.points)} points by the spec", (*loc, "points"))
        pts = item.points
    else:
        if finding.points is None or not (item.min_points <= finding.points <= item.max_points):  # type: ignore[operator]
            span = f"{fmt_num(item.min_points)}–{fmt_num(item.max_points)}"  # type: ignore[arg-type]
            raise RuleInputError(f"item {finding.item!r} needs points between {span}", (*loc, "points"))
        pts = finding.points
    if item.per == "occurrence" and finding.count > 1:
        return pts * finding.count, num(pts) * num(Decimal(finding.count))
    return pts, num(pts)


def score(params: Params, facts: DeductionFacts, ctx: RuleContext) -> Outcome:
    if not facts.findings:
        return Outcome(ctx.round(ctx.weight), (Step(prefix="no findings", label=f"→ full marks {fmt_num(ctx.weight)}"),))
    steps: list[Step] = []
    total, exprs = ZERO, []
    for index, finding in enumerate(facts.findings):
        pts, expr = _points(params, finding, index)
        times = f" × {finding.count}" if finding.count > 1 else ""
        steps.append(Step(prefix=f"−{fmt_num(pts if not times else pts / finding.count)}{times}: {finding.reason.strip()}"))
        total += pts
        exprs.append(expr)
    total_expr = exprs[0]
    for expr in exprs[1:]:
        total_expr = total_expr + expr
    rounded = ctx.round(total)
    if len(exprs) > 1 or rounded != total or any(f.count > 1 for f in facts.findings):
        steps.append(Step(expr=total_expr, value=total, rounded=rounded, label="deducted"))
    remaining = ctx.weight - rounded
    rest = ctx.w - num(rounded)
    if remaining < 0:
        steps.append(Step(expr=Expr(f"max(0, {rest.shown})", f"max(0, {rest.calc})"), value=ZERO, label="(floor 0)"))
        return Outcome(ctx.round(ZERO), tuple(steps))
    steps.append(Step(expr=rest, value=remaining))
    return Outcome(ctx.round(remaining), tuple(steps))


def checks(params: Params, weight: Decimal) -> list[str]:
    over = [name for name, item in params.items.items() if (item.points or item.max_points or ZERO) > weight]
    return [f"deduction items can exceed the weight {fmt_num(weight)} on their own: {', '.join(over)}"] if over else []


RULE = Rule("deductions", Params, DeductionFacts, score, __doc__ or "", checks=checks)
