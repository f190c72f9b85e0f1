"""How Chinese reports write what is not a measured number: section numbers, table numbers, dates,
counts before a measure word, and the arithmetic of an explanation."""

from __future__ import annotations

from datetime import date

from jxpj.explain import Explanation, show_value
from jxpj.numbers import fmt_num

_DIGITS = "零一二三四五六七八九"


def cn_numeral(n: int) -> str:
    """0–99 as Chinese numerals (三, 十二, 二十), larger numbers in digits: for section numbers."""
    if 0 <= n < 10:
        return _DIGITS[n]
    if 10 <= n < 100:
        tens, ones = divmod(n, 10)
        return f"{'' if tens == 1 else _DIGITS[tens]}十{_DIGITS[ones] if ones else ''}"
    return str(n)


def cn_count(n: int) -> str:
    """A count before a measure word (三部分, 两部分): as :func:`cn_numeral`, but 2 is 两."""
    return "两" if n == 2 else cn_numeral(n)


_ORDINALS = {"一、": "{cn}、", "（一）": "（{cn}）", "1、": "{n}、", "（1）": "（{n}）", "1.": "{n}."}


def ordinal(n: int, style: str = "1、") -> str:
    """A section number in one of the styles Chinese reports use: 一、 （一） 1、 （1）."""
    try:
        pattern = _ORDINALS[style]
    except KeyError:
        raise ValueError(f"unknown numbering style {style!r}; use one of {', '.join(_ORDINALS)}") from None
    return pattern.format(cn=cn_numeral(n), n=n)


class TableNumbers:
    """表 3-1, 表 3-2, …: tables are numbered per chapter in the order the report shows them."""

    def __init__(self, chapter: int) -> None:
        self.chapter, self.count = chapter, 0

    def next(self) -> str:
        self.count += 1
        return f"表 {self.chapter}-{self.count}"


def chinese_date(value: date | None) -> str | None:
    """``2019年6月30日``."""
    return f"{value.year}年{value.month}月{value.day}日" if value is not None else None


def steps_text(explanation: Explanation | None) -> str | None:
    """An explanation's arithmetic steps, without the English words around them, joined by ；."""
    if explanation is None:
        return None
    parts = []
    for step in explanation.steps:
        if step.expr is None or step.value is None:
            continue
        text = f"{step.expr.shown} = {show_value(step.value)}"
        if step.rounded is not None and step.rounded != step.value:
            text += f" → {fmt_num(step.rounded)}"
        parts.append(text)
    return "；".join(parts) or None
