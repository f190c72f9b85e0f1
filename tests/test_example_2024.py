"""The worked self-evaluation (examples/2024_selfeval): scored from facts, and its 自评表 rendered.

Golden files are compared byte for byte; regenerate them after an intended change with
``JXPJ_UPDATE_GOLDEN=1 python -m pytest tests/test_example_2024.py``.
"""

from __future__ import annotations

import os
from decimal import Decimal

import pytest
from conftest import ROOT

from jxpj import Status, score_file
from jxpj.markdown import cell
from jxpj.report.self_evaluation import render_self_evaluation

EXAMPLE = ROOT / "examples" / "2024_selfeval"
LEAVES = {
    "A": "9.35", "B11": "10", "B12": "9.24", "B21": "10", "B31": "8.33", "B41": "10",
    "C21": "16.5", "C41": "6.5", "D11": "10",
}  # fmt: skip


def golden(name: str, actual: str) -> None:
    path = EXAMPLE / name
    if os.environ.get("JXPJ_UPDATE_GOLDEN") == "1":
        path.write_text(actual, encoding="utf-8", newline="\n")
    assert actual == path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def result():
    return score_file(EXAMPLE / "evidence.yaml")


def test_total_grade_and_first_levels(result):
    assert (result.total, result.grade, result.status) == (Decimal("89.92"), "良", Status.SCORED)
    firsts = {n.name: n.score for n in result.indicators}
    assert firsts == {"预算执行率": Decimal("9.35"), "产出指标": Decimal("47.57"), "效益指标": Decimal(23), "满意度指标": Decimal(10)}


@pytest.mark.parametrize(("code", "expected"), LEAVES.items())
def test_each_leaf(result, code, expected):
    assert result.find(code).score == Decimal(expected)


def test_the_spec_builds_on_the_bundled_form(result):
    assert result.spec.extends == "national-self-evaluation"
    assert result.spec.layout == "self_evaluation"
    assert [c.code for c in result.spec.find("B1").children] == ["B11", "B12"]


def test_budget_execution_is_computed_from_the_lines(result):
    budget = result.budget
    assert (budget.initial, budget.budget, budget.actual, budget.rate) == (
        Decimal("3000000.00"), Decimal("3000000.00"), Decimal("2803956.50"), Decimal("93.47"),
    )  # fmt: skip
    assert str(result.find("A").explanation) == "93.47 ÷ 100 × 10 = 9.347 → 9.35"


def test_qualitative_scores_are_judgments_inside_their_bands(result):
    c41 = result.find("C41")
    assert c41.judgment
    assert str(c41.explanation).startswith("部分达成 [60%, 80%) of 10 = [6, 8); evaluator's judgment → 6.5 of 10")


def test_self_evaluation_form_golden(result):
    golden("report.md", render_self_evaluation(result))


def test_score_json_golden(cli):
    run = cli("score", "--format", "json", EXAMPLE / "evidence.yaml")
    assert run.exit_code == 0
    golden("score.json", run.output)


def test_the_form_of_an_untouched_skeleton_says_what_is_missing(cli, tmp_path):
    cli("init", tmp_path / "e", "--framework", "national-self-evaluation")
    text = render_self_evaluation(score_file(tmp_path / "e" / "evidence.yaml"))
    assert "| 年度资金总额 |  |  |  | 10 | 无佐证 | 无佐证 |" in text
    assert text.count("无佐证") == 2 + 7 + 1  # funds rate and score, 7 indicators, the conclusion
    assert "尚有8项指标无佐证，总分暂不能计算。" in text
    assert " 0 |" not in text  # never shown as zero


def test_cells_are_one_line_with_pipes_escaped():
    assert cell("a | b\n c") == "a \\| b<br>c"


def test_evidence_text_is_data_never_template_code(tmp_path):
    evidence = (EXAMPLE / "evidence.yaml").read_text(encoding="utf-8")
    evidence = evidence.replace("deviation: 2个助餐点场地改造审批延误；今后新建点提前办理场地改造审批。", "deviation: '{{ 7 * 7 }} {% raw %}|'")
    (tmp_path / "evidence.yaml").write_text(evidence, encoding="utf-8")
    (tmp_path / "spec.yaml").write_text((EXAMPLE / "spec.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    text = render_self_evaluation(score_file(tmp_path / "evidence.yaml"))
    assert "| 8.33 | {{ 7 * 7 }} {% raw %}\\| |" in text


def test_report_command_writes_the_form_for_a_self_evaluation_spec(cli, tmp_path):
    run = cli("report", EXAMPLE / "evidence.yaml", "-o", tmp_path)
    assert run.exit_code == 0, run.stderr
    assert "left out" not in run.stderr  # the form has no narrative sections
    for name in ("report.md", "summary.md", "summary.csv"):
        assert (tmp_path / name).read_bytes() == (EXAMPLE / name).read_bytes(), name
