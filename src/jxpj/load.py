"""The one pipeline from a path to a result: read → compose → validate → evaluate.

``score``, ``report``, ``review``, ``diff``, the portfolio batch and ``check``'s spec loading all go
through these functions, so a file that one command reads, every command reads the same way: a
YAML file or a jxpj evidence workbook, its spec composed from its bases, what-if overrides
applied, fact references in prose expanded, every problem located in the user's own file.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from difflib import get_close_matches
from pathlib import Path

from jxpj.documents.bundled import resolve
from jxpj.documents.document import Document
from jxpj.documents.overrides import Override, apply_overrides
from jxpj.documents.yaml_reader import load_yaml
from jxpj.engine import EvidenceIssues, evaluate
from jxpj.errors import ProblemsError, UsageError
from jxpj.files import exists, shown, unreadable
from jxpj.models.evidence import Evidence
from jxpj.models.references import expand_references
from jxpj.models.spec import Spec
from jxpj.models.validate import validate, validate_spec
from jxpj.result import Result

SpecLoader = Callable[[Path], Spec]


def load_spec(path: str | Path, *, rules: bool = True) -> Spec:
    """Read, validate and check one spec file (``rules=False``: leaves may lack a rule)."""
    spec, _none = validate_spec(load_yaml(path), rules=rules, warnings=False)  # check shows them, scoring does not
    return spec


def load_evidence(
    path: str | Path, overrides: Sequence[Override] = (), *, doc: Document | None = None
) -> tuple[Evidence, Document]:
    """Read and validate one evidence file (YAML, or a workbook filled in Excel: ``.xlsx``), with any
    what-if overrides; the document locates later problems. ``doc``: the YAML, already parsed."""
    if Path(path).suffix.lower() == ".xlsx":
        from jxpj.documents.sheet import apply_sheet_overrides
        from jxpj.office.entry.read import read  # openpyxl is loaded only for workbooks

        doc = apply_sheet_overrides(read(path), overrides)
    else:
        doc = apply_overrides(load_yaml(path) if doc is None else doc, overrides)
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
    specs: SpecLoader = load_spec,
    doc: Document | None = None,
) -> tuple[Result, Document]:
    """As :func:`score_file`, also returning the evidence document to locate later problems in.

    ``specs`` loads a spec (a batch passes its cache, so each spec is read once); ``doc`` is the
    evidence's YAML when the caller has parsed it already (a batch parses it to tell what it is).
    """
    evidence, doc = load_evidence(evidence_path, overrides, doc=doc)
    spec = specs(Path(spec_path) if spec_path is not None else existing_spec_path(evidence_path, evidence, doc))
    check_overrides(overrides, spec)
    evidence, reference_problems = expand_references(spec, evidence, doc)  # {C11.actual} in prose
    if reference_problems:
        raise ProblemsError(reference_problems)
    return score(spec, evidence, doc), doc


def existing_spec_path(evidence_path: str | Path, evidence: Evidence, doc: Document) -> Path:
    """The evidence's own spec file, or a problem located at its ``spec:`` key."""
    spec_path = spec_path_for(evidence_path, evidence)
    why = unreadable(spec_path)  # `spec:` 10,000 characters long raised "File name too long" as a traceback
    if why is not None:
        raise ProblemsError([doc.problem(("spec",), f"spec file {shown(spec_path)} {why}; spec: is relative to this file", check="spec-path")])
    return spec_path


def score(spec: Spec, evidence: Evidence, doc: Document) -> Result:
    """Score already-loaded files, locating evidence problems in ``doc``."""
    try:
        return evaluate(spec, evidence)
    except EvidenceIssues as exc:
        raise ProblemsError([doc.problem(i.loc, i.message, check=i.check, key=i.key) for i in exc.issues]) from None


def require_file(path: str | Path) -> Path:
    """A path the user named on the command line must exist (else exit 2)."""
    p = Path(path)
    if not exists(p):
        raise UsageError(f"{p.as_posix()}: no such file")
    return p


def check_overrides(overrides: Sequence[Override], spec: Spec) -> None:
    """Each overridden fact must belong to a leaf of the spec that takes facts from the evidence."""
    if not overrides:
        return  # the usual case, and a batch's every file: no walk of the spec for nothing
    codes = [node.code for node in spec.walk()]
    for o in overrides:
        if o.target != "fact":
            continue
        node = spec.find(o.name)
        if node is None:
            near = get_close_matches(o.name, codes, n=1)
            hint = f"; did you mean {near[0]}?" if near else ""
            raise UsageError(f"--set {o.text}: no indicator {o.name} in the spec{hint}")
        if node.children:
            raise UsageError(f"--set {o.text}: {o.name} is not a leaf; set a fact of one of its leaves")
        source = getattr(spec.rule_of(node), "source", None)
        if source is not None and o.field == "actual":
            raise UsageError(f"--set {o.text}: {o.name} takes its value from {source}, computed from the budget lines; set a line instead, e.g. --set budget.LINE.actual=…")
