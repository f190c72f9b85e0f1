"""``formula``: an arithmetic expression over the indicator's facts and the rule's parameters,
for what the other kinds cannot express. The result is kept within [0, weight].

The expression is evaluated by :mod:`jxpj.rules.formula_language`, a closed interpreter over exact decimals
(``+ - * /``, small powers, comparisons, ``a if c else b``, ``min``, ``max``, ``abs``); never by
``eval``. ``weight`` is always available.

Spec (成本节约率, 1 point per 2% saved)::

    rule:
      kind: formula
      expression: "(planned - actual) / planned * 100 / 2"
      facts: [planned, actual]     # names the evidence must give
      params: {}                   # named constants, e.g. {per_point: 0.5}

Evidence::

    facts: {planned: 2026000, actual: 1990000}

Explanation: ``(2026000 − 1990000) ÷ 2026000 × 100 ÷ 2 = 0.888450… → 0.89``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import ConfigDict, Field, model_validator

from jxpj.explain import Expr, Step
from jxpj.numbers import ZERO, Number, fmt_num, parse_decimal
from jxpj.rules.base import Facts, Outcome, Rule, RuleContext, RuleInputError, RuleParams
from jxpj.rules.formula_language import FormulaError, compile_formula

_RESERVED = {"weight"}


class Params(RuleParams):
    kind: Literal["formula"]
    expression: str = Field(min_length=1)
    facts: tuple[str, ...] = ()
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
    for name in params.facts:
        if name not in given:
            raise RuleInputError(f"missing fact {name!r}", (name,))
        try:
            values[name] = parse_decimal(given.pop(name))
        except ValueError as exc:
            raise RuleInputError(str(exc), (name,)) from None
    if given:
        extra = min(given)
        raise RuleInputError(f"fact {extra!r} is not used by this formula (it uses: {', '.join(params.facts)})", (extra,))
    formula = compile_formula(params.expression)
    try:
        raw = formula.evaluate(values)
    except FormulaError as exc:
        raise RuleInputError(f"formula: {exc}") from None
    shown, calc = formula.shown(values)
    expr = Expr(shown, calc)
    if raw > ctx.weight:
        steps = (Step(expr=expr, value=raw), Step(prefix=f"capped at the weight {fmt_num(ctx.weight)}"))
        return Outcome(ctx.round(ctx.weight), steps)
    if raw < 0:
        return Outcome(ctx.round(ZERO), (Step(expr=expr, value=raw), Step(prefix="floor 0")))
    rounded = ctx.round(raw)
    return Outcome(rounded, (Step(expr=expr, value=raw, rounded=rounded),))


RULE = Rule("formula", Params, FormulaFacts, score, __doc__ or "")
