"""Validation of a document as a model, every pydantic error a located problem with a suggestion."""

from __future__ import annotations

import types
import typing
from collections.abc import Sequence
from difflib import get_close_matches
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from jxpj.documents.compose import compose
from jxpj.documents.document import Document
from jxpj.documents.tree import Composed
from jxpj.errors import Problem, ProblemsError, Severity, plain_message
from jxpj.models.spec import Spec, rule_warnings, system_problems
from jxpj.rules import RULES, RuleParams

M = TypeVar("M", bound=BaseModel)


def validate(model: type[M], doc: Document | Composed) -> M:
    """Validate a document's data as ``model``, or raise every located problem."""
    if not isinstance(doc.data, dict):
        what = "empty" if doc.data is None else f"a {type(doc.data).__name__}"
        message = f"expected a mapping of keys at the top, but the file is {what}"
        raise ProblemsError([*doc.problems, doc.problem((), message)])
    try:
        result = model.model_validate(doc.data)
    except ValidationError as exc:
        errors = _without_noise(exc.errors())
        raise ProblemsError([*doc.problems, *(_problem(doc, model, e) for e in errors)]) from None
    if doc.problems:
        raise ProblemsError(doc.problems)
    return result


def _without_noise(errors: list[Any]) -> list[Any]:
    """Drop pydantic's "tuple too short" when items inside it failed: with one indicator whose
    rule is wrong, the user was also told the spec had no indicators at all."""

    def inside(error: Any, outer: Any) -> bool:
        n = len(outer["loc"])
        return len(error["loc"]) > n and tuple(error["loc"][:n]) == tuple(outer["loc"])

    return [e for e in errors if not (e["type"] == "too_short" and any(inside(o, e) for o in errors))]


def _problem(doc: Document | Composed, model: type[BaseModel], error: Any) -> Problem:
    loc: tuple[str | int, ...] = tuple(error["loc"])
    kind = error["type"]
    name = loc[-1] if loc else ""
    if kind == "missing":
        return doc.problem(loc, f"missing required key {name!r}; add it", check="missing-key")
    if kind == "extra_forbidden":
        allowed = allowed_keys(model, loc[:-1])
        near = get_close_matches(str(name), allowed, n=1)
        hint = f"; did you mean {near[0]!r}?" if near else f"; allowed here: {', '.join(sorted(allowed))}" if allowed else ""
        return doc.problem(loc, f"unknown key {name!r}{hint}", check="unknown-key", key=True)
    if kind == "union_tag_invalid":
        tag = error["ctx"]["tag"]
        expected = [t.strip(" '") for t in str(error["ctx"]["expected_tags"]).split(",")]
        near = get_close_matches(str(tag), expected, n=1)
        hint = f"did you mean {near[0]!r}? " if near else ""
        return doc.problem((*loc, "kind"), f"unknown rule kind {tag!r}; {hint}(kinds: {', '.join(expected)})", check="rule-kind")
    if kind == "union_tag_not_found":
        return doc.problem(loc, "a rule needs 'kind' (grade, threshold_deduction, ratio, …)", check="rule-kind")
    if loc and loc[-1] == "[key]" and len(loc) > 1:  # pydantic's name for a mapping's key
        return doc.problem(loc[:-1], f"key {loc[-2]!r} must be text; put it in quotes", check="type", key=True)
    message = plain_message(str(error["msg"]))
    if kind == "too_short" and error.get("ctx", {}).get("min_length") == 1:
        message = "empty; give at least one"
    shown = next((str(p) for p in reversed(loc) if isinstance(p, str) and p not in _TAGS), "")
    return doc.problem(loc, f"{shown}: {message}" if shown else message, check="type")


_TAGS = {"params", "ref"}


def allowed_keys(model: type[BaseModel], loc: Sequence[str | int]) -> list[str]:
    """The keys a mapping at ``loc`` may hold, found by walking the model's annotations."""
    current: list[Any] = [model]
    for part in loc:
        nxt: list[Any] = []
        if part in _TAGS:  # our own union branch names, not keys in the file
            continue
        for candidate in _expand_all(current):
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                if isinstance(part, str) and part in candidate.model_fields:
                    nxt.append(candidate.model_fields[part].annotation)
                elif _kind_tag(candidate) == part:
                    nxt.append(candidate)
                elif candidate is RuleParams and isinstance(part, str) and part in RULES:  # a rule's kind: its own parameters
                    nxt.append(RULES[part].params)
            else:
                origin, args = typing.get_origin(candidate), typing.get_args(candidate)
                if origin in (tuple, list) and isinstance(part, int) and args:
                    nxt.append(args[0])
                elif origin is dict and len(args) == 2:
                    nxt.append(args[1])
        current = nxt
    keys: set[str] = set()
    for candidate in _expand_all(current):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            keys.update(candidate.model_fields)
    return sorted(keys)


def _kind_tag(model: type[BaseModel]) -> str | None:
    field = model.model_fields.get("kind")
    args = typing.get_args(field.annotation) if field else ()
    return args[0] if len(args) == 1 and isinstance(args[0], str) else None


def _expand_all(types_: list[Any]) -> list[Any]:
    out: list[Any] = []
    stack = list(types_)
    while stack:
        t = stack.pop()
        origin = typing.get_origin(t)
        if origin is typing.Annotated:
            stack.append(typing.get_args(t)[0])
        elif origin in (typing.Union, types.UnionType):
            stack.extend(typing.get_args(t))
        else:
            out.append(t)
    return out


def validate_spec(doc: Document, *, rules: bool = True, warnings: bool = True) -> tuple[Spec, list[Problem]]:
    """Validate a spec document: (spec, warnings), or raise every error (see system_problems).

    ``rules=False`` (claims-only review) lets leaves go without a rule; ``warnings=False`` skips
    the rule warnings for callers that do not show them (scoring, reviewing a form).
    """
    located = compose(doc)  # its bases applied; each problem located in the file that caused it
    spec = validate(Spec, located)
    errors = [
        located.problem(loc, message, check=check)
        for loc, message, check in system_problems(spec, rules=rules)
    ]
    if errors:
        raise ProblemsError(errors)
    if not warnings:
        return spec, []
    found = [
        Problem(p.path, p.line, p.col, p.message, p.check, Severity.WARNING)
        for p in (located.problem(loc, message, check=check) for loc, message, check in rule_warnings(spec))
    ]
    return spec, found
