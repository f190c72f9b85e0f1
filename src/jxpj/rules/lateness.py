"""A date target (完成时间 ≤ 计划时间) and what lateness costs: the ``target`` rule's date form.

Days late are calendar days after the planned date. Months late count a started month as a month
(不足一个月按一个月计) unless ``per_whole: true``, which counts whole months only; ``step``
deducts per so many days or months (每逾期10天扣1分). Without ``late:`` any delay earns 0.

Explanation: ``2022年8月15日 > 2022年6月30日: 1 month and 16 days late: counted as 2 months (a
started month counts); 2 × 1 = 2 deducted; 5 − 2 = 3``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import Field

from jxpj.explain import Step, num, share
from jxpj.numbers import ZERO, quantize
from jxpj.rules.base import Outcome, RuleContext, RuleInputError, deduct, full_marks
from jxpj.rules.threshold_deduction import PerPoint
from jxpj.rules.units import add_months, chinese_date, months_late
from jxpj.strict import Model

DATE_OPS = ("<=", "<", "==")  # by the planned date, before it, on it


class Lateness(Model):
    """What each day or month late deducts (``late:`` of a date target)."""

    per: Literal["day", "month"] = "day"
    points: PerPoint  # {points: 1} or {share: 0.1} of the weight, per step late
    step: int = Field(default=1, ge=1, le=3660)  # per so many days or months
    per_whole: bool = False  # only whole steps (and whole months) count


def _count(n: int, unit: str) -> str:
    return f"{n} {unit}{'s' if n != 1 else ''}"


def _late(late: Lateness | None, planned: date, actual: date) -> tuple[int, str]:
    """How many days or months late, and the words for it."""
    if late is None or late.per == "day":
        days = (actual - planned).days
        return days, f"{_count(days, 'day')} late"
    whole, started = months_late(planned, actual)
    rest = (actual - add_months(planned, whole)).days
    span = " and ".join(part for part in (_count(whole, "month") if whole else "", _count(rest, "day") if rest else "") if part)
    if not started:
        return whole, f"{span} late"
    if late.per_whole:
        return whole, f"{span} late: {_count(whole, 'whole month')} counted"
    return whole + 1, f"{span} late: counted as {_count(whole + 1, 'month')} (a started month counts)"


def score_date(op: str, actual: date, planned: date, late: Lateness | None, ctx: RuleContext) -> Outcome:
    """Full marks when ``actual op planned``; otherwise 0, or the weight less what lateness costs."""
    if op not in DATE_OPS:
        raise RuleInputError(f"a date is compared with op '<=' (完成时间 ≤ 计划时间), '<' or '==', not {op!r}", ("actual",))
    done, due = chinese_date(actual), chinese_date(planned)
    shown = {"<=": "≤", "<": "<", "==": "="}[op]
    if (actual <= planned) if op == "<=" else (actual < planned) if op == "<" else (actual == planned):
        return full_marks(ctx, f"{done} {shown} {due}")
    if actual < planned:  # early, where the target is the day itself
        return Outcome(ctx.round(ZERO), (Step(prefix=f"{done} < {due}", label="target not met → 0"),))
    count, words = _late(late, planned, actual)
    if late is None:  # late at all is the target missed
        return Outcome(ctx.round(ZERO), (Step(prefix=f"{done} > {due}: {words}", label="target not met → 0"),))
    lead: tuple[Step, ...] = (Step(prefix=f"{done} > {due}: {words}"),)
    units, units_expr = Decimal(count), num(Decimal(count))
    if late.step != 1:
        exact, step_expr = units / late.step, units_expr / num(Decimal(late.step))
        if late.per_whole:  # 25 days at 10 a step: 2 whole steps, shown before the deduction
            counted = quantize(exact, 0, "down")
            what = "天" if late.per == "day" else "个月"
            lead += (Step(expr=step_expr, value=exact, rounded=counted, note=f"只计满{late.step}{what}的整档" if counted != exact else ""),)
            units, units_expr = counted, num(counted)
        else:  # in proportion: 25 ÷ 10 × 1 inside the deduction itself
            units, units_expr = exact, step_expr
    per = late.points
    if per.share is not None:
        return deduct(ctx, units_expr * share(per.share) * ctx.w, units * per.share * ctx.weight, lead=lead)
    assert per.points is not None
    return deduct(ctx, units_expr * num(per.points), units * per.points, lead=lead)
