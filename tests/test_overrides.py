"""jxpj score --set: what-if rescoring without editing files, on the 2018 example."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import EXAMPLE

from jxpj import score_file
from jxpj.documents.overrides import parse_override, parse_overrides

EVIDENCE = EXAMPLE / "evidence.yaml"
# 95% of the 4,000,000 budget is 3,800,000: 438,176.67 more than the 3,361,823.33 spent, here
# added to the training line (203,679.25 + 438,176.67).
AT_95 = "budget.各类专题专业培训.actual=641855.92"


def test_execution_at_95_percent_gives_b11_full_marks_and_total_86():
    result = score_file(EVIDENCE, overrides=parse_overrides([AT_95]))
    assert result.budget.rate == Decimal("95.00")
    assert result.find("B11").score == Decimal(4)
    assert str(result.find("B11").explanation) == "95% ≥ 95% → full marks 4"
    assert result.total == Decimal(86)
    assert result.grade == "良"


def test_the_file_itself_is_not_changed():
    before = EVIDENCE.read_bytes()
    score_file(EVIDENCE, overrides=parse_overrides([AT_95]))
    assert EVIDENCE.read_bytes() == before
    assert score_file(EVIDENCE).total == Decimal("85.12")


def test_the_command_says_it_is_a_what_if(cli):
    run = cli("score", EVIDENCE, "--set", AT_95)
    assert run.exit_code == 0, run.stderr
    assert run.stdout.startswith(f"what-if: --set {AT_95}\n")
    assert "total: 86 of 100, grade 良 (项目决策 9 / 项目管理 28 / 项目绩效 49; 预算执行率 95%)" in run.stdout
    json_run = cli("score", EVIDENCE, "--set", AT_95, "-f", "json")
    assert '"total": 86,' in json_run.stdout and f"what-if: --set {AT_95}" in json_run.stderr


def test_repeated_sets_of_indicator_facts():
    sets = ["C11.actual=250", "C16.met=[党性教育培训, 领誓人培训]", "C13.passed=no"]
    result = score_file(EVIDENCE, overrides=parse_overrides(sets))
    assert result.find("C11").score == Decimal("4.92")  # 250 ÷ 254 × 5 = 4.921… → 4.92
    assert result.find("C16").score == Decimal(2)
    assert result.find("C13").score == Decimal(0)
    assert result.total == Decimal("85.12") - Decimal("0.08") + 1 - 2


def test_a_value_is_read_as_exact_yaml():
    assert parse_override("C22.actual=84.05").value == Decimal("84.05")
    assert parse_override("C13.passed=yes").value is True
    assert parse_override("C16.met=[a, b]").value == ["a", "b"]
    assert parse_override("budget.a.b.actual=1").name == "a.b"  # line names may hold dots
    assert parse_override("1.1.actual=1").name == "1.1"  # so may codes


@pytest.mark.parametrize(
    ("arg", "message"),
    [
        ("C11", "--set C11: write CODE.fact=value or budget.LINE.actual=value"),
        ("C11.actual", "--set C11.actual: write CODE.fact=value"),
        ("actual=3", "--set actual=3: write CODE.fact=value"),
        (".actual=3", "--set .actual=3: write CODE.fact=value"),
        ("C11.=3", "--set C11.=3: write CODE.fact=value"),
        ("C11.actual=", "--set C11.actual=: give a value after '='"),
        ("C11.actual=[1", "--set C11.actual=[1: invalid YAML"),
        ("C11.actual=!!python/object:os.system x", "custom YAML tags are not allowed"),
        ("budget.专题栏目.rate=3", "a budget line takes budget.LINE.budget, .actual or .initial"),
        ("budget.专题栏木.actual=3", "no budget line named 专题栏木; did you mean 专题栏目?"),
        ("C9.actual=3", "no indicator C9 in the spec; did you mean C19?"),
        ("C1.actual=3", "C1 is not a leaf; set a fact of one of its leaves"),
        ("B11.actual=95", "B11 takes its value from budget_execution_rate, computed from the budget lines; set a line instead"),
    ],
)
def test_a_wrong_set_exits_2_with_what_to_write(cli, arg, message):
    run = cli("score", EVIDENCE, "--set", arg)
    assert run.exit_code == 2
    assert run.stderr.startswith("error: --set ") and message in run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize(
    ("arg", "message"),
    [
        ("budget.专题栏目.actual=-1", "evidence.yaml:15:48: error: actual: must not be negative (value set by --set budget.专题栏目.actual=-1) [type]"),
        ("C11.actual=abc", "error: C11: fact actual: 'abc' is not a number (value set by --set C11.actual=abc) [fact-type]"),
    ],
)
def test_a_wrong_value_is_located_and_names_its_set(cli, arg, message):
    run = cli("score", EVIDENCE, "--set", arg)
    assert run.exit_code == 1
    assert message in run.stderr.splitlines()[0]
