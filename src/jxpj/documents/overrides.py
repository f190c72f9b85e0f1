"""What-if: facts overridden on the command line (``jxpj score EVIDENCE --set C11.actual=250``).

Two forms, each ``KEY=VALUE`` with the value read as YAML by jxpj's own safe loader (so ``95``
is an exact Decimal, ``yes`` a boolean, ``[制度, 台账]`` a list):

* ``CODE.fact=value`` sets one fact of a leaf indicator, e.g. ``C22.actual=80``;
* ``budget.LINE.field=value`` sets ``budget``, ``actual`` or ``initial`` of the budget line named
  LINE, e.g. ``budget.各类专题专业培训.actual=641855.92``. The execution rate stays computed from
  the lines, never typed, so "what would 95% execution score" is asked through the lines.

Overrides are applied to the evidence data before it is validated, so every check still runs; a
problem in an overridden value names the ``--set`` it came from. A malformed ``--set`` or an
unknown code or line, or the same key given twice, is a wrong command line (exit 2).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import get_close_matches
from typing import Any, Literal, NamedTuple

from jxpj.documents.document import Document
from jxpj.documents.yaml_reader import parse_yaml
from jxpj.errors import Problem, ProblemsError, UsageError

BUDGET_FIELDS = ("budget", "actual", "initial")
Loc = tuple[str | int, ...]


class Override(NamedTuple):
    """One ``--set``: where it points and the value it gives. (A named tuple: as immutable as a
    frozen dataclass, and about 0.6 ms less to create at every command's import.)"""

    text: str  # as typed, for messages
    target: Literal["fact", "budget"]
    name: str  # the indicator code, or the budget line's name
    field: str  # the fact, or budget / actual / initial
    value: Any


def parse_override(text: str) -> Override:
    """Read one ``--set`` argument, or raise :class:`UsageError` saying what to write."""
    key, eq, raw = text.partition("=")
    key = key.strip()
    usage = "write CODE.fact=value or budget.LINE.actual=value"
    if not eq or "." not in key:
        raise UsageError(f"--set {text}: {usage}")
    if key.startswith("budget."):
        line, _, name = key.removeprefix("budget.").rpartition(".")
        if not line or name not in BUDGET_FIELDS:
            raise UsageError(f"--set {text}: a budget line takes budget.LINE.budget, .actual or .initial")
        target: Literal["fact", "budget"] = "budget"
    else:
        line, _, name = key.rpartition(".")
        target = "fact"
        if not line or not name:
            raise UsageError(f"--set {text}: {usage}")
    if not raw.strip():
        raise UsageError(f"--set {text}: give a value after '='")
    try:
        value = parse_yaml(raw, "--set").data
    except ProblemsError as exc:
        raise UsageError(f"--set {text}: {exc.problems[0].message}") from None
    return Override(text, target, line, name, value)


def parse_overrides(texts: Sequence[str]) -> tuple[Override, ...]:
    """Every ``--set``; the same key given twice is refused (the last one silently won)."""
    overrides = tuple(parse_override(t) for t in texts)
    seen: dict[tuple[str, str, str], Override] = {}
    for o in overrides:
        key = (o.target, o.name, o.field)
        if key in seen:
            raise UsageError(f"--set {o.text}: {o.text.partition('=')[0].strip()} is already set by --set {seen[key].text}; give each key once")
        seen[key] = o
    return overrides


@dataclass(slots=True)
class OverriddenDocument(Document):
    """An evidence document whose data carries overrides; their problems name the ``--set``."""

    overridden: dict[Loc, str] = field(default_factory=dict)

    def problem(self, loc: Sequence[str | int], message: str, *, check: str = "schema", key: bool = False) -> Problem:
        found = Document.problem(self, loc, message, check=check, key=key)
        for where, text in self.overridden.items():
            if tuple(loc[: len(where)]) == where:
                return dataclasses.replace(found, message=f"{message} (value set by --set {text})")
        return found


def apply_overrides(doc: Document, overrides: Sequence[Override]) -> Document:
    """A copy of ``doc`` with the overrides written into its data (the file is untouched)."""
    if not overrides or not isinstance(doc.data, dict):
        return doc
    data = dict(doc.data)
    overridden: dict[Loc, str] = {}
    for o in overrides:
        if o.target == "budget":
            overridden[_set_budget(data, o)] = o.text
        else:
            indicators = data.get("indicators") or {}
            entry = (indicators.get(o.name) or {}) if isinstance(indicators, dict) else None
            facts = (entry.get("facts") or {}) if isinstance(entry, dict) else None
            if not isinstance(entry, dict) or not isinstance(facts, dict):
                continue  # the file's own shape is wrong; validation says where
            data["indicators"] = {**indicators, o.name: {**entry, "facts": {**facts, o.field: o.value}}}
            overridden[("indicators", o.name, "facts", o.field)] = o.text
    return OverriddenDocument(doc.path, data, doc.root, list(doc.problems), overridden=overridden)


def _set_budget(data: dict[str, Any], o: Override) -> Loc:
    budget = data.get("budget")
    lines = budget.get("lines") if isinstance(budget, dict) else None
    names = [line.get("name") for line in lines if isinstance(line, dict)] if isinstance(lines, list) else []
    if o.name not in names:
        near = get_close_matches(o.name, [str(n) for n in names], n=1)
        hint = f"; did you mean {near[0]}?" if near else f"; lines: {', '.join(map(str, names))}" if names else "; the evidence has no budget lines"
        raise UsageError(f"--set {o.text}: no budget line named {o.name}{hint}")
    if names.count(o.name) > 1:
        raise UsageError(f"--set {o.text}: more than one budget line is named {o.name}")
    assert isinstance(budget, dict) and isinstance(lines, list)
    index = names.index(o.name)
    new_lines = list(lines)
    new_lines[index] = {**lines[index], o.field: o.value}
    data["budget"] = {**budget, "lines": new_lines}
    return ("budget", "lines", index, o.field)
