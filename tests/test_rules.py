"""Every rule kind, at and around each boundary: one line per case, the score and the working."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from jxpj.rules import RULES, RuleContext, RuleInputError
from jxpj.rules.formula_language import evaluate_text


def run(kind: str, params: dict[str, Any], facts: dict[str, Any], weight: str = "4", places: int = 2, mode: str = "half_up"):
    rule = RULES[kind]
    p = rule.params.model_validate({"kind": kind, **params})
    f = rule.facts.model_validate(facts)
    return rule.score(p, f, RuleContext("X1", Decimal(weight), places, mode))  # type: ignore[arg-type]


def check(kind, params, facts, expect, text=None, weight="4", **kw):
    outcome = run(kind, params, facts, weight, **kw)
    assert outcome.score == Decimal(expect)
    working = "; ".join(str(s) for s in outcome.steps)
    if text is not None:
        assert working == text
    for step in outcome.steps:  # every line of working re-computes to what it says
        if step.expr is not None and step.value is not None:
            assert evaluate_text(step.expr.calc) == step.value, working
    return outcome


BUDGET = {"threshold": 95, "per_point": {"share": "0.02"}}


@pytest.mark.parametrize(
    ("rate", "expect", "text"),
    [
        pytest.param("84.05", "3.12", "(95% − 84.05%) × 2% × 4 = 0.876 → 0.88 deducted; 4 − 0.88 = 3.12", id="seed-B11"),
        pytest.param("95", "4", "95% ≥ 95% → full marks 4", id="at-threshold"),
        pytest.param("94.99", "4", "(95% − 94.99%) × 2% × 4 = 0.0008 → 0 deducted; 4 − 0 = 4", id="just-below-rounds-away"),
        pytest.param("94.87", "3.99", "(95% − 94.87%) × 2% × 4 = 0.0104 → 0.01 deducted; 4 − 0.01 = 3.99", id="just-below-deducts-0.01"),
        pytest.param("120", "4", "120% ≥ 95% → full marks 4", id="over-100"),
        pytest.param("45", "0", "(95% − 45%) × 2% × 4 = 4 deducted; 4 − 4 = 0", id="exactly-to-zero"),
        pytest.param("10", "0", "(95% − 10%) × 2% × 4 = 6.8 deducted; max(0, 4 − 6.8) = 0 (floor 0)", id="floor-0"),
        pytest.param("0", "0", None, id="nothing-spent"),
        pytest.param("84.05%", "3.12", None, id="percent-sign-accepted"),
    ],
)
def test_threshold_deduction_share_of_weight(rate, expect, text):
    check("threshold_deduction", BUDGET, {"actual": rate}, expect, text)


@pytest.mark.parametrize(
    ("rate", "expect"),
    [("100", "5"), ("99", "5"), ("101", "4.5"), ("104", "3"), ("110", "0"), ("130", "0")],
)
def test_threshold_deduction_lower_is_better_points(rate, expect):
    params = {"threshold": 100, "direction": "at_most", "per_point": {"points": "0.5"}}
    check("threshold_deduction", params, {"actual": rate}, expect, weight="5")


def test_threshold_deduction_rounding_half_up_of_the_deduction():
    # (95 − 94.4375) × 2% × 4 = 0.045: half-up deducts 0.05, half-even 0.04
    check("threshold_deduction", BUDGET, {"actual": "94.4375"}, "3.95")
    check("threshold_deduction", BUDGET, {"actual": "94.4375"}, "3.96", mode="half_even")


def test_threshold_deduction_integer_rounding():
    check("threshold_deduction", BUDGET, {"actual": "84.05"}, "3", places=0)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"threshold": 95, "per_point": {}}, "exactly one of share"),
        ({"threshold": 95, "per_point": {"share": "0.02", "points": 1}}, "exactly one of share"),
        ({"threshold": 0, "per_point": {"share": "0.02"}}, "must be above 0"),
        ({"threshold": 95, "per_point": {"share": 2}}, "less than or equal to 1"),
    ],
)
def test_threshold_deduction_bad_params(params, message):
    with pytest.raises(ValidationError, match=message):
        RULES["threshold_deduction"].params.model_validate({"kind": "threshold_deduction", **params})


@pytest.mark.parametrize(
    ("facts", "params", "expect", "text"),
    [
        ({"actual": 254, "target": 254}, {}, "5", "254 ≥ 254 → full marks 5"),
        ({"actual": 260, "target": 254}, {}, "5", "260 ≥ 254 → full marks 5"),
        ({"actual": 200, "target": 254}, {}, "3.94", "200 ÷ 254 × 5 = 3.937008… → 3.94"),
        ({"actual": 0, "target": 254}, {}, "0", None),
        ({"actual": 127}, {"target": 254}, "2.5", "127 ÷ 254 × 5 = 2.5"),
        ({"actual": 150, "target": 100}, {"direction": "at_most"}, "3.33", "100 ÷ 150 × 5 = 3.333333… → 3.33"),
        ({"actual": 90, "target": 100}, {"direction": "at_most"}, "5", "90 ≤ 100 → full marks 5"),
        ({"actual": 0, "target": 100}, {"direction": "at_most"}, "5", None),
    ],
)
def test_ratio(facts, params, expect, text):
    check("ratio", params, facts, expect, text, weight="5")


@pytest.mark.parametrize(
    ("facts", "params", "message"),
    [
        ({"actual": 1, "target": 0}, {}, "target is 0"),
        ({"actual": 1}, {}, "missing fact 'target'"),
        ({"actual": 1, "target": 2}, {"target": 2}, "the spec fixes"),
        ({"actual": -1, "target": 2}, {}, "must not be negative"),
    ],
)
def test_ratio_refuses(facts, params, message):
    with pytest.raises(RuleInputError, match=message):
        run("ratio", params, facts)


YUEYANG = {
    "unit": "%",
    "bands": [
        {"min": 90, "points": 5},
        {"min": 80, "max": 90, "points": 4},
        {"min": 70, "max": 80, "points": 3},
        {"min": 60, "max": 70, "points": 2},
        {"max": 60, "points": 0},
    ],
}


@pytest.mark.parametrize(
    ("value", "expect", "text"),
    [
        ("90", "5", "90% in [90%, +∞) → 5 points"),
        ("89.99", "4", "89.99% in [80%, 90%) → 4 points"),
        ("80", "4", "80% in [80%, 90%) → 4 points"),
        ("79.99", "3", None),
        ("60", "2", None),
        ("59.99", "0", "59.99% in (-∞, 60%) → 0 points"),
        ("-5", "0", None),
    ],
)
def test_tiers_closed_lower_open_upper(value, expect, text):
    check("tiers", YUEYANG, {"actual": value}, expect, text, weight="5")


def test_tiers_open_lower_closed_upper_and_shares():
    # 预算调整率 "0-10%(含)" style: (0, 10] earns 2/3 of the weight
    params = {
        "bands": [
            {"min": 0, "max": 0, "max_inclusive": True, "share": 1},
            {"min": 0, "min_inclusive": False, "max": 10, "max_inclusive": True, "share": "0.5"},
            {"min": 10, "min_inclusive": False, "share": 0},
        ]
    }
    check("tiers", params, {"actual": 0}, "4", weight="4")
    check("tiers", params, {"actual": 10}, "2", "10 in (0, 10] ; 50% × 4 = 2".replace(" ;", ";"), weight="4")
    check("tiers", params, {"actual": "10.01"}, "0", weight="4")


def test_tiers_value_in_no_band_is_an_error_not_zero():
    params = {"bands": [{"min": 0, "max": 100, "max_inclusive": True, "points": 1}]}
    with pytest.raises(RuleInputError, match="falls in no band"):
        run("tiers", params, {"actual": 101})


@pytest.mark.parametrize(
    ("bands", "message"),
    [
        ([{"min": 80, "points": 4}, {"min": 70, "max": 81, "points": 3}], "overlap"),
        ([{"min": 80, "points": 4}, {"min": 70, "max": 79, "points": 3}], "gap between bands"),
        ([{"min": 80, "points": 4}, {"max": 80, "max_inclusive": True, "points": 3}], "overlap"),
        ([{"min": 80, "min_inclusive": False, "points": 4}, {"max": 80, "points": 3}], "gap between bands"),
        ([{"min": 80, "max": 70, "points": 4}], "band is empty"),
        ([{"min": 80, "points": 4, "share": 1}], "exactly one of points or share"),
    ],
)
def test_tiers_bad_bands(bands, message):
    with pytest.raises(ValidationError, match=message):
        RULES["tiers"].params.model_validate({"kind": "tiers", "bands": bands})


@pytest.mark.parametrize(
    ("params", "facts", "expect", "text"),
    [
        ({"op": ">=", "target": 85, "unit": "%"}, {"actual": 100}, "5", "100% ≥ 85% → full marks 5"),
        ({"op": ">=", "target": 85, "unit": "%"}, {"actual": 85}, "5", None),
        ({"op": ">=", "target": 85, "unit": "%"}, {"actual": "84.99"}, "0", "84.99% < 85% target not met → 0"),
        ({"op": ">=", "target": 85, "otherwise": "ratio", "unit": "%"}, {"actual": 68}, "4", "68% < 85% target not met; 68% ÷ 85% × 5 = 4"),
        ({"op": "<=", "target": 100, "otherwise": "ratio"}, {"actual": 125}, "4", None),
        ({"op": "==", "target": 0}, {"actual": 0}, "5", "0 = 0 → full marks 5"),
        ({"op": "==", "target": 0}, {"actual": 1}, "0", None),
        ({"op": ">", "target": 3}, {"actual": 3}, "0", None),
        ({"op": "<", "target": 3}, {"actual": 2}, "5", None),
        ({"op": "increase"}, {"actual": 252000, "baseline": 230000}, "5", "252000 > 230000 (increased) → full marks 5"),
        ({"op": "increase"}, {"actual": 230000, "baseline": 230000}, "0", "230000 vs 230000 (not increased) → 0"),
        ({"op": "decrease"}, {"actual": 9, "baseline": 10}, "5", None),
        ({"op": ">="}, {"actual": 10, "target": 8}, "5", None),
    ],
)
def test_target(params, facts, expect, text):
    check("target", params, facts, expect, text, weight="5")


# Every op at its boundary (actual = target), just inside and just outside, scored with a ratio
# where the target is missed: a missed target never shows full marks beside "target not met".
@pytest.mark.parametrize(
    ("op", "actual", "expect", "text"),
    [
        (">=", "90", "5", "90 ≥ 90 → full marks 5"),
        (">=", "89.99", "4.99", "89.99 < 90 target not met; 89.99 ÷ 90 × 5 = 4.999444… → 5; 5 − 0.01 = 4.99（未达到目标，不得满分）"),
        (">=", "72", "4", "72 < 90 target not met; 72 ÷ 90 × 5 = 4"),
        (">", "90", "4.99", "90 ≤ 90 target not met; 90 ÷ 90 × 5 = 5; 5 − 0.01 = 4.99（未达到目标，不得满分）"),
        (">", "90.01", "5", "90.01 > 90 → full marks 5"),
        (">", "72", "4", None),
        ("<=", "90", "5", "90 ≤ 90 → full marks 5"),
        ("<=", "112.5", "4", "112.5 > 90 target not met; 90 ÷ 112.5 × 5 = 4"),
        ("<", "90", "4.99", "90 ≥ 90 target not met; 90 ÷ 90 × 5 = 5; 5 − 0.01 = 4.99（未达到目标，不得满分）"),
        ("<", "89.99", "5", "89.99 < 90 → full marks 5"),
        ("<", "112.5", "4", None),
        ("==", "90", "5", "90 = 90 → full marks 5"),
        ("==", "90.01", "0", "90.01 ≠ 90 target not met → 0"),  # == has no ratio: above or below is a miss
    ],
)
def test_target_every_op_at_its_boundary_with_ratio(op, actual, expect, text):
    check("target", {"op": op, "target": 90, "otherwise": "ratio"}, {"actual": actual}, expect, text, weight="5")


@pytest.mark.parametrize(("op", "actual", "expect"), [(">", "90", "0"), ("<", "90", "0"), (">=", "90", "5"), ("<=", "90", "5"), ("==", "90", "5")])
def test_target_every_op_at_its_boundary_without_ratio(op, actual, expect):
    check("target", {"op": op, "target": 90}, {"actual": actual}, expect, weight="5")


def test_target_missed_stays_below_full_marks_at_whole_points():
    # 取整: one unit below 5 is 4
    check("target", {"op": ">", "target": 90, "otherwise": "ratio"}, {"actual": 90}, "4", "90 ≤ 90 target not met; 90 ÷ 90 × 5 = 5; 5 − 1 = 4（未达到目标，不得满分）", weight="5", places=0)


def test_target_increase_needs_a_baseline():
    with pytest.raises(RuleInputError, match="baseline"):
        run("target", {"op": "increase"}, {"actual": 1})


@pytest.mark.parametrize(
    ("passed", "expect", "text"),
    [(True, "2", "yes → full marks 2"), (False, "0", "no → 0"), ("是", "2", None), ("否", "0", None), ("yes", "2", None)],
)
def test_pass_fail(passed, expect, text):
    check("pass_fail", {}, {"passed": passed}, expect, text, weight="2")


def test_pass_fail_refuses_other_words():
    with pytest.raises(ValidationError, match="expected yes or no"):
        RULES["pass_fail"].facts.model_validate({"passed": "maybe"})


@pytest.mark.parametrize(
    ("findings", "expect", "text"),
    [
        ([], "3", "no findings → full marks 3"),
        ([{"reason": "无台账", "points": 1}], "2", "−1: 无台账; 3 − 1 = 2"),
        ([{"reason": "a", "points": 1}, {"reason": "b", "points": "0.5"}], "1.5", "−1: a; −0.5: b; 1 + 0.5 = 1.5 deducted; 3 − 1.5 = 1.5"),
        ([{"reason": "a", "points": 2}, {"reason": "b", "points": 2}], "0", "−2: a; −2: b; 2 + 2 = 4 deducted; max(0, 3 − 4) = 0 (floor 0)"),
        ([{"reason": "迟报", "points": "0.5", "count": 3}], "1.5", "−0.5 × 3: 迟报; 0.5 × 3 = 1.5 deducted; 3 − 1.5 = 1.5"),
        ([{"reason": "a", "points": 3}], "0", None),
    ],
)
def test_deductions(findings, expect, text):
    check("deductions", {}, {"findings": findings}, expect, text, weight="3")


def test_deductions_catalogue_items():
    params = {
        "items": {
            "late": {"points": "0.5", "per": "occurrence"},
            "once": {"points": 1},
            "discretionary": {"min_points": "0.5", "max_points": 2},
        }
    }
    check("deductions", params, {"findings": [{"item": "late", "count": 2, "reason": "两次迟报"}]}, "5", weight="6")
    check("deductions", params, {"findings": [{"item": "once", "count": 3, "reason": "per finding, not per count"}]}, "5", weight="6")
    check("deductions", params, {"findings": [{"item": "discretionary", "points": 2, "reason": "酌情"}]}, "4", weight="6")
    with pytest.raises(RuleInputError, match=r"between 0\.5–2"):
        run("deductions", params, {"findings": [{"item": "discretionary", "points": 3, "reason": "x"}]})
    with pytest.raises(RuleInputError, match="unknown deduction item"):
        run("deductions", params, {"findings": [{"item": "nope", "reason": "x"}]})
    with pytest.raises(RuleInputError, match="deducts 1 points by the spec"):
        run("deductions", params, {"findings": [{"item": "once", "points": 2, "reason": "x"}]})


def test_deductions_need_a_reason():
    with pytest.raises(ValidationError, match="reason"):
        RULES["deductions"].facts.model_validate({"findings": [{"points": 1}]})
    with pytest.raises(ValidationError):
        RULES["deductions"].facts.model_validate({"findings": [{"points": 1, "reason": "  "}]})


TRAINING = {"elements": [{"name": n} for n in ("两级中心主任会", "区中心主任季度例会", "信息员培训", "领誓人培训", "党性教育培训")]}


@pytest.mark.parametrize(
    ("met", "expect", "text"),
    [
        (["党性教育培训"], "1", "1 of 5 elements met (党性教育培训): 1 ÷ 5 × 5 = 1"),
        ([], "0", "0 of 5 elements met: 0 ÷ 5 × 5 = 0"),
        (["党性教育培训", "两级中心主任会"], "2", "2 of 5 elements met (两级中心主任会、党性教育培训): 2 ÷ 5 × 5 = 2"),
    ],
)
def test_checklist_equal_shares(met, expect, text):
    check("checklist", TRAINING, {"met": met}, expect, text, weight="5")


def test_checklist_equal_shares_of_an_odd_weight_round_once():
    check("checklist", TRAINING, {"met": ["信息员培训"]}, "0.8", weight="4")
    check("checklist", {"elements": [{"name": "a"}, {"name": "b"}, {"name": "c"}]}, {"met": ["a"]}, "0.67", weight="2")


def test_checklist_shares_and_points():
    shares = {"elements": [{"name": "a", "share": "0.5"}, {"name": "b", "share": "0.3"}, {"name": "c", "share": "0.2"}]}
    check("checklist", shares, {"met": ["a", "c"]}, "2.8", "2 of 3 elements met (a、c); (50% + 20%) × 4 = 2.8", weight="4")
    pts = {"elements": [{"name": "a", "points": 1}, {"name": "b", "points": 2}]}
    check("checklist", pts, {"met": ["b"]}, "2", weight="3")


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"elements": [{"name": "a", "share": "0.5"}, {"name": "b", "share": "0.4"}]}, "add up to 1"),
        ({"elements": [{"name": "a", "share": "0.5"}, {"name": "b"}]}, "every element a share"),
        ({"elements": [{"name": "a"}, {"name": "a"}]}, "named twice"),
        ({"elements": []}, "at least 1"),
    ],
)
def test_checklist_bad_params(params, message):
    with pytest.raises(ValidationError, match=message):
        RULES["checklist"].params.model_validate({"kind": "checklist", **params})


def test_checklist_unknown_or_repeated_element():
    with pytest.raises(RuleInputError, match="not an element"):
        run("checklist", TRAINING, {"met": ["培训"]})
    with pytest.raises(RuleInputError, match="listed twice"):
        run("checklist", TRAINING, {"met": ["领誓人培训", "领誓人培训"]})


@pytest.mark.parametrize(
    ("levels", "level", "expect", "text", "weight"),
    [
        ({"充分": 1, "一般": "0.75", "不充分": 0}, "一般", "1.5", "一般 → 75% × 2 = 1.5", "2"),
        ({"全覆盖": 1, "一般": "0.25", "未覆盖": 0}, "一般", "1", "一般 → 25% × 4 = 1", "4"),
        ({"充分": 1, "一般": "0.75"}, "充分", "2", None, "2"),
        ({"优": 1, "良": "0.8", "中": "0.6"}, "中", "1.8", None, "3"),
        ({"优": 1, "良": "0.333"}, "良", "1", "良 → 33.3% × 3 = 0.999 → 1", "3"),
    ],
)
def test_grade_shares(levels, level, expect, text, weight):
    check("grade", {"levels": levels}, {"level": level}, expect, text, weight=weight)


def test_grade_points_capped_at_weight_and_unknown_level():
    check("grade", {"levels": {"好": 5}, "unit": "points"}, {"level": "好"}, "4", weight="4")
    with pytest.raises(RuleInputError, match="not one of this rule's levels: 充分、一般"):
        run("grade", {"levels": {"充分": 1, "一般": "0.75"}}, {"level": "很好"})
    with pytest.raises(ValidationError, match="share above 1"):
        RULES["grade"].params.model_validate({"kind": "grade", "levels": {"a": 2}})


def test_judgment_is_flagged_and_bounded():
    outcome = check("judgment", {}, {"score": "1.5", "justification": "绩效目标不够明确"}, "1.5", "evaluator's judgment → 1.5 of 2: 绩效目标不够明确", weight="2")
    assert outcome.judgment
    check("judgment", {}, {"score": 2, "justification": "x"}, "2", weight="2")
    check("judgment", {}, {"score": 0, "justification": "x"}, "0", weight="2")
    with pytest.raises(RuleInputError, match="exceeds the weight 2"):
        run("judgment", {}, {"score": "2.01", "justification": "x"}, weight="2")
    with pytest.raises(ValidationError, match="justification"):
        RULES["judgment"].facts.model_validate({"score": 1})
    with pytest.raises(ValidationError):
        RULES["judgment"].facts.model_validate({"score": 1, "justification": "   "})


SAVING = {"expression": "(planned - actual) / planned * 100 / 2", "facts": ["planned", "actual"]}


@pytest.mark.parametrize(
    ("params", "facts", "expect", "text"),
    [
        (SAVING, {"planned": 2026000, "actual": 1990000}, "0.89", "(2026000 − 1990000) ÷ 2026000 × 100 ÷ 2 = 0.88845… → 0.89"),
        (SAVING, {"planned": 100, "actual": 0}, "4", "(100 − 0) ÷ 100 × 100 ÷ 2 = 50; capped at the weight 4"),
        (SAVING, {"planned": 100, "actual": 120}, "0", "(100 − 120) ÷ 100 × 100 ÷ 2 = -10; floor 0"),
        ({"expression": "min(actual / target, 1) * weight", "facts": ["actual", "target"]}, {"actual": 8, "target": 10}, "3.2", "min(8 ÷ 10, 1) × 4 = 3.2"),
        ({"expression": "weight if rate >= cut else 0", "facts": ["rate"], "params": {"cut": 90}}, {"rate": 91}, "4", "91 ≥ 90; 4 = 4"),
        ({"expression": "weight if rate >= cut else 0", "facts": ["rate"], "params": {"cut": 90}}, {"rate": 80}, "0", "80 < 90; 0 = 0"),
        ({"expression": "round(actual / 3, 1) + floor(actual / 3) + ceil(actual / 3)", "facts": ["actual"]}, {"actual": 2}, "1.7", "round(2 ÷ 3, 1) + floor(2 ÷ 3) + ceil(2 ÷ 3) = 1.7"),
    ],
)
def test_formula(params, facts, expect, text):
    check("formula", params, facts, expect, text)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"expression": "actual.__class__", "facts": ["actual"]}, "Attribute is not allowed"),
        ({"expression": "open('x')"}, "only min, max, abs, floor, ceil, round may be called"),
        ({"expression": "a + b", "facts": ["a"]}, "uses b, which is neither"),
        ({"expression": "weight", "facts": ["weight"]}, "reserved"),
        ({"expression": "2 ** 99"}, "exponent"),
    ],
)
def test_formula_refused_at_spec_time(params, message):
    with pytest.raises(ValidationError, match=message):
        RULES["formula"].params.model_validate({"kind": "formula", **params})


def test_formula_facts_must_match_the_list():
    with pytest.raises(RuleInputError, match="missing fact 'actual'"):
        run("formula", SAVING, {"planned": 1})
    with pytest.raises(RuleInputError, match="not used by this formula"):
        run("formula", SAVING, {"planned": 1, "actual": 1, "extra": 2})
    with pytest.raises(RuleInputError, match="division by zero"):
        run("formula", SAVING, {"planned": 0, "actual": 1})


NATIONAL = {"bands": {"达成": {"min": "0.8", "max": 1, "max_inclusive": True}, "部分达成": {"min": "0.6", "max": "0.8"}, "未达成": {"min": 0, "max": "0.6"}}}


@pytest.mark.parametrize(
    ("band", "score", "expect", "weight"),
    [
        ("达成", "10", "10", "10"),
        ("达成", "8", "8", "10"),
        ("部分达成", "7.99", "7.99", "10"),
        ("部分达成", "6", "6", "10"),
        ("未达成", "0", "0", "10"),
        ("未达成", "0", "0", "0"),  # a weight of 0 leaves only the score 0, whatever the band
        ("部分达成", "0", "0", "0"),
    ],
)
def test_banded_judgment_inside_its_band(band, score, expect, weight):
    outcome = check("banded_judgment", NATIONAL, {"band": band, "score": score, "justification": "x"}, expect, weight=weight)
    assert outcome.judgment


@pytest.mark.parametrize(("band", "score"), [("部分达成", "8"), ("达成", "7.99"), ("未达成", "6")])
def test_banded_judgment_refuses_a_score_outside_its_band(band, score):
    with pytest.raises(RuleInputError, match="outside"):
        run("banded_judgment", NATIONAL, {"band": band, "score": score, "justification": "x"}, weight="10")


# ---- parameters real forms use: a threshold of 0, per step, per whole point ---------------------


@pytest.mark.parametrize(
    ("rate", "expect", "text"),
    [
        ("-3.2", "5", "-3.2% ≤ 0% → full marks 5"),  # 三公经费变动率 ≤ 0: a decrease
        ("0", "5", "0% ≤ 0% → full marks 5"),
        ("0.5", "4.5", "(0.5% − 0%) × 1 = 0.5 deducted; 5 − 0.5 = 4.5"),
        ("6", "0", "(6% − 0%) × 1 = 6 deducted; max(0, 5 − 6) = 0 (floor 0)"),
    ],
)
def test_threshold_of_zero_lower_is_better(rate, expect, text):
    params = {"threshold": 0, "direction": "at_most", "per_point": {"points": 1}}
    check("threshold_deduction", params, {"actual": rate}, expect, text, weight="5")


def test_a_negative_threshold_is_allowed_lower_is_better_only():
    check("threshold_deduction", {"threshold": -5, "direction": "at_most", "per_point": {"points": 1}}, {"actual": "-5"}, "5", weight="5")
    with pytest.raises(ValidationError, match="must be above 0"):
        RULES["threshold_deduction"].params.model_validate({"kind": "threshold_deduction", "threshold": -5, "per_point": {"points": 1}})


STEPS = {"threshold": 95, "per_point": {"points": 2}, "step": 5}  # 低于95%的，每低于5%扣2分


@pytest.mark.parametrize(
    ("per_whole", "rate", "expect", "text"),
    [
        (True, "90", "8", "(95% − 90%) ÷ 5% = 1; 1 × 2 = 2 deducted; 10 − 2 = 8"),
        (True, "90.01", "10", "(95% − 90.01%) ÷ 5% = 0.998 → 0（只计满5%的整档）; 0 × 2 = 0 deducted; 10 − 0 = 10"),
        (True, "84", "6", "(95% − 84%) ÷ 5% = 2.2 → 2（只计满5%的整档）; 2 × 2 = 4 deducted; 10 − 4 = 6"),
        (True, "40", "0", None),
        (False, "84", "5.6", "(95% − 84%) ÷ 5% × 2 = 4.4 deducted; 10 − 4.4 = 5.6"),  # in proportion
        (False, "90", "8", "(95% − 90%) ÷ 5% × 2 = 2 deducted; 10 − 2 = 8"),
    ],
)
def test_threshold_deduction_per_step(per_whole, rate, expect, text):
    check("threshold_deduction", {**STEPS, "per_whole": per_whole}, {"actual": rate}, expect, text, weight="10")


def test_threshold_deduction_per_whole_point():
    """每低1个百分点扣权重的10%, a started point not counted: 2.5 points short deducts 2."""
    params = {"threshold": 95, "per_point": {"share": "0.1"}, "per_whole": True}
    check("threshold_deduction", params, {"actual": "92.5"}, "8", "(95% − 92.5%) = 2.5 → 2（只计满1个百分点的整档）; 2 × 10% × 10 = 2 deducted; 10 − 2 = 8", weight="10")
    check("threshold_deduction", params, {"actual": "93"}, "8", weight="10")


def test_a_step_must_be_positive():
    with pytest.raises(ValidationError, match="greater than 0"):
        RULES["threshold_deduction"].params.model_validate({"kind": "threshold_deduction", **STEPS, "step": 0})
