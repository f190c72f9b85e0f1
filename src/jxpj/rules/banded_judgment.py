"""``banded_judgment``: the evaluator names a band (档次) and a score inside it, with a reason.

This is how the national self-evaluation form scores qualitative (定性) indicators: 达成年度指标
earns 80%(含)–100% of the weight, 部分达成并具有一定效果 60%(含)–80%, 未达成且效果较差 0–60%.
Which band applies is a finding; where inside the band the score falls is the evaluator's
judgment. The score must lie inside the band it names, and is flagged ``J`` like every judgment.

Spec (bands are shares of the weight; ``min`` is included and ``max`` excluded unless stated)::

    rule:
      kind: banded_judgment
      bands:
        达成: {min: 0.8, max: 1, max_inclusive: true}
        部分达成: {min: 0.6, max: 0.8}
        未达成: {min: 0, max: 0.6}

Evidence::

    facts:
      band: 部分达成
      score: 7
      justification: 2个助餐点延至8月投运，其余10个按期投运

Explanation: ``部分达成 [60%, 80%) of 10 = [6, 8); evaluator's judgment → 7 of 10: 2个助餐点…``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field, model_validator

from jxpj.explain import Step
from jxpj.numbers import HUNDRED, NonNegative, fmt_num
from jxpj.rules.base import Facts, Outcome, Rule, RuleContext, RuleInputError, RuleParams
from jxpj.strict import Model


class Band(Model):
    min: NonNegative = Field(le=1)
    max: NonNegative = Field(le=1)
    min_inclusive: bool = True
    max_inclusive: bool = False

    @model_validator(mode="after")
    def _not_empty(self) -> Band:
        if self.min > self.max or (self.min == self.max and not (self.min_inclusive and self.max_inclusive)):
            raise ValueError(f"band is empty: min {fmt_num(self.min)} is not below max {fmt_num(self.max)}")
        return self

    def contains(self, value: Decimal, weight: Decimal) -> bool:
        low, high = self.min * weight, self.max * weight
        above = value > low or (value == low and self.min_inclusive)
        below = value < high or (value == high and self.max_inclusive)
        return above and below

    def shown(self, weight: Decimal | None = None) -> str:
        """``[60%, 80%)``, or with a weight ``[6, 8)``."""
        def end(share: Decimal) -> str:
            return fmt_num(share * HUNDRED) + "%" if weight is None else fmt_num(share * weight)
        return ("[" if self.min_inclusive else "(") + f"{end(self.min)}, {end(self.max)}" + ("]" if self.max_inclusive else ")")


class Params(RuleParams):
    kind: Literal["banded_judgment"]
    bands: dict[str, Band] = Field(min_length=1)


class BandFacts(Facts):
    band: str
    score: NonNegative
    justification: str = Field(min_length=1, pattern=r"\S")


def score(params: Params, facts: BandFacts, ctx: RuleContext) -> Outcome:
    band = params.bands.get(facts.band)
    if band is None:
        raise RuleInputError(f"band {facts.band!r} is not one of this rule's bands: {'、'.join(params.bands)}", ("band",))
    rounded = ctx.round(facts.score)
    # A weight of 0 shrinks every band to the point 0 (or to nothing, for a half-open band):
    # any band then means the same score, 0, so none is refused for being empty.
    degenerate = ctx.weight == 0 and rounded == 0
    if not degenerate and not band.contains(rounded, ctx.weight):
        msg = f"score {fmt_num(rounded)} is outside {facts.band} {band.shown(ctx.weight)} (that band is {band.shown()} of the weight {fmt_num(ctx.weight)}); pick a score inside it, or another band"
        raise RuleInputError(msg, ("score",))
    where = Step(prefix=f"{facts.band} {band.shown()} of {fmt_num(ctx.weight)} = {band.shown(ctx.weight)}")
    label = f"→ {fmt_num(rounded)} of {fmt_num(ctx.weight)}: {facts.justification.strip()}"
    return Outcome(rounded, (where, Step(prefix="evaluator's judgment", label=label)), judgment=True, reason=facts.justification.strip())


RULE = Rule("banded_judgment", Params, BandFacts, score, __doc__ or "", judged=True)
