"""Score adjustments (调整) in the evidence: the rule's score is computed and shown, the adjusted one
counts, and every output says both and why; review flags an adjustment without a reason."""

from __future__ import annotations

import json
import re
import shutil
from decimal import Decimal as D
from pathlib import Path

import pytest
from conftest import ROOT

from jxpj.errors import ProblemsError
from jxpj.load import score_file
from jxpj.report.self_evaluation import render_self_evaluation
from jxpj.result import Status, result_to_dict, score_label
from jxpj.review.file import review_file
from jxpj.review.output import review_markdown, review_to_dict

EXAMPLE = ROOT / "examples" / "2024_selfeval"
B12 = "    facts: {actual: 138600, target: 150000}\n"  # the rule gives 138600 ÷ 150000 × 10 = 9.24
REASON = "2个助餐点延期投运系场地审批原因，经主管部门复核酌减"


def selfeval(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    """The 2024 self-evaluation in a folder of its own, with exact text edits to its evidence."""
    for name in ("spec.yaml", "evidence.yaml"):
        shutil.copy(EXAMPLE / name, tmp_path / name)
    path = tmp_path / "evidence.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return path


def adjusted(tmp_path: Path, score: str = "9", reason: str | None = REASON) -> Path:
    """B12 (助餐服务人次) adjusted from the rule's 9.24."""
    line = f"    adjusted: {{score: {score}" + (f", reason: {reason}" if reason is not None else "") + "}\n"
    return selfeval(tmp_path, (B12, B12 + line))


def with_claims(path: Path, claims: str) -> Path:
    path.write_text(path.read_text(encoding="utf-8") + claims, encoding="utf-8")
    return path


# ---- scoring -------------------------------------------------------------------------------------


def test_the_adjusted_score_counts_and_the_rules_score_is_kept(tmp_path):
    result = score_file(adjusted(tmp_path))
    b12 = result.find("B12")
    assert (b12.score, b12.rule_score, b12.adjustment, b12.status) == (D(9), D("9.24"), REASON, Status.SCORED)
    assert b12.rate == D(90)
    assert (result.find("B1").score, result.find("B").score, result.total) == (D(19), D("47.33"), D("89.68"))  # 89.92 − 0.24
    assert str(b12.explanation) == f"138600 ÷ 150000 × 10 = 9.24; 调整：按评分标准得9.24分，调整为9分，理由：{REASON} → 9 points"


def test_every_table_shows_both_scores():
    from jxpj.result import NodeResult

    node = NodeResult("B12", "助餐服务人次", 3, D(10), D(9), D(90), Status.SCORED, rule_score=D("9.24"), adjustment=REASON)
    assert score_label(node) == "9（调整前9.24）"
    assert score_label(node, chinese=False) == "9 (adjusted from 9.24)"


def test_the_json_status_says_adjusted_with_both_scores_and_the_reason(tmp_path):
    data = result_to_dict(score_file(adjusted(tmp_path)))
    b12 = data["indicators"][1]["children"][0]["children"][1]
    assert (b12["code"], b12["score"], b12["status"]) == ("B12", D(9), "adjusted")
    assert b12["adjustment"] == {"rule_score": D("9.24"), "score": D(9), "reason": REASON}
    assert data["indicators"][1]["children"][0]["children"][0]["adjustment"] is None
    assert data["status"] == "scored"


def test_the_cli_table_and_explain_show_both(cli, tmp_path):
    path = adjusted(tmp_path)
    run = cli("score", path)
    assert run.exit_code == 0
    assert re.search(r"B12 .*9 \(adjusted from 9\.24\)", run.stdout)
    explained = cli("explain", path, "B12").stdout
    assert f"调整：按评分标准得9.24分，调整为9分，理由：{REASON}" in explained
    data = json.loads(cli("score", path, "--format", "json").stdout, parse_float=D)
    assert data["total"] == D("89.68")


def test_the_self_evaluation_form_shows_both_scores_and_the_reason(tmp_path):
    form = render_self_evaluation(score_file(adjusted(tmp_path)))
    assert "| 助餐服务人次 | ≥ | ≥150000人次 | 138600人次 | 10 | 9（调整前9.24） |" in form
    assert "注：得分注明“调整前”的，自评得分由按评分标准所得分数调整而来：\n\n" in form
    assert f"- 助餐服务人次：按评分标准得9.24分，调整为9分，理由：{REASON}\n" in form
    assert "自评总分89.68分" in form


def test_an_adjustment_may_raise_a_score_and_may_equal_it(tmp_path):
    up = score_file(adjusted(tmp_path, "10")).find("B12")
    assert (up.score, up.rule_score) == (D(10), D("9.24"))
    same = score_file(adjusted(tmp_path, "9.24")).find("B12")
    assert (same.score, same.rule_score, same.adjusted) == (D("9.24"), D("9.24"), True)


def test_an_adjusted_judgment_keeps_its_j_and_its_reason(tmp_path):
    c21 = "      justification: 服务圈已覆盖全部9个街道，但2个新建点8月才投运，全年便利度提升未完全体现\n"
    path = selfeval(tmp_path, (c21, c21 + "    adjusted: {score: 16, reason: 主管部门复核意见}\n"))
    form = render_self_evaluation(score_file(path))
    assert "| 20 | 16（调整前16.5） J |" in form


# ---- mistakes: located, all at once --------------------------------------------------------------


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ((B12, B12 + "    adjusted: {score: 11, reason: x}\n"), "B12: adjusted score 11 exceeds the weight 10"),
        ((B12, B12 + "    adjusted: {score: 9.245, reason: x}\n"), "B12: adjusted score 9.245 is finer than this rule rounds scores (2 decimals)"),
        ((B12, "    adjusted: {score: 9, reason: x}\n"), "B12: an adjusted score needs the evidence its rule scores from (facts:, or the budget lines)"),
        (("  B11:\n", "  B1:\n    adjusted: {score: 19, reason: x}\n  B11:\n"), "B1 is not a leaf; its score is the sum of its leaves, so adjust those"),
        ((B12, B12 + "    adjusted: {score: -1, reason: x}\n"), "must not be negative"),
        ((B12, B12 + "    adjusted: {score: 9, why: x}\n"), "why"),
    ],
)
def test_a_wrong_adjustment_is_a_located_problem(tmp_path, edit, message):
    path = selfeval(tmp_path, edit)
    with pytest.raises(ProblemsError) as caught:
        score_file(path)
    (problem,) = caught.value.problems
    assert message in problem.message
    line = next(i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "adjusted" in text)
    assert problem.line == line


