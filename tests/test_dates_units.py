"""Dates and amounts as facts: 完成时间 ≤ 计划时间 with points per day or month late, and money in
元 or 万元, on a rule, a fact or the budget, computed exactly and shown in the unit the form uses."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from pydantic import ValidationError
from test_rules import check, run

from jxpj.errors import ProblemsError
from jxpj.load import score_file
from jxpj.report.self_evaluation import render_self_evaluation
from jxpj.rules import RuleInputError
from jxpj.rules.units import add_months, months_late, parse_date

# ---- dates as forms write them -------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    ["2022-06-30", "2022-6-30", "2022/6/30", "2022.06.30", "2022年6月30日", "2022年06月30日", " 2022 年 6 月 30 日 ", "2022年6月30号"],
)
def test_a_date_in_every_spelling_forms_use(written):
    assert parse_date(written) == date(2022, 6, 30)


def test_a_workbook_date_cell_is_its_day():
    from datetime import datetime

    assert parse_date(datetime(2022, 6, 30, 14, 5)) == date(2022, 6, 30)
    assert type(parse_date(datetime(2022, 6, 30))) is date  # comparable with a date written as text


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("2022年6月", "names a month; write the day too, e.g. 2022年6月30日"),
        ("2022-06", "names a month; write the day too"),
        ("2022年2月30日", "is not a day of the calendar"),
        ("6月30日", "is not a date; write e.g. 2022-06-30 or 2022年6月30日"),
        ("２０２２年６月３０日", "is not a date"),
    ],
)
def test_a_date_that_is_not_one_says_how_to_write_it(written, message):
    with pytest.raises(ValueError, match=message):
        parse_date(written)


@pytest.mark.parametrize(
    ("planned", "actual", "whole", "started"),
    [
        (date(2022, 6, 30), date(2022, 7, 30), 1, False),
        (date(2022, 6, 30), date(2022, 7, 31), 1, True),
        (date(2022, 1, 31), date(2022, 2, 28), 1, False),  # the month's last day: one month later
        (date(2022, 1, 31), date(2022, 2, 27), 0, True),
        (date(2022, 6, 30), date(2023, 6, 30), 12, False),
    ],
)
def test_months_late_are_calendar_months(planned, actual, whole, started):
    assert months_late(planned, actual) == (whole, started)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)


# ---- 完成时间 ≤ 计划时间 ---------------------------------------------------------------------------

MONTHLY = {"op": "<=", "target": "2022年6月30日", "late": {"per": "month", "points": {"points": 1}}}  # 每逾期1个月扣1分


@pytest.mark.parametrize(
    ("actual", "expect", "text"),
    [
        ("2022年6月30日", "5", "2022年6月30日 ≤ 2022年6月30日 → full marks 5"),
        ("2022-05-01", "5", "2022年5月1日 ≤ 2022年6月30日 → full marks 5"),
        ("2022-07-01", "4", "2022年7月1日 > 2022年6月30日: 1 day late: counted as 1 month (a started month counts); 1 × 1 = 1 deducted; 5 − 1 = 4"),
        ("2022年7月30日", "4", "2022年7月30日 > 2022年6月30日: 1 month late; 1 × 1 = 1 deducted; 5 − 1 = 4"),
        ("2022年8月15日", "3", "2022年8月15日 > 2022年6月30日: 1 month and 16 days late: counted as 2 months (a started month counts); 2 × 1 = 2 deducted; 5 − 2 = 3"),
        ("2023-06-30", "0", "2023年6月30日 > 2022年6月30日: 12 months late; 12 × 1 = 12 deducted; max(0, 5 − 12) = 0 (floor 0)"),
    ],
)
def test_points_per_month_late(actual, expect, text):
    check("target", MONTHLY, {"actual": actual}, expect, text, weight="5")


def test_only_whole_months_count_when_the_rule_says_so():
    params = {**MONTHLY, "late": {"per": "month", "points": {"points": 1}, "per_whole": True}}
    check("target", params, {"actual": "2022-08-15"}, "4", "2022年8月15日 > 2022年6月30日: 1 month and 16 days late: 1 whole month counted; 1 × 1 = 1 deducted; 5 − 1 = 4", weight="5")
    check("target", params, {"actual": "2022-07-29"}, "5", weight="5")  # not a whole month yet


@pytest.mark.parametrize(
    ("late", "actual", "expect", "text"),
    [
        ({"per": "day", "points": {"points": "0.1"}}, "2022-07-15", "3.5", "2022年7月15日 > 2022年6月30日: 15 days late; 15 × 0.1 = 1.5 deducted; 5 − 1.5 = 3.5"),
        ({"per": "day", "points": {"share": "0.02"}}, "2022-07-01", "4.9", "2022年7月1日 > 2022年6月30日: 1 day late; 1 × 2% × 5 = 0.1 deducted; 5 − 0.1 = 4.9"),
        ({"per": "day", "points": {"points": 1}, "step": 10, "per_whole": True}, "2022-07-25", "3", "2022年7月25日 > 2022年6月30日: 25 days late; 25 ÷ 10 = 2.5 → 2（只计满10天的整档）; 2 × 1 = 2 deducted; 5 − 2 = 3"),
        ({"per": "day", "points": {"points": 1}, "step": 10}, "2022-07-25", "2.5", "2022年7月25日 > 2022年6月30日: 25 days late; 25 ÷ 10 × 1 = 2.5 deducted; 5 − 2.5 = 2.5"),
    ],
)
def test_points_per_day_late(late, actual, expect, text):
    check("target", {"op": "<=", "late": late}, {"actual": actual, "target": "2022-06-30"}, expect, text, weight="5")


def test_late_without_a_deduction_per_day_is_the_target_missed():
    check("target", {"op": "<="}, {"actual": "2022-07-01", "target": "2022年6月30日"}, "0", "2022年7月1日 > 2022年6月30日: 1 day late target not met → 0", weight="5")
    check("target", {"op": "<"}, {"actual": "2022-06-30", "target": "2022-06-30"}, "0", weight="5")  # 6月30日前 means before it
    check("target", {"op": "<"}, {"actual": "2022-06-29", "target": "2022-06-30"}, "5", weight="5")
    check("target", {"op": "=="}, {"actual": "2022-06-29", "target": "2022-06-30"}, "0", "2022年6月29日 < 2022年6月30日 target not met → 0", weight="5")


@pytest.mark.parametrize(
    ("params", "facts", "message"),
    [
        ({"op": ">="}, {"actual": "2022-07-01", "target": "2022-06-30"}, "a date is compared with op '<='"),
        ({"op": "<="}, {"actual": "2022-07-01", "target": 100}, "a date is compared with a date"),
        ({"op": "<="}, {"actual": 100, "target": "2022-06-30"}, "a date is compared with a date"),
        ({"op": "<=", "target": "2022-06-30"}, {"actual": "2022-07-01", "target": "2022-06-30"}, "the spec fixes this indicator's target"),
    ],
)
def test_dates_mixed_with_numbers_or_ops_that_do_not_apply(params, facts, message):
    with pytest.raises(RuleInputError, match=message):
        run("target", params, facts)


# ---- amounts in 元 and 万元 --------------------------------------------------------------------------


def test_a_cost_ceiling_in_wan_yuan_with_facts_in_either_unit():
    """池州: 项目总成本 ≤ 202.6万元, 实际 132.9万元 → 10/10."""
    rule = {"op": "<=", "target": "202.6万元", "unit": "万元", "otherwise": "ratio"}
    check("target", rule, {"actual": "132.9"}, "10", "132.9万元 ≤ 202.6万元 → full marks 10", weight="10")
    assert run("target", {**rule, "target": "2026000元"}, {"actual": "210"}, "10").score == D("9.65")


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"kind": "target", "op": "<=", "target": "202.6万元"}, "needs the rule's unit: 元 or unit: 万元"),
        ({"kind": "ratio", "target": "202.6万元", "unit": "%"}, "needs the rule's unit: 元 or unit: 万元"),
        ({"kind": "ratio", "target": "20,26万元", "unit": "万元"}, "target: '20,26': commas must separate groups of three digits"),
    ],
)
def test_an_amount_with_a_unit_in_a_rule_that_names_none_is_refused(params, message):
    from jxpj.rules import RULES

    with pytest.raises(ValidationError, match=message):
        RULES[params["kind"]].params.model_validate(params)


def write(folder: Path, spec: str, evidence: str) -> Path:
    (folder / "spec.yaml").write_text(spec, encoding="utf-8")
    path = folder / "evidence.yaml"
    path.write_text(evidence, encoding="utf-8")
    return path


COST_SPEC = """\
title: 成本测试
indicators:
  - {code: A, name: 项目总成本, weight: 10, rule: {kind: ratio, direction: at_most, target: 202.6, unit: 万元}}
  - {code: B, name: 完成数量, weight: 90, rule: {kind: ratio}}
