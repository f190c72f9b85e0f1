"""The formula sandbox under attack: one case per escape or denial-of-service attempt.

Spec formulas are written by strangers. Each attempt must be refused when the spec is read
(``compile_formula``, called by the ``formula`` rule's validator) or when it is evaluated, with
a message saying what is wrong and where, in bounded time and memory. The time bound is a
hang guard, deliberately loose; no case comes near it.
"""

from __future__ import annotations

import contextlib
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path
from textwrap import dedent

import pytest

from jxpj.errors import ProblemsError
from jxpj.load import score_file
from jxpj.rules.formula_language import MAX_LENGTH, FormulaError, compile_formula, evaluate_text

HANG_GUARD = 2.0  # seconds
MEMORY_GUARD = 8 * 1024 * 1024  # bytes allocated by Python at the peak


def bounded(action):
    """Run ``action`` and fail clearly if it takes too long or allocates too much."""
    tracemalloc.start()
    start = time.perf_counter()
    try:
        return action()
    finally:
        elapsed = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert elapsed < HANG_GUARD, f"took {elapsed:.1f}s"
        assert peak < MEMORY_GUARD, f"allocated {peak:,} bytes"


def refused_at_check(text: str) -> FormulaError:
    with pytest.raises(FormulaError) as caught:
        bounded(lambda: compile_formula(text))
    return caught.value


def refused_at_evaluation(text: str, **values: str) -> FormulaError:
    formula = compile_formula(text)
    with pytest.raises(FormulaError) as caught:
        bounded(lambda: formula.evaluate({k: Decimal(v) for k, v in values.items()}))
    return caught.value


# (attack, expected message, 1-based column of the offending piece)
AT_CHECK = {
    "dunder attribute": ("().__class__.__bases__[0].__subclasses__()", "only min, max, abs, floor, ceil, round may be called", 1),
    "attribute of a name": ("actual.__class__", "Attribute is not allowed in a formula", 1),
    "attribute inside arithmetic": ("1 + actual.real", "Attribute is not allowed in a formula", 5),
    "subscript into a name": ("facts[0]", "Subscript is not allowed in a formula", 1),
    "subscript with a string": ("weight['x']", "Subscript is not allowed in a formula", 1),
    "call of an unknown function": ("open('/etc/passwd')", "only min, max, abs, floor, ceil, round may be called", 1),
    "call of __import__": ("__import__('os')", "only min, max, abs, floor, ceil, round may be called", 1),
    "call of eval": ("eval('1')", "only min, max, abs, floor, ceil, round may be called", 1),
    "call of a call": ("min(1, 2)(3)", "only min, max, abs, floor, ceil, round may be called", 1),
    "keyword argument": ("min(a, key=b)", "only min, max, abs, floor, ceil, round may be called", 1),
    "starred argument": ("max(*a)", "max() needs plain arguments", 1),
    "no argument": ("min()", "min() needs plain arguments", 1),
    "abs with two arguments": ("abs(a, b)", "abs() takes one argument", 1),
    "function not called": ("max", "max must be called, e.g. max(a, b)", 1),
    "name starting with _": ("_secret + 1", "name '_secret' is not allowed", 1),
    "dunder name": ("__builtins__", "name '__builtins__' is not allowed", 1),
    "list comprehension": ("[x for x in a]", "ListComp is not allowed in a formula", 1),
    "generator expression": ("max(x for x in a)", "GeneratorExp is not allowed in a formula", 4),
    "dict comprehension": ("{k: 1 for k in a}", "DictComp is not allowed in a formula", 1),
    "lambda": ("(lambda: 1)", "Lambda is not allowed in a formula", 2),
    "walrus": ("(x := 9)", "NamedExpr is not allowed in a formula", 2),
    "f-string": ("f'{weight}'", "JoinedStr is not allowed in a formula", 1),
    "string literal": ("'a' * 10", "only numbers may appear as literals", 1),
    "huge string repetition": ("'a' * 10 ** 9", "only numbers may appear as literals", 1),
    "bytes literal": ("b'x'", "only numbers may appear as literals", 1),
    "None": ("None", "only numbers may appear as literals", 1),
    "True": ("True + 1", "only numbers may appear as literals", 1),
    "Ellipsis": ("...", "only numbers may appear as literals", 1),
    "complex number": ("1j", "only numbers may appear as literals", 1),
    "hex literal": ("0x10", "write numbers in decimal digits, not '0x10'", 1),
    "octal literal": ("0o17", "write numbers in decimal digits, not '0o17'", 1),
    "float overflow literal": ("1e400", "number 1e400 is too large or too small", 1),
    "float underflow literal": ("1e-400", "number 1e-400 is too large or too small", 1),
    "very long literal": ("9" * 400, f"number {'9' * 20}…: has more than 28 significant digits".replace(":", ""), 1),
    "tower of powers 9**9**9": ("9**9**9", "** needs a whole-number literal exponent of at most 10", 1),
    "big exponent": ("2 ** 11", "** needs a whole-number literal exponent of at most 10", 1),
    "exponent from a name": ("2 ** weight", "** needs a whole-number literal exponent of at most 10", 1),
    "fractional exponent": ("2 ** 0.5", "** needs a whole-number literal exponent of at most 10", 1),
    "tuple": ("(1, 2)", "Tuple is not allowed in a formula", 1),
    "list": ("[1]", "List is not allowed in a formula", 1),
    "set": ("{1}", "Set is not allowed in a formula", 1),
    "dict": ("{}", "Dict is not allowed in a formula", 1),
    "floor division": ("a // b", "BinOp is not allowed in a formula", 1),
    "modulo (string formatting)": ("a % b", "BinOp is not allowed in a formula", 1),
    "matrix multiply": ("a @ b", "BinOp is not allowed in a formula", 1),
    "shift": ("1 << 100000000", "BinOp is not allowed in a formula", 1),
    "bitwise not": ("~a", "UnaryOp is not allowed in a formula", 1),
    "identity": ("a is b", "Compare is not allowed in a formula", 1),
    "membership": ("a in b", "Compare is not allowed in a formula", 1),
    "await": ("await a", "Await is not allowed in a formula", 1),
    "yield": ("yield a", "formula does not parse: invalid syntax", 1),
    "statement": ("import os", "formula does not parse: invalid syntax", 1),
    "semicolon": ("1; 2", "formula does not parse: invalid syntax", 2),
    "null byte": ("1\x00", "formula does not parse: source code string cannot contain null bytes", 1),
    "deep nesting of calls": ("abs(" * 40 + "1" + ")" * 40, "formula nested more than 30 levels", 121),
    "deep nesting of not": ("not " * 40 + "1", "formula nested more than 30 levels", 121),
    "deep unary minus": ("-" * 40 + "1", "formula nested more than 30 levels", 31),
    "too many parts": ("max(" + ",".join(["1"] * 201) + ")", "formula has more than 200 parts", 403),
    "very long expression": ("1" + " + 1" * 200, f"formula longer than {MAX_LENGTH} characters", 1),
    "megabyte expression": ("1+" * 500_000 + "1", f"formula longer than {MAX_LENGTH} characters", 1),
    "parenthesis bomb": ("(" * 201 + "1" + ")" * 201, "formula does not parse: too many nested parentheses", 201),
}


