"""``target``: meeting a target earns the weight; missing it earns 0, or a ratio if the spec says.

Operators: ``>=``, ``<=``, ``==``, ``>``, ``<``, and ``increase``/``decrease`` over a baseline
(e.g. 微信公众号关注量 23万 → 25.2万).

Spec::

    rule:
      kind: target
      op: ">="
      target: 85           # optional here; else the evidence gives it
      otherwise: zero      # or ratio: actual ÷ target × weight (target ÷ actual for <=)
      unit: "%"            # shown after numbers in explanations

Evidence::

    facts: {actual: 100}                       # for >=, <=, ==, >, <
    facts: {actual: 252000, baseline: 230000}  # for increase / decrease

Explanation: ``100% ≥ 85% → full marks 5``; ``252000 > 230000 (increased) → full marks 3``.

A target not met never earns full marks. With ``>`` or ``<`` the target itself is not met, yet its
ratio is 100%; and a ratio just short of 100% may round to the weight. The score then stays one
rounding unit below full marks: ``90 ≤ 90 target not met; 90 ÷ 90 × 5 = 5; 5 − 0.01 = 4.99（未达到目标，不得满分）``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from jxpj.explain import Step, num
from jxpj.numbers import ZERO, Number, fmt_num
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
from jxpj.rules.ratio import resolve_target

Op = Literal[">=", "<=", "==", ">", "<", "increase", "decrease"]
_SHOWN = {">=": "≥", "<=": "≤", "==": "=", ">": ">", "<": "<"}
_NEGATED = {">=": "<", "<=": ">", "==": "≠", ">": "≤", "<": "≥"}


class Params(RuleParams):
    kind: Literal["target"]
    op: Op
    target: Number | None = None
    otherwise: Literal["zero", "ratio"] = "zero"
    unit: str = ""
    source: Source | None = None


class TargetFacts(Facts):
    actual: Number
    target: Number | None = None
    baseline: Number | None = None


def _met(op: Op, actual: Number, target: Number) -> bool:
    return {
        ">=": actual >= target,
        "<=": actual <= target,
        "==": actual == target,
        ">": actual > target,
        "<": actual < target,
        "increase": actual > target,
        "decrease": actual < target,
    }[op]


def score(params: Params, facts: TargetFacts, ctx: RuleContext) -> Outcome:
    u = params.unit
    a = fmt_num(facts.actual) + u
    if params.op in ("increase", "decrease"):
        if facts.baseline is None:
            raise RuleInputError("missing fact 'baseline' (the value it is compared with)", ("baseline",))
        base = fmt_num(facts.baseline) + u
        up = params.op == "increase"
        if _met(params.op, facts.actual, facts.baseline):
            word, sign = ("increased", ">") if up else ("decreased", "<")
            return full_marks(ctx, f"{a} {sign} {base} ({word})")
        word = "not increased" if up else "not decreased"
        return Outcome(ctx.round(ZERO), (Step(prefix=f"{a} vs {base} ({word})", label="→ 0"),))
    target = resolve_target(params.target, facts.target)
    t = fmt_num(target) + u
    if _met(params.op, facts.actual, target):
        return full_marks(ctx, f"{a} {_SHOWN[params.op]} {t}")
    missed = Step(prefix=f"{a} {_NEGATED[params.op]} {t}", label="target not met")
    # A ratio needs both sides on the same, non-negative footing: a growth rate of −5% against a
    # target of 10% scored −0.5 × the weight, a negative score. Below zero it earns nothing.
    if params.otherwise == "ratio" and params.op in (">=", ">") and target > 0 and facts.actual >= 0:
        return _below_full(ctx, multiply_weight(ctx, num(facts.actual, u) / num(target, u), facts.actual / target, lead=(missed,)))
    if params.otherwise == "ratio" and params.op in ("<=", "<") and facts.actual > 0 and target >= 0:
        return _below_full(ctx, multiply_weight(ctx, num(target, u) / num(facts.actual, u), target / facts.actual, lead=(missed,)))
    return Outcome(ctx.round(ZERO), (Step(prefix=missed.prefix, label="target not met → 0"),))


def _below_full(ctx: RuleContext, outcome: Outcome) -> Outcome:
    """The ratio of a missed target, kept one rounding unit below the weight where it reaches it.

    A strict target at its boundary (``>`` with actual = target) has a ratio of exactly 1, and a
    ratio just under 1 may round up to the weight; full marks beside "target not met" would be a
    contradiction a reviewer queries first.
    """
    if outcome.score < ctx.weight or ctx.weight <= 0:
        return outcome
    unit = Decimal(1).scaleb(-ctx.places)
    capped = max(ZERO, ctx.weight - unit)
    step = Step(expr=ctx.w - num(unit), value=capped, note="未达到目标，不得满分")
    return Outcome(capped, (*outcome.steps, step))


RULE = Rule(
    "target",
    Params,
    TargetFacts,
    score,
    __doc__ or "",
    needs_facts=lambda p: p.source is None or p.target is None,
)