"""


def test_facts_written_with_their_unit_are_converted_into_the_rules(tmp_path):
    path = write(tmp_path, COST_SPEC, "spec: spec.yaml\nproject: {name: p}\nindicators:\n  A: {facts: {actual: '2,100,000元'}}\n  B: {facts: {actual: 9万元, target: 10}}\n")
    with pytest.raises(ProblemsError) as caught:  # B's rule compares no amounts: 9万元 is refused
        score_file(path)
    (problem,) = caught.value.problems
    assert "B: fact actual: '9万元' carries a unit" in problem.message
    path.write_text(path.read_text(encoding="utf-8").replace("9万元", "9"), encoding="utf-8")
    a = score_file(path).find("A")
    assert (a.score, str(a.explanation)) == (D("9.65"), "202.6万元 ÷ 210万元 × 10 = 9.647619… → 9.65")


SELF_SPEC = "extends: national-self-evaluation\ntitle: 万元自评表\n"
WAN_EVIDENCE = """\
spec: spec.yaml
project: {name: 万元项目}
budget:
  unit: 万元
  lines:
    - {name: 当年财政拨款, initial: 300, budget: 280, actual: 261.74365}
    - {name: 上年结转资金, budget: 20, actual: 18.652}
"""


def test_budget_lines_in_wan_yuan_are_shown_in_wan_yuan_and_computed_exactly(tmp_path):
    result = score_file(write(tmp_path, SELF_SPEC, WAN_EVIDENCE))
    budget = result.budget
    assert budget is not None and budget.unit == "万元"
    assert (budget.budget, budget.actual, budget.rate) == (D(3000000), D("2803956.50"), D("93.47"))  # in yuan, exactly
    assert result.find("A").score == D("9.35")
    form = render_self_evaluation(result)
    assert "## 项目资金（单位：万元）" in form
    assert "| 年度资金总额 | 300.00 | 300.00 | 280.39565 | 10 | 93.47% | 9.35 |" in form
    assert "| 其中：当年财政拨款 | 300.00 | 280.00 | 261.74365 | — | 93.48% | — |" in form


def test_the_spec_may_say_its_budget_is_in_wan_yuan(tmp_path):
    evidence = WAN_EVIDENCE.replace("  unit: 万元\n", "")
    result = score_file(write(tmp_path, SELF_SPEC + "unit: 万元\n", evidence))
    assert result.budget is not None and (result.budget.unit, result.budget.budget) == ("万元", D(3000000))
    yuan = score_file(write(tmp_path, SELF_SPEC + "unit: 万元\n", WAN_EVIDENCE.replace("unit: 万元", "unit: 元")))
    assert yuan.budget is not None and yuan.budget.budget == D(300)  # the budget's own unit wins


def test_the_standard_report_keeps_yuan_for_a_budget_in_wan_yuan(tmp_path, cli):
    spec = "title: t\nindicators:\n  - {code: A, name: 预算执行率, weight: 100, rule: {kind: ratio, target: 100, source: budget_execution_rate}}\n"
    path = write(tmp_path, spec, WAN_EVIDENCE)
    run = cli("report", path, "-o", tmp_path / "out")
    assert run.exit_code == 0, run.stderr
    report = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert "| 1 | 当年财政拨款 | 2,800,000.00 | 2,617,436.50 | 93.48% |" in report  # 表 1-1 in yuan, converted exactly
