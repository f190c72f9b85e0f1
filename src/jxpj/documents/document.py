"""A loaded file's data with the node tree that locates every value in it, for located problems."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from jxpj.errors import Problem

try:
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - libyaml is part of the PyPI wheels we depend on
    _BaseLoader = yaml.SafeLoader


@dataclass(slots=True)
class Document:
    """A loaded YAML file: its data and the node tree that knows every value's position."""

    path: str
    data: Any
    root: yaml.Node | None = field(default=None, repr=False)
    # Problems found while reading (keys given twice), reported with any found later.
    problems: list[Problem] = field(default_factory=list)
    # Each mapping's keys, indexed on first use: scanning them for every located problem made
    # 20,000 unknown codes in a 400 KB file take 22 s (quadratic); a 10 MB file, hours.
    _keys: dict[int, dict[str, tuple[yaml.Node, yaml.Node]]] = field(default_factory=dict, repr=False, kw_only=True)

    def locate(self, loc: Sequence[str | int], *, key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the value at ``loc``, or of its key with ``key=True``.

        Elements of ``loc`` that do not exist in the file (pydantic adds union tags, a missing
        field is not there at all) are skipped, so the answer is the deepest node that exists.
        """
        node = self.root
        if node is None:
            return (1, 1)
        key_node: yaml.Node | None = None
        for part in loc:
            child, child_key = _child(node, part, self._keys)
            if child is not None:
                node, key_node = child, child_key
        target = key_node if key and key_node is not None else node
        return (target.start_mark.line + 1, target.start_mark.column + 1)

    def sub(self, loc: Sequence[str | int], data: Any) -> Document:
        """A document for the part of this file at ``loc`` (e.g. an evidence fragment inside a
        spec's ``tests:``), holding ``data``, whose problems point into this file."""
        node = self.root
        for part in loc:
            child, _ = _child(node, part, self._keys) if node is not None else (None, None)
            if child is None:
                break  # what is missing is located at the deepest part that exists
            node = child
        return Document(self.path, data, node)

    def problem(
        self, loc: Sequence[str | int], message: str, *, check: str = "schema", key: bool = False
    ) -> Problem:
        line, col = self.locate(loc, key=key)
        return Problem(self.path, line, col, excerpt(message), check)


EXCERPT = 40  # characters of a quoted value a message repeats
# A value quoted in a message as Python quotes it ('…' or "…"), longer than EXCERPT.
_LONG = f"{{{EXCERPT + 1},}}"  # more than EXCERPT characters, in a regular expression
# The opening quote follows no letter and the closing one precedes none, so the text between two
# quoted values ("'a' or 'b'") is never taken for one.
_QUOTED = re.compile(r"(?<![\w'\"])(?:'(?:[^'\\\n]|\\.)" + _LONG + "'|" + r'"(?:[^"\\\n]|\\.)' + _LONG + r'")(?!\w)')


def excerpt(message: str) -> str:
    """``message`` with each long quoted value cut to its first :data:`EXCERPT` characters and its
    length: a value from a file is repeated to locate a mistake, never in full (a message in CI
    must not carry a key read from a file it should not have read, nor 10,000 characters)."""

    def cut(found: re.Match[str]) -> str:
        quote, inner = found.group()[0], found.group()[1:-1]
        return f"{quote}{inner[:EXCERPT]}…{quote} ({len(inner):,} characters)"

    return _QUOTED.sub(cut, message)


def _child(
    node: yaml.Node, part: str | int, cache: dict[int, dict[str, tuple[yaml.Node, yaml.Node]]]
) -> tuple[yaml.Node | None, yaml.Node | None]:
    if isinstance(node, yaml.MappingNode):
        index = cache.get(id(node))
        if index is None:
            index = {}
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    # The last of a duplicated key: that is the value YAML kept and validation saw.
                    index[key_node.value] = (value_node, key_node)
            cache[id(node)] = index
        return index.get(str(part), (None, None))
    elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        return node.value[part], None
    return None, None
