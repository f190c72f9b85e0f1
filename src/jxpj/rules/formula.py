"""``formula``: an arithmetic expression over the indicator's facts and the rule's parameters,
for what the other kinds cannot express. The result is kept within [0, weight].

The expression is evaluated by :mod:`jxpj.rules.formula_language`, a closed interpreter over exact decimals
(``+ - * /``, small powers, comparisons, ``a if c else b``, ``min``, ``max``, ``abs``,
``floor``, ``ceil``, ``round(x, places)`` rounding half up); never by ``eval``. ``weight`` is
always available.

Spec (成本节约率, 1 point per 2% saved)::

    rule:
      kind: formula
      expression: "(planned - actual) / planned * 100 / 2"
      facts: [planned, actual]     # names the evidence must give
      params: {}                   # named constants, e.g. {per_point: 0.5}

``facts`` may instead declare each fact's range, inclusive at both ends; a fact outside it is
a problem located at that fact, not a score::

      facts: {planned: {min: 0}, actual: {min: 0}, rate: {min: 0, max: 100}, count: {}}

Evidence::

    facts: {planned: 2026000, actual: 1990000}

Explanation: ``(2026000 − 1990000) ÷ 2026000 × 100 ÷ 2 = 0.888450… → 0.89``. A conditional is
worked with the condition as it came out, then the branch that applied:
``weight if rate >= 90 else 0`` with rate 80 gives ``80 < 90; 0 = 0``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, ConfigDict, Field, model_validator

from jxpj.explain import Expr, Step
from jxpj.numbers import ZERO, Number, fmt_num, parse_decimal
from jxpj.rules.base import Facts, Outcome, Rule, RuleContext, RuleInputError, RuleParams
from jxpj.rules.formula_language import FormulaError, compile_formula
from jxpj.rules.formula_working import work
from jxpj.strict import Model

_RESERVED = {"weight"}


class FactRange(Model):
    """The values a fact may take, both ends included; either end may be left open."""

    min: Number | None = None
    max: Number | None = None

    @model_validator(mode="after")
    def _ordered(self) -> FactRange:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min {fmt_num(self.min)} is above max {fmt_num(self.max)}")
        return self

    def refuse(self, name: str, value: Decimal) -> str | None:
        """Why ``value`` is outside the range, or None."""
        if self.min is not None and value < self.min:
            return f"fact {name} is {fmt_num(value)}, below its declared minimum {fmt_num(self.min)}"
        if self.max is not None and value > self.max:
            return f"fact {name} is {fmt_num(value)}, above its declared maximum {fmt_num(self.max)}"
        return None


def _named(value: Any) -> Any:
    """``[a, b]`` is ``{a: {}, b: {}}``; a name listed twice is refused rather than merged."""
    if isinstance(value, list | tuple):
        names = [v for v in value if isinstance(v, str)]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise ValueError(f"fact {', '.join(twice)} listed twice")
        return {v: {} for v in value} if len(names) == len(value) else value
    if isinstance(value, dict):  # `rate:` with nothing after it: no range
        return {k: {} if v is None else v for k, v in value.items()}
    return value


FactList = Annotated[
    dict[str, FactRange],
    BeforeValidator(_named, json_schema_input_type=list[str] | dict[str, FactRange | None]),
]


class Params(RuleParams):
    kind: Literal["formula"]
    expression: str = Field(min_length=1)
    facts: FactList = {}
    params: dict[str, Number] = {}

    @model_validator(mode="after")
    def _vetted(self) -> Params:
        try:
            formula = compile_formula(self.expression)
        except FormulaError as exc:
            raise ValueError(f"expression: {exc} (at character {exc.col})") from None
        clash = sorted(set(self.facts) & set(self.params) | (set(self.facts) | set(self.params)) & _RESERVED)
        if clash:
            raise ValueError(f"name used twice or reserved: {', '.join(clash)}")
        unknown = sorted(formula.names - set(self.facts) - set(self.params) - _RESERVED)
        if unknown:
            raise ValueError(
                f"expression uses {', '.join(unknown)}, which is neither a listed fact nor a param"
            )
        return self


class FormulaFacts(Facts):
    """Named numbers; which ones is up to the rule's ``facts`` list."""

    model_config = ConfigDict(extra="allow", frozen=True)


def score(params: Params, facts: FormulaFacts, ctx: RuleContext) -> Outcome:
    given: dict[str, Any] = dict(facts.model_extra or {})
    values: dict[str, Decimal] = {"weight": ctx.weight, **params.params}
    for name, allowed in params.facts.items():
        if name not in given:
            raise RuleInputError(f"missing fact {name!r}", (name,))
        try:
            values[name] = parse_decimal(given.pop(name))
        except ValueError as exc:
            raise RuleInputError(str(exc), (name,)) from None
        outside = allowed.refuse(name, values[name])
        if outside:
            raise RuleInputError(outside, (name,))
    if given:
        extra = min(given)
        raise RuleInputError(f"fact {extra!r} is not used by this formula (it uses: {', '.join(params.facts)})", (extra,))
    try:
        working = work(compile_formula(params.expression), values)
    except FormulaError as exc:
        raise RuleInputError(f"formula: {exc}") from None
    raw = working.value
    lead = tuple(Step(prefix=condition) for condition in working.conditions)
    expr = Expr(working.shown, working.calc)
    if raw > ctx.weight:
        steps = (*lead, Step(expr=expr, value=raw), Step(prefix=f"capped at the weight {fmt_num(ctx.weight)}"))
        return Outcome(ctx.round(ctx.weight), steps)
    if raw < 0:
        return Outcome(ctx.round(ZERO), (*lead, Step(expr=expr, value=raw), Step(prefix="floor 0")))
    rounded = ctx.round(raw)
    return Outcome(rounded, (*lead, Step(expr=expr, value=raw, rounded=rounded)))


RULE = Rule("formula", Params, FormulaFacts, score, __doc__ or "")
