"""Reviewing one evidence file: it and its spec loaded, its claims checkable, then compared."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from jxpj.errors import Problem, ProblemsError
from jxpj.load import existing_spec_path, load_evidence, load_spec, score
from jxpj.review.claims import claim_problems
from jxpj.review.compare import review, review_claims
from jxpj.review.findings import Review
from jxpj.review.self_evaluation import finish


def review_file(evidence_path: str | Path, *, spec_path: str | Path | None = None, claims_only: bool = False) -> Review:
    """Load an evidence file with ``claims:`` and its spec, and review it."""
    evidence, doc = load_evidence(evidence_path)
    if evidence.claims is None:
        raise ProblemsError([doc.problem((), "no claims: to review; record the report's scores, total and grade under claims: (see README)", check="no-claims")])
    if spec_path is None:
        spec_path = existing_spec_path(evidence_path, evidence, doc)  # a name too long was a traceback
    try:
        spec = load_spec(spec_path, rules=not claims_only)
    except ProblemsError as exc:
        raise ProblemsError([_hint(p) for p in exc.problems]) from None
    problems = [doc.problem(loc, message, check=check, key=True) for loc, message, check in claim_problems(evidence.claims, spec, evidence)]
    if problems:
        raise ProblemsError(problems)
    if claims_only:
        return finish(review_claims(spec, evidence))
    return finish(review(score(spec, evidence, doc)))


def _hint(problem: Problem) -> Problem:
    if problem.check != "leaf-rule":
        return problem
    return dataclasses.replace(problem, message=f"{problem.message} (or review the claimed numbers alone with --claims-only)")
