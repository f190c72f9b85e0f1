"""Compare two scored evaluations (two years of one project, or two versions of one file).

Indicators are matched by code; each :class:`Change` carries both sides' weight, 业绩值 and
score, so a spec that changed between years (a new indicator, a new weight) shows as such
rather than as a silent zero. Nothing here reads files or prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from jxpj.result import NodeResult, Result


@dataclass(frozen=True, slots=True)
class Change:
    """One indicator on both sides; ``None`` where the side has no such indicator."""

    code: str
    name: str
    level: int
    a: NodeResult | None
    b: NodeResult | None

    @property
    def delta(self) -> Decimal | None:
        """Score B − score A, when both are scored."""
        if self.a is None or self.b is None or self.a.score is None or self.b.score is None:
            return None
        return self.b.score - self.a.score

    @property
    def changed(self) -> bool:
        """Anything an evaluator would see differ: presence, weight, 业绩值, score or status."""
        if self.a is None or self.b is None:
            return True
        a, b = self.a, self.b
        return (a.weight, a.value, a.score, a.status) != (b.weight, b.value, b.score, b.status)


@dataclass(frozen=True, slots=True)
class Diff:
    """Every indicator of A (in A's order), then those only B has, and the totals of both."""

    a: Result
    b: Result
    changes: tuple[Change, ...]

    @property
    def total_delta(self) -> Decimal | None:
        if self.a.total is None or self.b.total is None:
            return None
        return self.b.total - self.a.total

    @property
    def rates(self) -> tuple[Decimal | None, Decimal | None]:
        """预算执行率 of A and B (None without budget lines)."""
        return (self.a.budget.rate if self.a.budget else None, self.b.budget.rate if self.b.budget else None)

    @property
    def rate_delta(self) -> Decimal | None:
        ra, rb = self.rates
        return rb - ra if ra is not None and rb is not None else None

    def first_level(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.level == 1)

    def changed(self) -> tuple[Change, ...]:
        """Changed indicators below the first level (the first level is always shown)."""
        return tuple(c for c in self.changes if c.level > 1 and c.changed)


def diff(a: Result, b: Result) -> Diff:
    """Match ``a`` and ``b`` indicator by indicator."""
    changes = [Change(n.code, n.name, n.level, n, b.find(n.code)) for n in a.walk()]
    seen = {n.code for n in a.walk()}
    changes += [Change(n.code, n.name, n.level, None, n) for n in b.walk() if n.code not in seen]
    return Diff(a, b, tuple(changes))

