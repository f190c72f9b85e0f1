"""Explanations: the arithmetic behind a score, as an evaluator writes it and as a machine checks it.

A :class:`Step` is one line of working, e.g. ``(95% − 84.05%) × 2% × 4 = 0.876 → 0.88 deducted``.
It carries two spellings of the same expression built together by :class:`Expr`:

* ``shown``: the evaluator's notation (``×``, ``−``, ``÷``, rates with ``%``, shares as ``2%``);
* ``calc``: plain arithmetic (``(95 - 84.05) * 0.02 * 4``) that :mod:`jxpj.rules.formula_language` can evaluate,
  so tests can re-check every explanation against the score it explains.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from jxpj.numbers import RoundingMode, fmt_num, quantize

_SHOWN_DECIMALS = 6  # working beyond this is shown rounded, with an ellipsis


@dataclass(frozen=True, slots=True)
class Expr:
    """An arithmetic expression in both spellings; operators build bigger expressions."""

    shown: str
    calc: str

    def __add__(self, other: Expr) -> Expr:
        return Expr(f"{self.shown} + {other.shown}", f"{self.calc} + {other.calc}")

    def __sub__(self, other: Expr) -> Expr:
        return Expr(f"{self.shown} − {other.shown}", f"{self.calc} - {other.calc}")

    def __mul__(self, other: Expr) -> Expr:
        return Expr(f"{self.shown} × {other.shown}", f"{self.calc} * {other.calc}")

    def __truediv__(self, other: Expr) -> Expr:
        return Expr(f"{self.shown} ÷ {other.shown}", f"{self.calc} / {other.calc}")

    def paren(self) -> Expr:
        return Expr(f"({self.shown})", f"({self.calc})")


def num(value: Decimal, unit: str = "") -> Expr:
    """A plain number, optionally followed by a unit that does not change its value (e.g. ``%``).

    A number with more decimals than the working shows (an unrounded execution rate, 84.503667…%)
    is shown short with an ellipsis and computed with every digit.
    """
    text = fmt_num(value)
    shown = text if value == quantize(value, _SHOWN_DECIMALS) else _shortened(value)  # show_value(), text reused
    return Expr(f"{shown}{unit}", text if value >= 0 else f"({text})")


def share(value: Decimal) -> Expr:
    """A share of the weight, shown in percent: 0.02 is shown ``2%`` and computed as 0.02."""
    return Expr(f"{fmt_num(value * 100)}%", fmt_num(value))


def show_value(value: Decimal) -> str:
    """A working value: exact when short, else rounded to six decimals with an ellipsis."""
    if value == quantize(value, _SHOWN_DECIMALS):
        return fmt_num(value)
    return _shortened(value)


def _shortened(value: Decimal) -> str:
    return f"{fmt_num(quantize(value, _SHOWN_DECIMALS))}…"


_MODE_WORDS = {"half_up": "四舍五入", "half_even": "四舍六入五成双", "down": "舍去", "up": "进一"}


def rounding_words(places: int, mode: RoundingMode) -> str:
    """How a score was rounded, as forms say it: ``取整，舍去``, ``保留1位小数，四舍五入``."""
    where = "取整" if places == 0 else f"保留{places}位小数"
    return f"{where}，{_MODE_WORDS[mode]}"


@dataclass(frozen=True, slots=True)
class Step:
    """One line of working: ``[prefix] expr = value [→ rounded][（note）] [label]``.

    A step without ``expr`` is a statement (``84.05% < 95%``) that needs no arithmetic. ``note`` is
    a remark in the evaluator's words on the arithmetic just shown, e.g. how it was rounded:
    ``9.8 → 9（取整，舍去）``.
    """

    prefix: str = ""
    expr: Expr | None = None
    value: Decimal | None = None
    rounded: Decimal | None = None
    label: str = ""
    note: str = ""

    def __str__(self) -> str:
        parts = [self.prefix] if self.prefix else []
        if self.expr is not None and self.value is not None:
            working = f"{self.expr.shown} = {show_value(self.value)}"
            if self.rounded is not None and self.rounded != self.value:
                working += f" → {fmt_num(self.rounded)}"
            if self.note:
                working += f"（{self.note}）"
            parts.append(working)
        if self.label:
            parts.append(self.label)
        return " ".join(parts)


@dataclass(frozen=True, slots=True)
class Explanation:
    """The whole working for one score, joined the way evaluators write it."""

    steps: tuple[Step, ...]

    def __str__(self) -> str:
        return "; ".join(str(s) for s in self.steps)