def test_facts_of_the_original_rule_are_still_checked(tmp_path):
    path = selfeval(tmp_path, (B12, "    facts: {actual: 138600, goal: 150000}\n    adjusted: {score: 9, reason: x}\n"))
    with pytest.raises(ProblemsError) as caught:
        score_file(path)
    assert [p.check for p in caught.value.problems] == ["unknown-fact"]


# ---- review (复核) ---------------------------------------------------------------------------------

CLAIMS = """
claims:
  source: 自评表
  scores: {B12: CLAIM}
  total: TOTAL
"""


def test_review_of_an_agreeing_adjusted_score_lists_both_and_the_reason(tmp_path):
    path = with_claims(adjusted(tmp_path), CLAIMS.replace("CLAIM", "9").replace("TOTAL", "89.68"))
    review = review_file(path)
    assert review.agrees
    (note,) = review.notes
    assert (note.kind, note.code, note.claimed, note.computed, note.difference) == ("score-noted", "B12", D(9), D("9.24"), D("-0.24"))
    assert note.explanation_zh == f"B12 助餐服务人次 得分由按评分标准所得 9.24 分调整为 9 分，调整理由：{REASON}"
    opinion = review_markdown(review)
    assert f"1. B12 助餐服务人次：B12 助餐服务人次得分由按评分标准所得 9.24 分调整为 9 分，调整理由：{REASON}\n" in opinion
    assert review_to_dict(review)["notes"][0]["computed"] == D("9.24")


