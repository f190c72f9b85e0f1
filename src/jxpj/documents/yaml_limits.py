"""Limits on hostile YAML, checked before and while parsing: nesting, depth, size and alias bombs."""

from __future__ import annotations

import re
from typing import Any

import yaml

from jxpj.errors import Problem, ProblemsError

try:
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - libyaml is part of the PyPI wheels we depend on
    _BaseLoader = yaml.SafeLoader


MAX_NODES = 200_000  # counted with aliases expanded, so an alias bomb stops here
MAX_DEPTH = 64  # nesting levels; real specs use fewer than ten
MAX_NESTING_CHARS = 1_000  # brackets opened in a row before the parser is even asked
MAX_INT_DIGITS = 100  # far beyond any real count; Python refuses int("9" * 5000) with a ValueError
_BRACKETS = re.compile(r"[\[\]{}]")
_CHUNK = 1 << 20


def check_nesting(text: str, path: str) -> None:
    # libyaml's parser is quadratic in flow depth (100,000 brackets take ~25 s); refuse absurd
    # flow nesting before it starts. Counting first keeps the character loop off normal files.
    if text.count("[") + text.count("{") <= MAX_NESTING_CHARS:
        return
    depth = best = 0
    # Only brackets move the depth, so the text is searched for them (a character class is
    # searched fast), a megabyte at a time to keep the list short: visiting every character in
    # Python took 25 ms of a 400 KB evidence file with 5,000 references in braces.
    for start in range(0, len(text), _CHUNK):
        for char in _BRACKETS.findall(text, start, start + _CHUNK):
            if char in "[{":
                depth += 1
                best = max(best, depth)
                if best > MAX_NESTING_CHARS:
                    break
            else:
                depth = max(0, depth - 1)
        if best > MAX_NESTING_CHARS:
            break
    if best > MAX_NESTING_CHARS:
        msg = f"nesting deeper than {MAX_NESTING_CHARS} brackets; this is not a jxpj file"
        raise ProblemsError([Problem(path, 1, 1, msg, "yaml-limit")])


def check_tree_size(node: yaml.Node, path: str, depth: int) -> int:
    """:func:`check_size` for a document without anchors: same walk order, same problems,
    no memo (every node is visited once). Recursion stops at ``MAX_DEPTH``."""
    if depth > MAX_DEPTH:
        _raise_depth(node, path)
    value = node.value
    if type(value) is str:  # a scalar
        return 1
    size = 1
    if type(node) is yaml.MappingNode:
        for key_node, value_node in reversed(value):
            size += check_tree_size(value_node, path, depth + 1)
            size += check_tree_size(key_node, path, depth + 1)
    else:
        for child in reversed(value):
            size += check_tree_size(child, path, depth + 1)
    if size > MAX_NODES:
        _raise_size(node, path)
    return size


def _raise_depth(node: yaml.Node, path: str) -> None:
    line = node.start_mark.line + 1
    msg = f"nested more than {MAX_DEPTH} levels deep; flatten the structure"
    raise ProblemsError([Problem(path, line, node.start_mark.column + 1, msg, "yaml-limit")])


def _raise_size(node: yaml.Node, path: str, *, aliases: bool = False) -> None:
    # Only a file whose aliases make it large is an alias bomb; 10**6 plain keys were called one.
    if aliases:
        msg = (
            f"expands to more than {MAX_NODES:,} values (aliases counted each time they are "
            "used); this looks like an alias bomb"
        )
    else:
        msg = f"holds more than {MAX_NODES:,} values; a jxpj file needs a few thousand (split it, or remove what is not jxpj's)"
    line, col = node.start_mark.line + 1, node.start_mark.column + 1
    raise ProblemsError([Problem(path, line, col, msg, "yaml-limit")])


_DEEP_LINE = 2_000  # levels libyaml's composer survives with room to spare (it fails near 100,000)


