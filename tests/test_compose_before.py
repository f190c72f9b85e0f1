"""``before:`` beside ``after:``: a derived spec places a new indicator first, or right before any
sibling, without restating the siblings; its mistakes are located like every composition mistake."""

from __future__ import annotations

from decimal import Decimal

from test_compose import BASE, codes, messages, problems, write

from jxpj import load_spec


def base(tmp_path):
    return write(tmp_path, "base.yaml", BASE)


def test_before_the_first_sibling_adds_a_child_first(tmp_path):
    base(tmp_path)
    spec = load_spec(write(tmp_path, "d.yaml", """\
        extends: base.yaml
        total: 105
        indicators:
          - {code: A, weight: 45}
          - {code: A0, parent: A, before: A1, name: 依据, weight: 5, rule: yes_no}
        """))
    assert codes(spec) == ["A", "A0", "A1", "A2", "B", "B1", "B11", "B12"]
    assert [i.total_weight for i in spec.indicators] == [Decimal(45), Decimal(60)]


def test_before_a_later_sibling_and_at_the_top_level(tmp_path):
    base(tmp_path)
    spec = load_spec(write(tmp_path, "d.yaml", """\
        extends: base.yaml
        total: 110
        indicators:
          - {code: B13, parent: B1, before: B12, name: 质量, weight: 0, rule: yes_no}
          - {code: Z, before: A, name: 前置, weight: 10, rule: yes_no}
        """))
    assert codes(spec) == ["Z", "A", "A1", "A2", "B", "B1", "B11", "B13", "B12"]


def test_entries_placed_beside_one_sibling_keep_the_order_they_are_written_in(tmp_path):
    # Each entry is placed as it is read: two before: A1 land in file order, right before A1;
    # two after: A2 land right after A2, the later one first (as after: always did).
    base(tmp_path)
    spec = load_spec(write(tmp_path, "d.yaml", """\
        extends: base.yaml
        indicators:
          - {code: A, weight: 40}
          - {code: Aa, parent: A, before: A1, name: 一, weight: 0, rule: yes_no}
          - {code: Ab, parent: A, before: A1, name: 二, weight: 0, rule: yes_no}
          - {code: Ac, parent: A, after: A2, name: 三, weight: 0, rule: yes_no}
          - {code: Ad, parent: A, after: A2, name: 四, weight: 0, rule: yes_no}
          - {code: Ae, parent: A, before: Ac, name: 五, weight: 0, rule: yes_no}
          - {code: Af, parent: A, after: Aa, name: 六, weight: 0, rule: yes_no}
          - {code: Ag, parent: A, name: 七, weight: 0, rule: yes_no}
        """))
    assert codes(spec)[:10] == ["A", "Aa", "Af", "Ab", "A1", "A2", "Ad", "Ae", "Ac", "Ag"]


def test_a_child_added_before_the_first_changes_the_parent_weight_located_at_the_entry(tmp_path):
    base(tmp_path)
    path = write(tmp_path, "d.yaml", """\
        extends: base.yaml
        indicators:
          - {code: A0, parent: A, before: A1, name: 依据, weight: 5, rule: yes_no}
        """)
    assert problems(path) == ["d.yaml:3 weight-sum"]
    message = messages(path)[0]
    assert message.startswith("weight of A is 40 but its children add up to 45; make them agree (A's weight is set in ")
    assert message.endswith("base.yaml:8; this entry changes what is under it)")


def test_before_through_a_chain_of_bases(tmp_path):
    base(tmp_path)
    write(tmp_path, "mid.yaml", """\
        extends: base.yaml
        indicators:
          - {code: A, weight: 45}
          - {code: A0, parent: A, before: A1, name: 依据, weight: 5, rule: yes_no}
        """)
    spec = load_spec(write(tmp_path, "d.yaml", """\
        extends: mid.yaml
        total: 105
        indicators:
          - {code: B10, parent: B1, before: B11, name: 前期, weight: 0, rule: yes_no}
          - {code: A00, parent: A, before: A0, name: 调研, weight: 0, rule: yes_no}
        """))
    assert codes(spec) == ["A", "A00", "A0", "A1", "A2", "B", "B1", "B10", "B11", "B12"]


def test_before_a_code_that_is_not_a_sibling(tmp_path):
    base(tmp_path)
    path = write(tmp_path, "d.yaml", """\
        extends: base.yaml
        indicators:
          - {code: A0, parent: A, before: B11, name: x, weight: 0, rule: yes_no}
          - {code: Z, before: A1, name: x, weight: 0, rule: yes_no}
          - {code: B13, parent: B1, before: 12, name: x, weight: 0, rule: yes_no}
        """)
    assert problems(path) == ["d.yaml:3 unknown-code", "d.yaml:4 unknown-code", "d.yaml:5 unknown-code"]
    assert messages(path) == [
        "before: B11 is not an indicator under A; name a sibling, or leave before: out to add at the end",
        "before: A1 is not an indicator at the top level; name a sibling, or leave before: out to add at the end",
        "before: 12 is not an indicator under B1; name a sibling, or leave before: out to add at the end",
    ]


def test_after_and_before_together_and_before_on_a_base_indicator(tmp_path):
    base(tmp_path)
    path = write(tmp_path, "d.yaml", """\
        extends: base.yaml
        indicators:
          - code: A0
            parent: A
            after: A1
            before: A2
            name: x
            weight: 0
            rule: yes_no
          - {code: A2, before: A1}
        """)
    assert problems(path) == ["d.yaml:6 extends", "d.yaml:10 extends"]
    assert messages(path) == [
        "A0 gives both after: and before:; give one, to place it beside one sibling",
        "before: places new indicators only; A2 keeps its place in the base",
    ]


def test_before_null_adds_at_the_end_as_after_null_does(tmp_path):
    base(tmp_path)
    spec = load_spec(write(tmp_path, "d.yaml", """\
        extends: base.yaml
        indicators:
          - {code: A3, parent: A, before: null, name: x, weight: 0, rule: yes_no}
          - {code: A4, parent: A, after: null, before: A1, name: y, weight: 0, rule: yes_no}
        """))
    assert codes(spec)[:5] == ["A", "A4", "A1", "A2", "A3"]


def test_children_given_with_a_new_indicator_placed_before(tmp_path):
    base(tmp_path)
    spec = load_spec(write(tmp_path, "d.yaml", """\
        extends: base.yaml
        total: 110
        indicators:
          - code: Z
            before: B
            name: 新增一级
            children:
              - {code: Z1, name: 子, weight: 10, rule: yes_no}
          - {code: Z2, parent: Z, before: Z1, name: 子前, weight: 0, rule: yes_no}
        """))
    assert codes(spec) == ["A", "A1", "A2", "Z", "Z2", "Z1", "B", "B1", "B11", "B12"]


def test_a_removed_sibling_cannot_be_placed_before(tmp_path):
    base(tmp_path)
    path = write(tmp_path, "d.yaml", """\
        extends: base.yaml
        remove: [A1]
        indicators:
          - {code: A, weight: 20}
          - {code: A0, parent: A, before: A1, name: x, weight: 0, rule: yes_no}
        """)
    assert problems(path) == ["d.yaml:5 unknown-code"]
