"""The 部门整体 frameworks and the Sichuan self-evaluation variant: valid, sourced, and scoring as
their 评分标准 say, at and around each boundary the rules draw."""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

import pytest

from jxpj import evaluate
from jxpj.documents.bundled import bundled_specs
from jxpj.documents.yaml_reader import load_yaml
from jxpj.models.evidence import Evidence
from jxpj.models.spec import system_problems
from jxpj.models.validate import validate_spec

NEW = ["dazhou-department", "national-department", "sichuan-self-evaluation"]


def spec_of(name: str):
    spec, warnings = validate_spec(load_yaml(bundled_specs()[name]))
    assert warnings == []
    return spec


def leaf(name: str, code: str, facts: dict[str, Any], budget: list[dict[str, Any]] | None = None):
    data: dict[str, Any] = {"spec": name, "project": {"name": "p"}, "indicators": {code: {"facts": facts}} if facts else {}}
    if budget:
        data["budget"] = {"lines": budget}
    return evaluate(spec_of(name), Evidence.model_validate(data)).find(code)


@pytest.mark.parametrize("name", NEW)
def test_each_is_a_checked_spec_of_100_with_its_sources_and_every_standard(name):
    spec = spec_of(name)
    assert system_problems(spec) == [] and spec.total == D(100)
    assert spec.framework is not None and "http" in (spec.framework.source or "")
    assert "Unverified [M]" in (spec.framework.notes or "")
    assert [leaf.code for leaf in spec.leaves() if not leaf.standard] == []
    assert not any(spec.rule_of(leaf).kind == "judgment" for leaf in spec.leaves())  # every score checkable


def first_level(name: str) -> dict[str, D]:
    return {i.name: i.total_weight for i in spec_of(name).indicators}


def test_first_levels():
    assert first_level("national-department") == {"投入": D(15), "过程": D(35), "产出": D(25), "效果": D(25)}
    assert first_level("dazhou-department") == {"部门决策": D(25), "综合管理": D(30), "部门绩效": D(45)}
    assert first_level("sichuan-self-evaluation") == {"预算执行情况": D(10), "绩效指标": D(90)}
    sichuan = spec_of("sichuan-self-evaluation")
    assert (sichuan.layout, sichuan.unit) == ("self_evaluation", "万元")


def test_dazhou_points_are_the_published_ones():
    spec = spec_of("dazhou-department")
    points = {n.name: n.total_weight for n in spec.walk() if not n.is_leaf}
    assert points == {
        "部门决策": 25, "目标任务": 15, "预算编制": 10, "综合管理": 30, "专项资金分配时限": 2, "中期评估": 2, "绩效监控": 5,
        "非税收入执收情况": 2, "资产管理": 6, "内控制度管理": 2, "信息公开": 6, "绩效评价": 5, "部门绩效": 45, "履职成效": 20,
        "可持续发展能力": 15, "满意度": 10,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("code", "actual", "score"),
    [
        ("A21", "100", "3"),  # 在职人员控制率 ≤ 100%
        ("A21", "101.5", "2.55"),  # each point over deducts 10% of 3
        ("A21", "110", "0"),
        ("A22", "0", "3"),  # "三公经费"变动率 ≤ 0
        ("A22", "-12", "3"),
        ("A22", "2", "2.4"),
        ("A23", "90", "4"),  # 重点支出安排率 ≥ 90%
        ("A23", "89.99", "3.2"),
        ("A23", "60", "1.6"),
        ("A23", "59.99", "0"),
        ("B12", "0", "2"),  # 预算调整率 = 0
        ("B12", "0.01", "1.4"),  # 0—10%（含）
        ("B12", "10", "1.4"),
        ("B12", "10.01", "0.8"),
        ("B12", "30", "0.4"),
        ("B12", "30.01", "0"),
        ("B15", "0", "2"),
        ("B15", "12.5", "0"),
    ],
)
def test_national_department_rates_at_their_boundaries(code, actual, score):
    assert leaf("national-department", code, {"actual": actual}).score == D(score)


def test_national_department_budget_completion_is_computed_from_the_lines():
    b11 = leaf("national-department", "B11", {}, [{"name": "基本支出", "budget": "1250.6", "actual": "1238.42"}, {"name": "项目支出", "budget": "860", "actual": "772.38"}])
    assert (b11.score, b11.value, str(b11.explanation)) == (D("3.81"), "95.27%", "95.27 ÷ 100 × 4 = 3.8108 → 3.81")


def test_national_department_deducts_per_non_compliance():
    facts = {"findings": [{"item": "non_compliance", "count": 2, "reason": "2笔支出无审批手续"}]}
    assert leaf("national-department", "B22", facts).score == D(2)
    assert leaf("national-department", "B32", {"findings": []}).score == D(2)


@pytest.mark.parametrize(
    ("actual", "score"),
    [("2023-03-31", "1"), ("2023-04-01", "1"), ("2023-04-09", "1"), ("2023-04-10", "0.5"), ("2023-04-20", "0"), ("2023年5月30日", "0")],
)
def test_dazhou_deadlines_lose_half_the_weight_per_ten_days_late(actual, score):
    """市级财力专项预算分配时限 (1分): 每逾期10天扣0.5分; 9 days late is not a whole 10 yet."""
    assert leaf("dazhou-department", "B11", {"actual": actual, "target": "2023年3月31日"}).score == D(score)


def test_sichuan_budget_execution_scores_the_rate_it_shows():
    a = leaf("sichuan-self-evaluation", "A", {}, [{"name": "财政资金", "budget": "115", "actual": "103.52"}, {"name": "其他资金", "budget": "5", "actual": "4.2"}])
    assert (a.score, a.value) == (D("8.98"), "89.77%")


def test_init_writes_a_skeleton_for_each(cli, tmp_path):
    from jxpj import Status, score_file

    for name in NEW:
        folder = tmp_path / name
        assert cli("init", folder, "--framework", name).exit_code == 0
        text = (folder / "evidence.yaml").read_text(encoding="utf-8")
        assert "adjusted: {score: …, reason: …}" in text
        result = score_file(folder / "evidence.yaml")
        assert {n.status for n in result.leaves()} == {Status.NO_EVIDENCE}
    dazhou = (tmp_path / "dazhou-department" / "evidence.yaml").read_text(encoding="utf-8")
    assert "#   actual:               # 完成时间, e.g. 2023年6月30日" in dazhou
    sichuan = (tmp_path / "sichuan-self-evaluation" / "evidence.yaml").read_text(encoding="utf-8")
    assert "# budget:                     # 支出明细表, in 万元; 预算执行率" in sichuan and "# overall_goal:" in sichuan
