"""Roll-up, missing evidence, not applicable, derived facts: the engine's own behaviour."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jxpj.engine import EvidenceIssues, evaluate
from jxpj.models.evidence import Evidence
from jxpj.models.spec import Spec, system_problems
from jxpj.result import Status

SPEC = {
    "title": "t",
    "indicators": [
        {
            "code": "A",
            "name": "产出",
            "children": [
                {"code": "A1", "name": "数量", "weight": 30, "rule": {"kind": "ratio"}},
                {"code": "A2", "name": "质量", "weight": 20, "rule": {"kind": "pass_fail"}, "allow_not_applicable": True},
            ],
        },
        {
            "code": "B",
            "name": "预算",
            "children": [
                {
                    "code": "B1",
                    "name": "预算执行率",
                    "weight": 50,
                    "rule": {"kind": "threshold_deduction", "threshold": 95, "per_point": {"share": "0.02"}, "source": "budget_execution_rate"},
                }
            ],
        },
    ],
}
BUDGET = {"lines": [{"name": "a", "budget": 100, "actual": 90}]}


def score(indicators, budget=BUDGET, spec=SPEC):
    s = Spec.model_validate(spec)
    assert system_problems(s) == []
    return evaluate(s, Evidence.model_validate({"spec": "x", "project": {"name": "p"}, "budget": budget, "indicators": indicators}))


def test_parents_are_sums_and_rates_are_per_node():
    r = score({"A1": {"facts": {"actual": 9, "target": 10}}, "A2": {"facts": {"passed": True}}})
    assert [r.find(c).score for c in ("A1", "A2", "A", "B1", "B")] == [Decimal(x) for x in ("27", "20", "47", "45", "45")]
    assert r.total == Decimal("92") and r.grade == "优" and r.rate == Decimal("92")
    assert r.find("A").rate == Decimal("94")


def test_missing_evidence_is_its_own_status_never_zero():
    r = score({"A1": {"facts": {"actual": 9, "target": 10}}})
    a2 = r.find("A2")
    assert (a2.status, a2.score) == (Status.NO_EVIDENCE, None)
    assert (r.find("A").status, r.find("A").score) == (Status.INCOMPLETE, None)
    assert (r.status, r.total, r.grade) == (Status.INCOMPLETE, None, None)
    assert r.find("B1").score == Decimal("45")  # what has evidence is still scored


def test_an_entry_with_text_but_no_facts_is_still_no_evidence():
    r = score({"A1": {"value": "九成", "note": "x"}, "A2": {"facts": {"passed": True}}})
    assert r.find("A1").status == Status.NO_EVIDENCE
    assert r.find("A1").value == "九成"


def test_derived_rate_needs_budget_lines():
    r = score({"A1": {"facts": {"actual": 1, "target": 1}}, "A2": {"facts": {"passed": True}}}, budget=None)
    assert r.find("B1").status == Status.NO_EVIDENCE


def test_zero_budget_is_named_not_a_crash_and_not_a_silent_gap():
    with pytest.raises(EvidenceIssues) as exc:
        score({"A1": {"facts": {"actual": 1, "target": 1}}, "A2": {"facts": {"passed": True}}}, budget={"lines": [{"name": "a", "budget": 0, "actual": 0}]})
    assert "the budget lines add up to 0, so no rate can be computed" in exc.value.issues[0].message


def test_typing_a_derived_rate_is_refused():
    with pytest.raises(EvidenceIssues) as exc:
        score({"B1": {"facts": {"actual": 99}}})
    assert exc.value.issues[0].loc == ("indicators", "B1", "facts", "actual")
    assert "computed from the budget lines" in exc.value.issues[0].message


def test_not_applicable_rescales_the_total_when_allowed():
    r = score({"A1": {"facts": {"actual": 9, "target": 10}}, "A2": {"not_applicable": "本年度无质量考核"}})
    assert r.find("A2").status == Status.NOT_APPLICABLE
    assert r.find("A").score == Decimal("27")
    assert r.find("A").rate == Decimal("90")  # 27 of the 30 that applied
    assert r.score_sum == Decimal("72")
    assert r.total == Decimal("90")  # 72 ÷ 80 × 100
    assert str(r.total_explanation) == "not-applicable indicators excluded: 72 ÷ 80 × 100 = 90"


def test_not_applicable_only_where_the_spec_allows_it():
    with pytest.raises(EvidenceIssues) as exc:
        score({"A1": {"not_applicable": "x"}, "A2": {"facts": {"passed": True}}})
    assert "may not be marked not applicable" in exc.value.issues[0].message


def test_facts_on_a_parent_are_refused_and_all_issues_come_together():
    with pytest.raises(EvidenceIssues) as exc:
        score({"A": {"facts": {"x": 1}}, "A1": {"facts": {"actual": "lots"}}, "Q": {}})
    messages = [i.message for i in exc.value.issues]
    assert len(messages) == 3
    assert any("not a leaf" in m for m in messages)
    assert any("A1: fact actual" in m for m in messages)
    assert any("indicator Q is not in the spec" in m for m in messages)


def test_grade_bands_lower_bound_inclusive():
    s = Spec.model_validate(SPEC)
    assert [s.grade_for(Decimal(v)) for v in ("90", "89.99", "80", "79.99", "60", "59.99", "0")] == ["优", "良", "良", "中", "中", "差", "差"]


@pytest.mark.parametrize(
    ("change", "check"),
    [
        (lambda s: s["indicators"][0]["children"].append({"code": "A1", "name": "x", "weight": 0, "rule": {"kind": "pass_fail"}}), "duplicate-code"),
        (lambda s: s["indicators"][0]["children"][0].pop("rule"), "leaf-rule"),
        (lambda s: s["indicators"][0]["children"][0].pop("weight"), "leaf-weight"),
        (lambda s: s["indicators"][0]["children"][0].update(rule="nope"), "unknown-rule"),
        (lambda s: s["indicators"][0].update(weight=49), "weight-sum"),
        (lambda s: s.update(total=90), "weight-total"),
        (lambda s: s.update(grades=[{"name": "优", "min": 90}]), "grade-bands"),
    ],
)
def test_system_problems(change, check):
    import copy

    spec = copy.deepcopy(SPEC)
    change(spec)
    assert check in [c for _, _, c in system_problems(Spec.model_validate(spec))]
