"""From files to checked models, and every problem in them to a located message.

This is the one place where PyYAML and pydantic errors are translated for the user: each
becomes a :class:`~jxpj.errors.Problem` pointing into the user's own file, with a suggestion for
misspelt keys, and all of them are raised together.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Sequence
from difflib import get_close_matches
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from jxpj.compose import Composed, compose, resolve
from jxpj.engine import EvidenceIssues, evaluate
from jxpj.errors import Problem, ProblemsError, Severity, UsageError, plain_message
from jxpj.evidence import Evidence
from jxpj.overrides import Override, apply_overrides, check_overrides
from jxpj.references import expand_references
from jxpj.result import Result
from jxpj.spec import Spec, rule_warnings, system_problems
from jxpj.yamlio import Document, load_yaml

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


def check_spec(doc: Document, *, rules: bool = True) -> tuple[Spec, list[Problem]]:
    """Validate a spec document: (spec, warnings), or raise every error (see system_problems).

    ``rules=False`` (claims-only review) lets leaves go without a rule.
    """
    located = compose(doc)  # its bases applied; each problem located in the file that caused it
    spec = validate(Spec, located)
    errors = [
        located.problem(loc, message, check=check)
        for loc, message, check in system_problems(spec, rules=rules)
    ]
    if errors:
        raise ProblemsError(errors)
    warnings = [
        Problem(p.path, p.line, p.col, p.message, p.check, Severity.WARNING)
        for p in (located.problem(loc, message, check=check) for loc, message, check in rule_warnings(spec))
    ]
    return spec, warnings


def load_spec(path: str | Path, *, rules: bool = True) -> Spec:
    """Read, validate and check one spec file (``rules=False``: leaves may lack a rule)."""
    spec, _warnings = check_spec(load_yaml(path), rules=rules)
    return spec


def load_evidence(path: str | Path, overrides: Sequence[Override] = ()) -> tuple[Evidence, Document]:
    """Read and validate one evidence file (YAML, or a workbook filled in Excel: ``.xlsx``), with any
    what-if overrides; the document locates later problems."""
    if Path(path).suffix.lower() == ".xlsx":
        from jxpj.office.entry_read import read  # openpyxl is loaded only for workbooks
        from jxpj.office.sheetdoc import apply_sheet_overrides

        doc = apply_sheet_overrides(read(path), overrides)
    else:
        doc = apply_overrides(load_yaml(path), overrides)
    return validate(Evidence, doc), doc


def spec_path_for(evidence_path: str | Path, evidence: Evidence) -> Path:
    """The evidence's ``spec:``: relative to the evidence file, or a bundled framework's name."""
    return resolve(evidence.spec, Path(evidence_path).parent)


def score_file(
    evidence_path: str | Path,
    *,
    spec_path: str | Path | None = None,
    overrides: Sequence[Override] = (),
) -> Result:
    """Load an evidence file and its spec, score it (with any what-if overrides), and return the result."""
    return score_document(evidence_path, spec_path=spec_path, overrides=overrides)[0]


def score_document(
    evidence_path: str | Path,
    *,
    spec_path: str | Path | None = None,
    overrides: Sequence[Override] = (),
) -> tuple[Result, Document]:
    """As :func:`score_file`, also returning the evidence document to locate later problems in."""
    evidence, doc = load_evidence(evidence_path, overrides)
    spec = load_spec(spec_path if spec_path is not None else existing_spec_path(evidence_path, evidence, doc))
    check_overrides(overrides, spec)
    evidence, reference_problems = expand_references(spec, evidence, doc)  # {C11.actual} in prose
    if reference_problems:
        raise ProblemsError(reference_problems)
    return score(spec, evidence, doc), doc


def existing_spec_path(evidence_path: str | Path, evidence: Evidence, doc: Document) -> Path:
    """The evidence's own spec file, or a problem located at its ``spec:`` key."""
    spec_path = spec_path_for(evidence_path, evidence)
    if not _is_file(spec_path):
        raise ProblemsError([doc.problem(("spec",), f"spec file {spec_path.as_posix()} not found; spec: is relative to this file", check="spec-path")])
    return spec_path


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # `spec:` 10,000 characters long raised "File name too long" as a traceback
        return False


def score(spec: Spec, evidence: Evidence, doc: Document) -> Result:
    """Score already-loaded files, locating evidence problems in ``doc``."""
    try:
        return evaluate(spec, evidence)
    except EvidenceIssues as exc:
        raise ProblemsError([doc.problem(i.loc, i.message, check=i.check, key=i.key) for i in exc.issues]) from None


def require_file(path: str | Path) -> Path:
    """A path the user named on the command line must exist (else exit 2)."""
    p = Path(path)
    if not p.exists():
        raise UsageError(f"{p.as_posix()}: no such file")
    return p