@pytest.mark.parametrize(("text", "message", "col"), list(AT_CHECK.values()), ids=list(AT_CHECK))
def test_refused_when_the_spec_is_read(text, message, col):
    error = refused_at_check(text)
    assert str(error) == message
    assert error.col == col


AT_EVALUATION = {
    "power tower by nesting": ("((x ** 10) ** 10) ** 10", {"x": "1000000"}, "the result is too large or undefined"),
    "overflow by repeated products": ("x * x * x * x * x * x * x * x", {"x": "999999999999999"}, "the result is too large or undefined"),
    "division by zero": ("1 / x", {"x": "0"}, "division by zero"),
    "zero to a negative power": ("x ** -1", {"x": "0"}, "division by zero"),
    "a comparison is not a score": ("x > 1", {"x": "2"}, "the formula gives yes/no, not a number"),
    "yes/no used as a number": ("(x > 1) + 1", {"x": "2"}, "a yes/no value was used as a number"),
    "unknown name": ("x + y", {"x": "1"}, "unknown name(s) in formula: y"),
}


@pytest.mark.parametrize(("text", "values", "message"), list(AT_EVALUATION.values()), ids=list(AT_EVALUATION))
def test_refused_when_evaluated(text, values, message):
    assert str(refused_at_evaluation(text, **values)) == message


def test_literals_are_read_exactly_never_through_float():
    # As a float, 0.1234567891 + 0.0000000001 would not be exactly 0.1234567892.
    assert evaluate_text("0.1234567891 + 0.0000000001") == Decimal("0.1234567892")
    assert evaluate_text("0.1 + 0.2") == Decimal("0.3")
    assert evaluate_text("1_000.5 * 2") == Decimal("2001.0")
    assert evaluate_text("1.5e3") == Decimal(1500)