def check_depth(text: str, path: str) -> None:
    """Refuse deep nesting from the parser's events, before the composer sees it.

    libyaml's composer recurses once per level and crashes the interpreter (a segmentation
    fault, not an exception) near 100,000 levels of block nesting such as ``- - - - … x``,
    which a few hundred kilobytes of text can hold. The parser itself keeps an explicit stack,
    so counting its start/end events is safe, and we stop at the first level too deep.
    """
    # Block nesting costs at least one character of a line per level (indentation, or "- " in a
    # compact sequence) and flow nesting is bounded by check_nesting, so a file without a line
    # over _DEEP_LINE characters cannot nest deep enough to hurt the composer: the node walk's
    # MAX_DEPTH check then applies, and the usual file is parsed once, not twice.
    # Measured by splitting at newlines: a search for 2,001 non-newlines in a row retried at every
    # character, so its cost grew with the square of each line's length (0.45 ms of a 2 ms parse
    # of a 40 KB evidence file with 900-character lines).
    if not _has_long_line(text, _DEEP_LINE):
        return
    parser = _BaseLoader(text)
    depth = 0
    try:
        while parser.check_event():
            event = parser.get_event()  # type: ignore[no-untyped-call]
            if isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
                    msg = f"nested more than {MAX_DEPTH} levels deep; flatten the structure"
                    raise ProblemsError([Problem(path, line, col, msg, "yaml-limit")])
            elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
                depth -= 1
    except yaml.YAMLError as exc:
        raise ProblemsError([yaml_problem(exc, path, text)]) from None
    finally:
        parser.dispose()


def quick_limits(utf8: bytes) -> bool:
    """Whether :func:`check_nesting` and :func:`check_depth` pass the text of these UTF-8 bytes
    at a glance: few brackets (each is one byte in UTF-8, so the counts are the text's), and no
    line over the depth check's length even counted in bytes (never fewer than its characters)."""
    return utf8.count(b"[") + utf8.count(b"{") <= MAX_NESTING_CHARS and not _has_long_line(utf8, _DEEP_LINE)


def _has_long_line(text: str | bytes, limit: int) -> bool:
    """Whether a line of ``text`` is longer than ``limit`` characters (bytes), without splitting
    the text into lines (copying it line by line was a tenth of parsing a file). A line that long
    holds a whole block of ``limit // 2`` characters wherever the blocks start, so only a block
    without a newline has its line measured; the rest cost one search for a newline each."""
    newline: Any = "\n" if isinstance(text, str) else b"\n"
    step, size, pos = max(1, limit // 2), len(text), 0
    while pos + step <= size:
        if text.find(newline, pos, pos + step) >= 0:
            pos += step
            continue
        start = text.rfind(newline, 0, pos) + 1
        end = text.find(newline, pos + step)
        end = size if end < 0 else end
        if end - start > limit:
            return True
        pos = end  # the next line starts after this newline
    return False


def check_size(root: yaml.Node, path: str) -> None:
    """Count nodes with aliases expanded (memoised, so counting is cheap) and the depth."""
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, done = stack.pop()
        if depth > MAX_DEPTH:
            _raise_depth(node, path)
        children = _children(node)
        if done:
            sizes[id(node)] = 1 + sum(sizes[id(c)] for c in children)
            if sizes[id(node)] > MAX_NODES:
                # distinct nodes counted so far: few of them, the aliases did it
                _raise_size(node, path, aliases=len(sizes) <= MAX_NODES)
            continue
        if id(node) in sizes:
            continue
        stack.append((node, depth, True))
        stack.extend((c, depth + 1, False) for c in children if id(c) not in sizes)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def yaml_problem(exc: yaml.YAMLError, path: str, text: str) -> Problem:
    if isinstance(exc, yaml.reader.ReaderError):
        # A control character: the reader reports an offset, not a line, and a two-line message.
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        msg = f"invalid YAML: control character #x{exc.character:04X} is not allowed; remove it"
        return Problem(path, line, col, msg, "yaml")
    if not isinstance(exc, yaml.MarkedYAMLError):  # pragma: no cover - libyaml marks the rest
        return Problem(path, 1, 1, f"invalid YAML: {exc}", "yaml")
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or "invalid YAML"
    if "expected a single document" in f"{exc.context} {problem}":  # context or problem, by version
        problem = "the file holds more than one YAML document (a second '---'); keep one per file"
    elif "could not determine a constructor" in problem:
        problem = f"{problem}; custom YAML tags are not allowed in jxpj files"
    elif exc.context and "duplicate anchor" in exc.context and exc.context_mark:
        first = exc.context_mark.line + 1
        problem = f"this anchor name is already used on line {first}; give each anchor its own name"
    elif exc.context:
        problem = f"{exc.context}, {problem}"
    return Problem(path, line, col, f"invalid YAML: {problem}", "yaml")
