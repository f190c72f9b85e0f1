"""The founding report, reproduced from facts: every number of ../shared/docs/seed-2018-acceptance.md."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from jxpj import Status, score_file

LEAVES = {
    "A11": "2", "A12": "2", "A13": "2", "A21": "1.5", "A22": "1.5",
    "B11": "3.12", "B12": "3", "B21": "3", "B22": "3", "B23": "3", "B31": "4", "B32": "4", "B33": "4",
    "C11": "5", "C12": "4", "C13": "2", "C14": "2", "C15": "2", "C16": "1", "C17": "2", "C18": "1",
    "C19": "1", "C110": "3", "C21": "3", "C22": "5", "C23": "4", "C24": "4", "C25": "4", "C26": "3",
    "C31": "3",
}  # fmt: skip
SECOND = {"A1": "6", "A2": "3", "B1": "6.12", "B2": "9", "B3": "12", "C1": "23", "C2": "23", "C3": "3"}
FIRST = {"A": ("10", "9", "90"), "B": ("30", "27.12", "90.4"), "C": ("60", "49", "81.67")}
BUDGET = [
    ("各类专题专业培训", "748200.00", "203679.25", "27.22"),
    ("专题栏目", "1200000.00", "1520000.00", "126.67"),
    ("基层党建网", "790000.00", "701158.42", "88.75"),
    ("微信公众号", "576600.00", "240900.00", "41.78"),
    ("党员服务热线", "158200.00", "58913.80", "37.24"),
    ("党员教育", "527000.00", "637171.86", "120.91"),
]


@pytest.fixture(scope="module")
def result():
    from conftest import EXAMPLE

    return score_file(EXAMPLE / "evidence.yaml")


def test_total_and_grade(result):
    assert result.total == Decimal("85.12")
    assert result.grade == "良"
    assert result.status == Status.SCORED


@pytest.mark.parametrize(("code", "expected"), LEAVES.items())
def test_each_third_level_score(result, code, expected):
    assert result.find(code).score == Decimal(expected)


@pytest.mark.parametrize(("code", "expected"), SECOND.items())
def test_each_second_level_score(result, code, expected):
    assert result.find(code).score == Decimal(expected)


@pytest.mark.parametrize(("code", "weight", "score", "rate"), [(c, *v) for c, v in FIRST.items()])
def test_each_first_level_weight_score_and_rate(result, code, weight, score, rate):
    node = result.find(code)
    assert (node.weight, node.score, node.rate) == (Decimal(weight), Decimal(score), Decimal(rate))


def test_counts_match_the_report(result):
    assert len(result.indicators) == 3
    assert sum(1 for n in result.walk() if n.level == 2) == 8
    assert sum(1 for n in result.leaves()) == 30


def test_budget_lines_and_execution_rate_are_computed(result):
    budget = result.budget
    rows = [(r.name, r.budget, r.actual, r.rate) for r in budget.rows]
    assert rows == [(n, Decimal(b), Decimal(a), Decimal(r)) for n, b, a, r in BUDGET]
    assert (budget.budget, budget.actual, budget.rate) == (
        Decimal("4000000.00"),
        Decimal("3361823.33"),
        Decimal("84.05"),
    )


def test_b11_explanation_is_the_reports_arithmetic(result):
    b11 = result.find("B11")
    assert str(b11.explanation) == "(95% − 84.05%) × 2% × 4 = 0.876 → 0.88 deducted; 4 − 0.88 = 3.12"
    assert b11.value == "84.05%"


def test_no_judgment_where_the_report_scored_by_rule(result):
    assert [n.code for n in result.leaves() if n.judgment] == []


def test_score_command_prints_total_and_grade(cli, example):
    run = cli("score", example / "evidence.yaml")
    assert run.exit_code == 0
    assert "total: 85.12 of 100, grade 良" in run.stdout
    assert "预算执行率 84.05%" in run.stdout


def test_json_carries_every_leaf_score(cli, example):
    run = cli("score", example / "evidence.yaml", "--format", "json")
    assert run.exit_code == 0
    data = json.loads(run.stdout, parse_float=Decimal)
    assert (data["total"], data["grade"]) == (Decimal("85.12"), "良")

    def leaves(nodes):
        for n in nodes:
            yield from leaves(n["children"]) if n["children"] else [n]

    got = {n["code"]: n["score"] for n in leaves(data["indicators"])}
    assert got == {code: Decimal(v) for code, v in LEAVES.items()}


def test_json_keys_are_in_the_documented_order(cli, example):
    data = json.loads(cli("score", example / "evidence.yaml", "-f", "json").stdout)
    assert list(data)[:7] == ["project", "spec", "total", "weight", "rate", "grade", "status"]
    node = data["indicators"][0]
    assert list(node) == [
        "code", "name", "level", "weight", "score", "rate", "status", "kind", "judgment", "value",
        "explanation", "adjustment", "children",
    ]  # fmt: skip
    assert '"total": 85.12,' in cli("score", example / "evidence.yaml", "-f", "json").stdout


def test_explain_prints_one_indicator(cli, example):
    run = cli("explain", example / "evidence.yaml", "B11")
    assert run.exit_code == 0
    assert "(95% − 84.05%) × 2% × 4 = 0.876 → 0.88 deducted; 4 − 0.88 = 3.12" in run.stdout


def test_output_is_byte_identical_across_runs(cli, example):
    first = cli("score", example / "evidence.yaml", "-f", "json").stdout
    assert first == cli("score", example / "evidence.yaml", "-f", "json").stdout


def test_c110_is_c1s_tenth_not_c11s_child(result):
    assert result.find("C110").level == 3
    assert [c.code for c in result.find("C1").children][-1] == "C110"
    assert result.find("C11").is_leaf
