"""The fast paths of YAML loading give exactly what the slow ones gave.

Tags are resolved by jxpj's own resolver (``documents/yaml_plain.py``) instead of PyYAML's, the
size and depth limits are counted while the data is built, a text is searched for two characters
instead of a class of them, and long lines are found without splitting the text: each is
compared here with what it replaced.
"""

from __future__ import annotations

import random
import re

import pytest
import yaml
from conftest import EXAMPLE

from jxpj.documents import yaml_plain
from jxpj.documents.yaml_limits import MAX_DEPTH, MAX_NESTING_CHARS, _has_long_line, check_nesting
from jxpj.documents.yaml_reader import _Loader, parse_yaml
from jxpj.errors import ProblemsError

WORDS = [
    "", "~", "null", "Null", "NULL", "nul", "nulls", "yes", "Yes", "YES", "yEs", "no", "No", "NO", "n", "y", "Y",
    "true", "True", "TRUE", "tRue", "false", "off", "Off", "OFF", "on", "On", "ON", "onn", "note", "name", "facts",
    "0", "00", "010", "0x1F", "-0x1f", "0o17", "0b101", "+12", "-3", "1_000", "1:30", "190:20:30", "1:30.5",
    "1.5", ".5", "-.5", "1.", "1e3", "1.0e+3", "6.8523015e+5", ".inf", "-.Inf", "+.INF", ".nan", ".NaN", ".NAN",
    "2019-06-30", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10", "2002-12-14", "2018年", "12月",
    "<<", "<", "=", "==", "-", "+", ".", "..", "../spec.yaml", "100%", "3.2.1", "1,000", "0.5分", "项目", "a b",
]


@pytest.mark.parametrize("value", WORDS)
def test_tags_are_resolved_as_pyyaml_resolves_them(value):
    slow = yaml.resolver.Resolver()
    for implicit in ((True, False), (False, True), (False, False)):
        expected = slow.resolve(yaml.ScalarNode, value, implicit)
        assert yaml_plain.resolve_tag(None, yaml.ScalarNode, value, implicit) == expected, (value, implicit)
        assert yaml_plain.resolve_tag(None, yaml.ScalarNode, value, implicit) == expected, "the second time, known"


def test_collections_get_pyyaml_tags_and_the_loader_uses_pyyaml_table():
    slow = yaml.resolver.Resolver()
    for kind in (yaml.SequenceNode, yaml.MappingNode):
        for implicit in (True, False):
            assert yaml_plain.resolve_tag(None, kind, None, implicit) == slow.resolve(kind, None, implicit)
    assert _Loader.yaml_implicit_resolvers is yaml.resolver.Resolver.yaml_implicit_resolvers
    assert not _Loader.yaml_path_resolvers


def test_every_value_of_the_examples_gets_pyyaml_tag():
    for path in sorted(EXAMPLE.parent.glob("*/*.yaml")):
        text = path.read_text(encoding="utf-8")
        fast, slow = _Loader(text), yaml.CSafeLoader(text)
        try:
            assert _tags(fast.get_single_node()) == _tags(slow.get_single_node()), path
        finally:
            fast.dispose()
            slow.dispose()


