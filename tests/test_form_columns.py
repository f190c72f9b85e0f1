"""The 自评表's own columns (指标性质, 度量单位, 年度总体目标), its title, and grade bands written as a
share of the total so that a partial spec grades itself right."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest

from jxpj.load import score_file
from jxpj.models.spec import Spec, system_problems
from jxpj.report.self_evaluation import form_of, nature, render_self_evaluation
from jxpj.rules import RULES

SPEC = """\
extends: national-self-evaluation
title: 2023年乡村道路养护项目支出绩效自评表
indicators:
  - {code: B11, name: 养护里程, unit: 公里}
  - {code: B41, name: 单位养护成本, unit: 万元/公里}
  - {code: C21, name: 群众出行条件, nature: 定性}
"""
EVIDENCE = """\
spec: spec.yaml
project: {name: 2023年乡村道路养护项目, year: 2023}
overall_goal:
  planned: 完成120公里农村公路日常养护，路况优良率达到85%以上。
  actual: 完成112公里养护，优良率87%，8公里因汛期顺延。
budget:
  lines: [{name: 项目资金, budget: 1000000, actual: 950000}]
indicators:
  B11: {planned: "120", value: "112", facts: {actual: 112, target: 120}}
  B21: {facts: {actual: 100, target: 100}}
  B31: {facts: {actual: 100, target: 100}}
  B41: {planned: "0.8", value: "0.85", facts: {actual: 0.85, target: 0.8}}
  C21: {facts: {band: 达成, score: 18, justification: 群众出行条件明显改善}}
  C41: {facts: {band: 达成, score: 9, justification: 建立村级养护队伍}}
  D11: {facts: {actual: 96, target: 90}}
"""


def write(folder: Path, spec: str = SPEC, evidence: str = EVIDENCE) -> Path:
    (folder / "spec.yaml").write_text(spec, encoding="utf-8")
    path = folder / "evidence.yaml"
    path.write_text(evidence, encoding="utf-8")
    return path


def test_the_form_has_nature_unit_and_the_overall_goal(tmp_path):
    text = render_self_evaluation(score_file(write(tmp_path)))
    assert "| 一级指标 | 二级指标 | 三级指标 | 指标性质 | 年度指标值 | 度量单位 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |" in text
    assert "| 产出指标（50） | 数量指标 | 养护里程 | ≥ | 120 | 公里 | 112 | 20 | 18.67 |  |" in text
    assert "|  | 成本指标 | 单位养护成本 | ≤ | 0.8 | 万元/公里 | 0.85 | 10 | 9.41 |  |" in text
    assert "| 效益指标（30） | 社会效益指标 | 群众出行条件 | 定性 |" in text
    assert "## 年度总体目标\n\n| 预期目标 | 实际完成情况 |\n|---|---|\n| 完成120公里农村公路日常养护，路况优良率达到85%以上。 | 完成112公里养护，优良率87%，8公里因汛期顺延。 |\n" in text


def test_without_units_the_column_is_left_out_and_without_a_goal_the_block(tmp_path):
    spec = SPEC.replace(", unit: 公里", "").replace(", unit: 万元/公里", "")
    evidence = EVIDENCE.split("overall_goal:")[0] + "budget:" + EVIDENCE.split("budget:", 1)[1]
    text = render_self_evaluation(score_file(write(tmp_path, spec, evidence)))
    assert "度量单位" not in text and "年度总体目标" not in text
    assert "| 产出指标（50） | 数量指标 | 养护里程 | ≥ | 120 | 112 | 20 | 18.67 |  |" in text


def test_the_title_is_the_specs_unless_the_evidence_names_its_own(tmp_path):
    result = score_file(write(tmp_path))
    assert form_of(result).title == "2023年乡村道路养护项目支出绩效自评表"
    own = score_file(write(tmp_path, evidence=EVIDENCE.replace("year: 2023}", "year: 2023, report_title: 乡村道路养护项目绩效自评表（修订）}")))
    assert render_self_evaluation(own).startswith("# 乡村道路养护项目绩效自评表（修订）\n")


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ({"kind": "ratio"}, "≥"),
        ({"kind": "ratio", "direction": "at_most"}, "≤"),
        ({"kind": "target", "op": "=="}, "="),
        ({"kind": "target", "op": ">"}, ">"),
        ({"kind": "threshold_deduction", "threshold": 0, "direction": "at_most", "per_point": {"points": 1}}, "≤"),
        ({"kind": "banded_judgment", "bands": {"达成": {"min": 0, "max": 1, "max_inclusive": True}}}, "定性"),
        ({"kind": "pass_fail"}, "定性"),
        ({"kind": "judgment"}, ""),  # a 定量 row may be scored by discretion: the spec says which
        ({"kind": "tiers", "bands": [{"points": 1}]}, ""),
    ],
)
def test_the_nature_follows_the_rule_where_the_rule_says_it(rule, expected):
    assert nature(RULES[rule["kind"]].params.model_validate(rule)) == expected


# ---- grade bands as a share of the total --------------------------------------------------------

PARTIAL = {
    "title": "只含产出和效益的自评表",
    "total": 36,
    "grades": [{"name": "优", "min": "90%"}, {"name": "良", "min": "80%"}, {"name": "中", "min": "60%"}, {"name": "差", "min": 0}],
    "indicators": [{"code": "A", "name": "产出", "weight": 36, "rule": {"kind": "judgment"}}],
}


@pytest.mark.parametrize(("total", "grade"), [("32.4", "优"), ("32.39", "良"), ("28.8", "良"), ("21.6", "中"), ("21.59", "差")])
def test_grade_bands_as_shares_of_a_partial_total(total, grade):
    spec = Spec.model_validate(PARTIAL)
    assert [(g.name, g.min) for g in spec.grades] == [("优", D("32.4")), ("良", D("28.8")), ("中", D("21.6")), ("差", D(0))]
    assert system_problems(spec) == []
    assert spec.grade_for(D(total)) == grade


def test_shares_follow_the_composed_total(tmp_path):
    base = "title: 基础\ngrades: [{name: 优, min: 90%}, {name: 良, min: 80%}, {name: 中, min: 60%}, {name: 差, min: 0}]\nindicators:\n  - {code: A, name: 产出, weight: 100, rule: {kind: judgment}}\n"
    (tmp_path / "base.yaml").write_text(base, encoding="utf-8")
    derived = "extends: base.yaml\ntitle: 部分\ntotal: 50\nindicators:\n  - {code: A, weight: 50}\n"
    (tmp_path / "spec.yaml").write_text(derived, encoding="utf-8")
    from jxpj.load import load_spec

    assert [g.min for g in load_spec(tmp_path / "spec.yaml").grades] == [D(45), D(40), D(30), D(0)]


def test_a_share_that_is_not_a_number_is_a_located_problem(tmp_path):
    from jxpj.errors import ProblemsError
    from jxpj.load import load_spec

    text = "title: t\ngrades: [{name: 优, min: 九十%}, {name: 差, min: 0}]\nindicators:\n  - {code: A, name: a, weight: 100, rule: {kind: judgment}}\n"
    (tmp_path / "spec.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ProblemsError) as caught:
        load_spec(tmp_path / "spec.yaml")
    (problem,) = caught.value.problems
    assert (problem.line, problem.col) == (2, 25) and problem.message.startswith("min: '九十%'")
