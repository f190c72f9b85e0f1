"""The fast paths of the YAML reader find exactly what the full checks find."""

from __future__ import annotations

import pytest

from jxpj.errors import ProblemsError
from jxpj.yamlio import MAX_DEPTH, parse_yaml


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
        pytest.param("1: a\n01: b\n", [(2, 1, "duplicate-key")], id="same-int-spelt-twice"),
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
