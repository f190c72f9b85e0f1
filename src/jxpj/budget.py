"""预算执行率 and the 支出明细表: computed from the budget lines, never typed."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from jxpj.models.evidence import Budget
from jxpj.numbers import ZERO, ratio_percent


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
    """The whole table: its rows and the 合计 row."""

    rows: tuple[BudgetRow, ...]
    budget: Decimal
    actual: Decimal
    initial: Decimal | None
    rate: Decimal | None  # BudgetExecutionRate  # 预算执行率 = 实际支出 ÷ 预算 × 100%


def summarize(budget: Budget, rate_places: int = 2) -> BudgetSummary:
    """Rows and totals, each rate rounded half-up to ``rate_places`` decimals of a percent."""
    rows = tuple(
        BudgetRow(line.name, line.budget, line.actual, line.initial, ratio_percent(line.actual, line.budget, rate_places))
        for line in budget.lines
    )
    total_budget = sum((r.budget for r in rows), ZERO)
    total_actual = sum((r.actual for r in rows), ZERO)
    initials = [r.initial for r in rows]
    total_initial = sum((i for i in initials if i is not None), ZERO) if any(i is not None for i in initials) else None
    return BudgetSummary(
        rows, total_budget, total_actual, total_initial, ratio_percent(total_actual, total_budget, rate_places)
    )
