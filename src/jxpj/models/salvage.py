"""Validate a file and, when its schema is wrong, keep checking the rest of it.

Pydantic stops at the shape: with one misspelt key in one rule, no model exists, so the checks
that need the whole tree (weights adding up, codes unique, named rules defined) would not run and
a user would fix their file one round at a time. Here the parts that failed are replaced by
something neutral (a rule by ``{kind: judgment}``, a bad key by nothing, a bad evidence entry by
an empty one), the rest validated again, and every place patched is remembered so that no later
check reports a consequence of the patch rather than of the user's file.

Only the schema problems of the original file are reported; the patched copy exists only to let
the other checks run.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from jxpj.documents.document import Document
from jxpj.documents.tree import Composed
from jxpj.errors import Problem, ProblemsError
from jxpj.models.validate import validate

M = TypeVar("M", bound=BaseModel)
Loc = tuple[str | int, ...]
MAX_ROUNDS = 8  # each round patches every failing place; nesting rarely needs more than two


@dataclass(slots=True)
class Patches:
    """Where the validated copy differs from the file."""

    locs: list[Loc] = field(default_factory=list)
    weights: bool = False  # a weight (or what decides one) was dropped: sums cannot be trusted
    budget: bool = False  # the budget was dropped: derived rates are unknown
    checks: set[str] = field(default_factory=set)  # check ids whose findings would be consequences

    def covers(self, loc: Sequence[str | int]) -> bool:
        return any(tuple(loc[: len(p)]) == p for p in self.locs)


@dataclass(slots=True)
class Validated:
    """The model (None when even a patched copy does not validate), the file's schema problems,
    and what was patched to get the model."""

    model: Any
    problems: list[Problem]
    patches: Patches


def validate_all(model: type[M], doc: Document | Composed, repair: Callable[[Any, Loc, Patches], bool]) -> Validated:
    """Validate ``doc`` as ``model``; on failure, repair a copy with ``repair`` and try again."""
    try:
        return Validated(validate(model, doc), [], Patches())
    except ProblemsError as exc:
        problems = list(exc.problems)
    patches = Patches()
    if not isinstance(doc.data, dict):
        return Validated(None, problems, patches)
    data = copy.deepcopy(doc.data)
    for _ in range(MAX_ROUNDS):
        try:
            return Validated(model.model_validate(data), problems, patches)
        except ValidationError as exc:
            paths = {existing_path(data, tuple(e["loc"])) + _missing_tail(data, tuple(e["loc"])) for e in exc.errors()}
            # Deepest first, so that removing one part never moves another we are about to patch.
            repaired = [repair(data, path, patches) for path in sorted(paths, key=len, reverse=True)]
            if not any(repaired):  # every repair is made before asking whether any was
                break
    return Validated(None, problems, patches)


def existing_path(data: Any, loc: Loc) -> Loc:
    """The parts of a pydantic ``loc`` that exist in the data (pydantic adds union tags)."""
    out: list[str | int] = []
    node = data
    for part in loc:
        in_dict = isinstance(node, dict) and part in node
        if in_dict or (isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)):
            node = node[part]
            out.append(part)
    return tuple(out)


def _missing_tail(data: Any, loc: Loc) -> Loc:
    # A missing key is the last part of its loc and absent from the data: keep its name, so a
    # repair knows which field was missing.
    path = existing_path(data, loc)
    last = loc[-1] if loc else None
    if isinstance(last, str) and (not path or path[-1] != last):
        node = get(data, path)
        if isinstance(node, dict) and last not in node:
            return (last,)
    return ()


def get(data: Any, path: Loc) -> Any:
    for part in path:
        data = data[part]
    return data


def put(data: Any, path: Loc, value: Any) -> bool:
    """Set (or, with ``value`` ``DELETE``, remove) the value at ``path``; False if impossible."""
    if not path:
        return False
    try:
        parent = get(data, path[:-1])
    except (KeyError, IndexError, TypeError):
        return False
    last = path[-1]
    if isinstance(parent, dict):
        if value is DELETE:
            return parent.pop(last, DELETE) is not DELETE
        if parent.get(last, DELETE) == value:
            return False
        parent[last] = value
        return True
    if isinstance(parent, list) and isinstance(last, int) and 0 <= last < len(parent):
        if value is DELETE:
            return False  # removing would renumber the list, and locations with it
        if parent[last] == value:
            return False
        parent[last] = value
        return True
    return False


DELETE: Any = object()


# ---- the repairs for the two file kinds ----------------------------------------------------------

NEUTRAL_RULE = {"kind": "judgment"}


def _indicator_prefix(path: Loc) -> int:
    """Length of the longest prefix of ``path`` naming an indicator: indicators, i, (children, j)*."""
    if len(path) < 2 or path[0] != "indicators" or not isinstance(path[1], int):
        return 0
    end = 2
    while end + 1 < len(path) and path[end] == "children" and isinstance(path[end + 1], int):
        end += 2
    return end


def repair_spec(data: Any, path: Loc, patches: Patches) -> bool:
    if not path:
        return False
    if path[0] == "rules" and len(path) >= 2:
        patches.locs.append(path[:2])
        return put(data, path[:2], dict(NEUTRAL_RULE))
    if path[0] == "rules":
        patches.checks.add("unknown-rule")  # every named rule is gone with the mapping
    if path[0] == "tests":
        patches.locs.append(("tests",))
        return put(data, ("tests",), [])
    end = _indicator_prefix(path)
    if end == 0:
        if path[0] == "indicators":
            return False  # no tree at all: nothing further can be checked
        if path[0] == "total":
            patches.weights = True
        patches.locs.append(path[:1])
        return put(data, path[:1], "?" if path[0] == "title" else DELETE)
    node, rest = path[:end], path[end:]
    if not rest or rest[0] == "code" or (rest[0] == "children" and len(rest) == 1):
        # The node itself is unusable: keep its place (so siblings keep their locations), check
        # nothing beneath it, and do not trust the sums above it.
        patches.locs.append(node)
        patches.weights = True
        code = "0__set_aside__" + "_".join(str(p) for p in node)  # valid, and no real code
        return put(data, node, {"code": code, "name": "?", "weight": 0, "rule": dict(NEUTRAL_RULE)})
    field_ = rest[0]
    if field_ == "rule":
        patches.locs.append((*node, "rule"))
        return put(data, (*node, "rule"), dict(NEUTRAL_RULE))
    patches.locs.append((*node, field_))
    if field_ == "weight" or "weight" not in get(data, node):
        patches.weights = True  # e.g. a misspelt 'wieght' would leave the leaf without one
    if field_ == "name":
        return put(data, (*node, "name"), "?")
    return put(data, (*node, field_), DELETE)


def repair_evidence(data: Any, path: Loc, patches: Patches) -> bool:
    if not path or path[0] == "spec":
        return False  # without its spec, evidence cannot be checked further
    if path[0] == "indicators" and len(path) >= 2:
        patches.locs.append(path[:2])
        return put(data, path[:2], {})
    patches.locs.append(path[:1])
    if path[0] == "budget":
        patches.budget = True
    if path[0] == "project":
        return put(data, ("project",), {"name": "?"})
    if path[0] == "indicators":
        return put(data, ("indicators",), {})
    return put(data, path[:1], DELETE)
