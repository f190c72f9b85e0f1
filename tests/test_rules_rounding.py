"""Rounding where the rule says it (按比例计分，取整), and execution rates rounded once, not twice.

A rule's own ``rounding`` replaces the spec's for that rule's leaves only; the working says in
words how a score was rounded whenever that is not the usual 2 places half-up. A rate computed
from the budget is rounded for the tables; a rule scores it unrounded unless the rule itself says
``rounding: {rate_places: N}``.
"""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from jxpj.engine import evaluate
from jxpj.models.evidence import Evidence
from jxpj.models.spec import Spec, system_problems
from jxpj.numbers import quantize
from jxpj.result import Result
from jxpj.rules.formula_language import evaluate_text


def spec(*leaves: dict[str, Any], rounding: dict[str, Any] | None = None, rules: dict[str, Any] | None = None) -> Spec:
    total = sum((D(str(leaf["weight"])) for leaf in leaves), D(0))
    data: dict[str, Any] = {"title": "t", "total": total, "indicators": list(leaves), "rules": rules or {}}
    if rounding is not None:
        data["rounding"] = rounding
    return Spec.model_validate(data)


def score(s: Spec, indicators: dict[str, Any], budget: tuple[str, str] | None = None) -> Result:
    assert system_problems(s) == []
    evidence: dict[str, Any] = {"spec": "x", "project": {"name": "p"}, "indicators": indicators}
    if budget is not None:
        evidence["budget"] = {"lines": [{"name": "资金", "budget": budget[0], "actual": budget[1]}]}
    return evaluate(s, Evidence.model_validate(evidence))


def leaf(code: str, weight: int | str, rule: Any) -> dict[str, Any]:
    return {"code": code, "name": code, "weight": weight, "rule": rule}


RATIO_WHOLE_DOWN = {"kind": "ratio", "rounding": {"places": 0, "mode": "down"}}  # 按比例计分，取整（舍去）


# ---- a rule's own rounding ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rounding", "actual", "expect", "working"),
    [
        pytest.param({"places": 0, "mode": "down"}, 98, "9", "98 ÷ 100 × 10 = 9.8 → 9（取整，舍去）", id="truncate"),
        pytest.param({"places": 0, "mode": "down"}, "99.99", "9", "99.99 ÷ 100 × 10 = 9.999 → 9（取整，舍去）", id="truncate-just-below"),
        pytest.param({"places": 0, "mode": "up"}, 92, "10", "92 ÷ 100 × 10 = 9.2 → 10（取整，进一）", id="up"),
        pytest.param({"places": 0, "mode": "up"}, 90, "9", "90 ÷ 100 × 10 = 9", id="up-exact-needs-no-rounding"),
        pytest.param({"places": 0}, 85, "9", "85 ÷ 100 × 10 = 8.5 → 9（取整，四舍五入）", id="half-up-at-the-half"),
        pytest.param({"places": 0, "mode": "half_even"}, 85, "8", "85 ÷ 100 × 10 = 8.5 → 8（取整，四舍六入五成双）", id="half-even-at-the-half"),
        pytest.param({"places": 1}, "98.76", "9.9", "98.76 ÷ 100 × 10 = 9.876 → 9.9（保留1位小数，四舍五入）", id="one-place"),
        pytest.param({"mode": "down"}, "98.769", "9.87", "98.769 ÷ 100 × 10 = 9.8769 → 9.87（保留2位小数，舍去）", id="mode-alone"),
    ],
)
def test_a_rule_rounds_as_it_says_and_the_working_says_how(rounding, actual, expect, working):
    r = score(spec(leaf("A", 10, {"kind": "ratio", "rounding": rounding})), {"A": {"facts": {"actual": actual, "target": 100}}})
    assert r.find("A").score == D(expect)
    assert str(r.find("A").explanation) == working


