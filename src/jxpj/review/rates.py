"""复核 of the claimed 预算执行率, whole and per budget line, against actual ÷ budget of the lines."""

from __future__ import annotations

from decimal import Decimal

from jxpj.models.claims import Claims
from jxpj.models.evidence import Budget
from jxpj.numbers import HUNDRED, ZERO, fmt_money, fmt_pct, quantize
from jxpj.review.findings import Finding


def rate_findings(claims: Claims, budget: Budget | None, rate_places: int) -> list[Finding]:
    """Every claimed rate that does not follow from the budget lines, the whole one first."""
    if budget is None:
        return []
    found: list[Finding | None] = []
    if claims.execution_rate is not None:
        spent = sum((line.actual for line in budget.lines), ZERO)
        planned = sum((line.budget for line in budget.lines), ZERO)
        found.append(_rate("合计", "预算执行率", claims.execution_rate, spent, planned, rate_places))
    lines = {line.name: line for line in budget.lines}
    for name, claim in claims.line_rates.items():
        line = lines[name]  # names checked by claim_problems
        found.append(_rate(name, f"{name}预算执行率", claim, line.actual, line.budget, rate_places))
    return [f for f in found if f is not None]


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _rate(code: str, label: str, claim: Decimal, actual: Decimal, planned: Decimal, rate_places: int) -> Finding | None:
    """A rate agrees when it is actual ÷ budget rounded to as many decimals as the claim shows."""
    if planned == 0:
        return Finding("rate", code, claim, None, None, f"claimed {label} = {fmt_pct(claim)} but the budget is 0, so no rate follows", f"报告{label} {fmt_pct(claim)}，但预算数为 0，无法计算执行率")
    exact = actual / planned * HUNDRED
    if quantize(exact, _places(claim)) == claim:
        return None
    shown = quantize(exact, max(_places(claim), rate_places))
    working = f"{fmt_money(actual)} ÷ {fmt_money(planned)} × 100% = {fmt_pct(shown)}"
    return Finding("rate", code, claim, shown, claim - shown, f"claimed {label} = {fmt_pct(claim)} but actual ÷ budget = {working}", f"报告{label} {fmt_pct(claim)}，但实际支出 ÷ 预算数 = {working}")
