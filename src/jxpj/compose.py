"""Spec composition: a spec that ``extends:`` another and adds, replaces or removes indicators.

A derived spec names its base (a bundled framework, e.g. ``national-self-evaluation``, or a path
relative to itself) and writes only what differs::

    extends: shanghai-project
    title: 2018年党建服务工作经费项目绩效评价指标体系   # top-level keys given here replace the base's
    rules: {...}                   # merged by name: a rule named like the base's replaces it
    remove: [C13, C3]              # applied first: these indicators go, with everything under them
    indicators:
      - {code: A, weight: 15}      # a code the base has: the keys given replace the base's
                                   # (``key: null`` unsets one); ``children:`` replaces all children
      - code: C15                  # a new code: added under ``parent:`` (top level without it),
        parent: C1                 # at the end, or right ``after:`` a sibling
        after: C14
        name: …

Composition works on the raw YAML data before validation, and remembers which file (and where
in it) every indicator, key and rule came from. The composed tree is then validated and
system-checked once, like any spec, and each problem is mapped back to the file that wrote the
value: a weight that no longer adds up after a change points at the entry that changed it.
A base's own ``tests:`` describe the base and are not inherited.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from difflib import get_close_matches
from pathlib import Path
from typing import Any

from jxpj.errors import Problem, ProblemsError, UsageError
from jxpj.resources import data_dir
from jxpj.yamlio import Document, load_yaml

Loc = tuple[str | int, ...]
MAX_CHAIN = 16  # bases of bases; real chains have one or two links
_PATCH_KEYS = ("code", "parent", "after", "children")


def bundled_specs() -> dict[str, Path]:
    """The bundled frameworks by name (the file name without ``.yaml``), sorted."""
    return {p.stem: p for p in sorted(data_dir("specs").glob("*.yaml"))}


def is_name(ref: str) -> bool:
    """A bundled framework's name, as opposed to a path (which has a slash or a YAML suffix)."""
    return not ("/" in ref or "\\" in ref or ref.endswith((".yaml", ".yml")))


def resolve(ref: str, folder: Path) -> Path:
    """Where ``ref`` points: a bundled framework by name, else a path relative to ``folder``."""
    if is_name(ref) and ref in bundled_specs():
        return bundled_specs()[ref]
    return folder / ref


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
class _Node:
    """An indicator while composing: its keys, its children and where each came from."""

    fields: dict[str, Any]
    children: list[_Node]
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
class _Tree:
    top: dict[str, tuple[Any, Origin]]
    rules: dict[str, tuple[Any, Origin]] | None
    indicators: list[_Node] | None
    indicators_origin: Origin
    docs: list[Document]

    def walk(self) -> Iterator[tuple[_Node, _Node | None, list[_Node]]]:
        """(node, parent, the list holding it) for every patchable node."""
        stack: list[tuple[_Node, _Node | None, list[_Node]]] = [(n, None, self.indicators or []) for n in reversed(self.indicators or [])]
        while stack:
            node, parent, siblings = stack.pop()
            yield node, parent, siblings
            stack.extend((c, node, node.children) for c in reversed(node.children))

    def find(self, code: str) -> tuple[_Node, _Node | None, list[_Node]] | None:
        return next((t for t in self.walk() if t[0].code == code), None)

    def codes(self) -> list[str]:
        return [c for n, _, _ in self.walk() if (c := n.code) is not None]

    def ancestors(self, node: _Node) -> list[_Node]:
        parents = {id(n): p for n, p, _ in self.walk()}
        chain: list[_Node] = []
        current = parents.get(id(node))
        while current is not None:
            chain.append(current)
            current = parents.get(id(current))
        return chain


def compose(doc: Document) -> Document | Composed:
    """The spec in ``doc`` with its bases applied, or ``doc`` itself when it extends nothing."""
    if not isinstance(doc.data, dict) or "extends" not in doc.data:
        return doc
    problems: list[Problem] = []
    tree = _build(doc, (), problems)
    if problems or tree is None:
        raise ProblemsError(problems)
    return _flatten(tree, doc)


