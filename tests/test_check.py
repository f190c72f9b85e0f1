"""``jxpj check`` as a new user and a CI job meet it: exit codes, formats, every problem at once."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLE, ROOT

CORPUS = ROOT / "tests" / "check_corpus"


def copy_example(tmp_path: Path) -> Path:
    folder = tmp_path / "ex"
    shutil.copytree(EXAMPLE, folder)
    return folder


def line_of(text: str, needle: str) -> int:
    """1-based line of the only occurrence of ``needle``."""
    assert text.count(needle) == 1, needle
    return text[: text.index(needle)].count("\n") + 1


def test_the_clean_tree_passes(cli, monkeypatch):
    monkeypatch.chdir(ROOT)
    run = cli("check", "specs/", "examples/")
    assert run.exit_code == 0, run.stdout
    assert run.stdout == ""
    # specs/ grows as frameworks are bundled; the example's two files are there whatever it holds.
    assert run.stderr.endswith(" files checked, no problems\n")
    assert int(run.stderr.split()[0]) >= 2


def test_a_path_that_does_not_exist_is_a_usage_error(cli, tmp_path):
    run = cli("check", tmp_path / "nope.yaml")
    assert run.exit_code == 2
    assert run.stderr == f"error: {(tmp_path / 'nope.yaml').as_posix()}: no such file or folder\n"


def test_wrong_command_lines_exit_2(cli):
    assert cli("check").exit_code == 2
    assert cli("check", "--format", "xml", EXAMPLE).exit_code == 2


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs file permissions that bind")
def test_an_unreadable_file_exits_2(cli, tmp_path):
    path = tmp_path / "spec.yaml"
    path.write_text("title: t\n", encoding="utf-8")
    path.chmod(0)
    try:
        run = cli("check", path)
    finally:
        path.chmod(0o644)
    assert run.exit_code == 2
    assert "cannot read" in run.stderr


def test_breaking_the_example_spec_every_way_reports_all_of_it(cli, tmp_path):
    """The issue's acceptance test: each mistake at its own line, all in one run, exit 1."""
    folder = copy_example(tmp_path)
    spec_path = folder / "spec.yaml"
    # The example extends the bundled Shanghai base; break the same tree written out in one file
    # (tests/data/dangjian_flat/spec.yaml), so every mistake lands in the file under test.
    text = (ROOT / "tests" / "data" / "dangjian_flat" / "spec.yaml").read_text(encoding="utf-8")
    edits = [
        ("    threshold: 95\n", "    threshold: 0\n"),  # out of range
        ("  findings:\n    kind: deductions\n", "  findings:\n    kind: deductions\n  spare:\n    kind: pass_fail\n"),
        ("- code: A13\n", "- code: A12\n"),  # a code used twice
        ("name: 财务管理\n        weight: 10\n", "name: 财务管理\n        weight: 11\n"),  # not the children's sum
        ("rule: {kind: ratio}\n          - code: C12", "rule: {kind: ratio, targte: 5}\n          - code: C12"),
        ("全覆盖: 1, 一般: 0.25", "全覆盖: 1.5, 一般: 0.25"),  # a share above 1
        ("rule: {kind: target, op: increase}", "rule: {kind: formula, expression: 'actual / planned * weight', facts: [actual]}"),
        ("standard_source: 据报告评分说明重构\n            rule: yes_no\n          - code: C14", "standard_source: 据报告评分说明重构\n          - code: C14"),
        ("否则不得分。\n            standard_source: 据报告评分说明重构\n            rule: yes_no\n          - code: B22", "否则不得分。\n            standard_source: 据报告评分说明重构\n            rule: yes_on\n          - code: B22"),
        ("max_points: 6,", "max_points: 8,"),  # one deduction can exceed C23's weight of 6
        ("\nindicators:\n", "\ntotal: 120\nindicators:\n"),
    ]
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    spec_path.write_text(text, encoding="utf-8")
    run = cli("check", folder)
    assert run.exit_code == 1
    spec = spec_path.as_posix()
    b_weight = line_of(text, "    name: 项目管理\n    weight: 30") + 1
    second_a12 = line_of(text, "A12\n            name: 项目立项规范性")
    expected = [
        f"{(folder / 'evidence.yaml').as_posix()}:2:7: warning: not checked against its spec: {spec} has errors (fix them first) [spec-invalid]",
        f"{spec}:{line_of(text, 'threshold: 0')}:16: error: threshold: must be above 0 [type]",
        f"{spec}:{line_of(text, 'total: 120')}:1: error: top-level weights add up to 100, not the total 120 [weight-total]",
        f"{spec}:{line_of(text, 'spare:')}:3: warning: rule 'spare' is defined but no indicator uses it; use it or remove it [unused-rule]",
        f"{spec}:{second_a12}:19: error: code A12 is used twice; codes must be unique [duplicate-code]",
        # B2's weight is explicit, so B's sum changes with it: both disagree, both are reported.
        f"{spec}:{line_of(text, 'yes_on')}:19: error: B21 uses rule 'yes_on', which rules: does not define; did you mean 'yes_no'? [unknown-rule]",
        f"{spec}:{b_weight}:13: error: weight of B is 30 but its children add up to 31; make them agree [weight-sum]",
        f"{spec}:{line_of(text, 'weight: 11')}:17: error: weight of B2 is 11 but its children add up to 10; make them agree [weight-sum]",
        f"{spec}:{line_of(text, 'targte')}:33: error: unknown key 'targte'; did you mean 'target'? [unknown-key]",
        f"{spec}:{line_of(text, 'code: C13')}:13: error: leaf C13 needs a rule: a kind, or the name of a rule under rules: [leaf-rule]",
        f"{spec}:{line_of(text, '全覆盖: 1.5')}:19: error: grade: level share above 1 (100% of the weight): 全覆盖; write shares between 0 and 1, or set unit: points [type]",
        f"{spec}:{line_of(text, 'actual / planned')}:19: error: formula: expression uses planned, which is neither a listed fact nor a param [type]",
        f"{spec}:{line_of(text, 'max_points: 8') - 2}:15: warning: C23: deduction items can exceed the weight 6 on their own: discretionary [rule-range]",
    ]

    def position(line: str) -> tuple[str, int, int]:
        path, row, col = line.rsplit(".yaml:", 1)[0], *line.rsplit(".yaml:", 1)[1].split(":")[:2]
        return (path, int(row), int(col))

    assert run.stdout.splitlines() == sorted(expected, key=position)
    assert run.stderr == "2 files checked: 10 errors, 3 warnings\n"


