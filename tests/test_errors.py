"""Every user mistake named in the core issue: located as file:line:col, all at once, exit 1."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest

SPEC = """\
title: t
indicators:
  - code: A
    name: 决策
    weight: 60
    children:
      - code: A1
        name: 立项
        weight: 60
        rule: {kind: pass_fail}
  - code: B
    name: 产出
    weight: 40
    rule:
      kind: threshold_deduction
      threshold: 95
      per_point: {share: 0.02}
"""
EVIDENCE = """\
spec: spec.yaml
project: {name: 示例项目}
indicators:
  A1: {facts: {passed: yes}}
  B: {facts: {actual: 90}}
"""


def write(tmp_path: Path, spec: str = SPEC, evidence: str = EVIDENCE) -> Path:
    (tmp_path / "spec.yaml").write_text(dedent(spec), encoding="utf-8")
    (tmp_path / "evidence.yaml").write_text(dedent(evidence), encoding="utf-8")
    return tmp_path / "evidence.yaml"


def errors(run) -> list[str]:
    return [line for line in run.stderr.splitlines() if ": error: " in line]


def test_the_fixture_itself_scores(cli, tmp_path):
    run = cli("score", write(tmp_path))
    assert run.exit_code == 0, run.stderr
    assert "total: 96 of 100, grade 优" in run.stdout  # 60 + 40 − (95 − 90) × 2% × 40


def test_malformed_yaml(cli, tmp_path):
    run = cli("score", write(tmp_path, evidence="spec: spec.yaml\nproject: {name: x\n"))
    assert run.exit_code == 1
    assert errors(run)[0].startswith(f"{(tmp_path / 'evidence.yaml').as_posix()}:3:1: error: invalid YAML")
    assert "Traceback" not in run.stderr


def test_unknown_key_with_suggestion(cli, tmp_path):
    run = cli("score", write(tmp_path, evidence=EVIDENCE.replace("project: {name", "projcet: {name")))
    assert run.exit_code == 1
    lines = errors(run)
    assert any(":2:1: error: unknown key 'projcet'; did you mean 'project'? [unknown-key]" in x for x in lines)
    assert any("missing required key 'project'" in x for x in lines)


def test_unknown_key_in_a_rule_suggests_the_param(cli, tmp_path):
    run = cli("score", write(tmp_path, spec=SPEC.replace("threshold: 95", "threshhold: 95")))
    assert run.exit_code == 1
    assert any(
        "spec.yaml:16:7: error: unknown key 'threshhold'; did you mean 'threshold'?" in x for x in errors(run)
    )


def test_wrong_type(cli, tmp_path):
    run = cli("score", write(tmp_path, spec=SPEC.replace("weight: 40", "weight: forty")))
    assert run.exit_code == 1
    assert any("spec.yaml:13:13: error: weight: 'forty' is not a number [type]" in x for x in errors(run))


def test_evidence_code_absent_from_spec(cli, tmp_path):
    run = cli("score", write(tmp_path, evidence=EVIDENCE + "  A2: {value: x}\n"))
    assert run.exit_code == 1
    assert any(":6:3: error: indicator A2 is not in the spec; did you mean" in x for x in errors(run))


def test_missing_rule_parameter(cli, tmp_path):
    run = cli("score", write(tmp_path, spec=SPEC.replace("      per_point: {share: 0.02}\n", "")))
    assert run.exit_code == 1
    assert any("spec.yaml:15:7: error: missing required key 'per_point'; add it" in x for x in errors(run))


def test_parent_weight_not_the_sum_of_children(cli, tmp_path):
    run = cli("score", write(tmp_path, spec=SPEC.replace("weight: 60\n    children", "weight: 50\n    children")))
    assert run.exit_code == 1
    lines = errors(run)
    assert any("spec.yaml:5:13: error: weight of A is 50 but its children add up to 60" in x for x in lines)


def test_top_level_not_the_total(cli, tmp_path):
    spec = SPEC.replace("weight: 60", "weight: 50")
    run = cli("score", write(tmp_path, spec=spec))
    assert any("top-level weights add up to 90, not the total 100 [weight-total]" in x for x in errors(run))


def test_duplicate_key_in_a_mapping(cli, tmp_path):
    run = cli("score", write(tmp_path, evidence=EVIDENCE + "  A1: {facts: {passed: no}}\n"))
    assert run.exit_code == 1
    assert any(":6:3: error: key 'A1' appears twice in this mapping" in x for x in errors(run))


def test_every_problem_at_once(cli, tmp_path):
    bad = EVIDENCE.replace("project: {name: 示例项目}", "project: {name: 示例项目, yaer: 2018}")
    bad += "  A1: {value: twice}\n  Z9: {value: x}\n"
    run = cli("score", write(tmp_path, evidence=bad))
    lines = errors(run)
    assert len(lines) == 2  # the schema problem and the duplicate, in line order
    assert ":2:23:" in lines[0] and ":6:3:" in lines[1]
    assert run.stderr.strip().endswith("2 problems found")


def test_fact_of_the_wrong_type(cli, tmp_path):
    run = cli("score", write(tmp_path, evidence=EVIDENCE.replace("actual: 90", "actual: 120万元")))
    assert run.exit_code == 1
    assert any(":5:23: error: B: fact actual: '120万元' carries a unit" in x for x in errors(run))


def test_missing_spec_file(cli, tmp_path):
    run = cli("score", write(tmp_path, evidence=EVIDENCE.replace("spec.yaml", "nope.yaml")))
    assert run.exit_code == 1
    assert any(":1:7: error: spec file" in x and "not found" in x for x in errors(run))


@pytest.mark.parametrize("args", [["score"], ["score", "no/such/file.yaml"], ["nonsense"]])
def test_wrong_command_line_or_unreadable_path_exits_2(cli, args):
    assert cli(*args).exit_code == 2


def test_a_folder_given_as_evidence_exits_2(cli, tmp_path):
    run = cli("score", tmp_path)
    assert run.exit_code == 2
    assert "is a folder" in run.stderr
