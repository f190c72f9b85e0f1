"""The contract every rule kind fulfils, and the few helpers they share.

A rule is a tiny pure unit: a ``Params`` model (what the spec writes), a ``Facts`` model (what the
evidence writes for one indicator) and ``score(params, facts, ctx) -> Outcome``. No I/O, no
printing, no knowledge of files: the engine validates, calls and collects. Being pure, a rule
gives the same outcome for the same facts, and the engine reuses it (see jxpj.engine.plan).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Generic, Literal, TypeVar

from pydantic import Field, model_validator

from jxpj.explain import Expr, Step, num
from jxpj.numbers import ZERO, RoundingMode, fmt_num, quantize
from jxpj.strict import Model


class RuleRounding(Model):
    """How one rule rounds, where its 评分标准 says so (按比例计分，取整): each key given replaces
    the spec's ``rounding`` for this rule's leaves only.

    ``rate_places`` is for a rule scored from a rate computed from the budget (``source:``): the
    rate is rounded once, to that many decimals of a percent, before it is scored, as a form that
    scores from the rate it shows does. Without it the rule scores the unrounded rate.
    """

    places: int | None = Field(default=None, ge=0, le=6)
    mode: RoundingMode | None = None
    rate_places: int | None = Field(default=None, ge=0, le=6)


class RuleParams(Model):
    """Parameters of a rule as the spec writes them; ``kind`` names the rule."""

    kind: str
    rounding: RuleRounding | None = None

    @model_validator(mode="after")
    def _rate_places_need_a_source(self) -> RuleParams:
        if self.rounding is not None and self.rounding.rate_places is not None and getattr(self, "source", None) is None:
            raise ValueError("rounding.rate_places rounds a rate computed from the budget lines; this rule has no source:, so remove it (a rate typed in the evidence is scored as written)")
        return self


class Facts(Model):
    """Facts one indicator's evidence gives its rule."""


# Values the engine computes from the evidence and offers to rules by name, so that a rate such as
# 预算执行率 is derived from the budget lines and never typed.
Source = Literal["budget_execution_rate"]


@dataclass(frozen=True, slots=True)
class RuleContext:
    """What a rule may know besides its params and facts.

    ``derived`` holds the values the engine computed from this evidence file; only a rule with a
    ``source:`` scores one (through its facts), and only its outcomes are never reused.
    """

    code: str
    weight: Decimal
    places: int = 2
    mode: RoundingMode = "half_up"
    derived: Mapping[str, Decimal] = field(default_factory=dict)

    def round(self, value: Decimal) -> Decimal:
        return quantize(value, self.places, self.mode)

    @property
    def w(self) -> Expr:
        return num(self.weight)


@dataclass(frozen=True, slots=True)
class Outcome:
    """A leaf's score (already rounded) and the working that produced it."""

    score: Decimal
    steps: tuple[Step, ...]
    judgment: bool = False
    reason: str | None = None  # a judged score's written justification, for forms that list it


class RuleInputError(ValueError):
    """Facts that validate on their own but cannot be scored (e.g. a level the rule does not
    know). ``loc`` is relative to the indicator's ``facts`` mapping."""

    def __init__(self, message: str, loc: tuple[str | int, ...] = ()) -> None:
        super().__init__(message)
        self.loc = loc


P = TypeVar("P", bound=RuleParams)
F = TypeVar("F", bound=Facts)


@dataclass(frozen=True, slots=True)
class Rule(Generic[P, F]):
    """One registered rule kind."""

    kind: str
    params: type[P]
    facts: type[F]
    score: Callable[[P, F, RuleContext], Outcome]
    doc: str
    # Facts that may come from derived values instead of the evidence (see ``Source``).
    needs_facts: Callable[[P], bool] = lambda _params: True
    checks: Callable[[P, Decimal], list[str]] = lambda _params, _weight: []
    judged: bool = False  # the score is the evaluator's judgment: flagged J wherever it is shown


def full_marks(ctx: RuleContext, reason: str) -> Outcome:
    step = Step(prefix=reason, label=f"→ full marks {fmt_num(ctx.weight)}")
    return Outcome(ctx.round(ctx.weight), (step,))


def deduct(
    ctx: RuleContext, deduction_expr: Expr, deduction: Decimal, *, lead: tuple[Step, ...] = ()
) -> Outcome:
    """``deduction → rounded deducted; W − rounded = score`` with the floor at zero.

    Evaluators round the deduction they computed and subtract it, so that is what we round.
    """
    rounded = ctx.round(deduction)
    steps = [*lead, Step(expr=deduction_expr, value=deduction, rounded=rounded, label="deducted")]
    remaining = ctx.weight - rounded
    score = max(ZERO, remaining)
    rest = ctx.w - num(rounded)
    if remaining < 0:
        floor = Expr(f"max(0, {rest.shown})", f"max(0, {rest.calc})")
        steps.append(Step(expr=floor, value=score, label="(floor 0)"))
    else:
        steps.append(Step(expr=rest, value=score))
    return Outcome(ctx.round(score), tuple(steps))


def multiply_weight(
    ctx: RuleContext,
    factor_expr: Expr,
    factor: Decimal,
    *,
    lead: tuple[Step, ...] = (),
    prefix: str = "",
) -> Outcome:
    """``factor × W = raw → rounded``, the score of every proportional rule."""
    raw = factor * ctx.weight
    rounded = ctx.round(raw)
    step = Step(prefix=prefix, expr=factor_expr * ctx.w, value=raw, rounded=rounded)
    return Outcome(rounded, (*lead, step))


def points(ctx: RuleContext, value: Decimal, *, prefix: str, lead: tuple[Step, ...] = ()) -> Outcome:
    """A fixed number of points, capped at the weight.

    The label states the score itself; capping and rounding are said in brackets, so that
    "→ 0.1 points" never stands beside a score of 0 when the spec rounds to whole points.
    """
    score = min(value, ctx.weight)
    rounded = ctx.round(score)
    label = f"→ {fmt_num(rounded)} points"
    notes = []
    if value > ctx.weight:
        notes.append(f"{fmt_num(value)} capped at the weight {fmt_num(ctx.weight)}")
    if rounded != score:
        notes.append(f"{fmt_num(score)} rounded to {ctx.places} decimal{'s' if ctx.places != 1 else ''}")
    if notes:
        label += f" ({'; '.join(notes)})"
    return Outcome(rounded, (*lead, Step(prefix=prefix, label=label)))
