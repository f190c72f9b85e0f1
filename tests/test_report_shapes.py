"""Reports of indicator systems unlike the 2018 one: a first-level leaf, a leaf at level 2, an
indicator not applicable, a budget line with nothing budgeted, no budget at all."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_tables import check_tables

from jxpj.errors import ProblemsError
from jxpj.report import build_report

SPEC = """\
title: 小型指标体系
indicators:
  - code: X
    name: 决策
    weight: 20
    rule: {kind: pass_fail}
  - code: Y
    name: 管理
    children:
      - code: Y1
        name: 资金
        children:
          - code: Y11
            name: 预算执行率
            weight: 30
            rule: {kind: threshold_deduction, threshold: 95, per_point: {share: 0.02}, source: budget_execution_rate}
          - code: Y12
            name: 台账
            weight: 10
            allow_not_applicable: true
            rule: {kind: pass_fail}
      - code: Y2
        name: 综合判断
        weight: 40
        rule: {kind: judgment}
"""

EVIDENCE = """\
spec: spec.yaml
project: {name: "测试|项目", report_date: 2024-03-05}
budget:
  lines:
    - {name: 甲, budget: 0, actual: 100}
    - {name: 乙, budget: 1000, actual: 900}
indicators:
  X: {value: 是, facts: {passed: yes}}
  Y12: {not_applicable: 本年度未设台账要求}
  Y2: {value: "较好|一般", facts: {score: 30, justification: 评价组判断}, note: "第一行\\n第二行"}
narrative:
  background: 只有背景。
"""


def write(tmp_path: Path, spec: str = SPEC, evidence: str = EVIDENCE) -> Path:
    (tmp_path / "spec.yaml").write_text(spec, encoding="utf-8")
    (tmp_path / "evidence.yaml").write_text(evidence, encoding="utf-8")
    return tmp_path / "evidence.yaml"


@pytest.fixture
def report(tmp_path) -> str:
    return build_report(write(tmp_path)).report


def test_tables_stay_well_formed(report):
    budget, scores, first, second, _annex = check_tables(report)
    assert budget[2] == ["1", "甲", "0.00", "100.00", "—"]  # nothing budgeted: no rate
    assert budget[-1] == ["", "合计", "1,000.00", "1,000.00", "100%"]
    assert scores[2:] == [["权重", "20%", "80%", "100%"], ["分值", "20", "60", "88.89"]]
    assert first[2:] == [["", "X 决策", "20", "是", "20"]]
    assert second[2:] == [
        ["", "Y11 预算执行率", "30", "100%", "30"],
        ["", "Y12 台账", "10", "", "不适用"],
        ["Y1 资金", "小计", "40", "", "30"],
        ["", "Y2 综合判断", "40", "较好\\|一般", "30"],
    ]


def test_counts_follow_the_tree(report):
    assert "包括决策、管理两部分内容，一共涉及2个二级指标以及2个三级指标" in report
    assert "决策指标权重分20分，实际得分20分" in report  # a first-level leaf has no parts to count
    assert "管理指标由2个二级指标和2个三级指标构成。权重分80分，实际得分60分，得分率75%" in report


def test_not_applicable_indicator_and_rescaled_total(report):
    assert "不适用指标：Y12台账。" in report
    assert "**Y12 台账**：本年度未设台账要求。该指标不适用，不计入得分（权重10分）。" in report
    assert "总分按适用指标得分折算为100分制：80 ÷ 90 × 100 = 88.888889… → 88.89。" in report


def test_notes_with_line_breaks_read_as_one_sentence_and_date_is_written_in_chinese(report):
    assert "**Y2 综合判断**：第一行第二行。评价组综合判断：评价组判断。根据评分标准，该指标满分40分，得分为30分。" in report
    assert report.split("\n## 附件")[0].endswith("\n---\n\n2024年3月5日\n")


def test_without_a_budget_there_is_no_table_1_1_and_strict_asks_for_one(tmp_path):
    spec = SPEC.replace("rule: {kind: threshold_deduction, threshold: 95, per_point: {share: 0.02}, source: budget_execution_rate}", "rule: {kind: pass_fail}")
    evidence = EVIDENCE.split("budget:")[0] + "indicators:" + EVIDENCE.split("indicators:")[1].replace("  X:", "  Y11: {facts: {passed: yes}}\n  X:")
    path = write(tmp_path, spec, evidence)
    built = build_report(path)
    assert "表 1-1" not in built.report and "项目预算及执行情况" not in built.report
    assert len(check_tables(built.report)) == 4 and "表 3-1　" in built.report  # with the annex
    with pytest.raises(ProblemsError) as caught:
        build_report(path, strict=True)
    assert "missing-budget" in {p.check for p in caught.value.problems}
