"""Applying a derived spec's entries (add, replace, remove) to its base's tree, each change remembered."""

from __future__ import annotations

from difflib import get_close_matches
from typing import Any

from jxpj.documents.document import Document
from jxpj.documents.tree import Loc, Node, Origin, Tree, node_of
from jxpj.errors import Problem

_PATCH_KEYS = ("code", "parent", "after", "before", "children")
_PLACES = ("after", "before")
_PLACING = frozenset(("parent", *_PLACES))  # where a new entry goes, not what it is


def patch(tree: Tree, doc: Document, problems: list[Problem]) -> None:
    """Apply one derived spec to its composed base, in place."""
    tree.docs.append(doc)
    tree.top.pop("tests", None)  # a base's tests check the base, not what is built on it
    touched: list[Node] = []
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
    tree.settle()
    for parent, index in emptied:
        if not parent.children and tree.find(parent.code or "") is not None:
            msg = f"this leaves {parent.code} with nothing under it; remove {parent.code} itself, or add indicators under it (parent: {parent.code})"
            problems.append(doc.problem(("remove", index), msg, check="extends"))
    _point_weights_at_changes(tree, doc, touched)


def _remove(tree: Tree, doc: Document, touched: list[Node], problems: list[Problem]) -> list[tuple[Node, int]]:
    """Drop the listed indicators; returns the parents left empty, with the entry that did it."""
    codes = doc.data.get("remove", [])
    if not isinstance(codes, list):
        problems.append(doc.problem(("remove",), "remove: must be a list of indicator codes", check="extends"))
        return []
    last: dict[int, tuple[Node, int]] = {}  # each parent that lost a child, and the last entry that took one
    for i, code in enumerate(codes):
        node = tree.find(code) if isinstance(code, str) else None
        if node is None:
            problems.append(doc.problem(("remove", i), f"cannot remove {code}: the base has no such indicator{_hint(tree, code)}", check="unknown-code"))
            continue
        parent = node.parent
        tree.detach(node)
        if parent is not None:
            _touch(tree, parent, Origin(doc, ("remove", i)), touched, include_self=True)
            last[id(parent)] = (parent, i)
    tree.settle()  # the lists lose their removed nodes once, not one search per entry
    return sorted(((p, i) for p, i in last.values() if not p.children), key=lambda pair: pair[1])


def _add(tree: Tree, entry: dict[str, Any], doc: Document, loc: Loc, touched: list[Node], problems: list[Problem]) -> None:
    parent_code = entry.get("parent")
    parent: Node | None = None
    if parent_code is not None:
        found = tree.find(parent_code) if isinstance(parent_code, str) else None
        if found is None:
            problems.append(doc.problem((*loc, "parent"), f"parent {parent_code} of new indicator {entry['code']} is not in the spec{_hint(tree, parent_code)}", check="unknown-code"))
            return
        parent = found
    after, before = entry.get("after"), entry.get("before")
    if after is not None and before is not None:
        problems.append(doc.problem((*loc, "before"), f"{entry['code']} gives both after: and before:; give one, to place it beside one sibling", check="extends"))
        return
    place = "after" if after is not None else "before" if before is not None else None
    sibling = None
    if place is not None:
        code = entry[place]
        sibling = tree.child(parent, code) if isinstance(code, str) else None
        if sibling is None:
            where = f"under {parent_code}" if parent_code else "at the top level"
            problems.append(doc.problem((*loc, place), f"{place}: {code} is not an indicator {where}; name a sibling, or leave {place}: out to add at the end", check="unknown-code"))
            return
    node = node_of({k: v for k, v in entry.items() if k not in _PLACING}, doc, loc)
    tree.add(node, parent, after=sibling if place == "after" else None, before=sibling if place == "before" else None)
    if parent is not None:
        _touch(tree, parent, Origin(doc, loc), touched, include_self=True)


def _replace(tree: Tree, node: Node, entry: dict[str, Any], doc: Document, loc: Loc, touched: list[Node], problems: list[Problem]) -> None:
    parent = node.parent
    code = entry["code"]
    if "parent" in entry and entry["parent"] != (parent.code if parent else None):
        where = f"under {parent.code}" if parent else "at the top level"
        problems.append(doc.problem((*loc, "parent"), f"{code} is already in the base, {where}; to move it, remove: it and add it anew", check="extends"))
        return
    place = next((key for key in _PLACES if key in entry), None)
    if place is not None:
        problems.append(doc.problem((*loc, place), f"{place}: places new indicators only; {code} keeps its place in the base", check="extends"))
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
        tree.replace_children(node, [node_of(c, doc, (*loc, "children", j)) for j, c in enumerate(children or [])])
        node.field_origins["children"] = Origin(doc, (*loc, "children"))
        _touch(tree, node, Origin(doc, loc), touched, include_self=True)
    elif "weight" in entry and parent is not None:
        _touch(tree, parent, Origin(doc, loc), touched, include_self=True)


def _hint(tree: Tree, code: object) -> str:
    """"; did you mean X?" for the first few unknown codes of a composition: each compares the code
    with every code in the tree, and 8,000 mistaken entries took 80 s for 8,000 suggestions."""
    if tree.hints <= 0:
        return ""
    tree.hints -= 1
    near = get_close_matches(str(code), tree.codes(), n=1)
    return f"; did you mean {near[0]}?" if near else ""


def _touch(tree: Tree, node: Node, origin: Origin, touched: list[Node], *, include_self: bool) -> None:
    """Remember that ``origin`` changed what is under ``node`` and its ancestors."""
    for current in ([node] if include_self else []) + tree.ancestors(node):
        if current.touched is None:
            current.touched = origin
            touched.append(current)


def _point_weights_at_changes(tree: Tree, doc: Document, touched: list[Node]) -> None:
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
