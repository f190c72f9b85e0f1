"""A closed arithmetic evaluator for spec formulas and for re-checking explanations.

Formulas are data written by strangers, so nothing here reaches Python: the text is parsed with
:func:`ast.parse` (never compiled or run) and only a whitelist of node types is walked by our
own interpreter over :class:`~decimal.Decimal` values. Allowed: numbers, names given by the
caller, ``+ - * /``, ``**`` with a small whole-number literal exponent, comparisons,
``and``/``or``/``not``, ``a if c else b`` and the functions ``min``, ``max``, ``abs``.
Everything else (attributes, subscripts, other calls, lambdas, comprehensions, strings) is
refused with the position of the offending piece. Size, depth and magnitude are bounded.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Context, Decimal, DecimalException, localcontext

MAX_LENGTH = 500
MAX_NODES = 200
MAX_DEPTH = 30
MAX_EXPONENT = 10
_CONTEXT = Context(prec=28, Emax=99, Emin=-99)  # far beyond any score, far below a DoS

_BINOPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}
_SHOWN = {ast.Add: "+", ast.Sub: "−", ast.Mult: "×", ast.Div: "÷", ast.Pow: "^"}
_PRECEDENCE = {ast.Add: 1, ast.Sub: 1, ast.Mult: 2, ast.Div: 2, ast.Pow: 3}
_COMPARE = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!="}
FUNCTIONS = ("min", "max", "abs")


class FormulaError(ValueError):
    """A formula that cannot be accepted or evaluated; ``col`` is 1-based within the text."""

    def __init__(self, message: str, col: int = 1) -> None:
        super().__init__(message)
        self.col = col


@dataclass(frozen=True, slots=True)
class Formula:
    """A parsed, vetted formula: evaluate it as often as needed."""

    text: str
    tree: ast.expr
    names: frozenset[str]

    def evaluate(self, values: Mapping[str, Decimal]) -> Decimal:
        missing = sorted(self.names - values.keys())
        if missing:
            raise FormulaError(f"unknown name(s) in formula: {', '.join(missing)}")
        with localcontext(_CONTEXT):
            try:
                result = _eval(self.tree, values)
            except ZeroDivisionError:
                raise FormulaError("division by zero") from None
            except (DecimalException, OverflowError):
                raise FormulaError("the result is too large or undefined") from None
        if isinstance(result, bool):
            raise FormulaError("the formula gives yes/no, not a number")
        return result

    def shown(self, values: Mapping[str, Decimal]) -> tuple[str, str]:
        """The formula with values substituted: (evaluator's notation, plain arithmetic)."""
        return _show(self.tree, values, pretty=True), _show(self.tree, values, pretty=False)


def compile_formula(text: str) -> Formula:
    """Parse and vet ``text``; raise :class:`FormulaError` on anything outside the whitelist."""
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"formula longer than {MAX_LENGTH} characters")
    source = text.strip()
    try:
        tree = ast.parse(source, mode="eval").body
    except SyntaxError as exc:
        raise FormulaError(f"formula does not parse: {exc.msg}", exc.offset or 1) from None
    except (RecursionError, MemoryError, ValueError):
        raise FormulaError("formula is too deeply nested") from None
    names: set[str] = set()
    count = _vet(tree, names, depth=1, count=0, source=source)
    if count > MAX_NODES:
        raise FormulaError(f"formula has more than {MAX_NODES} parts")
    return Formula(text, tree, frozenset(names))


def evaluate_text(text: str, values: Mapping[str, Decimal] | None = None) -> Decimal:
    """Compile and evaluate in one go (used to re-check explanation arithmetic)."""
    return compile_formula(text).evaluate(values or {})


def _vet(node: ast.AST, names: set[str], depth: int, count: int, source: str) -> int:
    col = getattr(node, "col_offset", 0) + 1
    if depth > MAX_DEPTH:
        raise FormulaError(f"formula nested more than {MAX_DEPTH} levels", col)
    count += 1
    if count > MAX_NODES:
        raise FormulaError(f"formula has more than {MAX_NODES} parts", col)
    children: list[ast.AST]
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, int | float):
            raise FormulaError("only numbers may appear as literals", col)
        # Python has already turned the literal into a float (0.1234567890123456789 loses
        # digits, 1e400 becomes inf): read the number again, exactly, from its own text.
        node.value = _literal(ast.get_source_segment(source, node) or "", col)  # type: ignore[assignment]
        return count
    if isinstance(node, ast.Name):
        if node.id in FUNCTIONS:
            raise FormulaError(f"{node.id} must be called, e.g. {node.id}(a, b)", col)
        if node.id.startswith("_"):
            raise FormulaError(f"name {node.id!r} is not allowed", col)
        names.add(node.id)
        return count
    if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
        if isinstance(node.op, ast.Pow):
            exp = node.right
            if isinstance(exp, ast.UnaryOp) and isinstance(exp.op, ast.USub):
                exp = exp.operand
            if not (isinstance(exp, ast.Constant) and type(exp.value) is int and exp.value <= MAX_EXPONENT):
                raise FormulaError(f"** needs a whole-number literal exponent of at most {MAX_EXPONENT}", col)
        children = [node.left, node.right]
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd | ast.Not):
        children = [node.operand]
    elif isinstance(node, ast.Compare) and all(type(op) in _COMPARE for op in node.ops):
        children = [node.left, *node.comparators]
    elif isinstance(node, ast.BoolOp):
        children = list(node.values)
    elif isinstance(node, ast.IfExp):
        children = [node.test, node.body, node.orelse]
    elif isinstance(node, ast.Call):
        if not (isinstance(node.func, ast.Name) and node.func.id in FUNCTIONS) or node.keywords:
            raise FormulaError(f"only {', '.join(FUNCTIONS)} may be called", col)
        if not node.args or any(isinstance(a, ast.Starred) for a in node.args):
            raise FormulaError(f"{node.func.id}() needs plain arguments", col)
        if node.func.id == "abs" and len(node.args) != 1:
            raise FormulaError("abs() takes one argument", col)
        children = list(node.args)
    else:
        raise FormulaError(f"{type(node).__name__} is not allowed in a formula", col)
    for child in children:
        count = _vet(child, names, depth + 1, count, source)
    return count


