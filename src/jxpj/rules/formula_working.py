"""The working of a formula, written from one evaluation: the arithmetic with values substituted
and, for each conditional, a true statement of why its branch applied.

``weight if rate >= cut else 0`` with rate 80 and cut 90 is worked as ``80 < 90; 0 = 0``: the
condition is stated the way it came out (negated when it failed), so the reader sees which
branch was taken and why, and only that branch's arithmetic follows. Nothing is evaluated
again here: every value comes from the evaluation's record, so the working cannot disagree
with the score (re-evaluating outside the evaluator's context once explained ``100 = 0``).
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from jxpj.explain import show_value
from jxpj.numbers import fmt_num
from jxpj.rules.formula_language import Formula, Seen, compare, constant

_BINOPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}
_SHOWN = {ast.Add: "+", ast.Sub: "−", ast.Mult: "×", ast.Div: "÷", ast.Pow: "^"}
_PRECEDENCE = {ast.Add: 1, ast.Sub: 1, ast.Mult: 2, ast.Div: 2, ast.Pow: 3}
_RELATION = {ast.Lt: "<", ast.LtE: "≤", ast.Gt: ">", ast.GtE: "≥", ast.Eq: "=", ast.NotEq: "≠"}
_NEGATED = {ast.Lt: "≥", ast.LtE: ">", ast.Gt: "≤", ast.GtE: "<", ast.Eq: "≠", ast.NotEq: "="}


@dataclass(frozen=True, slots=True)
class Working:
    """One evaluation: the value, the formula with values substituted in both spellings (the
    branches that applied only), and a true statement for each condition that chose a branch."""

    value: Decimal
    shown: str
    calc: str
    conditions: tuple[str, ...]


def work(formula: Formula, values: Mapping[str, Decimal]) -> Working:
    """Evaluate ``formula`` once (raising :class:`~jxpj.rules.formula_language.FormulaError` as
    :meth:`~jxpj.rules.formula_language.Formula.evaluate` does) and write its working."""
    value, seen = formula.run(values)
    tree = formula.tree
    shown, calc = show(tree, values, seen, pretty=True), show(tree, values, seen, pretty=False)
    return Working(value, shown, calc, conditions(tree, values, seen))


def show(node: ast.expr, values: Mapping[str, Decimal], seen: Seen, *, pretty: bool, parent: int = 0) -> str:
    """The expression with values substituted: the evaluator's notation or plain arithmetic."""
    if isinstance(node, ast.Constant):
        return fmt_num(constant(node))
    if isinstance(node, ast.Name):
        text = fmt_num(values[node.id])
        return f"({text})" if values[node.id] < 0 else text
    if isinstance(node, ast.BinOp):
        prec = _PRECEDENCE[type(node.op)]
        op = (_SHOWN if pretty else _BINOPS)[type(node.op)]
        left = show(node.left, values, seen, pretty=pretty, parent=prec)
        right = show(node.right, values, seen, pretty=pretty, parent=prec + 1)
        text = f"{left} {op} {right}"
        return f"({text})" if prec < parent else text
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        text = f"-{show(node.operand, values, seen, pretty=pretty, parent=9)}"
        # Python binds ** tighter than unary minus: (-a) ** 2 must not be written -3 ** 2.
        return f"({text})" if parent >= _PRECEDENCE[ast.Pow] else text
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.UAdd):  # +a is a
        return show(node.operand, values, seen, pretty=pretty, parent=parent)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        args = ", ".join(show(a, values, seen, pretty=pretty) for a in node.args)
        return f"{node.func.id}({args})"
    if isinstance(node, ast.IfExp):  # an evaluator writes the branch that applied
        return show(_branch(node, seen), values, seen, pretty=pretty, parent=parent)
    outcome = seen[id(node)]  # a yes/no: only reached inside a formula refused for using it
    return ("1" if outcome else "0") if isinstance(outcome, bool) else fmt_num(outcome)


def conditions(tree: ast.expr, values: Mapping[str, Decimal], seen: Seen) -> tuple[str, ...]:
    """A true statement for each conditional that was evaluated, in the order it was."""
    out: list[str] = []
    _walk(tree, values, seen, out)
    return tuple(dict.fromkeys(out))  # a condition met twice is stated once


def _walk(node: ast.expr, values: Mapping[str, Decimal], seen: Seen, out: list[str]) -> None:
    if id(node) not in seen:  # not evaluated: a branch not taken, an operand short-circuited
        return
    if isinstance(node, ast.IfExp):
        _walk(node.test, values, seen, out)
        out.append(_fact(node.test, bool(seen[id(node.test)]), values, seen))
        _walk(_branch(node, seen), values, seen, out)
        return
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.expr):
            _walk(child, values, seen, out)


def _branch(node: ast.IfExp, seen: Seen) -> ast.expr:
    return node.body if seen[id(node.test)] else node.orelse


def _fact(node: ast.expr, truth: bool, values: Mapping[str, Decimal], seen: Seen) -> str:
    """``node`` came out ``truth``: say so as a statement that holds (``80 < 90``, not ``80 ≥ 90``)."""
    if isinstance(node, ast.Compare):
        operands = [node.left, *node.comparators]
        if truth:
            parts = [_term(operands[0], values, seen)]
            for op, operand in zip(node.ops, operands[1:], strict=True):
                parts += [_RELATION[type(op)], _term(operand, values, seen)]
            return " ".join(parts)
        for i, op in enumerate(node.ops):  # the first link that failed; later ones were not evaluated
            left, right = seen[id(operands[i])], seen[id(operands[i + 1])]
            assert isinstance(left, Decimal) and isinstance(right, Decimal)
            if not compare(op, left, right):
                return f"{_term(operands[i], values, seen)} {_NEGATED[type(op)]} {_term(operands[i + 1], values, seen)}"
        raise AssertionError("a comparison recorded as false has a failing link")
    if isinstance(node, ast.BoolOp):
        evaluated = [v for v in node.values if id(v) in seen]
        if isinstance(node.op, ast.And) == truth:  # every operand evaluated decided it
            return " and ".join(_fact(v, truth, values, seen) for v in evaluated)
        return _fact(evaluated[-1], truth, values, seen)  # the one that short-circuited
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return _fact(node.operand, not truth, values, seen)
    return f"{_term(node, values, seen)} {'≠' if truth else '='} 0"  # a number used as a condition


def _term(node: ast.expr, values: Mapping[str, Decimal], seen: Seen) -> str:
    """One side of a comparison: its working, and its value when that is not plain to see."""
    text = show(node, values, seen, pretty=True)
    value = seen[id(node)]
    if isinstance(node, ast.Constant | ast.Name) or isinstance(value, bool):
        return text
    result = show_value(value)
    return text if result == text else f"{text} = {result}"
