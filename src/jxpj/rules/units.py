"""Dates and money amounts as facts: the spellings forms use, read exactly.

Dates: ``2022-06-30``, ``2022-6-30``, ``2022/6/30``, ``2022.6.30`` and ``2022年6月30日``. A month
alone (``2022年6月``) is refused with the day asked for, since "late by how many days" needs one.

Money: a rule that compares amounts says so with ``unit: 元`` or ``unit: 万元``. Its plain numbers
are in that unit, and an amount written with its unit, ``132.9万元`` or ``1,329,000元``, is
converted exactly into it (1万元 = 10000元). Elsewhere an amount with a unit is refused as before
(a rule without a money unit could not say what ``9万元`` is compared with), as is ``3.5亿``.
Budget lines are in the budget's ``unit`` (else the spec's, else 元), see :mod:`jxpj.budget`.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator

from jxpj.numbers import parse_decimal

MoneyUnit = Literal["元", "万元"]
YUAN_PER: dict[str, Decimal] = {"元": Decimal(1), "万元": Decimal(10000)}

_DATE = re.compile(r"([0-9]{4})\s*(?:[-/.]\s*([0-9]{1,2})\s*[-/.]\s*([0-9]{1,2})|年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*[日号]?)")
_MONTH_ONLY = re.compile(r"[0-9]{4}\s*(?:年\s*[0-9]{1,2}\s*月|[-/.]\s*[0-9]{1,2})")
_AMOUNT = re.compile(r"([+-]?(?:[0-9][0-9,]*(?:\.[0-9]*)?|\.[0-9]+))\s*(万元|元)")  # digits, then the unit


def parse_date(value: Any) -> date:
    """A date as forms write it, or ``ValueError`` saying how to write one."""
    if isinstance(value, datetime):  # a workbook's date cell: the day, never the time of day
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"expected a date such as 2022-06-30 or 2022年6月30日, got {type(value).__name__}")
    text = value.strip()
    found = _DATE.fullmatch(text)
    if found is None:
        if _MONTH_ONLY.fullmatch(text):
            raise ValueError(f"{value!r} names a month; write the day too, e.g. 2022年6月30日")
        raise ValueError(f"{value!r} is not a date; write e.g. 2022-06-30 or 2022年6月30日")
    year, month, day = (int(g) for g in found.groups() if g is not None)
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"{value!r} is not a day of the calendar") from None


DateValue = Annotated[date, BeforeValidator(parse_date)]
"""A date fact or parameter: ``2022-06-30`` or ``2022年6月30日``."""


def chinese_date(value: date) -> str:
    """``2022年6月30日``, as the working shows a date."""
    return f"{value.year}年{value.month}月{value.day}日"


def add_months(start: date, months: int) -> date:
    """The same day ``months`` later, the month's last day where it is shorter (1月31日 + 1 = 2月28日)."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(start.day, calendar.monthrange(year, month + 1)[1]))


def months_late(planned: date, actual: date) -> tuple[int, bool]:
    """(whole months from ``planned`` to ``actual``, whether a further month was started)."""
    whole = (actual.year - planned.year) * 12 + actual.month - planned.month
    while whole > 0 and add_months(planned, whole) > actual:
        whole -= 1
    return whole, add_months(planned, whole) < actual


def has_money_unit(value: Any) -> bool:
    return isinstance(value, str) and _AMOUNT.fullmatch(value.strip()) is not None


def to_unit(value: Any, unit: MoneyUnit) -> Any:
    """An amount written with its unit, converted exactly into ``unit``; anything else as it is
    (a plain number is already in ``unit``; the fact's own validator judges the rest)."""
    if not isinstance(value, str):
        return value
    found = _AMOUNT.fullmatch(value.strip())
    if found is None:
        return value
    amount = parse_decimal(found.group(1))
    return amount * YUAN_PER[found.group(2)] / YUAN_PER[unit]


def money_unit(unit: str) -> MoneyUnit | None:
    """The rule's ``unit`` when it is a money unit."""
    return unit if unit in YUAN_PER else None  # type: ignore[return-value]


def amounts_into(data: dict[str, Any], unit: MoneyUnit, keys: tuple[str, ...] | None = None) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """``data`` with each amount written with its unit converted into ``unit`` (only ``keys``,
    where given), and a (key, message) for each that cannot be read."""
    out, problems = dict(data), []
    for key, value in data.items():
        if (keys is None or key in keys) and has_money_unit(value):
            try:
                out[key] = to_unit(value, unit)
            except ValueError as exc:
                problems.append((key, str(exc)))
    return out, problems


def params_amounts(data: Any, keys: tuple[str, ...]) -> Any:
    """A rule's parameters with amounts such as ``target: 202.6万元`` converted into the rule's
    ``unit``, which must then be a money unit: the spec's unit is not known to a rule alone."""
    if not isinstance(data, dict) or not any(has_money_unit(data.get(k)) for k in keys):
        return data
    unit = money_unit(str(data.get("unit", "")))
    if unit is None:
        raise ValueError("an amount written with its unit (e.g. 202.6万元) needs the rule's unit: 元 or unit: 万元, the unit the amounts are compared in")
    out, problems = amounts_into(data, unit, keys)
    if problems:
        raise ValueError("; ".join(f"{key}: {message}" for key, message in problems))
    return out


_DATE_LIKE = re.compile(r"\s*[0-9]{4}\s*(?:年|[-/.]\s*[0-9]{1,2}\s*[-/.])")


def _number_or_date(value: Any) -> Decimal | date:
    """A number, or a date when it is written as one (``2022-06-30``, ``2022年6月30日``)."""
    if isinstance(value, date) or (isinstance(value, str) and _DATE_LIKE.match(value)):
        return parse_date(value)
    return parse_decimal(value)


NumberOrDate = Annotated[Decimal | date, BeforeValidator(_number_or_date)]
"""A fact compared with a target: a number, or a date (完成时间 ≤ 计划时间)."""
