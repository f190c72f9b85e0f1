"""A tiny Excel formula evaluator for tests: recalculates a workbook as Excel would, over exact
decimals, for the small set of functions jxpj's sheets use (SUM, ROUND, IF, MAX) and + - * /, the
comparisons, cell references (also to another sheet: ``'支出明细表'!E9``) and ranges. Anything else raises, so a new kind of formula in the
sheets cannot slip past the tests unevaluated.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from openpyxl.utils import column_index_from_string, get_column_letter

_TOKEN = re.compile(
    r'\s*(?:(?P<num>\d+(?:\.\d+)?)|(?P<str>"[^"]*")|(?P<xref>\'[^\']+\'![A-Z]+\d+)|(?P<range>[A-Z]+\d+:[A-Z]+\d+)|(?P<ref>[A-Z]+\d+)'
    r"|(?P<name>[A-Z]+)(?=\()|(?P<op><>|>=|<=|[-+*/(),=<>]))"
)


class Sheet:
    """Values of one worksheet, formulas evaluated on demand (with memo)."""

    def __init__(self, ws: Any, memos: dict[str, dict[str, Any]] | None = None) -> None:
        self.ws = ws
        self.memo_of = memos if memos is not None else {}  # every sheet's memo, shared across references
        self.memo: dict[str, Any] = self.memo_of.setdefault(ws.title, {})

    def value(self, ref: str) -> Any:
        if ref not in self.memo:
            raw = self.ws[ref].value
            if isinstance(raw, str) and raw.startswith("="):
                self.memo[ref] = _Parser(self, raw[1:]).run()
            elif isinstance(raw, float):
                self.memo[ref] = Decimal(repr(raw))
            elif isinstance(raw, int) and not isinstance(raw, bool):
                self.memo[ref] = Decimal(raw)
            else:
                self.memo[ref] = "" if raw is None else raw
        return self.memo[ref]


class _Parser:
    def __init__(self, sheet: Sheet, text: str) -> None:
        self.sheet = sheet
        self.tokens: list[tuple[str, str]] = []
        pos = 0
        while pos < len(text):
            m = _TOKEN.match(text, pos)
            if not m or m.end() == pos:
                raise ValueError(f"cannot read formula at {text[pos:]!r}")
            kind = m.lastgroup
            assert kind is not None
            self.tokens.append((kind, m.group(kind)))
            pos = m.end()
        self.i = 0

    def run(self) -> Any:
        thunk = self.compare()
        if self.i != len(self.tokens):
            raise ValueError(f"trailing tokens {self.tokens[self.i:]}")
        return thunk()

    # Each rule returns a thunk, so IF evaluates only the branch it takes (as Excel does).

    def peek(self) -> str | None:
        return self.tokens[self.i][1] if self.i < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def binary(self, ops: dict[str, Callable[[Any, Any], Any]], operand: Callable[[], Thunk]) -> Thunk:
        left = operand()
        while self.peek() in ops:
            fn = ops[self.take()[1]]
            right = operand()
            left = _apply(fn, left, right)
        return left

    def compare(self) -> Thunk:
        return self.binary(_COMPARE, self.additive)

    def additive(self) -> Thunk:
        return self.binary(_ADD, self.term)

    def term(self) -> Thunk:
        return self.binary(_MUL, self.unary)

    def unary(self) -> Thunk:
        if self.peek() == "-":
            self.take()
            inner = self.unary()
            return lambda: -inner()
        return self.atom()

    def atom(self) -> Thunk:
        kind, text = self.take()
        if kind == "num":
            return lambda: Decimal(text)
        if kind == "str":
            return lambda: text[1:-1]
        if kind == "ref":
            return lambda: self.sheet.value(text)
        if kind == "xref":
            name, ref = text[1:].split("'!")
            return lambda: Sheet(self.sheet.ws.parent[name], self.sheet.memo_of).value(ref)
        if kind == "op" and text == "(":
            inner = self.compare()
            assert self.take()[1] == ")"
            return inner
        if kind == "name":
            return self.call(text)
        raise ValueError(f"unexpected {text!r}")

    def args(self) -> list[Thunk]:
        assert self.take()[1] == "("
        out: list[Thunk] = []
        while True:
            if self.tokens[self.i][0] == "range":
                cells = _cells(self.take()[1])
                out.append(lambda cells=cells: [self.sheet.value(c) for c in cells])
            else:
                out.append(self.compare())
            sep = self.take()[1]
            if sep == ")":
                return out
            assert sep == ","

    def call(self, name: str) -> Thunk:
        args = self.args()
        if name == "SUM":
            def total() -> Decimal:
                values = [a() for a in args]
                flat = [v for x in values for v in (x if isinstance(x, list) else [x])]
                return sum((v for v in flat if isinstance(v, Decimal)), Decimal(0))
            return total
        if name == "ROUND":
            value, places = args
            return lambda: value().quantize(Decimal(1).scaleb(-int(places())), rounding=ROUND_HALF_UP)
        if name == "MAX":
            return lambda: max(a() for a in args)
        if name == "IF":
            cond, yes, no = args
            return lambda: yes() if cond() else no()
        raise ValueError(f"function {name} is not known to the test evaluator")


Thunk = Callable[[], Any]


def _apply(fn: Callable[[Any, Any], Any], a: Thunk, b: Thunk) -> Thunk:
    return lambda: fn(a(), b())

_COMPARE: dict[str, Callable[[Any, Any], Any]] = {
    "=": lambda a, b: a == b,
    "<>": lambda a, b: a != b,
    ">=": lambda a, b: a >= b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    "<": lambda a, b: a < b,
}
_ADD: dict[str, Callable[[Any, Any], Any]] = {"+": lambda a, b: a + b, "-": lambda a, b: a - b}
_MUL: dict[str, Callable[[Any, Any], Any]] = {"*": lambda a, b: a * b, "/": lambda a, b: a / b}


def _cells(text: str) -> list[str]:
    a, b = text.split(":")
    (ca, ra), (cb, rb) = _split(a), _split(b)
    return [
        f"{get_column_letter(c)}{r}"
        for r in range(ra, rb + 1)
        for c in range(column_index_from_string(ca), column_index_from_string(cb) + 1)
    ]


def _split(ref: str) -> tuple[str, int]:
    m = re.fullmatch(r"([A-Z]+)(\d+)", ref)
    assert m
    return m.group(1), int(m.group(2))
