"""jxpj review (复核): the 2018 example reviews clean; every kind of slip is found, with its arithmetic."""

from __future__ import annotations

import json
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import EXAMPLE, ROOT

from jxpj.review.file import review_file
from jxpj.review.findings import KINDS
from jxpj.review.output import review_markdown

TEXT = (EXAMPLE / "evidence.yaml").read_text(encoding="utf-8")
SELFEVAL = ROOT / "tests" / "data" / "selfeval" / "evidence.yaml"
GOLDEN = ROOT / "tests" / "golden"


def variant(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    """The 2018 evidence with exact text replacements, pointing at the example's spec."""
    text = TEXT.replace("spec: spec.yaml", f"spec: {(EXAMPLE / 'spec.yaml').as_posix()}")
    for old, new in edits:
        assert len(re.findall(old, text, re.MULTILINE)) == 1, old
        text = re.sub(old, new, text, flags=re.MULTILINE)
    path = tmp_path / "evidence.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def findings(path: Path, **kwargs) -> list[tuple[str, str, str]]:
    return [(f.kind, f.code, f.explanation) for f in review_file(path, **kwargs).findings]


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("JXPJ_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


# ---- the founding report ------------------------------------------------------------------------


def test_the_2018_report_has_no_wrong_score(cli, example):
    run = cli("review", example / "evidence.yaml")
    assert run.exit_code == 0, run.stdout + run.stderr
    assert run.stdout == "review: no disagreement; 50 claims checked against the rules\n"


def test_the_2018_claims_are_consistent_on_their_own(cli, example):
    run = cli("review", example / "evidence.yaml", "--claims-only")
    assert run.exit_code == 0
    assert "50 claims checked for internal consistency (claims only)" in run.stdout


def test_the_2018_review_md_is_a_clean_opinion(cli, example):
    run = cli("review", example / "evidence.yaml", "-f", "markdown")
    assert run.exit_code == 0
    golden("review_2018.md", run.stdout)
    assert "报告所载 50 项数据（得分、小计、总分、等级、预算执行率）均与复核结果一致，未发现差异。复核总分 85.12 分，等级“良”。" in run.stdout


# ---- broken variants: each slip and its exact finding -------------------------------------------


def test_a_wrong_subtotal(tmp_path):
    got = findings(variant(tmp_path, (r"^    B1: 6.12$", "    B1: 7.12")))
    assert got == [
        ("subtotal", "B", "claimed B = 27.12 but B1 + B2 + B3 = 7.12 + 9 + 12 = 28.12"),
        ("score", "B1", "claimed B1 = 7.12 but computed B11 + B12 = 3.12 + 3 = 6.12"),
        ("subtotal", "B1", "claimed B1 = 7.12 but B11 + B12 = 3.12 + 3 = 6.12"),
    ]


def test_a_subtotal_slip_is_found_without_rules(tmp_path):
    got = findings(variant(tmp_path, (r"^    B1: 6.12$", "    B1: 7.12")), claims_only=True)
    assert [(k, c) for k, c, _ in got] == [("subtotal", "B"), ("subtotal", "B1")]


def test_a_total_above_its_rows_maximum(tmp_path):
    got = findings(variant(tmp_path, (r"^  total: 85.12$", "  total: 100.5")), claims_only=True)
    assert got[0] == ("over-maximum", "total", "claimed total = 100.5 is above the most its rows can give: weights A + B + C = 10 + 30 + 60 = 100")
    assert got[1] == ("total-sum", "total", "claimed total = 100.5 but A + B + C = 9 + 27.12 + 49 = 85.12")
    assert got[2][:2] == ("grade-band", "grade")  # 100.5 would be 优, the report says 良


def test_a_rate_that_does_not_follow_from_its_budget_lines(tmp_path):
    got = findings(variant(tmp_path, (r"^  execution_rate: 84.05$", "  execution_rate: 85")))
    assert got == [("rate", "合计", "claimed 预算执行率 = 85% but actual ÷ budget = 3,361,823.33 ÷ 4,000,000.00 × 100% = 84.05%")]


def test_a_line_rate_is_checked_at_the_precision_it_is_written(tmp_path):
    assert findings(variant(tmp_path, (r"^    专题栏目: 126.67$", "    专题栏目: 126.7"))) == []
    got = findings(variant(tmp_path, (r"^    专题栏目: 126.67$", "    专题栏目: 126.6")))
    assert got == [("rate", "专题栏目", "claimed 专题栏目预算执行率 = 126.6% but actual ÷ budget = 1,520,000.00 ÷ 1,200,000.00 × 100% = 126.67%")]


def test_a_grade_that_is_not_the_band_of_the_claimed_total(tmp_path):
    got = findings(variant(tmp_path, (r"^  grade: 良$", "  grade: 优")))
    assert got == [("grade-band", "grade", "claimed grade 优 but the claimed total 85.12 is 良 (80 ≤ total < 90)")]


def test_a_grade_that_follows_a_wrong_total(tmp_path):
    got = findings(variant(tmp_path, (r"^  total: 85.12$", "  total: 90.12"), (r"^  grade: 良$", "  grade: 优")), claims_only=False)
    assert ("grade", "grade", "claimed grade 优 but the computed total 85.12 is 良 (80 ≤ total < 90)") in got
    assert ("total", "total", "claimed total = 90.12 but computed A + B + C = 9 + 27.12 + 49 = 85.12") in got


def test_a_score_above_its_weight(tmp_path):
    got = findings(variant(tmp_path, (r"^    C22: 5$", "    C22: 6")), claims_only=True)
    assert got == [
        ("subtotal", "C2", "claimed C2 = 23 but C21 + C22 + C23 + C24 + C25 + C26 = 3 + 6 + 4 + 4 + 4 + 3 = 24"),
        ("over-weight", "C22", "claimed C22 = 6 but its weight is 5: 1 over"),
    ]


def test_a_leaf_score_its_rule_does_not_give(tmp_path):
    got = findings(variant(tmp_path, (r"^    B11: 3.12$", "    B11: 3.5")))
    assert got == [
        ("subtotal", "B1", "claimed B1 = 6.12 but B11 + B12 = 3.5 + 3 = 6.5"),
        ("score", "B11", "claimed B11 = 3.5 but the rule gives 3.12: (95% − 84.05%) × 2% × 4 = 0.876 → 0.88 deducted; 4 − 0.88 = 3.12"),
    ]


def test_a_deduction_without_a_reason(tmp_path):
    path = variant(tmp_path, (r"(  A21:\n    value: 一般\n    facts: \{level: 一般\}\n)    note: >-\n(?:      .*\n)+", r"\1"))
    got = findings(path)
    assert got == [("no-reason", "A21", "claimed A21 = 1.5 of 2 deducts 0.5 but gives no reason; write it in note: (评分说明)")]


def test_a_claim_without_evidence_is_listed_as_not_checked(tmp_path, cli):
    path = variant(tmp_path, (r"^    facts: \{actual: 254, target: 254\}\n", ""))
    review = review_file(path)
    assert review.agrees and review.unchecked == ("C", "C1", "C11", "total", "grade")
    run = cli("review", path)
    assert run.exit_code == 0
    assert "not checked (no evidence): C, C1, C11, total, grade" in run.stdout


def test_every_finding_is_exit_1_with_a_table_json_and_markdown(cli, tmp_path):
    path = variant(tmp_path, (r"^    B11: 3.12$", "    B11: 3.5"), (r"^  grade: 良$", "  grade: 优"))
    run = cli("review", path, "-o", tmp_path / "review.md")
    assert run.exit_code == 1
    assert "score differs from its rule" in run.stdout
    assert run.stdout.endswith("review: 3 findings in 50 claims checked against the rules\n")
    golden("review_2018_broken.md", (tmp_path / "review.md").read_text(encoding="utf-8"))
    data = json.loads(cli("review", path, "-f", "json").stdout, parse_float=Decimal)
    assert list(data) == ["project", "spec", "mode", "agrees", "checked", "unchecked", "computed", "findings", "notes"]
    first = next(f for f in data["findings"] if f["code"] == "B11")
    assert (first["kind"], first["claimed"], first["computed"], first["difference"]) == ("score", Decimal("3.5"), Decimal("3.12"), Decimal("0.38"))


# ---- the user's mistakes: located, exit 1 -------------------------------------------------------


def test_a_claimed_code_not_in_the_spec(cli, tmp_path):
    run = cli("review", variant(tmp_path, (r"^    C110: 3$", "    C101: 3")))
    assert run.exit_code == 1
    assert re.search(r"evidence.yaml:\d+:5: error: claimed indicator C101 is not in the spec; did you mean C11\? \[unknown-code\]", run.stderr)


def test_a_claimed_line_or_grade_unknown(cli, tmp_path):
    run = cli("review", variant(tmp_path, (r"^    党员教育: 120.91$", "    党员培训: 120.91"), (r"^  grade: 良$", "  grade: 良好")))
    assert run.exit_code == 1
    assert "budget line '党员培训' is not in budget: lines; lines: 各类专题专业培训, 专题栏目, 基层党建网, 微信公众号, 党员服务热线, 党员教育 [unknown-line]" in run.stderr
    assert "grade '良好' is not one of the spec's grades (优, 良, 中, 差)" in run.stderr


def test_evidence_without_claims(cli, tmp_path):
    path = variant(tmp_path, (r"^claims:(?:.*\n)+", ""))
    run = cli("review", path)
    assert run.exit_code == 1
    assert "error: no claims: to review" in run.stderr


def test_a_rule_less_spec_needs_claims_only(cli):
    run = cli("review", SELFEVAL)
    assert run.exit_code == 1
    assert "leaf 产出1 needs a rule: a kind, or the name of a rule under rules: (or review the claimed numbers alone with --claims-only)" in run.stderr


# ---- a self-evaluation form typed by a new user -------------------------------------------------


def test_a_self_evaluation_total_its_rows_cannot_reach(cli):
    run = cli("review", SELFEVAL, "--claims-only", "-f", "json")
    assert run.exit_code == 1
    data = json.loads(run.stdout, parse_float=Decimal)
    total = next(f for f in data["findings"] if f["code"] == "total")
    assert total == {
        "kind": "total-sum",
        "code": "total",
        "claimed": Decimal("96.5"),
        "computed": Decimal("95.2"),
        "difference": Decimal("1.3"),
        "explanation": "claimed total = 96.5 but 预算执行 + 产出 + 效益 + 满意度 = 9.2 + 49 + 28 + 9 = 95.2 "
        "(产出, 效益, 满意度: not stated; each taken as the sum of its claimed rows)",
        "explanation_zh": "报告总分 96.5，但 预算执行 + 产出 + 效益 + 满意度 = 9.2 + 49 + 28 + 9 = 95.2（产出, 效益, 满意度 未载明，按其明细得分合计）",
        "where": None,  # a cell only on a read form
    }
    assert [f["kind"] for f in data["findings"]] == ["no-reason", "total-sum"]  # 满意度1 lost 1 point, no 偏差原因


def test_the_self_evaluation_opinion(tmp_path):
    golden("review_selfeval.md", review_markdown(review_file(SELFEVAL, claims_only=True)))


@pytest.mark.parametrize("total", ["95.2", "95.20"])
def test_the_self_evaluation_with_its_total_corrected_agrees(tmp_path, total):
    text = SELFEVAL.read_text(encoding="utf-8").replace("total: 96.5", f"total: {total}")
    text = text.replace("spec: spec.yaml", f"spec: {(SELFEVAL.parent / 'spec.yaml').as_posix()}")
    text = text.replace("    planned: ≥95%", "    planned: ≥95%\n    deviation: 部分老人反映送餐时间不稳定。")
    path = tmp_path / "evidence.yaml"
    path.write_text(text, encoding="utf-8")
    assert review_file(path, claims_only=True).agrees


# ---- not-applicable rows: the total is converted to the full scale, as the engine does ---------

NA_SPEC = """\
title: 不适用指标示例
indicators:
  - code: A
    name: 产出
    weight: 80
    children:
      - {code: A1, name: 数量, weight: 50, rule: {kind: judgment}}
      - {code: A2, name: 质量, weight: 30, rule: {kind: judgment}, allow_not_applicable: true}
  - {code: B, name: 满意度, weight: 20, rule: {kind: judgment}}
"""
NA_EVIDENCE = """\
spec: spec.yaml
project: {name: 示例}
indicators:
  A1: {facts: {score: 45, justification: 少完成一批}}
  A2: {not_applicable: 本年度未开展质量抽检}
  B: {facts: {score: 18, justification: 满意度90%}}
claims:
  scores: {A1: 45, B: 18}
  total: TOTAL
  grade: 优
"""


@pytest.mark.parametrize("claims_only", [False, True])
def test_a_total_with_not_applicable_rows_is_rescaled(tmp_path, claims_only):
    (tmp_path / "spec.yaml").write_text(NA_SPEC, encoding="utf-8")
    path = tmp_path / "evidence.yaml"
    path.write_text(NA_EVIDENCE.replace("TOTAL", "90"), encoding="utf-8")
    assert review_file(path, claims_only=claims_only).agrees  # (45 + 18) ÷ 70 × 100 = 90
    path.write_text(NA_EVIDENCE.replace("TOTAL", "63"), encoding="utf-8")
    got = findings(path, claims_only=claims_only)
    assert got[0] == ("total-sum", "total", "claimed total = 63 but A + B = 45 + 18 = 63; 63 ÷ 70 × 100 = 90 (not-applicable rows excluded) (A: not stated; each taken as the sum of its claimed rows)")
    assert got[-1][:2] == ("grade-band", "grade")  # 63 would be 中


def test_a_grade_is_checked_against_a_total_summed_from_its_rows(tmp_path):
    text = SELFEVAL.read_text(encoding="utf-8").replace("  total: 96.5\n", "").replace("grade: 优", "grade: 良")
    text = text.replace("spec: spec.yaml", f"spec: {(SELFEVAL.parent / 'spec.yaml').as_posix()}")
    path = tmp_path / "evidence.yaml"
    path.write_text(text, encoding="utf-8")
    got = findings(path, claims_only=True)
    assert got[-1] == ("grade-band", "grade", "claimed grade 良 but the claimed total 95.2 is 优 (90 ≤ total)")


def test_a_self_evaluation_total_its_stated_rows_cannot_reach_even_at_full_marks(tmp_path):
    """Two rows left blank: even at their full weights the rows give 96.2, short of 96.5."""
    text = SELFEVAL.read_text(encoding="utf-8").replace("    产出3: 15\n", "").replace("    满意度1: 9\n", "")
    text = text.replace("spec: spec.yaml", f"spec: {(SELFEVAL.parent / 'spec.yaml').as_posix()}")
    path = tmp_path / "evidence.yaml"
    path.write_text(text, encoding="utf-8")
    (finding,) = review_file(path, claims_only=True).findings
    assert (finding.kind, finding.claimed, finding.computed, finding.difference) == ("over-maximum", Decimal("96.5"), Decimal("96.2"), Decimal("0.3"))
    assert finding.explanation == (
        "claimed total = 96.5 is above the most its rows can give: 预算执行 + 产出 + 效益 + 满意度 ≤ 9.2 + 49 + 28 + 10 = 96.2 "
        "(not stated, so counted at full weight: 产出3, 满意度1)"
    )
    path.write_text(text.replace("total: 96.5", "total: 96.2"), encoding="utf-8")
    assert review_file(path, claims_only=True).agrees  # reachable: nothing to say


def test_the_commands_are_documented():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for row in ("| `jxpj review EVIDENCE", "| `jxpj diff A B", "| `jxpj score EVIDENCE --set"):
        assert row in readme
    for kind in KINDS:
        assert f"`{kind}`" in readme, kind


# ---- bugs found on real forms -------------------------------------------------------------------


def test_a_deduction_without_a_reason_shows_the_computed_score_not_the_weight(tmp_path):
    """C21 | 9 | 10 | -1 read as though jxpj computed 10: the computed column is the rule's score."""
    path = variant(tmp_path, (r"(  A21:\n    value: 一般\n    facts: \{level: 一般\}\n)    note: >-\n(?:      .*\n)+", r"\1"))
    (finding,) = review_file(path).findings
    assert (finding.kind, finding.claimed, finding.computed, finding.difference) == ("no-reason", Decimal("1.5"), Decimal("1.5"), None)
    row = next(line for line in review_markdown(review_file(path)).splitlines() if "扣分未说明理由" in line and "A21" in line)
    assert row.startswith("| 1 | 扣分未说明理由 | A21 绩效目标合理性 | 1.5 | 1.5 | — | ")
    (alone,) = review_file(path, claims_only=True).findings  # no rule applied: nothing computed
    assert (alone.computed, alone.difference) == (None, None)


def test_a_deduction_without_a_reason_that_the_rule_does_not_give_shows_the_rule_score(tmp_path):
    path = variant(tmp_path, (r"(  A21:\n    value: 一般\n    facts: \{level: )一般(\}\n)    note: >-\n(?:      .*\n)+", r"\g<1>合理\2"))
    kinds = {f.kind: f for f in review_file(path).findings}
    assert (kinds["no-reason"].computed, kinds["no-reason"].difference) == (Decimal(2), Decimal("-0.5"))
    assert kinds["score"].computed == Decimal(2)


def test_a_total_above_its_rows_but_below_100_is_not_called_above_full_marks(tmp_path):
    text = SELFEVAL.read_text(encoding="utf-8").replace("    产出3: 15\n", "").replace("    满意度1: 9\n", "")
    text = text.replace("spec: spec.yaml", f"spec: {(SELFEVAL.parent / 'spec.yaml').as_posix()}")
    path = tmp_path / "evidence.yaml"
    path.write_text(text, encoding="utf-8")
    opinion = review_markdown(review_file(path, claims_only=True))
    assert "总分超过满分" not in opinion  # 96.5 < 100: above what its rows can give, not above 满分
    assert "| 1 | 总分超过可得最高分 | 总分 | 96.5 | 96.2 | +0.3 | 报告总分 96.5，超过各项得分可能达到的最高值" in opinion
    above = variant(tmp_path, (r"^  total: 85.12$", "  total: 100.5"))
    opinion = review_markdown(review_file(above, claims_only=True))
    assert "| 总分超过可得最高分 | 总分 | 100.5 | 100 | +0.5 | 报告总分 100.5，超过各项权重合计（满分）" in opinion
