"""Bugs found by the property, mutation and corpus suites, each pinned by the smallest case.

(The YAML, formula and number fixes have their regressions in their own corpus files.)
"""

from __future__ import annotations

import decimal
import re
from decimal import Decimal
from textwrap import dedent

import pytest

from jxpj.documents.yaml_reader import parse_yaml
from jxpj.engine import evaluate
from jxpj.errors import ProblemsError
from jxpj.load import score_file
from jxpj.models.evidence import Evidence
from jxpj.models.spec import Spec
from jxpj.models.validate import validate_spec
from jxpj.rules.formula_language import compile_formula, evaluate_text
from jxpj.rules.formula_working import work


def _score(indicators: list, evidence: dict, **spec_extra):
    total = sum(Decimal(str(i.get("weight", 0))) for i in indicators) if "total" not in spec_extra else spec_extra.pop("total")
    spec = Spec.model_validate({"title": "t", "total": total, "indicators": indicators, **spec_extra})
    return evaluate(spec, Evidence.model_validate({"spec": "s", "project": {"name": "p"}, "indicators": evidence}))


def test_points_label_states_the_rounded_score():
    # Found by hypothesis: "0 in [-9, 1) → 0.1 points" beside a score of 0 (spec rounds to 0 places).
    result = _score(
        [{"code": "A", "name": "a", "weight": 1, "rule": {"kind": "grade", "unit": "points", "levels": {"好": "0.1"}}}],
        {"A": {"facts": {"level": "好"}}},
        rounding={"places": 0},
    )
    node = result.find("A")
    assert node.score == 0
    assert str(node.explanation) == "好 → 0 points (0.1 rounded to 0 decimals)"


def test_points_label_when_capped():
    result = _score(
        [{"code": "A", "name": "a", "weight": 5, "rule": {"kind": "grade", "unit": "points", "levels": {"好": 6}}}],
        {"A": {"facts": {"level": "好"}}},
    )
    assert str(result.find("A").explanation) == "好 → 5 points (6 capped at the weight 5)"


def test_not_applicable_leaving_only_zero_weights_does_not_divide_zero_by_zero():
    # Found by hypothesis: a parent stays applicable through a leaf of weight 0 while its only
    # weighted leaf is not applicable; rescaling divided 0 by 0 (decimal.InvalidOperation).
    result = _score(
        [
            {
                "code": "A",
                "name": "a",
                "children": [
                    {"code": "A1", "name": "a1", "weight": 0, "rule": {"kind": "pass_fail"}},
                    {"code": "A2", "name": "a2", "weight": 1, "rule": {"kind": "pass_fail"}, "allow_not_applicable": True},
                ],
            }
        ],
        {"A1": {"facts": {"passed": "yes"}}, "A2": {"not_applicable": "未发生"}},
        total=1,
    )
    assert (result.total, result.grade, result.total_explanation) == (Decimal(0), "差", None)


@pytest.mark.parametrize(
    ("expression", "calc"),
    [
        ("(-a) ** 2", "(-(-3)) ** 2"),
        ("(+a) ** 2", "(-3) ** 2"),
        ("(a if a < b else b) ** 2", "(-3) ** 2"),
        ("-a ** 2", "-((-3) ** 2)"),
    ],
)
def test_shown_formula_keeps_the_sign_under_a_power(expression, calc):
    # "(-a) ** 2" with a = -3 was written "-(-3) ** 2", which is -9, beside a value of 9.
    formula = compile_formula(expression)
    values = {"a": Decimal(-3), "b": Decimal(2)}
    assert work(formula, values).calc == calc
    assert evaluate_text(calc) == formula.evaluate(values)