def _build(doc: Document, chain: tuple[Path, ...], problems: list[Problem]) -> _Tree | None:
    data: dict[str, Any] = doc.data
    here = Path(doc.path).resolve()
    ref = data["extends"]
    if not isinstance(ref, str) or not ref.strip():
        names = ", ".join(bundled_specs())
        problems.append(doc.problem(("extends",), f"extends: must name a bundled framework ({names}) or a spec file", check="extends"))
        return None
    base_path = resolve(ref, Path(doc.path).parent)
    if is_name(ref) and not base_path.is_file():
        near = get_close_matches(ref, list(bundled_specs()), n=1)
        hint = f"did you mean {near[0]!r}? " if near else ""
        names = ", ".join(bundled_specs())
        problems.append(doc.problem(("extends",), f"no bundled framework named {ref!r}; {hint}(bundled: {names}; `jxpj frameworks` lists them; a file path needs a .yaml suffix or a slash)", check="extends"))
        return None
    if not base_path.is_file():
        problems.append(doc.problem(("extends",), f"base spec {base_path.as_posix()} not found; extends: is relative to this file", check="extends"))
        return None
    seen = (*chain, here)
    if base_path.resolve() in seen:
        loop = " → ".join(p.name for p in (*seen, base_path.resolve()))
        problems.append(doc.problem(("extends",), f"extends forms a cycle: {loop}", check="extends-cycle"))
        return None
    if len(seen) >= MAX_CHAIN:
        problems.append(doc.problem(("extends",), f"more than {MAX_CHAIN} specs extend one another; flatten the chain", check="extends"))
        return None
    try:
        base_doc = load_yaml(base_path)
    except UsageError as exc:
        problems.append(doc.problem(("extends",), str(exc), check="extends"))
        return None
    except ProblemsError as exc:
        problems.extend(exc.problems)
        return None
    if not isinstance(base_doc.data, dict):
        problems.append(base_doc.problem((), "expected a mapping of keys at the top of a base spec", check="extends"))
        return None
    base = _build(base_doc, seen, problems) if "extends" in base_doc.data else _tree_of(base_doc)
    if base is None:
        return None
    _patch(base, doc, problems)
    return base


def _tree_of(doc: Document) -> _Tree:
    """A spec that extends nothing, as a tree to patch."""
    data: dict[str, Any] = doc.data
    top = {k: (v, Origin(doc, (k,))) for k, v in data.items() if k not in ("rules", "indicators")}
    rules = data.get("rules")
    indicators = data.get("indicators")
    tree = _Tree(top, None, None, Origin(doc, ("indicators",)), [doc])
    if isinstance(rules, dict):
        tree.rules = {str(k): (v, Origin(doc, ("rules", k))) for k, v in rules.items()}
    elif "rules" in data:
        top["rules"] = (rules, Origin(doc, ("rules",)))
    if isinstance(indicators, list):
        tree.indicators = [_node_of(e, doc, ("indicators", i)) for i, e in enumerate(indicators)]
    elif "indicators" in data:
        top["indicators"] = (indicators, Origin(doc, ("indicators",)))
    return tree


def _node_of(entry: Any, doc: Document, loc: Loc) -> _Node:
    origin = Origin(doc, loc)
    if not isinstance(entry, dict) or ("children" in entry and not isinstance(entry["children"], list)):
        return _Node({}, [], origin, raw=entry, opaque=True)
    children = [_node_of(c, doc, (*loc, "children", j)) for j, c in enumerate(entry.get("children") or [])]
    return _Node({k: v for k, v in entry.items() if k != "children"}, children, origin)


