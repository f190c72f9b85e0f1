"""A closed arithmetic evaluator for spec formulas and for re-checking explanations.

Formulas are data written by strangers, so nothing here reaches Python: the text is parsed with
:func:`ast.parse` (never compiled or run) and only a whitelist of node types is walked by our
own interpreter over :class:`~decimal.Decimal` values. Allowed: numbers, names given by the
caller, ``+ - * /``, ``**`` with a small whole-number literal exponent, comparisons,
``and``/``or``/``not``, ``a if c else b`` and the functions ``min``, ``max``, ``abs``,
``floor``, ``ceil`` and ``round(x, places)`` (half up, as evaluators round).
Everything else (attributes, subscripts, other calls, lambdas, comprehensions, strings) is
refused with the position of the offending piece. Size, depth and magnitude are bounded.

Every evaluation runs in one context that traps every inexactness but plain rounding to 28
digits: a result beyond 10^99 or below 10^-99 is refused, never silently turned into 0.
The working (:mod:`jxpj.rules.formula_working`) is written from the record of that evaluation.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import (
    ROUND_CEILING,
    ROUND_FLOOR,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DecimalException,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    Underflow,
    localcontext,
)

MAX_LENGTH = 500
MAX_NODES = 200
MAX_DEPTH = 30
MAX_EXPONENT = 10
MAX_PLACES = 10  # round(x, places): as many decimals as a number in a jxpj file may have
# Far beyond any score, far below a DoS. Underflow is trapped as well: 8 × 10^-140 silently
# became 0 (and scored 0 where the exact answer was 8).
_CONTEXT = Context(prec=28, Emax=99, Emin=-99, traps=[InvalidOperation, DivisionByZero, Overflow, Underflow])

_BINOPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}
_COMPARE = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!="}
FUNCTIONS = ("min", "max", "abs", "floor", "ceil", "round")
_ONE_ARGUMENT = ("abs", "floor", "ceil")

Value = Decimal | bool
Seen = dict[int, Value]  # each evaluated node's value, by id(node): what the working is written from


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
        return self.run(values)[0]

    def run(self, values: Mapping[str, Decimal]) -> tuple[Decimal, Seen]:
        """The value, and each evaluated node's value for writing the working from."""
        missing = sorted(self.names - values.keys())
        if missing:
            raise FormulaError(f"unknown name(s) in formula: {', '.join(missing)}")
        seen: Seen = {}
        with localcontext(_CONTEXT):
            try:
                result = _eval(self.tree, values, seen)
            except (ZeroDivisionError, DivisionByZero):
                raise FormulaError("division by zero") from None
            except Underflow:
                raise FormulaError("a step of the arithmetic gives a number below 10^-99, too small to keep exactly") from None
            except (DecimalException, OverflowError):
                raise FormulaError("the result is too large or undefined") from None
        if isinstance(result, bool):
            raise FormulaError("the formula gives yes/no, not a number")
        return result, seen


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
        if isinstance(node.op, ast.Pow) and not _small_whole(node.right, MAX_EXPONENT, signed=True):
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
        children = _vet_call(node, col)
    else:
        raise FormulaError(f"{type(node).__name__} is not allowed in a formula", col)
    for child in children:
        count = _vet(child, names, depth + 1, count, source)
    return count


def _vet_call(node: ast.Call, col: int) -> list[ast.AST]:
    if not (isinstance(node.func, ast.Name) and node.func.id in FUNCTIONS) or node.keywords:
        raise FormulaError(f"only {', '.join(FUNCTIONS)} may be called", col)
    name = node.func.id
    if not node.args or any(isinstance(a, ast.Starred) for a in node.args):
        raise FormulaError(f"{name}() needs plain arguments", col)
    if name in _ONE_ARGUMENT and len(node.args) != 1:
        raise FormulaError(f"{name}() takes one argument", col)
    if name == "round":
        if len(node.args) > 2:
            raise FormulaError("round() takes a number and, optionally, its decimal places: round(x, 2)", col)
        if len(node.args) == 2 and not _small_whole(node.args[1], MAX_PLACES, signed=False):
            raise FormulaError(f"round(x, places): places must be a whole-number literal from 0 to {MAX_PLACES}", col)
    return list(node.args)


def _small_whole(node: ast.expr, most: int, *, signed: bool) -> bool:
    """A whole-number literal of at most ``most`` (its sign allowed when ``signed``), checked
    before the literal is read exactly: Python has already made it an int or a float."""
    if signed and isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        node = node.operand
    return isinstance(node, ast.Constant) and type(node.value) is int and node.value <= most


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


def constant(node: ast.Constant) -> Decimal:
    value = node.value
    assert isinstance(value, Decimal)  # _vet replaced every literal with its exact Decimal
    return value


def _num(node: ast.expr, values: Mapping[str, Decimal], seen: Seen) -> Decimal:
    value = _eval(node, values, seen)
    if isinstance(value, bool):
        raise FormulaError("a yes/no value was used as a number", node.col_offset + 1)
    return value


def _eval(node: ast.expr, values: Mapping[str, Decimal], seen: Seen) -> Value:
    value = _value(node, values, seen)
    seen[id(node)] = value
    return value


def _value(node: ast.expr, values: Mapping[str, Decimal], seen: Seen) -> Value:
    if isinstance(node, ast.Constant):
        return constant(node)
    if isinstance(node, ast.Name):
        return values[node.id]
    if isinstance(node, ast.BinOp):
        left, right = _num(node.left, values, seen), _num(node.right, values, seen)
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
            return not _eval(node.operand, values, seen)
        operand = _num(node.operand, values, seen)
        return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.Compare):
        left = _num(node.left, values, seen)
        for op, comparator in zip(node.ops, node.comparators, strict=False):
            right = _num(comparator, values, seen)
            if not compare(op, left, right):
                return False
            left = right
        return True
    if isinstance(node, ast.BoolOp):
        # As Python and a spreadsheet read it: `x > 0 and y / x > 1` guards the division.
        wanted = isinstance(node.op, ast.Or)
        return next((wanted for v in node.values if bool(_eval(v, values, seen)) is wanted), not wanted)
    if isinstance(node, ast.IfExp):
        return _eval(node.body if _eval(node.test, values, seen) else node.orelse, values, seen)
    assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    return _call(node.func.id, [_num(a, values, seen) for a in node.args])


def _call(name: str, args: list[Decimal]) -> Decimal:
    if name == "abs":
        return abs(args[0])
    if name == "floor":
        return args[0].to_integral_value(rounding=ROUND_FLOOR)
    if name == "ceil":
        return args[0].to_integral_value(rounding=ROUND_CEILING)
    if name == "round":
        places = int(args[1]) if len(args) > 1 else 0
        return args[0].quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return min(args) if name == "min" else max(args)


def compare(op: ast.cmpop, left: Decimal, right: Decimal) -> bool:
    return {
        ast.Lt: left < right,
        ast.LtE: left <= right,
        ast.Gt: left > right,
        ast.GtE: left >= right,
        ast.Eq: left == right,
        ast.NotEq: left != right,
    }[type(op)]