def test_a_weight_finer_than_the_rounding_is_a_spec_problem():
    # Full marks of weight 2.5 rounded to 0 places would score 3, more than the weight.
    doc = parse_yaml(dedent("""\
        title: t
        total: 2.5
        rounding: {places: 0}
        indicators:
          - {code: A, name: a, weight: 2.5, rule: {kind: pass_fail}}
        """), "spec.yaml")
    with pytest.raises(ProblemsError) as caught:
        validate_spec(doc)
    assert str(caught.value) == (
        "spec.yaml:5:32: error: weight of A is 2.5, finer than the spec rounds scores (0 decimals); "
        "round the weight or raise rounding.places [weight-places]"
    )


def test_the_callers_decimal_context_does_not_change_a_score(example):
    expected = score_file(example / "evidence.yaml")
    with decimal.localcontext() as context:
        context.prec = 4  # loading too: 1.2E+3-style numbers and weight checks quantize exactly
        context.rounding = decimal.ROUND_FLOOR
        again = score_file(example / "evidence.yaml")
    assert again.total == expected.total == Decimal("85.12")
    assert [n.score for n in again.walk()] == [n.score for n in expected.walk()]
    assert again.budget.rate == expected.budget.rate


def test_a_deduction_too_large_for_28_digits_scores_zero_instead_of_crashing():
    # (95 − (−999999999999999)) × 999999999999999 ≈ 10**30: quantize raised InvalidOperation.
    result = _score(
        [{"code": "A", "name": "a", "weight": 4, "rule": {"kind": "threshold_deduction", "threshold": 95, "per_point": {"points": "999999999999999"}}}],
        {"A": {"facts": {"actual": "-999999999999999"}}},
    )
    node = result.find("A")
    assert node.score == 0
    # The product is worked at 28 significant digits, as jxpj.rules.formula_language re-checks it.
    assert str(node.explanation) == (
        "(95% − -999999999999999%) × 999999999999999 = 1000000000000093000000000000000 deducted; "
        "max(0, 4 − 1000000000000093000000000000000) = 0 (floor 0)"
    )
    for step in node.explanation.steps:
        assert evaluate_text(step.expr.calc) == step.value


def test_a_spec_path_too_long_for_the_file_system_is_a_located_problem(tmp_path):
    # Found by the mutation suite: Path.is_file() raised OSError (File name too long).
    evidence = tmp_path / "evidence.yaml"
    evidence.write_text("spec: " + "a" * 10_000 + "\nproject: {name: p}\n", encoding="utf-8")
    with pytest.raises(ProblemsError) as caught:
        score_file(evidence)
    (problem,) = caught.value.problems
    assert (problem.line, problem.col, problem.check) == (1, 7, "spec-path")
    assert problem.message.endswith("has a name too long for the file system; spec: is relative to this file")


@pytest.mark.parametrize(("op", "actual", "target"), [(">=", "-5", "10"), ("<=", "5", "-1"), (">", "-0.01", "3")])
def test_a_target_ratio_never_scores_below_zero(op, actual, target):
    # Found by hypothesis: a growth rate of −5% against a target of 10% scored −0.5 × the weight.
    result = _score(
        [{"code": "A", "name": "a", "weight": 4, "rule": {"kind": "target", "op": op, "target": target, "otherwise": "ratio", "unit": "%"}}],
        {"A": {"facts": {"actual": actual}}},
    )
    node = result.find("A")
    assert node.score == 0
    assert str(node.explanation).endswith("target not met → 0")


def test_locating_many_problems_is_linear_not_quadratic():
    # Found probing big files: 20,000 unknown codes in a 400 KB evidence file took 22 s, because
    # each problem scanned the whole mapping for its key. A hang guard, not a benchmark: the
    # indexed lookup takes a few hundredths of a second here; the scan took tens of seconds.
    import time

    n = 20_000
    doc = parse_yaml("indicators:\n" + "".join(f"  X{i}: {{value: x}}\n" for i in range(n)), "e.yaml")
    start = time.process_time()
    where = [doc.locate(("indicators", f"X{i}"), key=True) for i in range(n)]
    assert time.process_time() - start < 5
    assert where[0] == (2, 3) and where[-1] == (n + 1, 3)