def test_review_flags_an_adjustment_without_a_reason(tmp_path, cli):
    path = with_claims(adjusted(tmp_path, reason=None), CLAIMS.replace("CLAIM", "9").replace("TOTAL", "89.68"))
    review = review_file(path)
    (finding,) = review.findings
    assert (finding.kind, finding.code, finding.claimed, finding.computed, finding.difference) == ("no-reason", "B12", D(9), D("9.24"), D("-0.24"))
    assert finding.explanation == "B12 is adjusted from the rule's 9.24 to 9 but gives no reason; write it in adjusted: reason:"
    assert "| 1 | 扣分未说明理由 | B12 助餐服务人次 | 9 | 9.24 | -0.24 | B12 助餐服务人次得分由按评分标准所得 9.24 分调整为 9 分，未说明调整理由 |" in review_markdown(review)
    assert cli("review", path).exit_code == 1
    blank = with_claims(adjusted(tmp_path, reason='"  "'), CLAIMS.replace("CLAIM", "9").replace("TOTAL", "89.68"))
    assert [f.kind for f in review_file(blank).findings] == ["no-reason"]
    alone = review_file(path, claims_only=True)  # no rule applied: the evidence alone shows the empty reason
    assert [(f.kind, f.computed) for f in alone.findings] == [("no-reason", None)]


def test_a_report_claiming_the_rules_score_where_the_evidence_adjusts_it(tmp_path):
    """The 2018 report states C11 = 5; the evidence adjusts it to 4: the claims no longer agree."""
    example = ROOT / "examples" / "2018_dangjian"
    text = (example / "evidence.yaml").read_text(encoding="utf-8").replace("spec: spec.yaml", f"spec: {(example / 'spec.yaml').as_posix()}")
    old = "    facts: {actual: 254, target: 254}\n"
    assert text.count(old) == 1
    text = text.replace(old, old + "    adjusted: {score: 4, reason: 部分场次签到表缺失}\n")
    path = tmp_path / "evidence.yaml"
    path.write_text(text, encoding="utf-8")
    result = score_file(path)
    assert (result.total, result.find("C11").score, result.find("C11").rule_score) == (D("84.12"), D(4), D(5))
    review = review_file(path)
    assert [(f.kind, f.code) for f in review.findings] == [("score", "C"), ("score", "C1"), ("score", "C11"), ("total", "total")]
    c11 = review.findings[2]
    assert c11.explanation == "claimed C11 = 5 but the rule gives 5, adjusted to 4: 254 ≥ 254 → full marks 5; 调整：按评分标准得5分，调整为4分，理由：部分场次签到表缺失 → 4 points"
    assert [n.code for n in review.notes] == ["C11"]


def test_the_report_sentence_puts_the_unit_after_each_score(cli, tmp_path):
    dangjian = ROOT / "examples" / "2018_dangjian"
    text = (dangjian / "evidence.yaml").read_text(encoding="utf-8").replace("spec: spec.yaml", f"spec: {(dangjian / 'spec.yaml').as_posix()}")
    text = text.replace("    facts: {actual: 254, target: 254}\n", "    facts: {actual: 254, target: 254}\n    adjusted: {score: 4.5, reason: 部分视频未按要求归档}\n", 1)
    path = tmp_path / "evidence.yaml"
    path.write_text(text, encoding="utf-8")
    run = cli("report", path, "-o", tmp_path / "out")
    assert run.exit_code == 0, run.stderr
    report = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert "得分为4.5分（调整前5分）。" in report and "4.5（调整前5）分" not in report
