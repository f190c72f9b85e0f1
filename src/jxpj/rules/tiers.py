"""``tiers``: ordered bands of a value, each earning points or a share of the weight.

Every band states its bounds and whether each end is included, so "80%(含)-90%" is written
exactly. Bands may not overlap or leave a gap between them; a value outside every band is an
error in the evidence, never a silent zero.

Spec (岳阳 重点支出安排率)::

    rule:
      kind: tiers
      unit: "%"
      bands:
        - {min: 90, points: 5}                  # [90, +∞)
        - {min: 80, max: 90, points: 4}         # [80, 90)
        - {min: 70, max: 80, points: 3}
        - {min: 60, max: 70, points: 2}
        - {max: 60, points: 0}                  # (-∞, 60)
      # per band: min_inclusive (default true), max_inclusive (default false), share instead of points

Evidence::

    facts: {actual: 84.5}

Explanation: ``84.5% in [80%, 90%) → 4 points``.
"""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Literal

from pydantic import Field, model_validator

from jxpj.explain import Step, share
from jxpj.numbers import NonNegative, Number, fmt_num
from jxpj.rules.base import (
    Facts,
    Outcome,
    Rule,
    RuleContext,
    RuleInputError,
    RuleParams,
    Source,
    multiply_weight,
    points,
)
from jxpj.strict import Model


class Band(Model):
    min: Number | None = None
    max: Number | None = None
    min_inclusive: bool = True
    max_inclusive: bool = False
    points: NonNegative | None = None
    share: NonNegative | None = Field(default=None, le=1)

    @model_validator(mode="after")
    def _valid(self) -> Band:
        if (self.points is None) == (self.share is None):
            raise ValueError("give exactly one of points or share for each band")
        if self.min is not None and self.max is not None:
            empty = self.min > self.max or (
                self.min == self.max and not (self.min_inclusive and self.max_inclusive)
            )
            if empty:
                raise ValueError(f"band is empty: min {fmt_num(self.min)} is not below max {fmt_num(self.max)}")
        return self

    def contains(self, value: Decimal) -> bool:
        if self.min is not None and (value < self.min or (value == self.min and not self.min_inclusive)):
            return False
        return not (self.max is not None and (value > self.max or (value == self.max and not self.max_inclusive)))

    def shown(self, unit: str) -> str:
        low = "(-∞" if self.min is None else ("[" if self.min_inclusive else "(") + fmt_num(self.min) + unit
        high = "+∞)" if self.max is None else fmt_num(self.max) + unit + ("]" if self.max_inclusive else ")")
        return f"{low}, {high}"


class Params(RuleParams):
    kind: Literal["tiers"]
    bands: tuple[Band, ...] = Field(min_length=1)
    unit: str = ""
    source: Source | None = None

    @model_validator(mode="after")
    def _no_gap_or_overlap(self) -> Params:
        problems = band_problems(self.bands, self.unit)
        if problems:
            raise ValueError("; ".join(problems))
        return self


def _low_key(band: Band) -> tuple[int, Decimal, int]:
    if band.min is None:
        return (0, Decimal(0), 0)
    return (1, band.min, 0 if band.min_inclusive else 1)


def band_problems(bands: tuple[Band, ...], unit: str = "") -> list[str]:
    """Gaps and overlaps between bands, in words (shared with grade-band checks)."""
    ordered = sorted(bands, key=_low_key)
    problems = []
    for low, high in itertools.pairwise(ordered):
        a, b = low.shown(unit), high.shown(unit)
        if low.max is None or high.min is None or low.max > high.min or (low.max == high.min and low.max_inclusive and high.min_inclusive):
            problems.append(f"bands {a} and {b} overlap")
        elif low.max < high.min or (not low.max_inclusive and not high.min_inclusive):
            problems.append(f"gap between bands {a} and {b}")
    return problems


class TierFacts(Facts):
    actual: Number


def score(params: Params, facts: TierFacts, ctx: RuleContext) -> Outcome:
    value = facts.actual
    band = next((b for b in params.bands if b.contains(value)), None)
    if band is None:
        spans = ", ".join(b.shown(params.unit) for b in params.bands)
        raise RuleInputError(f"{fmt_num(value)}{params.unit} falls in no band ({spans})", ("actual",))
    where = f"{fmt_num(value)}{params.unit} in {band.shown(params.unit)}"
    if band.points is not None:
        return points(ctx, band.points, prefix=where)
    assert band.share is not None
    return multiply_weight(ctx, share(band.share), band.share, lead=(Step(prefix=where),))


def checks(params: Params, weight: Decimal) -> list[str]:
    over = [b.shown(params.unit) for b in params.bands if b.points is not None and b.points > weight]
    return [f"band points above the weight {fmt_num(weight)}: {', '.join(over)}"] if over else []


RULE = Rule(
    "tiers", Params, TierFacts, score, __doc__ or "", needs_facts=lambda p: p.source is None, checks=checks
)
