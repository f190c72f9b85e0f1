"""``grade``: a named level (等级) earns a share of the weight, or fixed points.

The levels belong to the indicator's rule, because the same word earns different scores in
different indicators: in the founding report "一般" is 1.5 of 2 for A21 but 1 of 4 for C19.

Spec::

    rule:
      kind: grade
      levels: {充分: 1, 一般: 0.75, 不充分: 0}   # shares of the weight
      # unit: points                              # the numbers are points instead

Evidence::

    facts: {level: 一般}

Explanation: ``一般 → 75% × 2 = 1.5``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field, model_validator

from jxpj.explain import share
from jxpj.numbers import NonNegative, fmt_num
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


class Params(RuleParams):
    kind: Literal["grade"]
    levels: dict[str, NonNegative] = Field(min_length=1)
    unit: Literal["share", "points"] = "share"

    @model_validator(mode="after")
    def _shares_at_most_one(self) -> Params:
        if self.unit == "share":
            over = [name for name, value in self.levels.items() if value > 1]
            if over:
                raise ValueError(
                    f"level share above 1 (100% of the weight): {', '.join(over)}; "
                    "write shares between 0 and 1, or set unit: points"
                )
        return self


class GradeFacts(Facts):
    level: str


def score(params: Params, facts: GradeFacts, ctx: RuleContext) -> Outcome:
    if facts.level not in params.levels:
        known = "、".join(params.levels)
        raise RuleInputError(f"level {facts.level!r} is not one of this rule's levels: {known}", ("level",))
    value = params.levels[facts.level]
    if params.unit == "points":
        return points(ctx, value, prefix=f"{facts.level}")
    return multiply_weight(ctx, share(value), value, prefix=f"{facts.level} →")


def checks(params: Params, weight: Decimal) -> list[str]:
    if params.unit == "points":
        over = [n for n, v in params.levels.items() if v > weight]
        if over:
            return [f"level points above the weight {fmt_num(weight)}: {', '.join(over)}"]
    return []


RULE = Rule("grade", Params, GradeFacts, score, __doc__ or "", checks=checks)
