"""``ratio``: actual ÷ target × weight, capped at the weight (按完成比例计分，满分为止).

The lower-is-better form (``direction: at_most``, e.g. costs) scores target ÷ actual × weight,
with full marks when the actual is at or under the target.

Spec::

    rule:
      kind: ratio
      target: 254          # optional here; else the evidence gives it
      direction: at_least  # or at_most

Evidence::

    facts: {actual: 254, target: 254}

Amounts (项目总成本 ≤ 202.6万元): ``unit: 万元`` on the rule, and facts in 万元 or written with their
unit (``1,329,000元`` is 132.9万元), see :mod:`jxpj.rules.units`.

Explanation: ``200 ÷ 254 × 5 = 3.937007… → 3.94``, or ``254 ≥ 254 → full marks 5``.
"""

from __future__ import annotations

from typing import Any, Literal, TypeVar

from pydantic import model_validator

from jxpj.explain import num
from jxpj.numbers import Number, fmt_num
from jxpj.rules.base import (
    Facts,
    Outcome,
    Rule,
    RuleContext,
    RuleInputError,
    RuleParams,
    Source,
    full_marks,
    multiply_weight,
)
from jxpj.rules.units import params_amounts

T = TypeVar("T")


class Params(RuleParams):
    kind: Literal["ratio"]
    target: Number | None = None
    direction: Literal["at_least", "at_most"] = "at_least"
    source: Source | None = None
    unit: str = ""  # shown after numbers; 元 or 万元 also converts amounts written in the other

    @model_validator(mode="before")
    @classmethod
    def _amounts(cls, data: Any) -> Any:
        return params_amounts(data, ("target",))


class RatioFacts(Facts):
    actual: Number
    target: Number | None = None


def resolve_target(params_target: T | None, facts_target: T | None) -> T:
    """The target from the spec or the evidence, never both (shared with ``target``)."""
    if params_target is not None and facts_target is not None:
        msg = "the spec fixes this indicator's target; remove it from the evidence"
        raise RuleInputError(msg, ("target",))
    if params_target is None and facts_target is None:
        raise RuleInputError("missing fact 'target' (the planned value)", ("target",))
    result = params_target if params_target is not None else facts_target
    assert result is not None
    return result


def score(params: Params, facts: RatioFacts, ctx: RuleContext) -> Outcome:
    actual, target = facts.actual, resolve_target(params.target, facts.target)
    if actual < 0 or target < 0:
        raise RuleInputError("actual and target must not be negative", ("actual",))
    u = params.unit
    a, t = f"{fmt_num(actual)}{u}", f"{fmt_num(target)}{u}"
    if params.direction == "at_least":
        if target == 0:
            raise RuleInputError("target is 0; a ratio needs a positive target", ("target",))
        if actual >= target:
            return full_marks(ctx, f"{a} ≥ {t}")
        return multiply_weight(ctx, num(actual, u) / num(target, u), actual / target)
    if actual <= target:
        return full_marks(ctx, f"{a} ≤ {t}")
    return multiply_weight(ctx, num(target, u) / num(actual, u), target / actual)


RULE = Rule("ratio", Params, RatioFacts, score, __doc__ or "", needs_facts=lambda p: p.source is None or p.target is None)
