"""How numbers are read: each spelling accepted by a documented rule or refused with a message.

The rule is the docstring of :mod:`jxpj.numbers` and the README's "Numbers" section. Nothing
passes through float: the exactness tests below use values a float cannot hold.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import ValidationError

from jxpj.documents.yaml_reader import parse_yaml
from jxpj.errors import ProblemsError
from jxpj.load import score_file
from jxpj.models.evidence import BudgetLine
from jxpj.numbers import parse_decimal
from jxpj.rules.threshold_deduction import RateFacts

ACCEPTED = [
    # (written, percent?, value)
    ("84.05", False, "84.05"),
    (" 84.05 ", False, "84.05"),
    ("+5", False, "5"),
    ("-12.5", False, "-12.5"),
    ("5.", False, "5"),
    (".5", False, "0.5"),
    ("1,200,000.00", False, "1200000.00"),
    ("1,234", False, "1234"),
    ("-1,200", False, "-1200"),
    ("12,345.6789", False, "12345.6789"),
    ("84.05%", True, "84.05"),
    ("84.05 %", True, "84.05"),
    ("100%", True, "100"),
    ("0.0000000001", False, "0.0000000001"),  # ten decimals: the most allowed
    ("999999999999999", False, "999999999999999"),  # fifteen integer digits: the most allowed
    ("999999999999999.9999999999", False, "999999999999999.9999999999"),  # 25 digits, exact
]


@pytest.mark.parametrize(("written", "percent", "value"), ACCEPTED)
def test_accepted_spellings(written, percent, value):
    result = parse_decimal(written, percent=percent)
    assert isinstance(result, Decimal)
    assert result == Decimal(value) and str(result) == str(Decimal(value))


REFUSED = [
    ("84.05%", False, "'84.05%' carries a unit; write a rate in percent, e.g. 84.05"),
    ("120万元", False, "'120万元' carries a unit; write the amount in yuan, e.g. 1200000"),
    ("120万元", True, "'120万元' carries a unit; write the amount in yuan, e.g. 1200000"),
    ("3.5亿", False, "'3.5亿' carries a unit; write the amount in yuan, e.g. 1200000"),
    ("84.05%%", True, "'84.05%%' carries a unit; write a rate in percent, e.g. 84.05"),
    ("1,20,0000", False, "'1,20,0000': commas must separate groups of three digits, e.g. 1,200,000.00"),
    ("1,2345", False, "'1,2345': commas must separate groups of three digits, e.g. 1,200,000.00"),
    ("84,05", False, "'84,05': commas must separate groups of three digits, e.g. 1,200,000.00"),
    ("１２３", False, "'１２３' uses full-width or non-ASCII characters; write half-width digits, e.g. 84.05"),
    ("84.05％", True, "'84.05％' uses full-width or non-ASCII characters; write half-width digits, e.g. 84.05"),
    ("８４．０５", False, "'８４．０５' uses full-width or non-ASCII characters; write half-width digits, e.g. 84.05"),
    ("٣", False, "'٣' uses full-width or non-ASCII characters; write half-width digits, e.g. 84.05"),
    ("八十", False, "'八十' is not a number"),
    ("1e5", False, "'1e5': write the number out in digits, without an exponent"),
    ("1E+3", False, "'1E+3': write the number out in digits, without an exponent"),
    ("0x10", False, "'0x10' is not a number"),
    ("1_000", False, "'1_000' is not a number"),
    ("1 000", False, "'1 000' is not a number"),
    ("", False, "'' is not a number"),
    ("%", True, "'%' is not a number"),
    ("NaN", False, "'NaN' is not a number"),
    ("Infinity", False, "'Infinity' is not a number"),
    ("-inf", False, "'-inf' is not a number"),
    ("0.00000000001", False, "too many decimals (at most 10)"),
    ("1000000000000000", False, "number too large (more than 15 digits before the point)"),
]


@pytest.mark.parametrize(("written", "percent", "message"), REFUSED)
def test_refused_spellings(written, percent, message):
    with pytest.raises(ValueError) as caught:
        parse_decimal(written, percent=percent)
    assert str(caught.value) == message


PYTHON_VALUES = [
    (True, "expected a number, got yes/no"),
    (False, "expected a number, got yes/no"),
    (1.5, "floats are not accepted; pass a Decimal or a string of digits"),
    (0.1, "floats are not accepted; pass a Decimal or a string of digits"),
    (float("nan"), "floats are not accepted; pass a Decimal or a string of digits"),
    (float("inf"), "floats are not accepted; pass a Decimal or a string of digits"),
    (Decimal("NaN"), "expected a finite number, got NaN or infinity"),
    (Decimal("sNaN"), "expected a finite number, got NaN or infinity"),
    (Decimal("-Infinity"), "expected a finite number, got NaN or infinity"),
    (Decimal("1E+20"), "number too large (more than 15 digits before the point)"),
    (10**20, "number too large (more than 15 digits before the point)"),
    (None, "expected a number, got NoneType"),
    ([1], "expected a number, got list"),
    (b"1", "expected a number, got bytes"),
]


@pytest.mark.parametrize(("value", "message"), PYTHON_VALUES)
def test_python_callers_get_the_same_rule(value, message):
    with pytest.raises(ValueError) as caught:
        parse_decimal(value)
    assert str(caught.value) == message


def test_python_decimals_and_ints_are_kept_exact():
    assert parse_decimal(Decimal("1.00E+3")) == Decimal(1000)
    assert str(parse_decimal(Decimal("1.00E+3"))) == "1000"  # no exponent left for the formatters
    assert parse_decimal(4_000_000) == Decimal(4_000_000)


def test_models_refuse_floats_from_python_callers():
    with pytest.raises(ValidationError) as caught:
        BudgetLine(name="x", budget=748200.0, actual=Decimal("203679.25"))  # type: ignore[arg-type]
    assert "floats are not accepted" in str(caught.value)
    with pytest.raises(ValidationError) as caught:
        RateFacts(actual=84.05)  # type: ignore[arg-type]
    assert "floats are not accepted" in str(caught.value)
    with pytest.raises(ValidationError):
        RateFacts(actual=True)  # type: ignore[arg-type]
    assert RateFacts(actual="84.05%").actual == Decimal("84.05")  # type: ignore[arg-type]


# ---- through YAML --------------------------------------------------------------------------


def test_yaml_numbers_are_exact_decimals_never_floats():
    data = parse_yaml(
        "a: 0.1\nb: 999999999999999.9999999999\nc: 1.2e+3\nd: 84.05\ne: 4000000\nf: 1_000.5\n"
    ).data
    assert data == {
        "a": Decimal("0.1"),
        "b": Decimal("999999999999999.9999999999"),
        "c": Decimal("1.2E+3"),
        "d": Decimal("84.05"),
        "e": 4_000_000,
        "f": Decimal("1000.5"),
    }
    assert not any(isinstance(v, float) for v in data.values())
    assert parse_decimal(data["c"]) == Decimal(1200)


def test_yaml_nan_and_infinity_are_refused_by_validation():
    data = parse_yaml("a: .nan\nb: -.inf\nc: .Inf\n").data
    for value in data.values():
        with pytest.raises(ValueError, match="expected a finite number, got NaN or infinity"):
            parse_decimal(value)


def test_yaml_1_1_integers_never_change_value():
    data = parse_yaml("octal: 010\nhex: 0x1F\nbase60: 1:30\n").data
    assert parse_decimal(data["octal"]) == 10  # YAML 1.1 said 8
    for key in ("hex", "base60"):
        with pytest.raises(ValueError, match="is not a number"):
            parse_decimal(data[key])


EVIDENCE = """\
spec: spec.yaml
project: {{name: 示例}}
budget:
  lines:
    - {{name: 培训, budget: {budget}, actual: {actual}}}