def test_integer_scoring_of_one_rule_leaves_the_others_at_the_spec_rounding():
    s = spec(leaf("A", 10, RATIO_WHOLE_DOWN), leaf("B", 10, {"kind": "ratio"}), leaf("C", "2.5", {"kind": "ratio"}))
    r = score(s, {"A": {"facts": {"actual": 98, "target": 100}}, "B": {"facts": {"actual": 98, "target": 99}}, "C": {"facts": {"actual": 1, "target": 3}}})
    assert [r.find(c).score for c in "ABC"] == [D(9), D("9.90"), D("0.83")]
    assert str(r.find("B").explanation) == "98 ÷ 99 × 10 = 9.89899… → 9.9"  # the usual rounding: nothing said
    assert r.total == D("19.73")  # parents and the total are exact sums of leaves rounded their own way


def test_a_named_rule_carries_its_rounding_to_every_leaf_that_uses_it():
    s = spec(leaf("A", 10, "whole"), leaf("B", 5, "whole"), rules={"whole": RATIO_WHOLE_DOWN})
    r = score(s, {"A": {"facts": {"actual": 98, "target": 100}}, "B": {"facts": {"actual": 1, "target": 3}}})
    assert (r.find("A").score, r.find("B").score) == (D(9), D(1))


def test_a_weight_finer_than_its_own_rules_rounding_is_a_spec_problem_and_only_there():
    s = spec(leaf("A", "9.5", RATIO_WHOLE_DOWN), leaf("B", "2.5", {"kind": "ratio"}))
    problems = system_problems(s)
    assert [(loc, check) for loc, _, check in problems] == [(("indicators", 0, "weight"), "weight-places")]
    assert problems[0][1] == "weight of A is 9.5, finer than its rule rounds scores (0 decimals); round the weight or raise its rule's rounding.places"


def test_the_spec_rounding_may_truncate_or_round_up_too():
    s = spec(leaf("A", 10, {"kind": "ratio"}), rounding={"places": 0, "mode": "up"})
    r = score(s, {"A": {"facts": {"actual": 81, "target": 100}}})
    assert (r.find("A").score, str(r.find("A").explanation)) == (D(9), "81 ÷ 100 × 10 = 8.1 → 9（取整，进一）")


def test_a_deduction_rule_rounds_its_deduction_in_whole_points():
    rule = {"kind": "threshold_deduction", "threshold": 95, "per_point": {"points": "0.5"}, "rounding": {"places": 0, "mode": "up"}}
    r = score(spec(leaf("A", 5, rule)), {"A": {"facts": {"actual": "93.2"}}})
    assert (r.find("A").score, str(r.find("A").explanation)) == (D(4), "(95% − 93.2%) × 0.5 = 0.9 → 1（取整，进一） deducted; 5 − 1 = 4")


def test_an_unknown_mode_is_refused_with_the_modes_named():
    with pytest.raises(ValidationError, match="'half_up', 'half_even', 'down' or 'up'"):
        spec(leaf("A", 10, {"kind": "ratio", "rounding": {"places": 0, "mode": "truncate"}}))


# ---- execution rates: rounded for the tables, scored once ---------------------------------------

EXECUTION = {"kind": "ratio", "target": 100, "source": "budget_execution_rate"}  # 得分 = 分值 × 执行率


def test_a_rate_shown_to_whole_percent_is_not_scored_from_the_rounded_rate():
    """84.5037% was shown as 85% and then scored as 85%: 8.5 → 9. The rule gives 8."""
    s = spec(leaf("A", 10, EXECUTION), rounding={"places": 0, "rate_places": 0})
    r = score(s, {}, budget=("1000000", "845037"))
    assert r.budget is not None and r.budget.rate == D(85)  # the tables show 85%
    a = r.find("A")
    assert (a.score, a.value) == (D(8), "85%")
    assert str(a.explanation) == "84.5037 ÷ 100 × 10 = 8.45037 → 8（取整，四舍五入）"


