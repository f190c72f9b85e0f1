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
        parent: C1                 # at the end, or right ``after:`` or ``before:`` a sibling
        after: C14                 # (``before: C11`` puts it first without restating the rest)
        name: …

Composition works on the raw YAML data before validation, and remembers which file (and where
in it) every indicator, key and rule came from. The composed tree is then validated and
system-checked once, like any spec, and each problem is mapped back to the file that wrote the
value: a weight that no longer adds up after a change points at the entry that changed it.
A base's own ``tests:`` describe the base and are not inherited. Each entry is placed as it is
read, and costs the same however large the spec (see :class:`~jxpj.documents.tree.Tree`).
"""

from __future__ import annotations

from difflib import get_close_matches
from functools import cache
from pathlib import Path
from typing import Any

from jxpj.documents.bundled import bundled_specs, is_name, resolve
from jxpj.documents.confine import outside
from jxpj.documents.document import Document
from jxpj.documents.patch import patch
from jxpj.documents.tree import Composed, Tree, flatten, tree_of
from jxpj.documents.yaml_reader import load_yaml
from jxpj.errors import Problem, ProblemsError, UsageError
from jxpj.files import exists, shown

MAX_CHAIN = 16  # bases of bases; real chains have one or two links


def compose(doc: Document) -> Document | Composed:
    """The spec in ``doc`` with its bases applied, or ``doc`` itself when it extends nothing."""
    if not isinstance(doc.data, dict) or "extends" not in doc.data:
        return doc
    problems: list[Problem] = []
    tree = _build(doc, (), problems)
    if problems or tree is None:
        raise ProblemsError(problems)
    return flatten(tree, doc)


def _build(doc: Document, chain: tuple[Path, ...], problems: list[Problem]) -> Tree | None:
    data: dict[str, Any] = doc.data
    here = Path(doc.path).resolve()
    ref = data["extends"]
    if not isinstance(ref, str) or not ref.strip():
        names = ", ".join(bundled_specs())
        problems.append(doc.problem(("extends",), f"extends: must name a bundled framework ({names}) or a spec file", check="extends"))
        return None
    base_path = resolve(ref, Path(doc.path).parent)
    refused = outside(base_path)  # jxpj check --root: before looking, so nothing says it exists
    if refused is not None:
        problems.append(doc.problem(("extends",), f"base spec {shown(base_path)} {refused}", check="extends-root"))
        return None
    if is_name(ref) and not exists(base_path):
        near = get_close_matches(ref, list(bundled_specs()), n=1)
        hint = f"did you mean {near[0]!r}? " if near else ""
        names = ", ".join(bundled_specs())
        problems.append(doc.problem(("extends",), f"no bundled framework named {ref!r}; {hint}(bundled: {names}; `jxpj frameworks` lists them; a file path needs a .yaml suffix or a slash)", check="extends"))
        return None
    if not exists(base_path):  # is_file() raised on a name too long; a pipe or a folder: load_yaml says so
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
        base_doc = _base(base_path)
    except UsageError as exc:
        problems.append(doc.problem(("extends",), str(exc), check="extends"))
        return None
    except ProblemsError as exc:
        problems.extend(exc.problems)
        return None
    if not isinstance(base_doc.data, dict):
        problems.append(base_doc.problem((), "expected a mapping of keys at the top of a base spec", check="extends"))
        return None
    base = _build(base_doc, seen, problems) if "extends" in base_doc.data else tree_of(base_doc)
    if base is None:
        return None
    patch(base, doc, problems)
    return base


def _base(path: Path) -> Document:
    """A base spec's document: a bundled framework is parsed once per process (a batch or a folder
    of forms composes every spec on the same one; composing never changes the base's data), any
    other base each time, since the user may be editing it."""
    resolved = path.resolve()
    return _bundled(str(resolved)) if resolved in _bundled_paths() else load_yaml(path)


@cache
def _bundled_paths() -> frozenset[Path]:
    return frozenset(p.resolve() for p in bundled_specs().values())


@cache
def _bundled(path: str) -> Document:
    return load_yaml(path)
