"""``jxpj init`` and ``jxpj frameworks``, tried as a new user would."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jxpj import Status, score_file
from jxpj.documents.bundled import bundled_specs
from jxpj.load import load_evidence


@pytest.mark.parametrize("name", list(bundled_specs()))
def test_the_untouched_skeleton_scores_every_indicator_as_no_evidence(cli, tmp_path, name):
    folder = tmp_path / "myeval"
    run = cli("init", folder, "--framework", name)
    assert run.exit_code == 0, run.output
    assert "wrote" in run.output and "evidence.yaml" in run.output
    result = score_file(folder / "evidence.yaml")
    assert {leaf.status for leaf in result.leaves()} == {Status.NO_EVIDENCE}
    assert result.total is None and result.status == Status.INCOMPLETE
    assert result.spec.extends == name
    scored = cli("score", folder / "evidence.yaml")
    assert scored.exit_code == 0
    leaves = sum(1 for _ in result.leaves())
    assert scored.output.count("no evidence") == leaves
    assert f"total: incomplete ({leaves} indicators without evidence)" in scored.output


def test_the_skeleton_lists_each_leaf_with_its_standard_and_facts(cli, tmp_path):
    cli("init", tmp_path / "e", "--framework", "national-self-evaluation")
    text = (tmp_path / "e" / "evidence.yaml").read_text(encoding="utf-8")
    evidence, _ = load_evidence(tmp_path / "e" / "evidence.yaml")
    assert list(evidence.indicators) == ["A", "B11", "B21", "B31", "B41", "C21", "C41", "D11"]
    assert all(entry.facts is None for entry in evidence.indicators.values())
    assert "# 评分标准：定性指标：达成年度指标，得该指标分值的80%（含）" in text
    assert "#   band:                 # one of: 达成、部分达成、未达成" in text
    assert "# no facts to give: scored from the budget lines" in text
    # the 自评表 has no prose sections; its only prose is each indicator's deviation
    assert "# The 自评表 has no prose sections: write 偏差原因分析及改进措施 under each indicator's deviation:." in text
    assert "# narrative:" not in text
    spec = (tmp_path / "e" / "spec.yaml").read_text(encoding="utf-8")
    assert "extends: national-self-evaluation\n" in spec
    assert "#       C21 社会效益 20 · rule qualitative (banded_judgment)" in spec


def test_filling_a_few_facts_scores_those_and_leaves_the_rest_without_evidence(cli, tmp_path):
    cli("init", tmp_path / "e", "--framework", "national-self-evaluation")
    path = tmp_path / "e" / "evidence.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("\nindicators:\n", "\nbudget:\n  lines:\n    - {name: 当年财政拨款, initial: 3000000, budget: 2800000, actual: 2617436.50}\n\nindicators:\n")
    text = text.replace("\n  B11:", "\n  B11:\n    facts: {actual: 138600, target: 150000}", 1)
    text = text.replace("\n  C21:", "\n  C21:\n    facts: {band: 达成, score: 18, justification: 助餐点覆盖全部街道}", 1)
    path.write_text(text, encoding="utf-8")
    result = score_file(path)
    assert result.find("A").score == Decimal("9.35")  # 93.48% × 10
    assert result.find("B11").score == Decimal("18.48")  # 138600 ÷ 150000 × 20
    assert result.find("C21").score == Decimal(18)
    assert result.find("B21").status == Status.NO_EVIDENCE
    run = cli("score", path)
    assert run.exit_code == 0
    assert run.output.count("no evidence") == 5
    assert "total: incomplete (5 indicators without evidence)" in run.output


def test_a_folder_that_is_not_empty_is_refused_unless_forced(cli, tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    run = cli("init", tmp_path, "--framework", "shanghai-project")
    assert run.exit_code == 2
    assert "is not empty" in run.stderr and "--force" in run.stderr
    assert not (tmp_path / "spec.yaml").exists()
    forced = cli("init", tmp_path, "--framework", "shanghai-project", "--force")
    assert forced.exit_code == 0
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert score_file(tmp_path / "evidence.yaml").status == Status.INCOMPLETE


def test_an_unknown_framework_is_a_usage_error(cli, tmp_path):
    run = cli("init", tmp_path / "x", "--framework", "national")
    assert run.exit_code == 2
    assert "no bundled framework named 'national'; choose one of: dazhou-department, national-department, national-project, national-self-evaluation, shanghai-project, sichuan-self-evaluation" in run.stderr
    assert not (tmp_path / "x").exists()


def test_a_file_in_the_way_is_a_usage_error(cli, tmp_path):
    (tmp_path / "f").write_text("", encoding="utf-8")
    run = cli("init", tmp_path / "f", "--framework", "shanghai-project", "--force")
    assert run.exit_code == 2 and "is a file" in run.stderr


def test_frameworks_lists_each_with_its_source(cli):
    run = cli("frameworks")
    assert run.exit_code == 0
    lines = run.output.splitlines()
    assert [line.split(":")[0] for line in lines if not line.startswith(" ")] == list(bundled_specs())
    assert "  source: 财政部《项目支出绩效评价管理办法》（财预〔2020〕10号）附件1《项目支出绩效自评表》" in run.output
    assert "  预算执行率 10 / 产出指标 50 / 效益指标 30 / 满意度指标 10; 8 leaf indicators; layout self_evaluation" in lines


def test_evidence_may_name_a_bundled_framework_as_its_spec(tmp_path):
    path = tmp_path / "evidence.yaml"
    path.write_text("spec: national-self-evaluation\nproject: {name: p}\nindicators:\n  D11: {facts: {actual: 95, target: 90}}\n", encoding="utf-8")
    assert score_file(path).find("D11").score == Decimal(10)


def test_a_self_evaluation_draft_reports_with_no_evidence_shown_for_the_rest(cli, tmp_path):
    """The issue's walk-through: init, fill a few facts, score and report end to end."""
    folder = tmp_path / "myeval"
    assert cli("init", folder, "--framework", "national-self-evaluation").exit_code == 0
    evidence = folder / "evidence.yaml"
    text = evidence.read_text(encoding="utf-8")
    text = text.replace(
        "# budget:                     # 支出明细表, in yuan; 预算执行率 is computed from it, never typed\n"
        "#   lines:\n"
        "#     - {name: 当年财政拨款, initial: 0.00, budget: 0.00, actual: 0.00}   # initial = 年初预算数",
        "budget:\n  lines:\n    - {name: 当年财政拨款, initial: 1000000, budget: 1000000, actual: 920000}",
    )
    text = text.replace("  B11:                      # 主要产出数量", "  B11:\n    facts: {actual: 180, target: 200}\n    # 主要产出数量", 1)
    evidence.write_text(text, encoding="utf-8")

    scored = cli("score", evidence)
    assert scored.exit_code == 0, scored.stderr
    assert "total: incomplete (6 indicators without evidence)" in scored.stdout

    run = cli("report", evidence, "-o", tmp_path / "out")
    assert run.exit_code == 0, run.stderr
    assert "a draft: some indicators have no evidence yet" in run.stdout
    assert "no evidence yet (shown as 无佐证): B21 产出质量达标率," in run.stderr
    form = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert "| 年度资金总额 | 1,000,000.00 | 1,000,000.00 | 920,000.00 | 10 | 92% | 9.2 |" in form
    assert "| 产出指标（50） | 数量指标 | 主要产出数量 | ≥ |  |  | 20 | 18 |  |" in form
    assert form.count("无佐证") == 6 + 1  # six indicators, and the conclusion
    assert "尚有6项指标无佐证，总分暂不能计算。" in form
    summary = (tmp_path / "out" / "summary.md").read_text(encoding="utf-8")
    assert "总分暂计27.2分（满分100分），得分率待定，绩效评价等级为“待定”。" in summary


def test_a_standard_skeleton_lists_the_narrative_sections_by_their_keys(cli, tmp_path):
    assert cli("init", tmp_path / "e", "--framework", "shanghai-project").exit_code == 0
    text = (tmp_path / "e" / "evidence.yaml").read_text(encoding="utf-8")
    assert "#   background: |              # 立项背景" in text
    assert "#   constructive_suggestions: |" in text
