"""The bundled frameworks: each is a valid, checked spec with its source, standards and weights."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jxpj import Status, evaluate
from jxpj.documents.bundled import bundled_specs
from jxpj.documents.yaml_reader import load_yaml
from jxpj.models.evidence import Evidence
from jxpj.models.spec import system_problems
from jxpj.models.validate import validate_spec

NAMES = ["national-project", "national-self-evaluation", "shanghai-project"]


def spec_of(name: str):
    spec, warnings = validate_spec(load_yaml(bundled_specs()[name]))
    assert warnings == []
    return spec


def score(name: str, facts: dict, budget: list | None = None):
    data = {"spec": name, "project": {"name": "p"}, "indicators": facts}
    if budget:
        data["budget"] = {"lines": budget}
    return evaluate(spec_of(name), Evidence.model_validate(data))


def test_the_bundled_frameworks():
    # the 部门整体 frameworks and the Sichuan form are tested in tests/test_frameworks_dept.py
    assert list(bundled_specs()) == sorted([*NAMES, "dazhou-department", "national-department", "sichuan-self-evaluation"])


@pytest.mark.parametrize("name", NAMES)
def test_each_passes_validation_and_the_system_checks(name):
    spec = spec_of(name)
    assert system_problems(spec) == []
    assert spec.total == Decimal(100)


@pytest.mark.parametrize("name", NAMES)
def test_each_cites_its_source_says_what_is_unverified_and_writes_out_every_standard(name):
    spec = spec_of(name)
    assert spec.framework and spec.framework.source and "〔20" in spec.framework.source
    assert "Unverified [M]" in (spec.framework.notes or "")
    assert [leaf.code for leaf in spec.leaves() if not leaf.standard] == []


def first_level(name: str) -> dict[str, Decimal]:
    return {i.name: i.total_weight for i in spec_of(name).indicators}


def test_national_project_weights_put_at_least_60_on_outputs_and_outcomes():
    weights = first_level("national-project")
    assert list(weights) == ["决策", "过程", "产出", "效益"]
    assert weights["产出"] + weights["效益"] >= 60


def test_national_self_evaluation_weights_and_layout():
    assert first_level("national-self-evaluation") == {
        "预算执行率": Decimal(10), "产出指标": Decimal(50), "效益指标": Decimal(30), "满意度指标": Decimal(10),
    }  # fmt: skip
    assert spec_of("national-self-evaluation").layout == "self_evaluation"


def test_shanghai_project_weights():
    assert first_level("shanghai-project") == {"项目决策": Decimal(10), "项目管理": Decimal(30), "项目绩效": Decimal(60)}


def test_national_formulas_score_as_their_standards_say():
    result = score(
        "national-project",
        {
            "B11": {"facts": {"actual": 950000, "target": 1000000}},  # 资金到位率 95% × 3
            "C11": {"facts": {"actual": 9, "target": 10}},  # 实际完成率 90% × 12
            "C41": {"facts": {"planned_cost": 1000000, "actual_cost": 1030000}},  # 3% over: 15% off
        },
        budget=[{"name": "专项", "budget": 1000000, "actual": 934800}],
    )
    assert result.find("B11").score == Decimal("2.85")
    assert result.find("B12").score == Decimal("4.67")  # 93.48% × 5 = 4.674
    assert result.find("C11").score == Decimal("10.8")
    assert result.find("C41").score == Decimal("5.1")
    assert result.find("A11").status == Status.NO_EVIDENCE


def test_cost_within_plan_earns_full_marks():
    result = score("national-project", {"C41": {"facts": {"planned_cost": 1000000, "actual_cost": 990000}}})
    assert result.find("C41").score == Decimal(6)


QUALITATIVE = {"band": "部分达成", "score": 15, "justification": "两项子目标完成一项"}


def test_a_qualitative_indicator_is_scored_inside_its_band_and_flagged():
    result = score("national-self-evaluation", {"C21": {"facts": QUALITATIVE}})
    c21 = result.find("C21")
    assert (c21.score, c21.judgment) == (Decimal(15), True)
    assert str(c21.explanation) == (
        "部分达成 [60%, 80%) of 20 = [12, 16); evaluator's judgment → 15 of 20: 两项子目标完成一项"
    )


@pytest.mark.parametrize(
    ("band", "value", "ok"),
    [
        pytest.param("达成", "20", True, id="top-of-achieved-included"),
        pytest.param("达成", "16", True, id="80%-is-achieved"),
        pytest.param("部分达成", "16", False, id="80%-is-not-partial"),
        pytest.param("部分达成", "12", True, id="60%-is-partial"),
        pytest.param("未达成", "12", False, id="60%-is-not-missed"),
        pytest.param("未达成", "0", True, id="zero-is-missed"),
    ],
)
def test_band_bounds_follow_the_national_text(band, value, ok):
    from jxpj.engine import EvidenceIssues

    facts = {"C21": {"facts": {**QUALITATIVE, "band": band, "score": value}}}
    if ok:
        assert score("national-self-evaluation", facts).find("C21").score == Decimal(value)
        return
    with pytest.raises(EvidenceIssues) as caught:
        score("national-self-evaluation", facts)
    (issue,) = caught.value.issues
    assert issue.loc == ("indicators", "C21", "facts", "score")
    assert f"score {value} is outside {band}" in issue.message


def test_an_unknown_band_is_refused_with_the_bands_named():
    from jxpj.engine import EvidenceIssues

    with pytest.raises(EvidenceIssues) as caught:
        score("national-self-evaluation", {"C21": {"facts": {**QUALITATIVE, "band": "基本达成"}}})
    assert "not one of this rule's bands: 达成、部分达成、未达成" in caught.value.issues[0].message


def test_self_evaluation_budget_execution_scores_rate_times_weight():
    result = score("national-self-evaluation", {}, budget=[{"name": "当年财政拨款", "budget": "2800000", "actual": "2617436.50"}])
    assert (result.budget.rate, result.find("A").score) == (Decimal("93.48"), Decimal("9.35"))


def test_the_flat_copy_of_the_2018_spec_is_the_composed_example():
    """tests/data/dangjian_flat/spec.yaml (used to break the spec in place) must stay the same tree."""
    from conftest import EXAMPLE, ROOT

    from jxpj.load import load_spec

    composed = load_spec(EXAMPLE / "spec.yaml")
    flat = load_spec(ROOT / "tests" / "data" / "dangjian_flat" / "spec.yaml")
    assert composed.indicators == flat.indicators
    assert [composed.rule_of(n) for n in composed.leaves()] == [flat.rule_of(n) for n in flat.leaves()]
