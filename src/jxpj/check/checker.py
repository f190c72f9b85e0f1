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
keeps going after the first failure (see :mod:`jxpj.models.salvage`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from jxpj.check.evidence import check_evidence
from jxpj.check.spec import check_spec
from jxpj.documents.confine import confined, default_root, outside
from jxpj.documents.discover import WORKBOOK_SUFFIX, Kind, find_files, kind_of, normal
from jxpj.documents.document import Document
from jxpj.documents.yaml_reader import parse_yaml, read_text
from jxpj.errors import Problem, ProblemsError, Severity, UsageError
from jxpj.files import exists, is_dir, shown, unreadable
from jxpj.load import spec_path_for
from jxpj.models.evidence import Evidence
from jxpj.models.salvage import repair_evidence, validate_all
from jxpj.models.spec import Spec
from jxpj.resources import data_dir


@dataclass(frozen=True, slots=True)
class CheckedFile:
    path: str
    kind: Kind


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


def check_paths(paths: Sequence[str | Path], root: str | Path | None = None, *, strict: bool = False) -> CheckReport:
    """Check files and folders (recursing into ``*.yaml``/``*.yml``), reading nothing outside
    ``root`` (default: the Git repository of the current folder, else the current folder), the
    bundled frameworks and the paths named (see :mod:`jxpj.documents.confine`).

    ``strict`` adds the checks a file must pass only before it is handed over (a report's date).
    Raises :class:`UsageError` for a path that does not exist or cannot be read (exit 2).
    """
    checker = _Checker(strict=strict)
    where = default_root() if root is None else Path(root)
    if not is_dir(where):
        raise UsageError(f"--root {shown(where)}: no such folder")
    with confined(where, also=[data_dir("specs"), *(p for p in paths if exists(p))]):
        for found in find_files(paths):
            checker.file(found.path)
    return checker.report()


@dataclass(slots=True)
class _Checker:
    files: list[CheckedFile] = field(default_factory=list)
    problems: dict[str, list[Problem]] = field(default_factory=dict)
    specs: dict[str, Spec | None] = field(default_factory=dict)  # by path; None when it has errors
    strict: bool = False

    def report(self) -> CheckReport:
        everything = sorted(p for found in self.problems.values() for p in found)
        return CheckReport(tuple(self.files), tuple(dict.fromkeys(everything)))

    def file(self, path: str) -> None:
        if path in self.problems:
            return  # already checked, e.g. as the spec of an evidence file
        refused = outside(path)  # a link in a folder that points out of the root
        if refused is not None:
            self.problems[path] = [Problem(path, 1, 1, f"{path} {refused}", "root")]
            return
        if path.lower().endswith(WORKBOOK_SUFFIX):  # named: a folder is searched for YAML only
            self._workbook(path)
            return
        loaded = self._load(path)
        if loaded is None:
            return
        doc, text = loaded
        kind = kind_of(path, text, doc.data)
        if kind == "spec":
            self._spec(path, doc)
        elif kind == "evidence":
            self._evidence(path, doc)

    def _workbook(self, path: str) -> None:
        """An evidence workbook, read as every command reads it (it was read as YAML: "not UTF-8")."""
        from jxpj.office.entry.read import read  # openpyxl only for workbooks

        try:
            doc = read(path)
        except ProblemsError as exc:
            self.files.append(CheckedFile(path, "evidence"))
            self.problems[path] = list(exc.problems)
            return
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
        if kind_of(path, text, doc.data) == "evidence":
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
        spec_path = normal(spec_path_for(path, evidence))
        refused = outside(spec_path)  # outside --root: not even looked for
        if refused is not None:
            problems.append(doc.problem(("spec",), f"spec file {shown(spec_path)} {refused}", check="spec-root"))
            return
        why = unreadable(spec_path)
        if why is not None:
            message = f"spec file {shown(spec_path)} {why}; spec: is relative to this file"
            problems.append(doc.problem(("spec",), message, check="spec-path"))
            return
        spec = self.spec(spec_path)
        if spec is None and self._is_evidence(spec_path):
            message = f"spec: {spec_path} is an evidence file, not a spec"
            problems.append(doc.problem(("spec",), message, check="spec-path"))
            return
        if spec is None:
            message = f"not checked against its spec: {spec_path} has errors (fix them first)"
            problems.append(doc.problem(("spec",), message, check="spec-invalid").as_warning())
            return
        problems.extend(check_evidence(spec, evidence, doc, validated.patches, strict=self.strict))