def test_nothing_is_executed(tmp_path, monkeypatch):
    # If any attack reached Python, this marker file would appear.
    marker = tmp_path / "pwned"
    for text, *_ in AT_CHECK.values():
        with contextlib.suppress(FormulaError):
            compile_formula(text.replace("/etc/passwd", str(marker)))
    assert not marker.exists()


SPEC = """\
title: t
indicators:
  - code: A
    name: 成本
    weight: 100
    rule:
      kind: formula
      expression: "{expression}"
      facts: [x]
"""


def _files(tmp_path: Path, expression: str, x: str = "1") -> Path:
    (tmp_path / "spec.yaml").write_text(SPEC.format(expression=expression), encoding="utf-8")
    evidence = tmp_path / "evidence.yaml"
    evidence.write_text(dedent(f"""\
        spec: spec.yaml
        project: {{name: p}}
        indicators:
          A: {{facts: {{x: {x}}}}}
        """), encoding="utf-8")
    return evidence


def test_an_attack_in_a_spec_is_a_located_problem(tmp_path):
    evidence = _files(tmp_path, "x.__class__")
    with pytest.raises(ProblemsError) as caught:
        score_file(evidence)
    assert str(caught.value) == (
        # one problem only: pydantic's "indicators: Tuple should have at least 1 item" is dropped
        f"{(tmp_path / 'spec.yaml').as_posix()}:7:7: error: formula: expression: Attribute is not allowed "
        "in a formula (at character 1) [type]"
    )


def test_an_evaluation_failure_is_located_at_the_indicator(tmp_path):
    evidence = _files(tmp_path, "100 / x", x="0")
    with pytest.raises(ProblemsError) as caught:
        score_file(evidence)
    assert str(caught.value) == (
        f"{evidence.as_posix()}:4:14: error: A: formula: division by zero [fact-value]"
    )


# ---- arithmetic at the edge of the evaluator's context (issue 16, item 1) ----------------------

UNDERFLOW = "a step of the arithmetic gives a number below 10^-99, too small to keep exactly"
EDGE = {
    # the working evaluated the test outside the sandbox, where it did not underflow and so took
    # the branch that divides by zero: a traceback (decimal.DivisionByZero)
    "division by zero in a branch": "(1 if x / 0 > 1 else 1) if x * 1e-70 * 1e-70 > 0 else 0",
    # 8 × 10^-140 silently became 0, so this scored 0 where the exact answer is 8
    "underflow then back": "x * 1e-70 * 1e-70 * 1e70 * 1e70",
    # the working took the other branch from the score: "100 = 0"
    "underflow in a condition": "weight if x * 1e-70 * 1e-70 > 0 else 0",
}


@pytest.mark.parametrize("expression", list(EDGE.values()), ids=list(EDGE))
@pytest.mark.parametrize("command", ["score", "check", "explain", "diff", "report"])
def test_arithmetic_at_the_edge_is_a_located_problem_in_every_command(tmp_path, cli, expression, command):
    evidence = _files(tmp_path, expression, x="8")
    args = {
        "score": ("score", evidence),
        "check": ("check", tmp_path),
        "explain": ("explain", evidence, "A"),
        "diff": ("diff", evidence, evidence),
        "report": ("report", evidence, "-o", tmp_path / "out"),
    }[command]
    start = time.perf_counter()
    run = cli(*args)
    assert time.perf_counter() - start < HANG_GUARD
    assert run.exit_code == 1
    where = f"{evidence.as_posix()}:4:14: error: A: formula: "
    assert f"{where}{UNDERFLOW} [fact-value]" in run.stdout + run.stderr
    assert not (tmp_path / "out").exists()


def test_a_tiny_result_that_is_exact_still_scores():
    # 10^-100 is kept exactly (with fewer digits): only what cannot be kept exactly is refused.
    assert evaluate_text("0.1 ** 10 * 1e-90") == Decimal("1e-100")
    with pytest.raises(FormulaError, match="below 10"):
        evaluate_text("1 / 3 * 1e-99")


def test_and_or_short_circuit_so_a_guard_protects_a_division():
    assert evaluate_text("x if x == 0 or 1 / x > 1 else 2", {"x": Decimal(0)}) == 0
    assert evaluate_text("1 if x != 0 and 1 / x > 1 else 2", {"x": Decimal(0)}) == 2
