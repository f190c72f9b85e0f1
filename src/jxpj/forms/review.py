"""Reviewing a read 自评表: imported in memory, scored by the self-evaluation rules, reviewed as
``jxpj review`` reviews evidence, each finding pointing at the form's cell.

The form goes through the same steps as an imported one would (compose → validate → evaluate →
review), so ``jxpj import`` followed by ``jxpj review`` finds what reviewing the form directly finds.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from jxpj.documents.sheet import SheetDocument
from jxpj.errors import Problem, ProblemsError
from jxpj.forms import read_form
from jxpj.forms.convert import FUNDS_WEIGHT, Imported, convert
from jxpj.forms.model import Form, Where
from jxpj.load import load_spec, score
from jxpj.models.evidence import Evidence
from jxpj.models.validate import validate, validate_spec
from jxpj.result import Result
from jxpj.review.claims import claim_problems
from jxpj.review.compare import review
from jxpj.review.findings import Finding, Review
from jxpj.review.self_evaluation import finish


@dataclass(frozen=True, slots=True)
class FormReview:
    """One form's review, and what was noticed while reading it (located warnings)."""

    form: Form
    review: Review
    warnings: tuple[Problem, ...]

    @property
    def result(self) -> Result:
        assert self.review.result is not None  # a form is always scored by the rules
        return self.review.result


def imported(path: str | Path, *, spec_path: str | Path | None = None) -> tuple[Form, Imported]:
    """A form read and converted; with ``spec_path``, built on that spec instead of the national form."""
    form = read_form(path)
    if spec_path is None:
        return form, convert(form)
    base = load_spec(spec_path)
    funds = next((leaf for leaf in base.leaves() if getattr(base.rule_of(leaf), "source", None) == "budget_execution_rate"), None)
    data = convert(form, funds_weight=funds.weight if funds is not None and funds.weight is not None else FUNDS_WEIGHT)
    data.spec["extends"] = Path(spec_path).resolve().as_posix()
    return form, data


def score_form(path: str | Path, *, spec_path: str | Path | None = None) -> tuple[Form, Imported, Result, SheetDocument]:
    """A form scored by the rules, every problem located at the form's cell."""
    form, data = imported(path, spec_path=spec_path)
    home = form.title.where if form.title is not None else Where(form.path, None, 1, 1)
    spec_doc = SheetDocument(form.path, data.spec, None, [], cells=dict(data.spec_cells), home=home)
    evidence_doc = SheetDocument(form.path, data.evidence, None, [], cells=dict(data.evidence_cells), home=home)
    spec, _none = validate_spec(spec_doc, warnings=False)  # the national base is parsed once per process
    evidence = validate(Evidence, evidence_doc)
    assert evidence.claims is not None  # convert always records the form's numbers
    problems = [evidence_doc.problem(loc, message, check=check) for loc, message, check in claim_problems(evidence.claims, spec, evidence)]
    if problems:
        raise ProblemsError(problems)
    return form, data, score(spec, evidence, evidence_doc), evidence_doc


def review_form(path: str | Path, *, spec_path: str | Path | None = None) -> FormReview:
    """Every slip the form's own numbers prove, each at its cell, with the arithmetic."""
    form, data, result, _doc = score_form(path, spec_path=spec_path)
    found = finish(review(result))
    located = dataclasses.replace(
        found,
        findings=tuple(_at(f, data.places) for f in found.findings),
        notes=tuple(_at(f, data.places) for f in found.notes),
    )
    return FormReview(form, located, tuple(data.warnings))


def _at(finding: Finding, places: dict[str, Where]) -> Finding:
    where = places.get("funds-total" if finding.kind == "funds-total" else finding.code)
    return dataclasses.replace(finding, where=where.name) if where is not None else finding
