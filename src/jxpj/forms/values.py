"""Reading what people write in a form's cells: labels, numbers stored as text, percents,
targets such as ``≥95%`` or ``控制在202.6万元以内``, and grades written after the total."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from functools import cache, lru_cache

from jxpj.errors import Problem, Severity
from jxpj.forms.grid import Cell
from jxpj.forms.model import Target, Value
from jxpj.numbers import parse_decimal, quantize

# What units put in a number cell that has nothing to say: 其中 rows' 分值, a 不适用 indicator.
DASHES = frozenset({"", "—", "——", "–", "-", "--", "/", "\\", "无", "不适用", "n/a", "N/A", "NA", "×"})
GRADES = ("不合格", "优秀", "良好", "中等", "合格", "较差", "优", "良", "中", "差")
CHECK = "form-value"

# (words, sign), longest first so 不低于 is not read as 低于
_OPS: tuple[tuple[str, str], ...] = tuple(
    sorted(
        [
            (">=", "≥"), ("=>", "≥"), ("≥", "≥"), ("≧", "≥"), ("<=", "≤"), ("=<", "≤"), ("≤", "≤"), ("≦", "≤"),
            (">", ">"), ("<", "<"), ("=", "="), ("大于等于", "≥"), ("大于或等于", "≥"), ("不低于", "≥"),
            ("不少于", "≥"), ("不小于", "≥"), ("至少", "≥"), ("小于等于", "≤"), ("小于或等于", "≤"),
            ("不高于", "≤"), ("不超过", "≤"), ("不大于", "≤"), ("不多于", "≤"), ("至多", "≤"), ("最多", "≤"),
            ("控制在", "≤"), ("大于", ">"), ("高于", ">"), ("超过", ">"), ("多于", ">"), ("小于", "<"),
            ("低于", "<"), ("少于", "<"), ("等于", "="),
        ],
        key=lambda pair: -len(pair[0]),
    )
)
_SUFFIX_OPS = (("及以上", "≥"), ("以上", "≥"), ("及以下", "≤"), ("以下", "≤"), ("以内", "≤"), ("之内", "≤"))


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    # compiled on first use, so importing jxpj.forms costs nothing
    grade = "|".join(GRADES)
    return (
        re.compile(r"[\s:*]+"),
        re.compile(r"([+-]?(?:[0-9][0-9,]*(?:\.[0-9]+)?|\.[0-9]+))(.*)"),
        re.compile(rf"(?:([0-9][0-9.,]*)\s*分?)?\s*(?:自评等级|等级|评级)?[(\[【]?\s*({grade})\s*[)\]】]?"),
    )


@lru_cache(maxsize=4096)  # a layout compares the same few hundred labels again and again
def nfkc(text: str) -> str:
    """Full-width digits, ％, （）, ：and the ideographic space become their ASCII forms."""
    return unicodedata.normalize("NFKC", text)


@lru_cache(maxsize=4096)  # a layout compares the same few hundred labels again and again
def norm(text: str) -> str:
    """A label as compared: NFKC, without spaces (full-width ones too), colons or the * of a required field."""
    return _patterns()[0].sub("", nfkc(text))


@lru_cache(maxsize=4096)  # a layout compares the same few hundred labels again and again
def bare(text: str) -> str:
    """A label without what it says in brackets: ``年初预算数（万元）`` → ``年初预算数``."""
    return re.sub(r"\([^)]*\)|\[[^\]]*\]|【[^】]*】", "", norm(text))


def decimal_of_float(value: float) -> Decimal:
    """A float cell exactly as Excel shows it (15 significant digits): 85.5 stays 85.5 and a
    computed 7.6499999999999995 is the 7.65 on screen."""
    return _whole(Decimal(format(value, ".15g")))


def percent_of(number: Decimal) -> Decimal:
    """A fraction stored under a percent format (1.0 shown as 100%) in percent."""
    return _whole(number.scaleb(2))


def _whole(number: Decimal) -> Decimal:
    # 1E+2 is exactly 100 but prints as an exponent; give it its digits back
    exponent = number.as_tuple().exponent
    return quantize(number, 0) if isinstance(exponent, int) and exponent > 0 else number


def read_number(text: str, units: tuple[str, ...] = ()) -> tuple[Decimal | None, bool, bool]:
    """(number, written as a percent, unreadable) for a cell's text; a dash is no number."""
    written = nfkc(text).strip()
    if written in DASHES:
        return None, False, False
    body = written.lstrip("¥").strip()
    for unit in units:
        if body.endswith(unit) and body != unit:
            body = body[: -len(unit)].rstrip()
            break
    percent = body.endswith("%")
    try:
        return parse_decimal(body, percent=True), percent, False
    except ValueError:
        return None, False, True


def value_of(cell: Cell, units: tuple[str, ...] | None = None) -> tuple[Value, Problem | None]:
    """The Value of a cell; ``units`` marks a cell meant to hold a number (with those units
    allowed after it), where text that is no number is worth a warning."""
    if cell.number is not None or cell.missing:
        return Value(cell.text, cell.where, cell.number, cell.percent), None
    number, percent, unreadable = read_number(cell.text, units or ())
    found = Value(cell.text, cell.where, number, percent or cell.percent)
    return found, not_a_number(found) if units is not None and unreadable else None


def not_a_number(value: Value) -> Problem:
    return value.where.problem(f"{value.text!r} is not a number; the value is left out", CHECK, Severity.WARNING)


def split_grade(text: str) -> tuple[str, str | None]:
    """``85.5（良）`` → (``85.5``, ``良``); ``良`` → ("", ``良``); no grade → (text, None)."""
    found = _patterns()[2].fullmatch(nfkc(text).strip())
    if not found:
        return text, None
    return found.group(1) or "", found.group(2)


def target_of(value: Value, nature: Value | None = None) -> Target:
    """Read a 年度指标值 or 实际完成值: ``≥95%``, ``≤202.6万元``, ``735人次``, ``有效``; a
    ``nature`` (指标性质) of ≥, ≤, =, >, < gives the sign when the value has none."""
    parsed = _target(value)
    if parsed.op is None and parsed.number is not None and nature is not None:
        sign = _target(Value(nature.text + "0", nature.where, None)).op
        return Target(sign, parsed.number, parsed.unit) if sign else parsed
    return parsed


def _target(value: Value) -> Target:
    if value.number is not None:
        return Target(None, value.number, "%" if value.percent else "")
    text = _patterns()[0].sub("", nfkc(value.text))
    op = None
    for words, sign in _OPS:
        if text.startswith(words):
            op, text = sign, text[len(words) :]
            break
    for words, sign in _SUFFIX_OPS:
        if text.endswith(words):
            op, text = op or sign, text[: -len(words)]
            break
    found = _patterns()[1].fullmatch(text)
    if not found:
        return Target(op, None, "")
    digits, unit = found.groups()
    if any(ch.isdigit() for ch in unit) or len(unit) > 10:
        return Target(op, None, "")  # a range (90%-100%) or a date: 定性, not one number
    try:
        number = parse_decimal(digits)
    except ValueError:
        return Target(op, None, "")
    return Target(op, number, unit)
