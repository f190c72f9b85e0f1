"""Fact references in prose: a corrected fact changes every sentence that names it."""

from __future__ import annotations

import shutil

from conftest import EXAMPLE

from jxpj.report import build_report


def copy_example(tmp_path, replace=()):
    shutil.copy(EXAMPLE / "spec.yaml", tmp_path / "spec.yaml")
    text = (EXAMPLE / "evidence.yaml").read_text(encoding="utf-8")
    for old, new in replace:
        assert old in text, old
        text = text.replace(old, new)
    (tmp_path / "evidence.yaml").write_text(text, encoding="utf-8")
    return tmp_path / "evidence.yaml"


def test_the_example_prose_names_its_facts():
    report = build_report(EXAMPLE / "evidence.yaml").report
    assert "拍摄党员干部254人（计划254人）" in report
    assert "微信公众号关注量由2017年的23万人次上升至25.2万" in report
    assert "知晓率为100%。" in report
    assert "{C11" not in report and "{C21" not in report


def test_a_corrected_fact_changes_the_prose_that_names_it(tmp_path):
    evidence = copy_example(tmp_path, [("facts: {actual: 254, target: 254}", "facts: {actual: 250, target: 254}"), ("facts: {actual: 252000, baseline: 230000}", "facts: {actual: 261500, baseline: 230000}")])
    built = build_report(evidence)
    assert "拍摄党员干部250人（计划254人）" in built.report
    assert "共计254人，实际拍摄250人。" in built.report
    assert "上升至26.15万" in built.report and "达26.15万人次" in built.report
    assert built.result.find("C11").score < 5  # and the score follows the same fact


def test_an_unknown_reference_is_a_located_problem(cli, tmp_path):
    evidence = copy_example(tmp_path, [("拍摄党员干部{C11.actual}人", "拍摄党员干部{C99.actual}人")])
    run = cli("report", evidence, "-o", tmp_path / "out")
    assert run.exit_code == 1
    assert "{C99.actual} names indicator C99, which is not in the spec; did you mean C19?" in run.stderr
    assert "[reference]" in run.stderr
    run = cli("report", copy_example(tmp_path, [("{C22.actual}%。", "{C22.ratio}%。")]), "-o", tmp_path / "out")
    assert run.exit_code == 1
    assert "{C22.ratio}: C22 has no ratio in the evidence (its facts: actual; or use value, weight)" in run.stderr


def test_other_braces_are_text_and_nothing_is_evaluated(tmp_path):
    evidence = copy_example(tmp_path, [("拍摄党员干部{C11.actual}人", "拍摄党员干部{C11.actual}人{注}{{ 7 * 7 }}{C11.__class__}")])
    report = build_report(evidence).report
    assert "拍摄党员干部254人{注}{{ 7 * 7 }}{C11.__class__}" in report


def test_check_reports_a_reference_that_names_nothing(cli, tmp_path):
    evidence = copy_example(tmp_path, [("拍摄党员干部{C11.actual}人", "拍摄党员干部{C11.actul}人")])
    run = cli("check", evidence)
    assert run.exit_code == 1
    assert "{C11.actul}: C11 has no actul in the evidence (its facts: actual, target; or use value, weight) [reference]" in run.stdout
