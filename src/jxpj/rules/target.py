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

Dates (完成及时性: 完成时间 ≤ 计划时间, 每逾期1个月扣1分，扣完为止), see :mod:`jxpj.rules.lateness`::

    rule:
      kind: target
      op: "<="
      target: 2022年6月30日                  # or the evidence's target: 2022-06-30
      late: {per: month, points: {points: 1}}  # optional; per: day, step: 10, per_whole: true
    facts: {actual: 2022年8月15日}

Amounts (项目总成本 ≤ 202.6万元): ``unit: 万元``, with facts in 万元 or written with their unit
(``1,329,000元``), see :mod:`jxpj.rules.units`.

A target not met never earns full marks. With ``>`` or ``<`` the target itself is not met, yet its
ratio is 100%; and a ratio just short of 100% may round to the weight. The score then stays one
rounding unit below full marks: ``90 ≤ 90 target not met; 90 ÷ 90 × 5 = 5; 5 − 0.01 = 4.99（未达到目标，不得满分）``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import model_validator

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
from jxpj.rules.lateness import Lateness, score_date
from jxpj.rules.ratio import resolve_target
from jxpj.rules.units import NumberOrDate, params_amounts

Op = Literal[">=", "<=", "==", ">", "<", "increase", "decrease"]
_SHOWN = {">=": "≥", "<=": "≤", "==": "=", ">": ">", "<": "<"}
_NEGATED = {">=": "<", "<=": ">", "==": "≠", ">": "≤", "<": "≥"}


class Params(RuleParams):
    kind: Literal["target"]
    op: Op
    target: NumberOrDate | None = None
    otherwise: Literal["zero", "ratio"] = "zero"
    unit: str = ""  # shown after numbers; 元 or 万元 also converts amounts written in the other
    source: Source | None = None
    late: Lateness | None = None  # a date target: what each day or month late deducts

    @model_validator(mode="before")
    @classmethod
    def _amounts(cls, data: Any) -> Any:
        return params_amounts(data, ("target",))


class TargetFacts(Facts):
    actual: NumberOrDate
    target: NumberOrDate | None = None
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
    if isinstance(facts.actual, date) or isinstance(params.target, date) or isinstance(facts.target, date):
        planned = resolve_target(params.target, facts.target)
        if not (isinstance(facts.actual, date) and isinstance(planned, date)):
            raise RuleInputError("a date is compared with a date: give both 完成时间 and 计划时间 as dates, e.g. 2022年6月30日", ("actual",))
        return score_date(params.op, facts.actual, planned, params.late, ctx)
    return _score_number(params, facts.actual, facts, ctx)


def _score_number(params: Params, actual: Decimal, facts: TargetFacts, ctx: RuleContext) -> Outcome:
    u = params.unit
    a = fmt_num(actual) + u
    if params.op in ("increase", "decrease"):
        if facts.baseline is None:
            raise RuleInputError("missing fact 'baseline' (the value it is compared with)", ("baseline",))
        base = fmt_num(facts.baseline) + u
        up = params.op == "increase"
        if _met(params.op, actual, facts.baseline):
            word, sign = ("increased", ">") if up else ("decreased", "<")
            return full_marks(ctx, f"{a} {sign} {base} ({word})")
        word = "not increased" if up else "not decreased"
        return Outcome(ctx.round(ZERO), (Step(prefix=f"{a} vs {base} ({word})", label="→ 0"),))
    target = resolve_target(params.target, facts.target)
    if not isinstance(target, Decimal):  # a date target, and a number beside it
        raise RuleInputError("a date target is compared with a date: write 完成时间 as a date, e.g. 2022年6月30日", ("actual",))
    t = fmt_num(target) + u
    if _met(params.op, actual, target):
        return full_marks(ctx, f"{a} {_SHOWN[params.op]} {t}")
    missed = Step(prefix=f"{a} {_NEGATED[params.op]} {t}", label="target not met")
    # A ratio needs both sides on the same, non-negative footing: a growth rate of −5% against a
    # target of 10% scored −0.5 × the weight, a negative score. Below zero it earns nothing.
    if params.otherwise == "ratio" and params.op in (">=", ">") and target > 0 and actual >= 0:
        return _below_full(ctx, multiply_weight(ctx, num(actual, u) / num(target, u), actual / target, lead=(missed,)))
    if params.otherwise == "ratio" and params.op in ("<=", "<") and actual > 0 and target >= 0:
        return _below_full(ctx, multiply_weight(ctx, num(target, u) / num(actual, u), target / actual, lead=(missed,)))
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
