"""Exact numbers: how jxpj reads, rounds and writes money, rates and scores.

Everything is :class:`decimal.Decimal`. YAML floats never become Python floats (the loader hands
us their text), and the validators below refuse floats outright, so no value ever passes through
binary floating point on its way to a score.

Accepted spellings (documented in the README, tested in ``tests/test_numbers.py``):

* a YAML number: ``84.05``, ``4000000``, ``1.2e+3``;
* a string of digits with an optional sign and decimal point: ``"84.05"``;
* a string with thousands separators in the right places: ``"1,200,000.00"``;
* for rates only, a trailing percent sign: ``"84.05%"`` (the number is already in percent).

Refused, with a message saying what to write instead: units such as ``"120万元"`` (jxpj does not
guess a scale), misplaced separators (``"1,20,0000"``, ``"84,05"``), full-width or non-ASCII
digits (``"８４.05"``), exponents in strings (``"1e5"``), YAML 1.1 octal/hex/base-60 integers
(``0x1F``; ``010`` is read as 10, see :mod:`jxpj.documents.yaml_reader`), ``NaN``/``Infinity``, booleans, floats
from Python callers, more than ``MAX_FRACTION_DIGITS`` decimals or more than
``MAX_INTEGER_DIGITS`` integer digits.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import (
    ROUND_DOWN,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    ROUND_UP,
    Decimal,
    getcontext,
    localcontext,
)
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator

MAX_INTEGER_DIGITS = 15  # a trillion yuan with room to spare; beyond is a typo, not a budget
MAX_FRACTION_DIGITS = 10

# down truncates (舍去: 9.8 → 9), up rounds away from zero (进一: 9.2 → 10)
RoundingMode = Literal["half_up", "half_even", "down", "up"]
_EXPONENTS = tuple(Decimal(1).scaleb(-places) for places in range(11))  # 1, 0.1, … 1E-10: quantize's targets
_MODES = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN, "down": ROUND_DOWN, "up": ROUND_UP}

# ASCII digits only: Python's \d also matches full-width ０-９ and Arabic-Indic digits, which
# Decimal() would accept, so "８４" and "٣" were numbers by accident rather than by a rule.
_PLAIN = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_GROUPED = re.compile(r"[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?")
_UNIT_HINT = re.compile(r"[万亿元千百%]")
_FULL_WIDTH = re.compile(r"[\uff01-\uff5e]")  # ０-９, ．, ％, ，… typed with a Chinese input method

ZERO = Decimal(0)
HUNDRED = Decimal(100)


def parse_decimal(value: Any, *, percent: bool = False) -> Decimal:
    """Read one number exactly, or raise ``ValueError`` with a message for the user."""
    kind = type(value)
    if kind is Decimal:  # what the YAML reader gives for numbers, checked first (not a bool)
        result = value
    elif kind is int:
        result = Decimal(value)
    elif isinstance(value, bool):
        raise ValueError("expected a number, got yes/no")
    elif isinstance(value, float):
        raise ValueError("floats are not accepted; pass a Decimal or a string of digits")
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, Decimal):
        result = value
    elif isinstance(value, str):
        result = _parse_text(value.strip(), percent=percent)
    else:
        raise ValueError(f"expected a number, got {type(value).__name__}")
    return _bounded(result)


def _parse_text(written: str, *, percent: bool) -> Decimal:
    text = written
    if percent and text.endswith("%"):
        text = text[:-1].rstrip()
    if _PLAIN.fullmatch(text) or _GROUPED.fullmatch(text):
        return Decimal(text.replace(",", ""))
    if _FULL_WIDTH.search(text) or any(c.isdigit() and not c.isascii() for c in text):
        raise ValueError(f"{written!r} uses full-width or non-ASCII characters; write half-width digits, e.g. 84.05")
    if re.fullmatch(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)[eE][+-]?[0-9]+", text):
        raise ValueError(f"{written!r}: write the number out in digits, without an exponent")
    if "," in text and re.fullmatch(r"[+-]?[0-9,]+(?:\.[0-9]+)?", text):
        raise ValueError(f"{written!r}: commas must separate groups of three digits, e.g. 1,200,000.00")
    if _UNIT_HINT.search(text):
        hint = "a rate in percent, e.g. 84.05" if "%" in text else "the amount in yuan, e.g. 1200000"
        raise ValueError(f"{written!r} carries a unit; write {hint}")
    raise ValueError(f"{written!r} is not a number")


def _bounded(value: Decimal) -> Decimal:
    if not value.is_finite():
        raise ValueError("expected a finite number, got NaN or infinity")
    exponent = _exponent(value)
    integer = value.adjusted() + 1 if value else 0  # adjusted() + 1 = digits + exponent
    if integer > MAX_INTEGER_DIGITS:
        raise ValueError(f"number too large (more than {MAX_INTEGER_DIGITS} digits before the point)")
    if -exponent > MAX_FRACTION_DIGITS:
        raise ValueError(f"too many decimals (at most {MAX_FRACTION_DIGITS})")
    return quantize(value, 0) if exponent > 0 else value  # 1.2E+3 becomes 1200 (exactly)


def _exponent(value: Decimal) -> int:
    """The exponent of a finite Decimal: -2 for 84.05 (its decimals, written as they were).

    Read from its text where that is plain (str() is written in C and does not build the tuple
    of digits that as_tuple() builds; every number of every evidence file passes here).
    """
    text = str(value)
    if "E" in text:  # exponent notation: above zero, or very small
        exponent = value.as_tuple().exponent
        assert isinstance(exponent, int)  # finite, checked by the caller
        return exponent
    point = text.find(".")
    return 0 if point < 0 else point + 1 - len(text)


def _number(value: Any) -> Decimal:
    return parse_decimal(value)


def _rate(value: Any) -> Decimal:
    return parse_decimal(value, percent=True)


def _non_negative(value: Any) -> Decimal:
    result = parse_decimal(value)
    if result < 0:
        raise ValueError("must not be negative")
    return result


Number = Annotated[Decimal, BeforeValidator(_number)]
"""Any exact number (money, counts, points)."""

NonNegative = Annotated[Decimal, BeforeValidator(_non_negative)]
"""A number that is zero or more: weights, budgets, points."""

Rate = Annotated[Decimal, BeforeValidator(_rate)]
"""A rate in percent: ``84.05`` or ``"84.05%"`` both mean 84.05 %."""


def quantize(value: Decimal, places: int, mode: RoundingMode = "half_up") -> Decimal:
    """Round to ``places`` decimals with the named mode (half-up unless a spec says otherwise).

    The precision is raised to hold every digit of the result: with the default 28 digits,
    quantizing a deduction of 10**30 raised InvalidOperation instead of giving a number.
    """
    exponent = _EXPONENTS[places] if 0 <= places < len(_EXPONENTS) else Decimal(1).scaleb(-places)
    if value.adjusted() + places + 2 <= getcontext().prec:  # the usual case: no context to copy
        return value.quantize(exponent, rounding=_MODES[mode])
    with localcontext() as context:
        context.prec = value.adjusted() + places + 2
        return value.quantize(exponent, rounding=_MODES[mode])


def ratio_percent(part: Decimal, whole: Decimal, places: int = 2) -> Decimal | None:
    """``part ÷ whole × 100`` rounded half-up, or None when the whole is zero."""
    if whole == 0:
        return None
    return quantize(part / whole * HUNDRED, places)


# ---- writing numbers as evaluators write them -------------------------------------------------


def fmt_num(value: Decimal) -> str:
    """``85.12``, ``9``, ``1.5``, ``0.876``: no trailing zeros, never an exponent."""
    if value == 0:
        return "0"
    return format(value.normalize(), "f")


def fmt_pct(value: Decimal) -> str:
    """``84.05%``, ``90%``, ``90.4%``."""
    return f"{fmt_num(value)}%"


def fmt_money(value: Decimal) -> str:
    """``3,361,823.33``: thousands separators and exactly two decimals, as in 表 1-1."""
    return f"{quantize(value, 2):,.2f}"


def fmt_wan(value: Decimal) -> str:
    """``336.18万元``: yuan shown in units of ten thousand, as prose writes it."""
    return f"{fmt_num(quantize(value / Decimal(10000), 2))}万元"


def dumps(value: Any, indent: int = 2) -> str:
    """JSON text with Decimals as exact numbers; everything else as :mod:`json` writes it."""
    encode, string = _json()

    def dump(value: Any, depth: int) -> str:
        # the common scalars first, as json writes them: its encoder is Python code per call, and
        # a 5,000-indicator result has some 20,000 ints, nulls and booleans
        kind = type(value)
        if kind is str:
            return string(value)
        if value is None:
            return "null"
        if kind is bool:
            return "true" if value else "false"
        if kind is int:
            return int.__repr__(value)
        if isinstance(value, Decimal):
            return fmt_num(value)
        if isinstance(value, dict):
            if not value:
                return "{}"
            pad, inner = " " * indent * depth, " " * indent * (depth + 1)
            items = [f"{inner}{string(str(k))}: {dump(v, depth + 1)}" for k, v in value.items()]
            return "{\n" + ",\n".join(items) + f"\n{pad}}}"
        if isinstance(value, list | tuple):
            if not value:
                return "[]"
            pad, inner = " " * indent * depth, " " * indent * (depth + 1)
            return "[\n" + ",\n".join(f"{inner}{dump(v, depth + 1)}" for v in value) + f"\n{pad}]"
        return string(value) if isinstance(value, str) else encode(value)

    return dump(value, 0)


@cache
def _json() -> tuple[Callable[[Any], str], Callable[[str], str]]:
    """One encoder for every value (json.dumps(..., ensure_ascii=False) built a new one each time,
    a third of writing the JSON of a 5,000-indicator result), and how it writes a str (quoted,
    not ASCII-escaped). json is imported by the commands that write JSON only."""
    import json
    from json.encoder import encode_basestring

    return json.JSONEncoder(ensure_ascii=False).encode, encode_basestring