def _patch(tree: _Tree, doc: Document, problems: list[Problem]) -> None:
    """Apply one derived spec to its composed base, in place."""
    tree.docs.append(doc)
    tree.top.pop("tests", None)  # a base's tests check the base, not what is built on it
    touched: list[_Node] = []
    for key, value in doc.data.items():
        if key in ("rules", "indicators", "remove"):
            continue
        tree.top[key] = (value, Origin(doc, (key,)))
    rules = doc.data.get("rules")
    if isinstance(rules, dict):
        tree.rules = {**(tree.rules or {}), **{str(k): (v, Origin(doc, ("rules", k))) for k, v in rules.items()}}
    elif "rules" in doc.data:
        problems.append(doc.problem(("rules",), "rules: must be a mapping of rule names to rules", check="extends"))
    if tree.indicators is None:
        problems.append(tree.indicators_origin.doc.problem(tree.indicators_origin.loc, "the base's indicators: must be a list to build on", check="extends"))
        return
    if "indicators" in doc.data or "remove" in doc.data:
        tree.indicators_origin = Origin(doc, ("indicators",) if "indicators" in doc.data else ("remove",))
    emptied = _remove(tree, doc, touched, problems)
    entries = doc.data.get("indicators", [])
    if not isinstance(entries, list):
        problems.append(doc.problem(("indicators",), "indicators: must be a list of changes to the base's indicators", check="extends"))
        return
    written: set[str] = set()
    for i, entry in enumerate(entries):
        loc: Loc = ("indicators", i)
        if not isinstance(entry, dict) or not isinstance(entry.get("code"), str):
            problems.append(doc.problem(loc, "each entry needs a code: a base indicator's code to change it, or a new code (with parent:) to add one", check="extends"))
            continue
        code = entry["code"]
        if code in written:
            problems.append(doc.problem((*loc, "code"), f"{code} is changed twice in this file; merge the two entries", check="duplicate-code"))
            continue
        written.add(code)
        found = tree.find(code)
        if found is None:
            _add(tree, entry, doc, loc, touched, problems)
        else:
            _replace(tree, found, entry, doc, loc, touched, problems)
    for parent, index in emptied:
        if not parent.children and tree.find(parent.code or "") is not None:
            msg = f"this leaves {parent.code} with nothing under it; remove {parent.code} itself, or add indicators under it (parent: {parent.code})"
            problems.append(doc.problem(("remove", index), msg, check="extends"))
    _point_weights_at_changes(tree, doc, touched)


def _remove(tree: _Tree, doc: Document, touched: list[_Node], problems: list[Problem]) -> list[tuple[_Node, int]]:
    """Drop the listed indicators; returns the parents left empty, with the entry that did it."""
    emptied: list[tuple[_Node, int]] = []
    codes = doc.data.get("remove", [])
    if not isinstance(codes, list):
        problems.append(doc.problem(("remove",), "remove: must be a list of indicator codes", check="extends"))
        return emptied
    for i, code in enumerate(codes):
        found = tree.find(code) if isinstance(code, str) else None
        if found is None:
            near = get_close_matches(str(code), tree.codes(), n=1)
            hint = f"; did you mean {near[0]}?" if near else ""
            problems.append(doc.problem(("remove", i), f"cannot remove {code}: the base has no such indicator{hint}", check="unknown-code"))
            continue
        node, parent, siblings = found
        siblings.remove(node)
        if parent is not None:
            _touch(tree, parent, Origin(doc, ("remove", i)), touched, include_self=True)
            if not parent.children:
                emptied.append((parent, i))
    return emptied


def _add(tree: _Tree, entry: dict[str, Any], doc: Document, loc: Loc, touched: list[_Node], problems: list[Problem]) -> None:
    parent_code = entry.get("parent")
    siblings = tree.indicators
    parent: _Node | None = None
    assert siblings is not None
    if parent_code is not None:
        found = tree.find(parent_code) if isinstance(parent_code, str) else None
        if found is None:
            near = get_close_matches(str(parent_code), tree.codes(), n=1)
            hint = f"; did you mean {near[0]}?" if near else ""
            problems.append(doc.problem((*loc, "parent"), f"parent {parent_code} of new indicator {entry['code']} is not in the spec{hint}", check="unknown-code"))
            return
        parent = found[0]
        siblings = parent.children
    node = _node_of({k: v for k, v in entry.items() if k not in ("parent", "after")}, doc, loc)
    after = entry.get("after")
    if after is None:
        siblings.append(node)
    else:
        index = next((j for j, s in enumerate(siblings) if s.code == after), None)
        if index is None:
            where = f"under {parent_code}" if parent_code else "at the top level"
            problems.append(doc.problem((*loc, "after"), f"after: {after} is not an indicator {where}; name a sibling, or leave after: out to add at the end", check="unknown-code"))
            return
        siblings.insert(index + 1, node)
    if parent is not None:
        _touch(tree, parent, Origin(doc, loc), touched, include_self=True)


