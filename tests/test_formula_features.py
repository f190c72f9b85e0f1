"""Formulas as evaluators write them: floor, ceil and half-up round; a working that says which
branch of a conditional applied and why; facts with declared ranges (issue 14, item 4)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from textwrap import dedent

import pytest
from pydantic import ValidationError

from jxpj.errors import ProblemsError
from jxpj.load import score_file
from jxpj.rules import RULES
from jxpj.rules.base import RuleContext, RuleInputError
from jxpj.rules.formula_language import FormulaError, compile_formula, evaluate_text
from jxpj.rules.formula_working import work


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("floor(2.7)", "2"),
        ("floor(-2.1)", "-3"),
        ("ceil(2.1)", "3"),
        ("ceil(-2.7)", "-2"),
        ("round(2.5)", "3"),  # half up, as evaluators round: Python's round(2.5) is 2
        ("round(-2.5)", "-3"),
        ("round(0.125, 2)", "0.13"),
        ("round(0.124999, 2)", "0.12"),
        ("round(1 / 3, 10)", "0.3333333333"),
        ("floor(7 / 2) * 2 + ceil(0)", "6"),
    ],
)
def test_floor_ceil_and_round(text, value):
    assert evaluate_text(text) == Decimal(value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("floor(1, 2)", "floor() takes one argument"),
        ("ceil()", "ceil() needs plain arguments"),
        ("round(1, 2, 3)", "round() takes a number and, optionally, its decimal places: round(x, 2)"),
        ("round(1, 11)", "round(x, places): places must be a whole-number literal from 0 to 10"),
        ("round(1, -1)", "round(x, places): places must be a whole-number literal from 0 to 10"),
        ("round(1, x)", "round(x, places): places must be a whole-number literal from 0 to 10"),
        ("round(1, 0.5)", "round(x, places): places must be a whole-number literal from 0 to 10"),
        ("round", "round must be called, e.g. round(a, b)"),
        ("trunc(1)", "only min, max, abs, floor, ceil, round may be called"),
    ],
)
def test_the_new_functions_are_vetted(text, message):
    with pytest.raises(FormulaError) as caught:
        compile_formula(text)
    assert str(caught.value) == message


def test_round_of_a_number_too_long_for_28_digits_is_refused_not_crashed():
    with pytest.raises(FormulaError, match="too large or undefined"):
        evaluate_text("round(x, 10)", {"x": Decimal("1e20")})


CONDITIONS = [
    # (expression, values, conditions stated, working)
    ("weight if rate >= 90 else 0", {"rate": "91"}, ("91 ≥ 90",), "100"),
    ("weight if rate >= 90 else 0", {"rate": "80"}, ("80 < 90",), "0"),
    ("weight if a == b else 0", {"a": "1", "b": "2"}, ("1 ≠ 2",), "0"),
    ("1 if 0 < a <= 10 else 2", {"a": "20"}, ("20 > 10",), "2"),  # the link that failed
    ("1 if 0 < a <= 10 else 2", {"a": "5"}, ("0 < 5 ≤ 10",), "1"),
    ("1 if a > 1 and b > 1 else 2", {"a": "2", "b": "3"}, ("2 > 1 and 3 > 1",), "1"),
    ("1 if a > 1 and b > 1 else 2", {"a": "0", "b": "3"}, ("0 ≤ 1",), "2"),  # b was not evaluated
    ("1 if a > 1 or b > 1 else 2", {"a": "0", "b": "0"}, ("0 ≤ 1 and 0 ≤ 1",), "2"),
    ("1 if a > 1 or b > 1 else 2", {"a": "0", "b": "3"}, ("3 > 1",), "1"),
    ("1 if not a > 1 else 2", {"a": "0"}, ("0 ≤ 1",), "1"),
    ("1 if a else 2", {"a": "0"}, ("0 = 0",), "2"),
    ("a / b * weight if a / b < 0.9 else weight", {"a": "8", "b": "10"}, ("8 ÷ 10 = 0.8 < 0.9",), "8 ÷ 10 × 100"),
    # nested: the outer condition, then the inner one of the branch taken
    ("(1 if b > 2 else 3) if a > 1 else 4", {"a": "2", "b": "1"}, ("2 > 1", "1 ≤ 2"), "3"),
    ("min(1 if a > 0 else 0, 1 if a > 0 else 0)", {"a": "1"}, ("1 > 0",), "min(1, 1)"),  # stated once
]


@pytest.mark.parametrize(("text", "values", "stated", "shown"), CONDITIONS)
def test_the_working_states_the_condition_that_chose_the_branch(text, values, stated, shown):
    decimals = {"weight": Decimal(100), **{k: Decimal(v) for k, v in values.items()}}
    working = work(compile_formula(text), decimals)
    assert working.conditions == stated
    assert working.shown == shown
    assert evaluate_text(working.calc) == working.value == compile_formula(text).evaluate(decimals)


def _rule(facts):
    return RULES["formula"].params.model_validate({"kind": "formula", "expression": "a + b", "facts": facts})


def _score(params, **facts):
    rule = RULES["formula"]
    return rule.score(params, rule.facts.model_validate(facts), RuleContext("A", Decimal(100)))


def test_a_rule_gives_its_condition_in_the_working():
    params = RULES["formula"].params.model_validate({"kind": "formula", "expression": "weight if rate >= cut else rate / cut * weight", "facts": ["rate"], "params": {"cut": 90}})
    outcome = _score(params, rate=72)
    assert "; ".join(map(str, outcome.steps)) == "72 < 90; 72 ÷ 90 × 100 = 80"


def test_facts_are_listed_or_declared_with_ranges():
    assert list(_rule(["a", "b"]).facts) == ["a", "b"]
    ranged = _rule({"a": {"min": 0, "max": 100}, "b": None})
    assert (ranged.facts["a"].min, ranged.facts["a"].max, ranged.facts["b"].min) == (0, 100, None)
    assert _score(ranged, a=0, b=5).score == 5  # both ends are inside
    assert _score(ranged, a=100, b=-5).score == 95
    with pytest.raises(RuleInputError) as caught:
        _score(ranged, a="100.01", b=0)
    assert (str(caught.value), caught.value.loc) == ("fact a is 100.01, above its declared maximum 100", ("a",))
    with pytest.raises(RuleInputError, match="fact a is -1, below its declared minimum 0"):
        _score(ranged, a=-1, b=0)


@pytest.mark.parametrize(
    ("facts", "message"),
    [
        ({"a": {"min": 5, "max": 1}, "b": {}}, "min 5 is above max 1"),
        (["a", "b", "a"], "fact a listed twice"),
        ({"a": {"low": 1}, "b": {}}, "low"),
        ({"a": {"min": "1万"}, "b": {}}, "carries a unit"),
    ],
)
def test_a_bad_range_is_refused_with_the_spec(facts, message):
    with pytest.raises(ValidationError, match=message):
        _rule(facts)


SPEC = """\
title: t
total: 10
indicators:
  - code: A
    name: 完成率
    weight: 10
    rule:
      kind: formula
      expression: "min(rate / 100, 1) * weight"
      facts: {rate: {min: 0, max: 100}}