def _tags(node: yaml.Node) -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = []
    stack = [node]
    while stack:
        node = stack.pop()
        out.append((node.tag, node.value if isinstance(node.value, str) else None))
        if isinstance(node, yaml.MappingNode):
            stack.extend(n for pair in node.value for n in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return out


_ESCAPES = re.compile(r"[\\\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # what `clean` searched for before


@pytest.mark.parametrize("code", [*range(0x20), *range(0x7F, 0xA0), ord("\\")])
def test_a_text_is_clean_exactly_when_the_character_class_said_so(code):
    char = chr(code)
    for text in (f"a: x{char}y\n", f"a: 'x{char}y'\n", f'a: "x{char}y"\n', f"a: |\n  x{char}y\n", f"# {char}\na: 1\n"):
        loader = _Loader(text)
        try:
            loader.get_single_node()
        except yaml.YAMLError:
            continue  # libyaml refuses the character: `clean` is never asked
        finally:
            loader.dispose()
        assert loader.clean == (not _ESCAPES.search(text)), repr(text)


def test_long_lines_are_found_as_splitting_the_text_found_them():
    rng = random.Random(17)
    for _ in range(3000):
        lines = ["x" * rng.choice([0, 1, 9, 999, 1000, 1001, 1999, 2000, 2001, 4001]) for _ in range(rng.randrange(1, 8))]
        text = "\n".join(lines)
        limit = rng.choice([1, 2, 3, 10, 2000])
        assert _has_long_line(text, limit) == (max(map(len, text.split("\n"))) > limit), (limit, list(map(len, lines)))


def _problem(text: str) -> tuple[int, int, str]:
    with pytest.raises(ProblemsError) as caught:
        parse_yaml(text, "f.yaml")
    (problem,) = caught.value.problems
    return problem.line, problem.col, problem.check


def _deep(levels: int) -> str:
    return "".join(f"{'  ' * i}k{i}:\n" for i in range(levels)) + f"{'  ' * levels}leaf\n"


def test_a_limit_counted_while_building_is_reported_before_a_value_refused_earlier():
    # The bad value comes first in the file; the limits were checked before anything was built.
    line, _col, check = _problem("a: !!int abc\nb:\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(MAX_DEPTH + 2)) + "  " * (MAX_DEPTH + 3) + "x\n")
    assert check == "yaml-limit" and line > 2
    assert _problem("a: !!int abc\n") == (1, 4, "yaml")


@pytest.mark.parametrize("levels", [MAX_DEPTH - 2, MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1])
def test_the_depth_limit_holds_where_it_held(levels):
    text = _deep(levels)
    nodes = _Loader(text).get_single_node()
    try:
        yaml_plain.check_tree_size(nodes, "f.yaml", 1)
    except ProblemsError as exc:
        (expected,) = exc.problems
        assert _problem(text) == (expected.line, expected.col, "yaml-limit")
    else:
        parse_yaml(text, "f.yaml")


NUMBERS = [
    "0", "7", "2019", "010", "0x1F", "-3", "+12", "1_000", "1:30", "9" * 100, "9" * 101, "١٢",
    "1.5", "85.12", "748200.0", "1.", ".5", "-0.0", "1e3", "1.0e+3", "1_0.5", "1:30.5", ".inf", ".NaN",
    "!!int '7'", "!!int ٣", "!!float 3", "!!float '٣'", "!!float 1_000", "!!int 1.5", "!!float abc",
]


@pytest.mark.parametrize("text", NUMBERS)
def test_numbers_are_built_as_the_general_constructor_builds_them(text):
    def load(source: str) -> object:
        try:
            value = parse_yaml(source, "f.yaml").data["a"]
        except ProblemsError as exc:
            return [(p.line, p.col, p.message) for p in exc.problems]
        return type(value).__name__, str(value)

    # An anchor sends the whole document down PyYAML's general constructor.
    assert load(f"a: {text}\n") == load(f"a: {text}\nb: &b 1\n")


def _nested_too_deep(text: str) -> bool:
    """check_nesting's verdict as its character loop gave it."""
    depth = best = 0
    for char in text:
        if char in "[{":
            depth += 1
            best = max(best, depth)
        elif char in "]}":
            depth = max(0, depth - 1)
    return text.count("[") + text.count("{") > MAX_NESTING_CHARS and best > MAX_NESTING_CHARS


def test_flow_nesting_is_measured_as_the_character_loop_measured_it():
    rng = random.Random(29)
    for _ in range(300):
        pieces = [rng.choice(["[", "{", "]", "}", "x", "{A1.n}", "[" * rng.randrange(600), "]" * rng.randrange(600)]) for _ in range(rng.randrange(1, 40))]
        text = "".join(pieces)
        try:
            check_nesting(text, "f.yaml")
        except ProblemsError:
            assert _nested_too_deep(text)
        else:
            assert not _nested_too_deep(text)


UTF8_CASES = [
    "a: 1\n",
    "\ufeffa: 1\n",
    "\ufeff\ufeffa: 1\n",
    "名称: 项目\n说明: \"转义\\t与\\u0085\"\n",
    "a: x\u0085y\n",
    "a: \"\\e[31m\"\n",
    "a: &x 1\nb: *x\n",
    "a: 1\na: 2\n",
    "a: [1, 2\n",
    "---\na: 1\n---\nb: 2\n",
    "a: 1\n" + "说" * 700 + ": x\n",  # a line of 2,100 bytes, 700 characters
    "a: " + "[" * 600 + "]" * 600 + "\n" + "b: {x: 1}\n" * 500,
    "- " * 70 + "x\n",
    "a: !!int abc\n",
    "a: \x07\n",
    "",
    "# only a comment\n",
]
BAD_UTF8 = [
    b"a: 1\n# \xff\n",
    b"a: \xe9t\xe9\n",
    b"\xff\xfea\x00:\x00 \x001\x00\n\x00",  # UTF-16 with its byte order mark
    b"\xfe\xff\x00a\x00:\x00 \x001\x00\n",
    b"a: \xed\xa0\x80\n",  # a surrogate
    b"a: \xc0\xaf\n",  # an overlong slash
    b"a: \xe4\xb8",  # cut inside a character
    b"\xef\xbb\xbfa: \x80\n",
]


def _outcome(call):
    try:
        doc = call()
    except ProblemsError as exc:
        return [(p.line, p.col, p.message, p.check) for p in exc.problems]
    return _typed_tree(doc.data), [(p.line, p.col, p.message) for p in doc.problems], _tags(doc.root) if doc.root else None


def _typed_tree(value):
    if isinstance(value, dict):
        return [(_typed_tree(k), _typed_tree(v)) for k, v in value.items()]
    if isinstance(value, list):
        return [_typed_tree(v) for v in value]
    return type(value).__name__, str(value)


@pytest.mark.parametrize("raw", [c.encode() for c in UTF8_CASES] + BAD_UTF8 + [(EXAMPLE / "evidence.yaml").read_bytes()])
def test_bytes_parse_as_their_decoded_text_parses(raw):
    from jxpj.documents.yaml_reader import decode_text, parse_utf8

    assert _outcome(lambda: parse_utf8(raw, "f.yaml")) == _outcome(lambda: parse_yaml(decode_text(raw, "f.yaml"), "f.yaml"))


def test_a_file_that_parses_is_not_decoded_first(monkeypatch):
    from jxpj.documents import yaml_reader

    def decoded(*_args):
        raise AssertionError("decoded")

    monkeypatch.setattr(yaml_reader, "decode_text", decoded)
    for name in ("evidence.yaml", "spec.yaml"):
        assert yaml_reader.parse_utf8((EXAMPLE / name).read_bytes(), name).data
