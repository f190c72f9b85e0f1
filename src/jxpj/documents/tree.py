"""The spec tree under composition: each node with the file and place it came from, flattened into one document."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from jxpj.documents.document import Document, excerpt
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
        return Problem(origin.doc.path, line, col, excerpt(message) + hint, check)  # values quoted short


@dataclass(slots=True, eq=False)  # nodes are compared by identity: equal entries are two nodes
class Node:
    """An indicator while composing: its keys, its children and where each came from."""

    fields: dict[str, Any]
    children: list[Node]
    origin: Origin
    field_origins: dict[str, Origin] = field(default_factory=dict)
    raw: Any = None  # an entry too malformed to patch, passed through for validation to report
    opaque: bool = False  # whether ``raw`` is such an entry (it may itself be None)
    touched: Origin | None = None  # the first entry of the current file that changed what is under it
    parent: Node | None = field(default=None, repr=False)  # None at the top level
    # Nodes placed right before / after this one, not yet in their parent's list (see Tree.settle).
    before: list[Node] = field(default_factory=list, repr=False)
    after: list[Node] = field(default_factory=list, repr=False)  # the latest first once settled
    detached: bool = field(default=False, repr=False)  # removed; dropped from its list at settle

    @property
    def code(self) -> str | None:
        code = self.fields.get("code")
        return code if isinstance(code, str) else None

    def weight_origin(self) -> Origin:
        return self.field_origins.get("weight", self.origin)


@dataclass(slots=True)
class Tree:
    """The composed tree, indexed by code so that each change costs the same however many
    indicators there are: walking the tree for every entry made 5,000 indicators take 28 s."""

    top: dict[str, tuple[Any, Origin]]
    rules: dict[str, tuple[Any, Origin]] | None
    indicators: list[Node] | None
    indicators_origin: Origin
    docs: list[Document]
    hints: int = 20  # unknown codes left that get a did-you-mean (see jxpj.documents.patch)
    # code -> the nodes in the tree with it, in the order they joined it (by id; two only in a
    # spec that validation rejects for the duplicate): the first is the one an entry changes.
    _index: dict[str, dict[int, Node]] = field(default_factory=dict, repr=False)
    _children: dict[tuple[int, str], dict[int, Node]] = field(default_factory=dict, repr=False)  # by (id(parent), code)
    _unsettled: dict[int, Node | None] = field(default_factory=dict, repr=False)  # lists to rebuild, by owner

    def walk(self) -> Iterator[tuple[Node, Node | None, list[Node]]]:
        """(node, parent, the list holding it) for every patchable node."""
        self.settle()
        stack: list[tuple[Node, Node | None, list[Node]]] = [(n, None, self.indicators or []) for n in reversed(self.indicators or [])]
        while stack:
            node, parent, siblings = stack.pop()
            yield node, parent, siblings
            stack.extend((c, node, node.children) for c in reversed(node.children))

    def find(self, code: str) -> Node | None:
        return _first(self._index.get(code))

    def child(self, parent: Node | None, code: str) -> Node | None:
        """The child of ``parent`` (None: the top level) with ``code``."""
        return _first(self._children.get((id(parent), code)))

    def codes(self) -> list[str]:
        return [c for n, _, _ in self.walk() if (c := n.code) is not None]

    def ancestors(self, node: Node) -> list[Node]:
        chain: list[Node] = []
        current = node.parent
        while current is not None:
            chain.append(current)
            current = current.parent
        return chain

    def join(self, nodes: list[Node], parent: Node | None) -> None:
        """Index ``nodes`` and everything under them as children of ``parent``."""
        stack = [(n, parent) for n in reversed(nodes)]
        while stack:
            node, above = stack.pop()
            node.parent = above
            if (code := node.code) is not None:
                self._index.setdefault(code, {})[id(node)] = node
                self._children.setdefault((id(above), code), {})[id(node)] = node
            if node.children:  # most are leaves
                stack.extend((c, node) for c in reversed(node.children))

    def add(self, node: Node, parent: Node | None, *, after: Node | None = None, before: Node | None = None) -> None:
        """Place a new node last under ``parent``, or right after / before a sibling: remembered
        beside the sibling and put in the list at :meth:`settle`, so no list is searched."""
        self.join([node], parent)
        if after is not None:
            after.after.append(node)
        elif before is not None:
            before.before.append(node)
        else:
            self._siblings(parent).append(node)
            return
        self._unsettled[id(parent)] = parent

    def detach(self, node: Node) -> None:
        """Take a node and everything under it out of the tree (out of its list at :meth:`settle`)."""
        node.detached = True
        self._unsettled[id(node.parent)] = node.parent
        self._leave(node)

    def replace_children(self, node: Node, children: list[Node]) -> None:
        for child in node.children:
            self._leave(child)
        node.children = children
        self.join(children, node)

    def settle(self) -> None:
        """Put the nodes placed before or after a sibling into their lists, and drop detached ones."""
        for owner in self._unsettled.values():
            siblings = self._siblings(owner)
            siblings[:] = _placed(siblings)
        self._unsettled.clear()

    def _siblings(self, parent: Node | None) -> list[Node]:
        if parent is not None:
            return parent.children
        assert self.indicators is not None
        return self.indicators

    def _leave(self, node: Node) -> None:
        stack = [node]
        while stack:
            current = stack.pop()
            if (code := current.code) is not None:
                _drop(self._index, code, current)
                _drop(self._children, (id(current.parent), code), current)
            stack.extend((*current.children, *current.before, *current.after))


K = TypeVar("K")


def _drop(index: dict[K, dict[int, Node]], key: K, node: Node) -> None:
    nodes = index[key]
    del nodes[id(node)]
    if not nodes:
        del index[key]


def _first(nodes: dict[int, Node] | None) -> Node | None:
    return next(iter(nodes.values())) if nodes else None


def _placed(siblings: list[Node]) -> list[Node]:
    """``siblings`` with each node's waiting neighbours in place: a node put right before X goes
    after those put before X earlier; one put right after X, before those put after X earlier
    (as if each had been inserted into the list when its entry was read)."""
    out: list[Node] = []
    stack: list[tuple[bool, Node]] = [(False, n) for n in reversed(siblings)]
    while stack:
        placed, node = stack.pop()
        if node.detached:
            continue
        if placed or not (node.before or node.after):
            out.append(node)
            continue
        stack.extend((False, n) for n in node.after)
        stack.append((True, node))
        stack.extend((False, n) for n in reversed(node.before))
        node.before, node.after = [], []
    return out


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
        tree.join(tree.indicators, None)
    elif "indicators" in data:
        top["indicators"] = (indicators, Origin(doc, ("indicators",)))
    return tree


def node_of(entry: Any, doc: Document, loc: Loc) -> Node:
    origin = Origin(doc, loc)
    if not isinstance(entry, dict) or ("children" in entry and not isinstance(entry["children"], list)):
        return Node({}, [], origin, raw=entry, opaque=True)
    fields = dict(entry)
    below = fields.pop("children", None)  # a list, checked above
    children = [node_of(c, doc, (*loc, "children", j)) for j, c in enumerate(below)] if below else []
    return Node(fields, children, origin)


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
