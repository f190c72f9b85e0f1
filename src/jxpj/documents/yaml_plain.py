"""The fast path of YAML loading: tags resolved and plain data built with the same answers as
PyYAML's general machinery, at a fraction of its cost per value.

libyaml's composer asks the loader for the tag of every value it reads (:func:`resolve_tag`).
PyYAML's resolver answers in Python, trying the regular expressions of its table on every plain
value whose first character can start one (``n`` of null, ``t`` of true, digits of numbers): a
fifth of composing an evidence file. The same table answers here, tried once per distinct short
value (keys such as ``note`` and ``facts``, and values such as ``true`` or ``3``, repeat hundreds
of times a file) and not at all for a value no resolver can match.

:func:`construct` then builds the data of a document without anchors (:func:`_plain`) and checks
the size and depth limits on the way, instead of walking the tree once more beforehand. Whenever
something goes wrong, or is unusual, the limits are checked as before (``check_tree_size``), so
every limit still comes first and names the same node.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from jxpj.documents.yaml_limits import (
    MAX_DEPTH,
    MAX_INT_DIGITS,
    MAX_NODES,
    check_size,
    check_tree_size,
)

_TAG = "tag:yaml.org,2002:"
STR, SEQ, MAP = _TAG + "str", _TAG + "seq", _TAG + "map"
_TIMESTAMP, _INT, _FLOAT = _TAG + "timestamp", _TAG + "int", _TAG + "float"
_SCALARS = frozenset(_TAG + name for name in ("float", "int", "bool", "null"))

# PyYAML's own table (the one CSafeLoader resolves with), by the first character a value must have
# for each resolver: the empty string is the empty value's, and no resolver matches any character.
_TABLE = yaml.resolver.Resolver.yaml_implicit_resolvers
assert None not in _TABLE, "a resolver for any first character: resolve_tag would miss it"
_BY_FIRST: dict[str, tuple[tuple[str, Any], ...]] = {first: tuple(pairs) for first, pairs in _TABLE.items() if first is not None}
_KNOWN: dict[str, str] = {}  # value → tag, for short values: the same few repeat in every file
_KNOWN_CHARS = 24  # longer values are prose or one-off numbers, not worth keeping
_KNOWN_MAX = 4096  # bounded, whatever a batch of files holds


def resolve_tag(loader: Any, kind: type[yaml.Node], value: str | None, implicit: Any) -> str:
    """The tag PyYAML's ``Resolver.resolve`` gives (a loader's method: ``implicit`` is
    ``(plain, quoted)`` for a scalar, whether its tag was left out for a collection)."""
    if kind is ScalarNode:
        assert value is not None
        if implicit[0]:  # plain: a quoted value, or one with the tag `!`, is always text
            pairs = _BY_FIRST.get(value[:1])
            if pairs is not None:
                tag = _KNOWN.get(value)
                if tag is None:
                    tag = next((tag for tag, pattern in pairs if pattern.match(value)), STR)
                    if len(value) <= _KNOWN_CHARS and len(_KNOWN) < _KNOWN_MAX:
                        _KNOWN[value] = tag
                return tag
        return STR
    return SEQ if kind is SequenceNode else MAP


def _number(tag: str, text: str) -> int | Decimal | str | None:
    """What the loader's constructor makes of the commonest numbers (``3``, ``2019``, ``85.12``),
    without its checks for the forms these cannot be; None for any other text or tag."""
    if tag == _INT:
        # Decimal digits without a leading zero: YAML 1.2 and 1.1 agree, nothing to refuse
        if text.isdigit() and text.isascii() and (text[0] != "0" or len(text) == 1) and len(text) <= MAX_INT_DIGITS:
            return int(text)
    elif tag == _FLOAT and "_" not in text and text[-1:].isdigit():  # neither .inf nor .nan
        try:
            return Decimal(text)
        except InvalidOperation:
            return text  # e.g. YAML 1.1 base-60 "1:30.5", as the constructor leaves it
    return None


class Unusual(Exception):
    """A node the plain constructor leaves to PyYAML's (merge keys, other tags, odd keys)."""


class _Limit(Exception):
    """Too many values or levels: ``check_tree_size`` says which, where."""


def construct(loader: Any, root: yaml.Node, path: str, *, shared: bool) -> Any:
    """The document's data, every limit checked. Without anchors (``shared``) every node is
    built once by :func:`_plain`, a fraction of the cost of PyYAML's general constructor (which
    guards against the aliases and recursion that cannot occur here); anything unusual goes
    the general way, with the same result."""
    if shared:
        check_size(root, path)
        return loader.construct_document(root)
    loader.nodes = 1
    try:
        return _plain(loader, root, 1)
    except Unusual:
        check_tree_size(root, path, 1)
        loader.duplicates.clear()  # found again below
    except Exception:
        # A limit passed, or a value refused: the limits are reported first, as when the whole
        # tree was counted before anything was built.
        check_tree_size(root, path, 1)
        raise
    return loader.construct_document(root)


def _plain(loader: Any, node: yaml.Node, depth: int) -> Any:
    kind, tag = type(node), node.tag
    if kind is ScalarNode:
        if tag in (STR, _TIMESTAMP):  # dates stay text, as in the loader
            return node.value if loader.clean else loader.construct_scalar(node)  # which refuses control characters
        if tag in _SCALARS:  # exactly the constructors the loader registers for these tags
            if loader.clean and (number := _number(tag, node.value)) is not None:
                return number
            return loader.yaml_constructors[tag](loader, node)
        raise Unusual
    items = node.value
    if items:
        if depth >= MAX_DEPTH:  # its children would be nested too deep
            raise _Limit
        loader.nodes += len(items) * 2 if kind is MappingNode else len(items)
        if loader.nodes > MAX_NODES:
            raise _Limit
    if kind is SequenceNode and tag == SEQ:
        return [_plain(loader, child, depth + 1) for child in items]
    if kind is not MappingNode or tag != MAP:
        raise Unusual
    clean = loader.clean
    mapping: dict[Any, Any] = {}
    for key_node, value_node in items:
        # Text keys and values (most of them) are taken as they are, without a call each.
        if clean and key_node.tag == STR and type(key_node) is ScalarNode:
            key = key_node.value
        else:
            key = _plain(loader, key_node, depth + 1)  # a merge key (<<) has its own tag: Unusual
            if isinstance(key, list | dict):
                raise Unusual  # unhashable: PyYAML's constructor reports it with its position
        if key in mapping:
            loader.duplicates.append(key_node)
        if clean and value_node.tag == STR and type(value_node) is ScalarNode:
            mapping[key] = value_node.value
        else:
            mapping[key] = _plain(loader, value_node, depth + 1)
    return mapping