indicators:
  B: {{facts: {{actual: {rate}}}}}
"""

SPEC = """\
title: t
indicators:
  - code: B
    name: 完成率
    weight: 100
    rule:
      kind: threshold_deduction
      threshold: 95
      per_point: {share: 0.02}
"""


def _score(tmp_path: Path, budget: str = "100", actual: str = "100", rate: str = "90"):
    (tmp_path / "spec.yaml").write_text(SPEC, encoding="utf-8")
    evidence = tmp_path / "evidence.yaml"
    evidence.write_text(EVIDENCE.format(budget=budget, actual=actual, rate=rate), encoding="utf-8")
    return score_file(evidence), evidence


@pytest.mark.parametrize(
    ("budget", "actual", "rate", "execution", "score"),
    [
        ('"1,200,000.00"', '"1,140,000.00"', '"84.05%"', "95.00", "78.1"),  # (95 − 84.05) × 2% × 100
        ("748200.00", "203679.25", "84.05", "27.22", "78.1"),
        ("0.01", "0.01", "95", "100.00", "100"),
        ('"0"', "0", "100", None, "100"),  # nothing budgeted: no execution rate, not a division by 0
        ("0.00", "5", "100", None, "100"),  # spent without a budget: no rate either
    ],
)
def test_strings_and_numbers_score_the_same_through_yaml(tmp_path, budget, actual, rate, execution, score):
    result, _ = _score(tmp_path, budget, actual, rate)
    assert result.budget is not None
    assert result.budget.rate == (Decimal(execution) if execution else None)
    assert result.total == Decimal(score)


@pytest.mark.parametrize(
    ("field", "value", "col", "message"),
    [
        ("budget", "120万元", 26, "budget: '120万元' carries a unit; write the amount in yuan, e.g. 1200000"),
        ("budget", '"1,20,0000"', 26, "budget: '1,20,0000': commas must separate groups of three digits, e.g. 1,200,000.00"),
        ("budget", "-5", 26, "budget: must not be negative"),
        ("budget", ".nan", 26, "budget: expected a finite number, got NaN or infinity"),
        ("budget", "yes", 26, "budget: expected a number, got yes/no"),
        # YAML 1.1 reads 1e999 as text (its floats need a point and a signed exponent)
        ("budget", "1e999", 26, "budget: '1e999': write the number out in digits, without an exponent"),
        ("budget", "1.0e+999", 26, "budget: number too large (more than 15 digits before the point)"),
        ("rate", '"84.05％"', 23, "B: fact actual: '84.05％' uses full-width or non-ASCII characters; write half-width digits, e.g. 84.05"),
        ("rate", ".inf", 23, "B: fact actual: expected a finite number, got NaN or infinity"),
        ("rate", "0x54", 23, "B: fact actual: '0x54' is not a number"),
    ],
)
def test_refused_numbers_are_located_in_the_evidence(tmp_path, field, value, col, message):
    with pytest.raises(ProblemsError) as caught:
        _score(tmp_path, **{field: value})
    (problem,) = caught.value.problems
    line = 5 if field == "budget" else 7
    assert (problem.line, problem.col) == (line, col)
    assert problem.message.endswith(message), problem.message


def test_reading_does_not_depend_on_the_callers_decimal_context():
    # quantize under a caller's 3-digit context raised decimal.InvalidOperation (a traceback).
    import decimal

    with decimal.localcontext() as context:
        context.prec = 3
        assert parse_decimal(Decimal("123456789E+3")) == Decimal(123456789000)
        assert parse_decimal("1,200,000.00") == Decimal("1200000.00")
