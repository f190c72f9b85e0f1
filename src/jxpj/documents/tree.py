"""The spec tree under composition: each node with the file and place it came from, flattened into one document."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from jxpj.documents.document import Document
from jxpj.errors import Problem

Loc = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a value was written: a file, the path inside it, and a note to add to messages."""

    doc: Document
    loc: Loc
    hint: str = ""


@dataclass(slots=True)
class Composed:
    """A composed spec: quacks like a :class:`Document` for validation (``data``, ``problems``,
    ``problem``), but locates each problem in the file that wrote the value."""

    path: str
    data: Any
    origins: dict[Loc, Origin]
    problems: list[Problem] = field(default_factory=list)

    def origin(self, loc: Sequence[str | int]) -> tuple[Origin, Loc]:
        """The origin of the longest recorded prefix of ``loc``, and the rest of ``loc``."""
        for cut in range(len(loc), -1, -1):
            found = self.origins.get(tuple(loc[:cut]))
            if found is not None:
                return found, tuple(loc[cut:])
        raise AssertionError("the root is always recorded")  # pragma: no cover

    def problem(self, loc: Sequence[str | int], message: str, *, check: str = "schema", key: bool = False) -> Problem:
        origin, rest = self.origin(loc)
        line, col = origin.doc.locate((*origin.loc, *rest), key=key)
        hint = origin.hint if not rest else ""
        return Problem(origin.doc.path, line, col, message + hint, check)


@dataclass(slots=True)
class Node:
    """An indicator while composing: its keys, its children and where each came from."""

    fields: dict[str, Any]
    children: list[Node]
    origin: Origin
    field_origins: dict[str, Origin] = field(default_factory=dict)
    raw: Any = None  # an entry too malformed to patch, passed through for validation to report
    opaque: bool = False  # whether ``raw`` is such an entry (it may itself be None)
    touched: Origin | None = None  # the first entry of the current file that changed what is under it

    @property
    def code(self) -> str | None:
        code = self.fields.get("code")
        return code if isinstance(code, str) else None

    def weight_origin(self) -> Origin:
        return self.field_origins.get("weight", self.origin)


@dataclass(slots=True)
class Tree:
    top: dict[str, tuple[Any, Origin]]
    rules: dict[str, tuple[Any, Origin]] | None
    indicators: list[Node] | None
    indicators_origin: Origin
    docs: list[Document]

    def walk(self) -> Iterator[tuple[Node, Node | None, list[Node]]]:
        """(node, parent, the list holding it) for every patchable node."""
        stack: list[tuple[Node, Node | None, list[Node]]] = [(n, None, self.indicators or []) for n in reversed(self.indicators or [])]
        while stack:
            node, parent, siblings = stack.pop()
            yield node, parent, siblings
            stack.extend((c, node, node.children) for c in reversed(node.children))

    def find(self, code: str) -> tuple[Node, Node | None, list[Node]] | None:
        return next((t for t in self.walk() if t[0].code == code), None)

    def codes(self) -> list[str]:
        return [c for n, _, _ in self.walk() if (c := n.code) is not None]

    def ancestors(self, node: Node) -> list[Node]:
        parents = {id(n): p for n, p, _ in self.walk()}
        chain: list[Node] = []
        current = parents.get(id(node))
        while current is not None:
            chain.append(current)
            current = parents.get(id(current))
        return chain


def tree_of(doc: Document) -> Tree:
    """A spec that extends nothing, as a tree to patch."""
    data: dict[str, Any] = doc.data
    top = {k: (v, Origin(doc, (k,))) for k, v in data.items() if k not in ("rules", "indicators")}
    rules = data.get("rules")
    indicators = data.get("indicators")
    tree = Tree(top, None, None, Origin(doc, ("indicators",)), [doc])
    if isinstance(rules, dict):
        tree.rules = {str(k): (v, Origin(doc, ("rules", k))) for k, v in rules.items()}
    elif "rules" in data:
        top["rules"] = (rules, Origin(doc, ("rules",)))
    if isinstance(indicators, list):
        tree.indicators = [node_of(e, doc, ("indicators", i)) for i, e in enumerate(indicators)]
    elif "indicators" in data:
        top["indicators"] = (indicators, Origin(doc, ("indicators",)))
    return tree


def node_of(entry: Any, doc: Document, loc: Loc) -> Node:
    origin = Origin(doc, loc)
    if not isinstance(entry, dict) or ("children" in entry and not isinstance(entry["children"], list)):
        return Node({}, [], origin, raw=entry, opaque=True)
    children = [node_of(c, doc, (*loc, "children", j)) for j, c in enumerate(entry.get("children") or [])]
    return Node({k: v for k, v in entry.items() if k != "children"}, children, origin)


def flatten(tree: Tree, doc: Document) -> Composed:
    data: dict[str, Any] = {}
    origins: dict[Loc, Origin] = {(): Origin(doc, ())}
    for key, (value, origin) in tree.top.items():
        data[key] = value
        origins[(key,)] = origin
    if tree.rules is not None:
        data["rules"] = {name: value for name, (value, _) in tree.rules.items()}
        first = next(iter(tree.rules.values()), None)
        origins[("rules",)] = Origin(doc if "rules" in doc.data or first is None else first[1].doc, ("rules",))
        origins.update({("rules", name): origin for name, (_, origin) in tree.rules.items()})
    if tree.indicators is not None:
        data["indicators"] = [emit_node(n, ("indicators", i), origins) for i, n in enumerate(tree.indicators)]
        origins[("indicators",)] = tree.indicators_origin
    problems = [p for d in tree.docs for p in d.problems]
    return Composed(doc.path, data, origins, problems)


def emit_node(node: Node, loc: Loc, origins: dict[Loc, Origin]) -> Any:
    origins[loc] = node.origin
    if node.opaque:
        return node.raw
    origins.update({(*loc, key): origin for key, origin in node.field_origins.items()})
    out = dict(node.fields)
    if node.children or "children" in node.field_origins:
        out["children"] = [emit_node(c, (*loc, "children", j), origins) for j, c in enumerate(node.children)]
    return out