@pytest.mark.parametrize("name", ["a[/]b", "项目[b]加粗[/b]", "[link=file:///etc/passwd]x"])
def test_names_are_printed_as_written_not_as_rich_markup(cli, example, tmp_path, name):
    # "[/]" in a project name crashed the table (rich MarkupError); "[b]" vanished from it.
    (tmp_path / "spec.yaml").write_text((example / "spec.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    evidence = (example / "evidence.yaml").read_text(encoding="utf-8").replace("name: 2018年党建服务工作经费项目", f"name: '{name}'")
    (tmp_path / "evidence.yaml").write_text(evidence, encoding="utf-8")
    run = cli("score", tmp_path / "evidence.yaml")
    assert run.exit_code == 0, run.stderr
    assert run.stdout.splitlines()[0].startswith(f"{name} · ")


@pytest.mark.parametrize(("text", "code"), [('"\\e[31mred"', "1B"), ('"\\x07"', "07"), ('"a\\rb"', "0D"), ('"\\N"', "85")])
def test_escaped_control_characters_are_refused(text, code):
    # Escapes build what libyaml refuses raw: an ANSI sequence in a name would drive the terminal.
    with pytest.raises(ProblemsError) as caught:
        parse_yaml(f"name: {text}\n", "e.yaml")
    assert str(caught.value) == f"e.yaml:1:7: error: invalid YAML: control character #x{code} in text; remove it [yaml]"


def test_tabs_and_newlines_in_text_are_kept():
    assert parse_yaml('a: "x\\ty\\nz"\n').data == {"a": "x\ty\nz"}


def test_a_zero_budget_is_named_when_a_rate_needs_it(example, tmp_path):
    # B11 takes 预算执行率 from the budget lines; with every budget 0 it was silently "no evidence".
    (tmp_path / "spec.yaml").write_text((example / "spec.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    evidence = re.sub(r"budget: [0-9.]+", "budget: 0", (example / "evidence.yaml").read_text(encoding="utf-8"))
    (tmp_path / "evidence.yaml").write_text(evidence, encoding="utf-8")
    with pytest.raises(ProblemsError) as caught:
        score_file(tmp_path / "evidence.yaml")
    (problem,) = caught.value.problems
    first_line = evidence.splitlines().index("  lines:") + 2  # the budget's first line, where the 0s start
    assert (problem.line, problem.col, problem.check) == (first_line, 5, "zero-budget")
    assert problem.message == "B11 needs budget_execution_rate, but the budget lines add up to 0, so no rate can be computed"


def test_a_problem_in_a_duplicated_key_points_at_the_copy_yaml_kept():
    # YAML keeps the last of two equal keys; the problem pointed at the first (line 1).
    doc = parse_yaml("project: {name: p}\nproject: {name: p, year: x}\n", "e.yaml")
    assert doc.locate(("project", "year")) == (2, 26)


def test_a_key_that_is_not_text_is_named():
    # pydantic said "[key]: Input should be a valid string".
    from jxpj.models.validate import validate

    doc = parse_yaml("spec: s\nproject: {name: p}\nindicators: {1: {value: x}}\n", "e.yaml")
    with pytest.raises(ProblemsError) as caught:
        validate(Evidence, doc)
    assert str(caught.value) == "e.yaml:3:14: error: key 1 must be text; put it in quotes [type]"


def test_a_problem_quoting_text_with_a_newline_stays_on_one_line(tmp_path):
    (tmp_path / "spec.yaml").write_text("title: t\nindicators:\n  - {code: A, name: a, weight: 100, rule: {kind: pass_fail}}\n", encoding="utf-8")
    evidence = tmp_path / "evidence.yaml"
    evidence.write_text('spec: spec.yaml\nproject: {name: p}\nindicators:\n  "X\\nY": {value: x}\n', encoding="utf-8")
    with pytest.raises(ProblemsError) as caught:
        score_file(evidence)
    assert str(caught.value) == f"{evidence.as_posix()}:4:3: error: indicator X\\nY is not in the spec [unknown-code]"
