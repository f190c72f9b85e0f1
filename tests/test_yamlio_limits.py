"""The fast paths of the YAML reader find exactly what the full checks find."""

from __future__ import annotations

import pytest

from jxpj.documents.yaml_limits import MAX_DEPTH
from jxpj.documents.yaml_reader import parse_yaml
from jxpj.errors import ProblemsError


def checks(text: str) -> list[tuple[int, int, str]]:
    try:
        doc = parse_yaml(text, "f.yaml")
    except ProblemsError as exc:
        return [(p.line, p.col, p.check) for p in exc.problems]
    return [(p.line, p.col, p.check) for p in doc.problems]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("a: 1\nb: 2\n", [], id="distinct-strings"),
        pytest.param("a: 1\nb: 2\na: 3\n", [(3, 1, "duplicate-key")], id="repeated-string"),
        # YAML 1.1's octal-looking 01 stays text (see yamlio._construct_int), so it is another key
        pytest.param("1: a\n01: b\n", [], id="leading-zero-int-is-text"),
        pytest.param("1: a\n+1: b\n", [(2, 1, "duplicate-key")], id="same-int-spelt-twice"),
        pytest.param("1: a\n'1': b\n", [], id="int-and-string-differ"),
        pytest.param("yes: a\ntrue: b\n", [(2, 1, "duplicate-key")], id="same-bool-spelt-twice"),
        pytest.param("x: {k: 1, k: 2}\n", [(1, 11, "duplicate-key")], id="flow-mapping"),
    ],
)
def test_duplicate_keys_are_found_whatever_the_key_type(text, expected):
    assert checks(text) == expected


def nested_blocks(levels: int) -> str:
    return "".join(f"{'  ' * i}k{i}:\n" for i in range(levels)) + f"{'  ' * levels}v\n"


@pytest.mark.parametrize("anchor", ["", "a: &x 1\n"], ids=["plain-walk", "memo-walk"])
def test_depth_limit_holds_with_and_without_anchors(anchor):
    assert checks(anchor + nested_blocks(MAX_DEPTH - 2)) == []
    problems = checks(anchor + nested_blocks(MAX_DEPTH + 5))
    assert [c for _, _, c in problems] == ["yaml-limit"]


def test_alias_bomb_is_still_refused():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 7)]
    assert [c for _, _, c in checks("\n".join(lines) + "\n")] == ["yaml-limit"]


def test_many_values_without_anchors_are_refused_at_the_same_limit():
    text = "[" + ", ".join("1" for _ in range(200_001)) + "]\n"
    assert checks(text) == [(1, 1, "yaml-limit")]


def test_deep_flow_nesting_is_refused_before_parsing():
    assert checks("[" * 1_001 + "]" * 1_001) == [(1, 1, "yaml-limit")]


def typed(value):
    """The value with every type spelled out, so 1 and True and Decimal(1) differ."""
    if isinstance(value, dict):
        return {typed(k): typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [typed(v) for v in value]
    return (type(value).__name__, str(value))


def construct(text: str, *, shared: bool):
    from jxpj.documents import yaml_plain
    from jxpj.documents import yaml_reader as yamlio

    loader = yamlio._Loader(text)
    try:
        root = loader.get_single_node()
        data = None if root is None else yaml_plain.construct(loader, root, "<string>", shared=shared)
    finally:
        loader.dispose()
    return typed(data), sorted((n.start_mark.line, n.start_mark.column) for n in loader.duplicates)


TRICKY = [
    "a: 1\nb: -0x1F\nc: 0o17\nd: 1_000\ne: 1:30\nf: 017\ng: +12\n",
    "a: 1.5\nb: .inf\nc: -.Inf\nd: .nan\ne: 1e3\nf: 1_0.5\ng: 6.8523015e+5\nh: 1:30.5\n",
    "a: yes\nb: No\nc: ON\nd: off\ne: true\nf: ~\ng: null\nh:\ni: 'yes'\n",
    "a: 2019-06-30\nb: 2001-12-14t21:59:43.10-05:00\nc: !!str 123\nd: !!int '7'\ne: !!float '2'\n",
    "? [a, b]\n: 1\n",  # an unhashable key: PyYAML's error either way
    "base: &b {x: 1}\nuse: {<<: *b, y: 2}\n",
    "a: {<<: {x: 1}, y: 2}\n",  # a merge key without an anchor
    "a: !!set {x, y}\nb: !!binary aGVsbG8=\n",
    "a: !!omap [{x: 1}, {y: 2}]\n",
    "1: a\n1.0: b\ntrue: c\n'1': d\nyes: e\n",
    "x: [1, [2, {k: [3, {k: 4, k: 5}]}]]\nx: 2\n",
    "- a\n- {b: c, b: d}\n- - e\n  - {f: 1, f: 2}\n",
    "",
]


@pytest.mark.parametrize("text", TRICKY)
def test_the_plain_constructor_builds_what_pyyaml_builds(text):
    try:
        slow = construct(text, shared=True)
    except Exception as exc:  # noqa: BLE001 - both ways must fail alike
        with pytest.raises(type(exc)):
            construct(text, shared=False)
        return
    assert construct(text, shared=False) == slow


def test_the_plain_constructor_builds_the_example_as_pyyaml_does():
    from conftest import EXAMPLE

    for name in ("spec.yaml", "evidence.yaml"):
        text = (EXAMPLE / name).read_text(encoding="utf-8")
        assert construct(text, shared=False) == construct(text, shared=True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("a: !!int abc\n", [(1, 4, "yaml")], id="int-located"),
        pytest.param("a: !!bool maybe\n", [(1, 4, "yaml")], id="bool-located"),
        pytest.param("b: &x 1\na: !!int abc\n", [(2, 4, "yaml")], id="with-anchors-located"),
    ],
)
def test_a_value_its_tag_cannot_take_is_a_problem_not_a_traceback(text, expected):
    assert checks(text) == expected
