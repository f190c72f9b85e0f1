"""Composition: a spec extends a base and adds, replaces or removes indicators; problems are
located in the file that caused them."""

from __future__ import annotations

import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from jxpj import ProblemsError, load_spec
from jxpj.documents.bundled import bundled_specs

BASE = """\
title: Base
framework: {name: Base framework, source: somewhere}
rules:
  yes_no: {kind: pass_fail}
indicators:
  - code: A
    name: 决策
    weight: 40
    children:
      - {code: A1, name: 立项, weight: 20, rule: yes_no}
      - {code: A2, name: 目标, weight: 20, rule: yes_no}
  - code: B
    name: 产出
    weight: 60
    children:
      - code: B1
        name: 数量
        children:
          - {code: B11, name: 完成率, weight: 30, rule: {kind: ratio}}
          - {code: B12, name: 及时性, weight: 30, rule: yes_no}
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    """Each problem as ``file:line check``, the file named relative to its folder."""
    with pytest.raises(ProblemsError) as caught:
        load_spec(path)
    return [f"{Path(p.path).name}:{p.line} {p.check}" for p in caught.value.problems]


def messages(path: Path) -> list[str]:
    with pytest.raises(ProblemsError) as caught:
        load_spec(path)
    return [p.message for p in caught.value.problems]


@pytest.fixture
def base(tmp_path: Path) -> Path:
    return write(tmp_path, "base.yaml", BASE)


def codes(spec) -> list[str]:
    return [node.code for node in spec.walk()]


def test_a_spec_extending_a_base_without_changes_is_the_base(tmp_path, base):
    derived = load_spec(write(tmp_path, "d.yaml", "extends: base.yaml\n"))
    original = load_spec(base)
    assert derived.extends == "base.yaml"
    assert derived.indicators == original.indicators
    assert (derived.title, derived.framework) == (original.title, original.framework)


def test_add_under_a_parent_at_the_end_and_after_a_sibling(tmp_path, base):
    spec = load_spec(write(tmp_path, "d.yaml", """\
        extends: base.yaml
        indicators:
          - {code: A, weight: 50}
          - {code: A3, parent: A, name: 依据, weight: 5, rule: yes_no}
          - {code: A15, parent: A, after: A1, name: 程序, weight: 5, rule: yes_no}
          - {code: B, weight: 50}
          - {code: B12, weight: 20}
        """))
    assert codes(spec) == ["A", "A1", "A15", "A2", "A3", "B", "B1", "B11", "B12"]
    assert [i.total_weight for i in spec.indicators] == [Decimal(50), Decimal(50)]


def test_replace_merges_the_keys_given_and_null_unsets_one(tmp_path, base):
    spec = load_spec(write(tmp_path, "d.yaml", """\
        extends: base.yaml
        indicators:
          - code: B11
            name: 实际完成率
            standard: 实际完成数÷计划数×30分
        """))
    b11 = spec.find("B11")
    assert (b11.name, b11.weight, b11.standard, b11.rule.kind) == ("实际完成率", Decimal(30), "实际完成数÷计划数×30分", "ratio")
    assert problems_of_unset(tmp_path) == ["u.yaml:3 missing-key"]


def problems_of_unset(tmp_path: Path) -> list[str]:
    # Unsetting a required key is reported at the entry that unset it.
    path = write(tmp_path, "u.yaml", """\
        extends: base.yaml
        indicators:
          - {code: A, name: null}
        """)
    return problems(path)


def test_children_replace_the_whole_subtree(tmp_path, base):
    spec = load_spec(write(tmp_path, "d.yaml", """\
        extends: base.yaml
        indicators:
          - code: B1
            children:
              - {code: B13, name: 培训人次, weight: 60, rule: {kind: ratio}}
        """))
    assert codes(spec) == ["A", "A1", "A2", "B", "B1", "B13"]


def test_remove_drops_an_indicator_with_everything_under_it(tmp_path, base):
    spec = load_spec(write(tmp_path, "d.yaml", """\
        extends: base.yaml
        remove: [B1]
        indicators:
          - {code: B2, parent: B, name: 质量, weight: 60, rule: yes_no}
        """))
    assert codes(spec) == ["A", "A1", "A2", "B", "B2"]


def test_remove_then_add_moves_an_indicator(tmp_path, base):
    spec = load_spec(write(tmp_path, "d.yaml", """\
        extends: base.yaml
        remove: [B12]
        indicators:
          - {code: A, weight: 70}
          - {code: B, weight: 30}
          - {code: B12, parent: A, name: 及时性, weight: 30, rule: yes_no}
        """))
    assert codes(spec) == ["A", "A1", "A2", "B12", "B", "B1", "B11"]


def test_a_free_first_level_split_is_written_as_weights(tmp_path, base):
    # 40/60 → 25/75: restate the first level and the leaves that carry the change.
    spec = load_spec(write(tmp_path, "d.yaml", """\
        extends: base.yaml
        indicators:
          - {code: A, weight: 25}
          - {code: A1, weight: 15}
          - {code: A2, weight: 10}
          - {code: B, weight: 75}
          - {code: B11, weight: 45}
        """))
    assert [(i.code, i.total_weight) for i in spec.indicators] == [("A", Decimal(25)), ("B", Decimal(75))]


def test_rules_merge_by_name(tmp_path, base):
    spec = load_spec(write(tmp_path, "d.yaml", """\
        extends: base.yaml
        rules:
          yes_no: {kind: grade, levels: {是: 1, 否: 0}}
          extra: {kind: ratio}
        """))
    assert spec.rules["yes_no"].kind == "grade"
    assert set(spec.rules) == {"yes_no", "extra"}


def test_a_chain_of_bases(tmp_path, base):
    write(tmp_path, "middle.yaml", """\
        extends: base.yaml
        title: Middle
        remove: [A2]
        indicators:
          - {code: A1, weight: 40}
        """)
    spec = load_spec(write(tmp_path, "top.yaml", "extends: middle.yaml\ntitle: Top\n"))
    assert (spec.title, codes(spec)) == ("Top", ["A", "A1", "B", "B1", "B11", "B12"])


# ---- weights re-checked, problems located in the file that caused them ----------------------


def test_a_leaf_added_without_restating_the_parent_points_at_the_addition(tmp_path, base):
    path = write(tmp_path, "d.yaml", """\
        extends: base.yaml
        indicators:
          - {code: A3, parent: A, name: 依据, weight: 5, rule: yes_no}
        """)
    assert problems(path) == ["d.yaml:3 weight-sum"]  # A's stated 40 still makes the total 100
    first = messages(path)[0]
    assert "weight of A is 40 but its children add up to 45" in first
    assert "A's weight is set in" in first and "base.yaml:8" in first


def test_a_removal_that_breaks_the_sums_points_at_the_removal(tmp_path, base):
    path = write(tmp_path, "d.yaml", "extends: base.yaml\nremove: [B11]\n")
    assert problems(path) == ["d.yaml:2 weight-sum"]
    assert messages(path)[0].startswith("weight of B is 60 but its children add up to 30")


def test_a_changed_leaf_weight_points_at_the_change(tmp_path, base):
    path = write(tmp_path, "d.yaml", """\
        extends: base.yaml
        indicators:
          - code: B12
            weight: 20
        """)
    assert problems(path) == ["d.yaml:3 weight-sum"]


def test_a_restated_parent_weight_that_disagrees_points_at_the_restatement(tmp_path, base):
    path = write(tmp_path, "d.yaml", """\
        extends: base.yaml
        indicators:
          - {code: A, weight: 30}
        """)
    assert sorted(problems(path)) == ["d.yaml:3 weight-sum", "d.yaml:3 weight-total"]
    assert "top-level weights add up to 90, not the total 100" in messages(path)


def test_a_mistake_in_the_base_is_located_in_the_base(tmp_path):
    write(tmp_path, "base.yaml", BASE.replace("rule: {kind: ratio}", "rule: {kind: ratoi}"))
    path = write(tmp_path, "d.yaml", "extends: base.yaml\n")
    assert problems(path) == ["base.yaml:19 rule-kind"]


def test_a_mistake_in_an_added_indicator_is_located_in_the_derived_file(tmp_path, base):
    path = write(tmp_path, "d.yaml", """\
        extends: base.yaml
        indicators:
          - code: B13
            parent: B1
            name: 新增
            wieght: 0
            rule: missing_rule
        """)
    assert problems(path) == ["d.yaml:6 unknown-key"]
    assert "did you mean 'weight'?" in messages(path)[0]


def test_a_system_problem_in_an_added_indicator_is_located_in_the_derived_file(tmp_path, base):
    path = write(tmp_path, "d.yaml", """\
        extends: base.yaml
        indicators:
          - {code: A1, weight: 10}
          - code: A3
            parent: A
            name: 新增
            weight: 10
            rule: missing_rule
        """)
    assert problems(path) == ["d.yaml:8 unknown-rule"]


def test_every_composition_mistake_at_once(tmp_path, base):
    path = write(tmp_path, "d.yaml", """\
        extends: base.yaml
        remove: [B9, A2]
        indicators:
          - {code: A2, name: 目标}
          - {code: B13, parent: B7, name: x, weight: 1, rule: yes_no}
          - {code: A1, parent: B, name: moved}
          - {code: B14, parent: B1, after: B99, name: x, weight: 1, rule: yes_no}
          - {name: no code}
          - {code: A1, weight: 3}
        """)
    assert problems(path) == [
        "d.yaml:2 unknown-code",  # B9: no such indicator
        "d.yaml:5 unknown-code",  # parent B7
        "d.yaml:6 extends",  # A1 cannot move by parent:
        "d.yaml:7 unknown-code",  # after: B99
        "d.yaml:8 extends",  # no code
        "d.yaml:9 duplicate-code",  # A1 twice
    ]
    assert "cannot remove B9: the base has no such indicator; did you mean" in messages(path)[0]


def test_unknown_bundled_name_suggests_the_nearest(tmp_path):
    path = write(tmp_path, "d.yaml", "title: x\nextends: shanghai-projct\n")
    assert problems(path) == ["d.yaml:2 extends"]
    assert "did you mean 'shanghai-project'?" in messages(path)[0]


def test_missing_base_file(tmp_path):
    path = write(tmp_path, "d.yaml", "extends: ../nowhere.yaml\n")
    assert problems(path) == ["d.yaml:1 extends"]
    assert "not found" in messages(path)[0]


def test_a_cycle_is_refused_where_it_closes(tmp_path):
    write(tmp_path, "a.yaml", "extends: b.yaml\n")
    write(tmp_path, "b.yaml", "title: b\nextends: a.yaml\n")
    path = tmp_path / "a.yaml"
    assert problems(path) == ["b.yaml:2 extends-cycle"]
    assert messages(path) == ["extends forms a cycle: a.yaml → b.yaml → a.yaml"]


def test_a_spec_extending_itself(tmp_path):
    path = write(tmp_path, "a.yaml", "extends: a.yaml\n")
    assert problems(path) == ["a.yaml:1 extends-cycle"]


def test_duplicate_keys_in_a_base_are_reported(tmp_path):
    write(tmp_path, "base.yaml", BASE.replace("title: Base\n", "title: Base\ntitle: Again\n"))
    path = write(tmp_path, "d.yaml", "extends: base.yaml\n")
    assert problems(path) == ["base.yaml:2 duplicate-key"]


def test_bundled_frameworks_are_found_by_name(tmp_path):
    spec = load_spec(write(tmp_path, "d.yaml", "extends: shanghai-project\ntitle: 项目\n"))
    assert spec.title == "项目" and spec.find("B11").weight == Decimal(4)
    assert set(bundled_specs()) >= {"shanghai-project"}


def test_the_readme_composition_example_is_a_valid_spec(tmp_path):
    import re

    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```yaml\n(.*?)```", readme, re.DOTALL) if b.startswith("extends:"))
    spec = load_spec(write(tmp_path, "spec.yaml", block))
    assert [(i.name, i.total_weight) for i in spec.indicators] == [
        ("预算执行率", Decimal(10)), ("产出指标", Decimal(60)), ("效益指标", Decimal(20)), ("满意度指标", Decimal(10)),
    ]  # fmt: skip
    assert [c.code for c in spec.find("B1").children] == ["B11", "B12"]
    assert spec.find("C4") is None and spec.find("B21").name == "食品安全抽检合格率"


def test_a_bases_tests_are_not_inherited(tmp_path):
    write(tmp_path, "base.yaml", BASE + "tests:\n  - {name: t, expect: {A1: 20}}\n")
    assert load_spec(tmp_path / "base.yaml").tests
    assert load_spec(write(tmp_path, "d.yaml", "extends: base.yaml\n")).tests == ()


def test_removing_the_last_child_of_a_parent_says_what_to_do(tmp_path, base):
    path = write(tmp_path, "d.yaml", """\
        extends: base.yaml
        remove: [A1, A2]
        """)
    assert problems(path) == ["d.yaml:2 extends"]
    assert messages(path) == ["this leaves A with nothing under it; remove A itself, or add indicators under it (parent: A)"]
    refilled = write(tmp_path, "r.yaml", """\
        extends: base.yaml
        remove: [A1, A2]
        indicators:
          - {code: A3, parent: A, name: 新, weight: 40, rule: yes_no}
        """)
    assert codes(load_spec(refilled)) == ["A", "A3", "B", "B1", "B11", "B12"]
