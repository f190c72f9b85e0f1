"""``checklist``: N elements (要素), each met earns its share of the weight or its points.

Without shares or points, the elements share the weight equally (具备一个要素得 1/N).

Spec::

    rule:
      kind: checklist
      elements:
        - {name: 两级中心主任会}
        - {name: 区中心主任季度例会}
        - {name: 网站微信信息员培训}
        # or each with share: 0.2, or points: 1

Evidence (names of the elements met)::

    facts: {met: [区中心主任季度例会]}

Explanation: ``1 of 5 elements met (区中心主任季度例会): 1 ÷ 5 × 5 = 1``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field, model_validator

from jxpj.explain import Expr, Step, num, share
from jxpj.numbers import ZERO, NonNegative, fmt_num
from jxpj.rules.base import (
    Facts,
    Outcome,
    Rule,
    RuleContext,
    RuleInputError,
    RuleParams,
    multiply_weight,
    points,
)
from jxpj.strict import Model


class Element(Model):
    name: str = Field(min_length=1)
    share: NonNegative | None = Field(default=None, le=1)
    points: NonNegative | None = None


class Params(RuleParams):
    kind: Literal["checklist"]
    elements: tuple[Element, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Params:
        names = [e.name for e in self.elements]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise ValueError(f"element named twice: {', '.join(twice)}")
        kinds = {("share" if e.share is not None else "points" if e.points is not None else "equal") for e in self.elements}
        if len(kinds) > 1:
            raise ValueError("give every element a share, or every element points, or none of them")
        if kinds == {"share"} and sum(e.share for e in self.elements if e.share is not None) != 1:
            raise ValueError("element shares must add up to 1")
        return self


class ChecklistFacts(Facts):
    met: tuple[str, ...]


def score(params: Params, facts: ChecklistFacts, ctx: RuleContext) -> Outcome:
    by_name = {e.name: e for e in params.elements}
    for index, name in enumerate(facts.met):
        if name not in by_name:
            raise RuleInputError(f"{name!r} is not an element of this checklist: {'、'.join(by_name)}", ("met", index))
        if facts.met.index(name) != index:
            raise RuleInputError(f"{name!r} is listed twice", ("met", index))
    met = [by_name[n] for n in by_name if n in facts.met]  # spec order, so output is stable
    n, k = len(params.elements), len(met)
    lead = Step(prefix=f"{k} of {n} elements met" + (f" ({'、'.join(e.name for e in met)})" if met else ""))
    first = params.elements[0]
    if first.points is not None:
        total = sum((e.points for e in met if e.points is not None), ZERO)
        return points(ctx, total, prefix=lead.prefix)
    if first.share is not None:
        if not met:
            return Outcome(ctx.round(ZERO), (Step(prefix=lead.prefix, label="→ 0"),))
        shares = [e.share for e in met if e.share is not None]
        expr: Expr = share(shares[0])
        for s in shares[1:]:
            expr = expr + share(s)
        return multiply_weight(ctx, expr.paren() if len(shares) > 1 else expr, sum(shares, ZERO), lead=(lead,))
    return multiply_weight(ctx, num(Decimal(k)) / num(Decimal(n)), Decimal(k) / Decimal(n), prefix=f"{lead.prefix}:")


def checks(params: Params, weight: Decimal) -> list[str]:
    if params.elements[0].points is not None:
        total = sum((e.points for e in params.elements if e.points is not None), ZERO)
        if total != weight:
            return [f"element points add up to {fmt_num(total)}, not the weight {fmt_num(weight)}"]
    return []


RULE = Rule("checklist", Params, ChecklistFacts, score, __doc__ or "", checks=checks)