def _replace(
    tree: _Tree,
    found: tuple[_Node, _Node | None, list[_Node]],
    entry: dict[str, Any],
    doc: Document,
    loc: Loc,
    touched: list[_Node],
    problems: list[Problem],
) -> None:
    node, parent, _ = found
    code = entry["code"]
    if "parent" in entry and entry["parent"] != (parent.code if parent else None):
        where = f"under {parent.code}" if parent else "at the top level"
        problems.append(doc.problem((*loc, "parent"), f"{code} is already in the base, {where}; to move it, remove: it and add it anew", check="extends"))
        return
    if "after" in entry:
        problems.append(doc.problem((*loc, "after"), f"after: places new indicators only; {code} keeps its place in the base", check="extends"))
        return
    for key, value in entry.items():
        if key in _PATCH_KEYS:
            continue
        if value is None:
            node.fields.pop(key, None)
        else:
            node.fields[key] = value
        node.field_origins[key] = Origin(doc, (*loc, key))
    if "children" in entry:
        children = entry["children"]
        if children is not None and not isinstance(children, list):
            problems.append(doc.problem((*loc, "children"), "children: must be a list of indicators", check="extends"))
            return
        node.children = [_node_of(c, doc, (*loc, "children", j)) for j, c in enumerate(children or [])]
        node.field_origins["children"] = Origin(doc, (*loc, "children"))
        _touch(tree, node, Origin(doc, loc), touched, include_self=True)
    elif "weight" in entry and parent is not None:
        _touch(tree, parent, Origin(doc, loc), touched, include_self=True)


def _touch(tree: _Tree, node: _Node, origin: Origin, touched: list[_Node], *, include_self: bool) -> None:
    """Remember that ``origin`` changed what is under ``node`` and its ancestors."""
    for current in ([node] if include_self else []) + tree.ancestors(node):
        if current.touched is None:
            current.touched = origin
            touched.append(current)


def _point_weights_at_changes(tree: _Tree, doc: Document, touched: list[_Node]) -> None:
    """A base's parent weight that this file did not restate, over children this file changed,
    is located at the change: that is where the sums stopped agreeing."""
    for node in touched:
        change, node.touched = node.touched, None
        weight = node.weight_origin()
        if change is None or "weight" not in node.fields or weight.doc is doc:
            continue
        line, _ = weight.doc.locate((*weight.loc, "weight") if weight is node.origin else weight.loc)
        hint = f" ({node.code}'s weight is set in {weight.doc.path}:{line}; this entry changes what is under it)"
        node.field_origins["weight"] = Origin(doc, change.loc, hint)


def _flatten(tree: _Tree, doc: Document) -> Composed:
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
        data["indicators"] = [_emit(n, ("indicators", i), origins) for i, n in enumerate(tree.indicators)]
        origins[("indicators",)] = tree.indicators_origin
    problems = [p for d in tree.docs for p in d.problems]
    return Composed(doc.path, data, origins, problems)


def _emit(node: _Node, loc: Loc, origins: dict[Loc, Origin]) -> Any:
    origins[loc] = node.origin
    if node.opaque:
        return node.raw
    origins.update({(*loc, key): origin for key, origin in node.field_origins.items()})
    out = dict(node.fields)
    if node.children or "children" in node.field_origins:
        out["children"] = [_emit(c, (*loc, "children", j), origins) for j, c in enumerate(node.children)]
    return out