def test_breaking_the_example_evidence_every_way(cli, tmp_path):
    folder = copy_example(tmp_path)
    path = folder / "evidence.yaml"
    text = path.read_text(encoding="utf-8")
    edits = [
        ("  year: 2018", "  yaer: 2018"),
        ("budget: 158200.00", "budget: -158200.00"),
        ("{level: 充分}", "{level: 很充分}"),
        ("  C21:\n", "  C2l:\n"),
        ("    facts: {actual: 100}", "    facts: {actual: 100万元}"),
    ]
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    run = cli("check", path)
    assert run.exit_code == 1
    p = path.as_posix()
    assert run.stdout.splitlines() == [
        f"{p}:{line_of(text, 'yaer')}:3: error: unknown key 'yaer'; did you mean 'year'? [unknown-key]",
        f"{p}:{line_of(text, '-158200')}:30: error: budget: must not be negative [type]",
        f"{p}:{line_of(text, 'indicators:')}:1: warning: no evidence for C21 微信公众号关注量上升情况: give its facts; until then the total is incomplete [no-evidence]",
        f"{p}:{line_of(text, '很充分')}:20: error: A12: level '很充分' is not one of this rule's levels: 充分、一般、不充分 [fact-value]",
        f"{p}:{line_of(text, 'C2l:')}:3: error: indicator C2l is not in the spec; did you mean C2? [unknown-code]",
        f"{p}:{line_of(text, '100万元')}:21: error: C22: fact actual: '100万元' carries a unit; write the amount in yuan, e.g. 1200000 [fact-type]",
    ]


