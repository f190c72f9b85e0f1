"""Bugs found by encoding real self-evaluation forms, each pinned by the smallest form that shows it.

(The 复核 bugs, a reasonless deduction's computed column and 总分超过满分 below 100, are pinned in
tests/test_review.py; the portfolio's mixed scales in tests/test_portfolio.py.)
"""

from __future__ import annotations

from pathlib import Path

from jxpj.load import score_file
from jxpj.report.self_evaluation import render_self_evaluation

SPEC = """\
extends: national-self-evaluation
title: 2023年农村道路养护项目支出绩效自评表
indicators:
  - code: B11
    name: 养护里程
    standard: 年度指标值≥120公里；未达到的，由评价人根据未完成原因酌情给分。
    rule: {kind: judgment}
"""

EVIDENCE = """\
spec: spec.yaml
project: {name: 2023年农村道路养护项目, year: 2023}
budget:
  lines: [{name: 项目资金, budget: 1000000, actual: 950000}]
indicators:
  B11: {planned: ≥120公里, value: 112公里, facts: {score: 18, justification: 8公里因汛期顺延至次年一季度，已落实资金}}
  B21: {facts: {actual: 100, target: 100}}
  B31: {facts: {actual: 100, target: 100}}
  B41: {facts: {actual: 95, target: 100}}
  C21: {facts: {band: 达成, score: 18, justification: 群众出行条件明显改善}}
  C41: {facts: {band: 达成, score: 9, justification: 建立村级养护队伍}}
  D11: {facts: {actual: 96, target: 90}}
"""


def write(folder: Path, spec: str = SPEC, evidence: str = EVIDENCE) -> Path:
    (folder / "spec.yaml").write_text(spec, encoding="utf-8")
    path = folder / "evidence.yaml"
    path.write_text(evidence, encoding="utf-8")
    return path


def test_the_form_lists_every_judgment_with_its_reason(tmp_path):
    form = render_self_evaluation(score_file(write(tmp_path)))
    assert "| 养护里程 |  | ≥120公里 | 112公里 | 20 | 18 J |" in form  # judgment: the spec may say ≥ or 定性
    assert "注：得分后标 J 的，由评价人依据评分标准判断给分，理由如下：\n\n" in form
    assert "- 养护里程（18分）：8公里因汛期顺延至次年一季度，已落实资金\n" in form
    assert "- 社会效益（达成，18分）：群众出行条件明显改善\n" in form
    assert "- 可持续影响（达成，9分）：建立村级养护队伍\n" in form


def test_a_quantitative_row_scored_by_discretion_is_not_called_qualitative(tmp_path):
    form = render_self_evaluation(score_file(write(tmp_path)))
    assert "定性" not in form.split("注：", 1)[1]  # B11 is 定量, scored by discretion: no 定性 footnote


def test_only_the_rows_scored_by_judgment_are_listed(tmp_path):
    spec = SPEC.replace("rule: {kind: judgment}", "rule: quantitative")
    evidence = EVIDENCE.replace("{score: 18, justification: 8公里因汛期顺延至次年一季度，已落实资金}", "{actual: 112, target: 120}")
    form = render_self_evaluation(score_file(write(tmp_path, spec, evidence)))
    assert "| 养护里程 | ≥ | ≥120公里 | 112公里 | 20 | 18.67 |" in form
    assert "- 养护里程" not in form and "- 社会效益（达成，18分）" in form