"""


def _files(tmp_path: Path, rate: str, spec: str = SPEC) -> Path:
    (tmp_path / "spec.yaml").write_text(spec, encoding="utf-8")
    evidence = tmp_path / "evidence.yaml"
    evidence.write_text(dedent(f"""\
        spec: spec.yaml
        project: {{name: p}}
        indicators:
          A: {{facts: {{rate: {rate}}}}}
        """), encoding="utf-8")
    return evidence


def test_a_fact_outside_its_range_is_a_located_problem(tmp_path, cli):
    assert score_file(_files(tmp_path, "85")).total == Decimal("8.5")
    evidence = _files(tmp_path, "850")
    with pytest.raises(ProblemsError) as caught:
        score_file(evidence)
    assert str(caught.value) == f"{evidence.as_posix()}:4:21: error: A: fact rate is 850, above its declared maximum 100 [fact-value]"
    run = cli("check", tmp_path)
    assert run.exit_code == 1
    assert "evidence.yaml:4:21: error: A: fact rate is 850, above its declared maximum 100 [fact-value]" in run.stdout


def test_a_reversed_range_is_located_in_the_spec(tmp_path, cli):
    _files(tmp_path, "85", SPEC.replace("{min: 0, max: 100}", "{min: 100, max: 0}"))
    run = cli("check", tmp_path / "spec.yaml")
    assert run.exit_code == 1
    assert "spec.yaml:10:21: error: rate: min 100 is above max 0 [type]" in run.stdout