def test_github_annotations(cli, monkeypatch):
    monkeypatch.chdir(CORPUS)
    run = cli("check", "--format", "github", "spec_threshold_over_100.yaml", "spec_duplicate_code.yaml")
    assert run.exit_code == 1
    assert run.stdout.splitlines() == [
        "::error file=spec_duplicate_code.yaml,line=24,col=16,title=duplicate-code::code B2 is used twice; codes must be unique",
        # '%' is escaped as GitHub's runner requires; the warning is an annotation of its own level.
        "::warning file=spec_threshold_over_100.yaml,line=14,col=51,title=rule-range::A1: threshold 105%25 is above 100%25",
    ]


def test_github_escapes_commas_and_colons_in_file_names(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("a,b:c.yaml").write_text("title: t\nindicators: []\n", encoding="utf-8")
    run = cli("check", "--format", "github", "a,b:c.yaml")
    assert run.stdout.startswith("::error file=a%2Cb%3Ac.yaml,line=2,col=13,title=type::indicators: empty; give at least one")


def test_json_output(cli, monkeypatch):
    monkeypatch.chdir(CORPUS)
    run = cli("check", "--format", "json", "evidence_no_evidence.yaml")
    assert run.exit_code == 0  # a warning only
    data = json.loads(run.stdout)
    assert data == {
        "files": [{"path": "evidence_no_evidence.yaml", "kind": "evidence"}, {"path": "base/spec.yaml", "kind": "spec"}],
        "problems": [
            {
                "path": "evidence_no_evidence.yaml",
                "line": 7,
                "col": 1,
                "severity": "warning",
                "message": "no evidence for B3 完成率: give its facts; until then the total is incomplete",
                "check": "no-evidence",
            }
        ],
        "errors": 0,
        "warnings": 1,
    }
    assert cli("check", "--format", "json", "--strict", "evidence_no_evidence.yaml").exit_code == 1


def test_json_output_when_clean(cli):
    run = cli("check", "--format", "json", EXAMPLE / "spec.yaml")
    assert json.loads(run.stdout)["problems"] == []
    assert run.exit_code == 0


def test_strict_fails_on_warnings_only(cli, monkeypatch):
    monkeypatch.chdir(CORPUS)
    assert cli("check", "spec_unused_rule.yaml").exit_code == 0
    run = cli("check", "--strict", "spec_unused_rule.yaml")
    assert run.exit_code == 1
    assert run.stderr == "1 file checked: 0 errors, 1 warning\n"


def test_folders_skip_other_yaml_and_hidden_folders(cli, tmp_path):
    (tmp_path / ".venv").mkdir()
    (tmp_path / ".venv" / "spec.yaml").write_text("title: t\nindicators: []\n", encoding="utf-8")
    (tmp_path / "ci.yml").write_text("on: push\njobs: {}\n", encoding="utf-8")
    (tmp_path / "hooks.yaml").write_text("- id: x\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("indicators: [\n", encoding="utf-8")
    shutil.copy(EXAMPLE / "spec.yaml", tmp_path / "spec.yml")
    run = cli("check", tmp_path)
    assert run.exit_code == 0, run.stdout
    assert run.stderr == "1 file checked, no problems\n"
    # Named explicitly (as pre-commit names every staged YAML file), other YAML is still skipped.
    run = cli("check", tmp_path / "ci.yml")
    assert (run.exit_code, run.stderr) == (0, "0 files checked, no problems\n")


def test_broken_yaml_is_reported_whatever_the_file_was_meant_to_be(cli, tmp_path):
    (tmp_path / "x.yaml").write_text("a: [1, 2\n", encoding="utf-8")
    (tmp_path / "gbk.yaml").write_bytes("title: 党建\n".encode("gbk"))
    run = cli("check", tmp_path)
    assert run.exit_code == 1
    lines = run.stdout.splitlines()
    assert lines[0].startswith(f"{(tmp_path / 'gbk.yaml').as_posix()}:1:8: error: file is not UTF-8 text")
    assert lines[1].startswith(f"{(tmp_path / 'x.yaml').as_posix()}:2:1: error: invalid YAML")


def test_the_schema_line_decides_the_kind(cli, tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("# yaml-language-server: $schema=../schema/spec.schema.json\ntitle: 没有指标\n", encoding="utf-8")
    run = cli("check", path)
    assert run.stdout == f"{path.as_posix()}:2:1: error: missing required key 'indicators'; add it [missing-key]\n"


def test_a_spec_is_checked_once_however_often_it_is_reached(cli, monkeypatch):
    monkeypatch.chdir(CORPUS)
    run = cli("check", "evidence_no_evidence.yaml", "evidence_no_budget.yaml", "base/spec.yaml", "base")
    assert run.stderr == "4 files checked: 0 errors, 2 warnings\n"


def test_spec_tests_compare_the_total(cli, tmp_path):
    spec = """\
title: t
indicators:
  - {code: A, name: 甲, weight: 60, rule: {kind: pass_fail}}
  - {code: B, name: 乙, weight: 40, rule: {kind: threshold_deduction, threshold: 95, per_point: {share: 0.02}}}
tests:
  - name: complete
    evidence: {indicators: {A: {facts: {passed: yes}}, B: {facts: {actual: 90}}}}
    expect: {A: 60, B: 36}
    total: 97
  - name: fragment
    evidence: {indicators: {A: {facts: {passed: no}}}}
    expect: {A: 0}
    total: 0
"""
    path = tmp_path / "spec.yaml"
    path.write_text(spec, encoding="utf-8")
    run = cli("check", path)
    p = path.as_posix()
    assert run.stdout.splitlines() == [
        f"{p}:9:12: error: test 'complete': total expected 97, got 96 [spec-test]",
        f"{p}:13:12: error: test 'fragment': total expected 0, but the fragment leaves indicators without evidence, so there is no total [spec-test]",
    ]
    assert run.exit_code == 1
    path.write_text(spec.replace("total: 97", "total: 96").replace("    total: 0\n", ""), encoding="utf-8")
    assert cli("check", path).exit_code == 0


def test_spec_test_fragment_problems_point_into_the_fragment(cli, tmp_path):
    path = tmp_path / "spec.yaml"
    path.write_text(
        "title: t\nindicators:\n  - {code: A, name: 甲, weight: 100, rule: {kind: pass_fail}}\n"
        "tests:\n  - name: typo\n    evidence:\n      indicatrs: {A: {facts: {passed: yes}}}\n    expect: {A: 100}\n",
        encoding="utf-8",
    )
    run = cli("check", path)
    assert run.stdout.splitlines() == [
        f"{path.as_posix()}:7:7: error: test 'typo': unknown key 'indicatrs'; did you mean 'indicators'? [spec-test]",
    ]


def test_the_example_spec_carries_tests_for_its_trickiest_rules(example):
    from jxpj.load import load_spec

    spec = load_spec(example / "spec.yaml")
    expected = {(code, score) for t in spec.tests for code, score in t.expect.items()}
    assert {("B11", 3.12), ("B11", 4), ("B11", 0), ("C16", 1), ("C23", 4), ("C23", 0)} <= {(c, float(s)) for c, s in expected}


def test_score_still_ignores_the_tests_and_scores_85_12(cli, example):
    run = cli("score", example / "evidence.yaml")
    assert run.exit_code == 0
    assert "total: 85.12 of 100, grade 良" in run.stdout


BASE_SPEC = (CORPUS / "base" / "spec.yaml").read_text(encoding="utf-8")


def check_text(cli, tmp_path: Path, text: str) -> list[str]:
    (tmp_path / "spec.yaml").write_text(text, encoding="utf-8")
    run = cli("check", "spec.yaml")
    return run.stdout.splitlines()


def test_a_schema_mistake_does_not_hide_the_structural_ones(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = (
        BASE_SPEC.replace("    threshold: 95\n", "    treshold: 95\n")
        .replace("{code: A3, name: 制度健全性", "{code: A2, name: 制度健全性")
        .replace("{code: B3, name: 完成率, weight: 20, rule: {kind: ratio}}", "{code: B3, name: 完成率, weight: 20}")
    )
    assert check_text(cli, tmp_path, text) == [
        "spec.yaml:5:5: error: missing required key 'threshold'; add it [missing-key]",
        "spec.yaml:6:5: error: unknown key 'treshold'; did you mean 'threshold'? [unknown-key]",
        "spec.yaml:16:16: error: code A2 is used twice; codes must be unique [duplicate-code]",
        "spec.yaml:24:9: error: leaf B3 needs a rule: a kind, or the name of a rule under rules: [leaf-rule]",
    ]


def test_what_a_patch_sets_aside_is_not_reported_again(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    # Without the rules mapping, A1's named rule is missing too: a consequence, not a second mistake.
    assert check_text(cli, tmp_path, BASE_SPEC.replace("rules:\n", "rules: 5\nmore_rules:\n")) == [
        "spec.yaml:3:8: error: rules: expected a mapping (key: value) [type]",
        "spec.yaml:4:1: error: unknown key 'more_rules'; did you mean 'rules'? [unknown-key]",
    ]
    # An indicator that is not a mapping hides its own checks, not its siblings'.
    text = BASE_SPEC.replace("      - {code: A4, name: 目标合理性, weight: 10, rule: {kind: judgment}}", "      - 目标合理性").replace(
        "{code: B3, name: 完成率, weight: 20, rule: {kind: ratio}}", "{code: B3, name: 完成率, weight: 20}"
    )
    assert check_text(cli, tmp_path, text) == [
        "spec.yaml:17:9: error: children: expected a mapping (key: value) [type]",
        "spec.yaml:24:9: error: leaf B3 needs a rule: a kind, or the name of a rule under rules: [leaf-rule]",
    ]


def test_the_pre_commit_hook_and_the_readme_workflow_run_jxpj_check():
    import re

    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "jxpj-check")
    assert hook["entry"] == "jxpj check"
    assert all(re.search(hook["files"], name) for name in ("a/spec.yaml", "evidence.yml"))
    assert not re.search(hook["files"], "README.md")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [yaml.safe_load(b) for b in re.findall(r"```yaml\n(.*?)\n```", readme, re.DOTALL)]
    workflow = next(b for b in blocks if isinstance(b, dict) and "jobs" in b)
    runs = [step.get("run", "") for step in workflow["jobs"]["check"]["steps"]]
    assert "jxpj check --format github ." in runs


def test_evidence_naming_evidence_as_its_spec(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("a.yaml").write_text("spec: b.yaml\nproject: {name: 甲}\n", encoding="utf-8")
    Path("b.yaml").write_text("spec: a.yaml\nproject: {name: 乙}\n", encoding="utf-8")
    run = cli("check", "a.yaml")
    assert run.stdout.splitlines() == [
        "a.yaml:1:7: error: spec: b.yaml is an evidence file, not a spec [spec-path]",
        "b.yaml:1:7: error: spec: a.yaml is an evidence file, not a spec [spec-path]",
    ]
    assert run.stderr == "2 files checked: 2 errors, 0 warnings\n"


def test_strict_asks_a_report_for_its_date_before_it_is_handed_over(cli, tmp_path):
    # The 2018 report printed no date: legal while drafting, a blank in the signature when sent.
    evidence = ROOT / "examples" / "2018_dangjian" / "evidence.yaml"
    relaxed = cli("check", evidence)
    assert relaxed.exit_code == 0 and "[report-date]" not in relaxed.stdout
    strict = cli("check", "--strict", evidence)
    assert strict.exit_code == 1
    (line,) = [x for x in strict.stdout.splitlines() if "[report-date]" in x]
    assert line.startswith(f"{evidence.as_posix()}:4:1: warning: no report_date: the report's signature is dated ＿＿＿＿年＿＿月＿＿日")
    dated = tmp_path / "evidence.yaml"
    text = evidence.read_text(encoding="utf-8").replace("spec: spec.yaml", f"spec: {(evidence.parent / 'spec.yaml').as_posix()}")
    dated.write_text(text.replace("  evaluator: 上海中佳永信会计师事务所有限公司\n", "  evaluator: 上海中佳永信会计师事务所有限公司\n  report_date: 2019-06-30\n"), encoding="utf-8")
    assert "[report-date]" not in cli("check", "--strict", dated).stdout