_LITERAL = re.compile(r"(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9][0-9_]*)(?:[eE][-+]?[0-9][0-9_]*)?")


def _literal(text: str, col: int) -> Decimal:
    """A number literal as an exact Decimal; hex, octal and binary are refused.

    Bounded by the evaluator's own context (28 significant digits, exponents within ±99)
    rather than by the evidence limits, so that explanations of large amounts re-check.
    """
    if not _LITERAL.fullmatch(text):
        raise FormulaError(f"write numbers in decimal digits, not {text!r}", col)
    value = Decimal(text.replace("_", ""))
    shown = text if len(text) <= 20 else f"{text[:20]}…"
    significant = "".join(map(str, value.as_tuple().digits)).strip("0")
    if len(significant) > _CONTEXT.prec:  # more would be rounded silently by the first operation
        raise FormulaError(f"number {shown} has more than {_CONTEXT.prec} significant digits", col)
    if value and not _CONTEXT.Emin <= value.adjusted() <= _CONTEXT.Emax:
        raise FormulaError(f"number {shown} is too large or too small", col)
    return value


def _constant(node: ast.Constant) -> Decimal:
    value = node.value
    assert isinstance(value, Decimal)  # _vet replaced every literal with its exact Decimal
    return value


def _num(node: ast.expr, values: Mapping[str, Decimal]) -> Decimal:
    value = _eval(node, values)
    if isinstance(value, bool):
        raise FormulaError("a yes/no value was used as a number", node.col_offset + 1)
    return value


def _eval(node: ast.expr, values: Mapping[str, Decimal]) -> Decimal | bool:
    if isinstance(node, ast.Constant):
        return _constant(node)
    if isinstance(node, ast.Name):
        return values[node.id]
    if isinstance(node, ast.BinOp):
        left, right = _num(node.left, values), _num(node.right, values)
        if isinstance(node.op, ast.Add):
            return left + right
        if isinstance(node.op, ast.Sub):
            return left - right
        if isinstance(node.op, ast.Mult):
            return left * right
        if isinstance(node.op, ast.Div):
            return left / right
        if left == 0 and right < 0:  # Decimal gives Infinity here without a signal
            raise ZeroDivisionError
        return left ** int(right)
    if isinstance(node, ast.UnaryOp):
        if isinstance(node.op, ast.Not):
            return not _eval(node.operand, values)
        operand = _num(node.operand, values)
        return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.Compare):
        left = _num(node.left, values)
        for op, comparator in zip(node.ops, node.comparators, strict=False):
            right = _num(comparator, values)
            if not _compare(op, left, right):
                return False
            left = right
        return True
    if isinstance(node, ast.BoolOp):
        results = [_eval(v, values) for v in node.values]
        return all(results) if isinstance(node.op, ast.And) else any(results)
    if isinstance(node, ast.IfExp):
        return _eval(node.body if _eval(node.test, values) else node.orelse, values)
    assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    args = [_num(a, values) for a in node.args]
    if node.func.id == "abs":
        return abs(args[0])
    return min(args) if node.func.id == "min" else max(args)


def _compare(op: ast.cmpop, left: Decimal, right: Decimal) -> bool:
    return {
        ast.Lt: left < right,
        ast.LtE: left <= right,
        ast.Gt: left > right,
        ast.GtE: left >= right,
        ast.Eq: left == right,
        ast.NotEq: left != right,
    }[type(op)]


def _show(node: ast.expr, values: Mapping[str, Decimal], *, pretty: bool, parent: int = 0) -> str:
    from jxpj.numbers import fmt_num

    if isinstance(node, ast.Constant):
        return fmt_num(_constant(node))
    if isinstance(node, ast.Name):
        text = fmt_num(values[node.id])
        return f"({text})" if values[node.id] < 0 else text
    if isinstance(node, ast.BinOp):
        prec = _PRECEDENCE[type(node.op)]
        op = (_SHOWN if pretty else _BINOPS)[type(node.op)]
        left = _show(node.left, values, pretty=pretty, parent=prec)
        right = _show(node.right, values, pretty=pretty, parent=prec + 1)
        text = f"{left} {op} {right}"
        return f"({text})" if prec < parent else text
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        text = f"-{_show(node.operand, values, pretty=pretty, parent=9)}"
        # Python binds ** tighter than unary minus: (-a) ** 2 must not be written -3 ** 2.
        return f"({text})" if parent >= _PRECEDENCE[ast.Pow] else text
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.UAdd):  # +a is a
        return _show(node.operand, values, pretty=pretty, parent=parent)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        args = ", ".join(_show(a, values, pretty=pretty) for a in node.args)
        return f"{node.func.id}({args})"
    if isinstance(node, ast.IfExp):  # an evaluator writes the branch that applied
        branch = node.body if _eval(node.test, values) else node.orelse
        return _show(branch, values, pretty=pretty, parent=parent)
    outcome = _eval(node, values)
    return ("1" if outcome else "0") if isinstance(outcome, bool) else fmt_num(outcome)