def test_a_rule_may_score_the_rate_rounded_once_to_the_places_it_says():
    rule = {**EXECUTION, "rounding": {"rate_places": 2}}
    s = spec(leaf("A", 10, rule), rounding={"places": 0, "rate_places": 0})
    a = score(s, {}, budget=("1000000", "845037")).find("A")
    assert (a.score, str(a.explanation)) == (D(8), "84.5 ÷ 100 × 10 = 8.45 → 8（取整，四舍五入）")  # 84.50%, never 85%


def test_an_unrounded_rate_is_shown_short_and_computed_in_full():
    s = spec(leaf("A", 4, {"kind": "threshold_deduction", "threshold": 95, "per_point": {"share": "0.02"}, "source": "budget_execution_rate"}))
    a = score(s, {}, budget=("4000000", "3361823.33")).find("A")
    assert str(a.explanation) == "(95% − 84.045583…%) × 2% × 4 = 0.876353… → 0.88 deducted; 4 − 0.88 = 3.12"
    assert a.value == "84.05%"


@pytest.mark.parametrize(("rate_places", "expect", "band"), [(None, "4", "[80%, 90%)"), (2, "5", "[90%, +∞)")])
def test_at_a_band_boundary_the_rounded_and_the_unrounded_rate_differ(rate_places, expect, band):
    """89.996% is below 90% unrounded, and 90.00% to two places: the rule says which it scores."""
    rule: dict[str, Any] = {"kind": "tiers", "unit": "%", "source": "budget_execution_rate", "bands": [{"min": 90, "points": 5}, {"min": 80, "max": 90, "points": 4}, {"max": 80, "points": 0}]}
    if rate_places is not None:
        rule["rounding"] = {"rate_places": rate_places}
    a = score(spec(leaf("A", 5, rule)), {}, budget=("1000000", "899960")).find("A")
    assert a.score == D(expect) and band in str(a.explanation)
    assert a.value == "90%"  # the table shows 90.00% either way


def test_rate_places_on_a_rule_without_a_source_is_refused():
    with pytest.raises(ValidationError, match=r"rounding\.rate_places rounds a rate computed from the budget lines; this rule has no source:"):
        spec(leaf("A", 10, {"kind": "ratio", "rounding": {"rate_places": 2}}))


def test_the_bundled_frameworks_score_the_rate_they_show():
    from jxpj.documents.bundled import bundled_specs
    from jxpj.load import load_spec

    for name in ("national-project", "national-self-evaluation", "shanghai-project"):
        bundled = load_spec(bundled_specs()[name])
        assert bundled.rules["budget_execution"].rounding.rate_places == 2, name


# ---- every rounding, drawn: the score is the rule's arithmetic rounded once, as the working says --

amounts = st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False, allow_infinity=False)


@given(
    places=st.integers(0, 3),
    mode=st.sampled_from(["half_up", "half_even", "down", "up"]),
    actual=amounts,
    target=amounts.filter(lambda t: t > 0),
    direction=st.sampled_from(["at_least", "at_most"]),
)
def test_a_rules_own_rounding_is_applied_once_and_said(places, mode, actual, target, direction):
    rule = {"kind": "ratio", "direction": direction, "rounding": {"places": places, "mode": mode}}
    if direction == "at_most" and actual == 0:
        actual = D("0.01")
    s = spec(leaf("A", 10, rule), leaf("B", "2.5", {"kind": "ratio"}))
    a = score(s, {"A": {"facts": {"actual": str(actual), "target": str(target)}}, "B": {"facts": {"actual": "1", "target": "3"}}}).find("A")
    assert a.score is not None and a.explanation is not None
    (step,) = a.explanation.steps
    if step.expr is not None:  # full marks are a statement; a ratio is arithmetic
        assert evaluate_text(step.expr.calc) == step.value
        assert a.score == quantize(step.value, places, mode)
        if step.rounded is not None and step.rounded != step.value:
            assert str(step).endswith("）") and ("取整" if places == 0 else f"保留{places}位小数") in str(step)
    else:
        assert a.score == D(10)
    assert D(0) <= a.score <= D(10)
