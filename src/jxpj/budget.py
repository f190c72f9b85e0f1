"""预算执行率 and the 支出明细表: computed from the budget lines, never typed.

Each rate is rounded for display (``rate``, to the spec's ``rate_places``); a rule scored from the
rate takes the unrounded one (``exact_rate``), rounded once more only where the rule says so
(``rounding: {rate_places: 2}``), so that a rate is never rounded for the table and then scored.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from jxpj.models.evidence import Budget
from jxpj.numbers import HUNDRED, ZERO, ratio_percent
from jxpj.rules.units import YUAN_PER


@dataclass(frozen=True, slots=True)
class BudgetRow:
    """One line of 表 1-1 with its execution rate (None when nothing was budgeted)."""

    name: str
    budget: Decimal
    actual: Decimal
    initial: Decimal | None
    rate: Decimal | None  # 预算执行率, percent


@dataclass(frozen=True, slots=True)
class BudgetSummary:
    """The whole table: its rows and the 合计 row, in yuan whatever unit the lines were written in
    (``unit``, which a form shows them in again)."""

    rows: tuple[BudgetRow, ...]
    budget: Decimal
    actual: Decimal
    initial: Decimal | None
    rate: Decimal | None  # 预算执行率 = 实际支出 ÷ 预算 × 100%, rounded for display
    exact_rate: Decimal | None = None  # the same, unrounded (28 digits): what rules score
    unit: str = "元"  # the unit the lines were written in (元 or 万元)


def summarize(budget: Budget, rate_places: int = 2, unit: str = "元") -> BudgetSummary:
    """Rows and totals in yuan (lines in 万元 are converted exactly), each rate rounded half-up to
    ``rate_places`` decimals of a percent. ``unit`` is the spec's, for lines that name none."""
    unit = budget.unit or unit
    k = YUAN_PER[unit]
    rows = tuple(
        BudgetRow(line.name, line.budget * k, line.actual * k, line.initial * k if line.initial is not None else None, ratio_percent(line.actual, line.budget, rate_places))
        for line in budget.lines
    )
    total_budget = sum((r.budget for r in rows), ZERO)
    total_actual = sum((r.actual for r in rows), ZERO)
    initials = [r.initial for r in rows]
    total_initial = sum((i for i in initials if i is not None), ZERO) if any(i is not None for i in initials) else None
    exact = total_actual / total_budget * HUNDRED if total_budget else None
    return BudgetSummary(
        rows, total_budget, total_actual, total_initial, ratio_percent(total_actual, total_budget, rate_places), exact, unit
    )
