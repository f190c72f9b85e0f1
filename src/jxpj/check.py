"""``jxpj check``: every problem in specs and evidence files, located, all at once.

Files are told apart by content (a spec has ``indicators`` as a list, evidence has ``spec`` and
``project``), or by the ``$schema`` line editors use; YAML files that are neither are skipped, so
the check can run over a whole repository (pre-commit hands it every ``*.yaml``).

Severity, and why:

* **error** (exit 1): the file cannot be scored as written, or would be scored wrongly — schema
  mistakes, weights that do not add up, unknown codes, facts of the wrong type, a judgment
  without its justification, a spec test whose scores differ.
* **warning** (exit 0 unless ``--strict``): legal but almost certainly a slip — a rule that can
  give more than its weight, a named rule nothing uses, a leaf with **no evidence yet**. Evidence
  files grow while an evaluation is under way and ``jxpj score`` reports a missing indicator as
  "no evidence" (never as 0), so a gap is a warning; CI that wants complete evidence uses
  ``--strict``.

The checks themselves live where they belong (``spec.system_problems``, ``spec.rule_warnings``,
each rule's ``checks``, the engine's located issues); this module finds files, runs them all and
keeps going after the first failure (see :mod:`jxpj.salvage`).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from jxpj.compose import compose
from jxpj.engine import EvidenceIssues, Issue, evaluate
from jxpj.errors import Problem, ProblemsError, Severity, UsageError
from jxpj.evidence import Evidence, IndicatorEvidence
from jxpj.load import spec_path_for
from jxpj.references import expand_references
from jxpj.result import Status
from jxpj.salvage import Patches, repair_evidence, repair_spec, validate_all
from jxpj.spec import Spec, rule_warnings, system_problems
from jxpj.spectests import run_spec_tests
from jxpj.yamlio import Document, parse_yaml, read_text

FileKind = Literal["spec", "evidence"]
SUFFIXES = (".yaml", ".yml")
# Checks whose problem is best shown at the key (``budget_execution:``) rather than its value.
_AT_KEY = {"unused-rule", "weight-total"}
# Checks that sum weights: meaningless once a weight had to be patched away.
_WEIGHT_CHECKS = {"weight-sum", "weight-total", "leaf-weight"}


@dataclass(frozen=True, slots=True)
class CheckedFile:
    path: str
    kind: FileKind


@dataclass(frozen=True, slots=True)
class CheckReport:
    """What ``check`` looked at and found, problems sorted by file, line and column."""

    files: tuple[CheckedFile, ...]
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.severity == Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for p in self.problems if p.severity == Severity.WARNING)

    def failed(self, *, strict: bool = False) -> bool:
        """Errors fail; warnings fail only when ``strict``."""
        return self.errors > 0 or (strict and self.warnings > 0)


def check_paths(paths: Sequence[str | Path]) -> CheckReport:
    """Check files and folders (recursing into ``*.yaml``/``*.yml``).

    Raises :class:`UsageError` for a path that does not exist or cannot be read (exit 2).
    """
    checker = _Checker()
    for path in discover(paths):
        checker.file(path)
    return checker.report()


def discover(paths: Sequence[str | Path]) -> list[str]:
    """The files to check, each once, in a stable order: named files as given, folders sorted."""
    found: list[str] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise UsageError(f"{path.as_posix()}: no such file or folder")
        if path.is_dir():
            found.extend(_walk(path))
        else:
            found.append(_norm(path))
    return list(dict.fromkeys(found))


def _walk(folder: Path) -> list[str]:
    out: list[str] = []
    try:
        for root, dirs, files in os.walk(folder, onerror=_raise):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))  # .git, .venv, …
            out.extend(_norm(Path(root) / f) for f in sorted(files) if f.endswith(SUFFIXES))
    except OSError as exc:
        raise UsageError(f"{Path(exc.filename or folder).as_posix()}: cannot read: {exc.strerror or exc}") from None
    return out


def _raise(exc: OSError) -> None:
    raise exc


def _norm(path: Path | str) -> str:
    return Path(os.path.normpath(path)).as_posix()


def kind_of(doc: Document, text: str) -> FileKind | None:
    """Spec, evidence, or neither (None): by the ``$schema`` line, else by the top-level keys."""
    first = text.lstrip().split("\n", 1)[0]
    if first.startswith("#") and "$schema=" in first:
        if "spec.schema.json" in first:
            return "spec"
        if "evidence.schema.json" in first:
            return "evidence"
    data = doc.data
    if not isinstance(data, dict):
        return None
    if isinstance(data.get("indicators"), list):
        return "spec"
    if "spec" in data and "project" in data:
        return "evidence"
    return None


@dataclass(slots=True)
class _Checker:
    files: list[CheckedFile] = field(default_factory=list)
    problems: dict[str, list[Problem]] = field(default_factory=dict)
    specs: dict[str, Spec | None] = field(default_factory=dict)  # by path; None when it has errors

    def report(self) -> CheckReport:
        everything = sorted(p for found in self.problems.values() for p in found)
        return CheckReport(tuple(self.files), tuple(dict.fromkeys(everything)))

    def file(self, path: str) -> None:
        if path in self.problems:
            return  # already checked, e.g. as the spec of an evidence file
        loaded = self._load(path)
        if loaded is None:
            return
        doc, text = loaded
        kind = kind_of(doc, text)
        if kind == "spec":
            self._spec(path, doc)
        elif kind == "evidence":
            self._evidence(path, doc)

    def _load(self, path: str) -> tuple[Document, str] | None:
        try:
            text = read_text(path)
            return parse_yaml(text, path), text
        except ProblemsError as exc:
            # A file that is not even YAML: report it, whatever it was meant to be.
            self.problems[path] = list(exc.problems)
            return None

    def spec(self, path: str) -> Spec | None:
        """The checked spec at ``path`` (loaded once), or None when it has errors or is no spec."""
        if path in self.specs or path in self.problems:  # checked already, as whatever it is
            return self.specs.get(path)
        loaded = self._load(path)
        if loaded is None:
            return None
        doc, text = loaded
        if kind_of(doc, text) == "evidence":
            self._evidence(path, doc)  # checked as what it is; the caller says it is no spec
            return None
        self._spec(path, doc)
        return self.specs[path]

    def _is_evidence(self, path: str) -> bool:
        return any(f.path == path and f.kind == "evidence" for f in self.files)

    def _spec(self, path: str, doc: Document) -> None:
        self.files.append(CheckedFile(path, "spec"))
        spec, problems = check_spec(doc)
        self.specs[path] = spec
        self.problems[path] = problems

    def _evidence(self, path: str, doc: Document) -> None:
        self.files.append(CheckedFile(path, "evidence"))
        validated = validate_all(Evidence, doc, repair_evidence)
        problems = validated.problems
        self.problems[path] = problems
        evidence: Evidence | None = validated.model
        if evidence is None:
            return
        spec_path = _norm(spec_path_for(path, evidence))
        if not Path(spec_path).is_file():
            message = f"spec file {spec_path} not found; spec: is relative to this file"
            problems.append(doc.problem(("spec",), message, check="spec-path"))
            return
        spec = self.spec(spec_path)
        if spec is None and self._is_evidence(spec_path):
            message = f"spec: {spec_path} is an evidence file, not a spec"
            problems.append(doc.problem(("spec",), message, check="spec-path"))
            return
        if spec is None:
            message = f"not checked against its spec: {spec_path} has errors (fix them first)"
            problems.append(_warning(doc.problem(("spec",), message, check="spec-invalid")))
            return
        problems.extend(check_evidence(spec, evidence, doc, validated.patches))


def check_spec(source: Document) -> tuple[Spec | None, list[Problem]]:
    """Every problem in a spec document; the spec is returned only when it has no errors."""
    try:
        doc = compose(source)  # bases applied, each problem located in the file that caused it
    except ProblemsError as exc:
        return None, list(exc.problems)
    validated = validate_all(Spec, doc, repair_spec)
    problems = list(validated.problems)
    spec: Spec | None = validated.model
    if spec is None:
        return None, problems
    patches = validated.patches
    for loc, message, check in system_problems(spec):
        if not _patched(patches, loc, check):
            problems.append(doc.problem(loc, message, check=check, key=check in _AT_KEY))
    for loc, message, check in rule_warnings(spec):
        if not _patched(patches, loc, check):
            warning = _warning(doc.problem(loc, message, check=check, key=check in _AT_KEY))
            # A base's rule that this spec's replacements no longer use is the base's business,
            # not a mistake in this file (the base is checked on its own).
            if check == "unused-rule" and warning.path != source.path:
                continue
            problems.append(warning)
    if any(p.severity == Severity.ERROR for p in problems):
        return None, problems
    problems.extend(run_spec_tests(spec, source))  # tests are not inherited: they sit in this file
    return spec, problems


def _patched(patches: Patches, loc: Sequence[str | int], check: str) -> bool:
    return patches.covers(loc) or check in patches.checks or (patches.weights and check in _WEIGHT_CHECKS)


def check_evidence(spec: Spec, evidence: Evidence, doc: Document, patches: Patches | None = None) -> list[Problem]:
    """Evidence against its spec: codes exist, facts fit their rules, every leaf has evidence."""
    patches = patches or Patches()
    issues: list[Issue] = []
    try:
        result = evaluate(spec, evidence)
    except EvidenceIssues as exc:
        issues = [i for i in exc.issues if not patches.covers(i.loc)]
        # Score again without the entries in error, to learn which leaves have no evidence at all.
        bad = {i.loc[1] for i in exc.issues if len(i.loc) > 1 and i.loc[0] == "indicators"}
        kept = {code: e for code, e in evidence.indicators.items() if code not in bad}
        try:
            result = evaluate(spec, evidence.model_copy(update={"indicators": kept}))
        except EvidenceIssues:
            result = None
    problems = [doc.problem(i.loc, i.message, check=i.check, key=i.key) for i in issues]
    bad_codes = {i.loc[1] for i in issues if len(i.loc) > 1 and i.loc[0] == "indicators"}
    unfilled = {leaf.code for leaf in spec.leaves() if not (evidence.indicators.get(leaf.code) or IndicatorEvidence()).facts}
    # {C99.actual} naming nothing in prose; a reference into evidence already reported is quiet
    quiet = frozenset(str(c) for c in bad_codes | unfilled | patches_codes(patches))
    problems += expand_references(spec, evidence, doc, quiet=quiet)[1]
    if result is None:
        return problems
    for node in result.leaves():
        if node.status != Status.NO_EVIDENCE or node.code in bad_codes:
            continue
        problem = _no_evidence(spec, evidence, doc, node.code, patches)
        if problem is not None:
            problems.append(problem)
    return problems


def patches_codes(patches: Patches) -> set[str]:
    """Indicators whose evidence entry was set aside after a schema error."""
    return {str(loc[1]) for loc in patches.locs if len(loc) > 1 and loc[0] == "indicators"}


def _no_evidence(spec: Spec, evidence: Evidence, doc: Document, code: str, patches: Patches) -> Problem | None:
    indicator = spec.find(code)
    assert indicator is not None  # the result was built from this spec
    source = getattr(spec.rule_of(indicator), "source", None)
    if source is not None and patches.budget:
        return None  # the budget was in error, reported already
    loc: tuple[str, ...] = ("indicators", code)
    if patches.covers(loc):
        return None
    if source is not None and evidence.budget is None:
        what = f"its rate ({source}) is computed from the budget lines; add budget: with lines"
    elif source is not None:
        what = f"its rate ({source}) cannot be computed: the budget lines add up to no budget"
    else:
        what = "give its facts" + (", or mark it not_applicable with the reason" if indicator.allow_not_applicable else "")
    message = f"no evidence for {code} {indicator.name}: {what}; until then the total is incomplete"
    at_key = code not in evidence.indicators
    where: tuple[str, ...] = ("indicators",) if at_key else loc
    return _warning(doc.problem(where, message, check="no-evidence", key=at_key))


def _warning(problem: Problem) -> Problem:
    return replace(problem, severity=Severity.WARNING)

