"""What a report needs from the evidence beyond a score: completeness, and with --strict every section."""

from __future__ import annotations

from jxpj.documents.document import Document
from jxpj.errors import Problem
from jxpj.markdown import block
from jxpj.models.evidence import Evidence, Narrative
from jxpj.result import Result, Status


def unscored(result: Result, doc: Document) -> list[Problem]:
    """Every leaf without evidence: a report is written from a complete result only."""
    return [
        doc.problem(
            ("indicators", leaf.code),
            f"{leaf.code} {leaf.name} has no evidence; a report needs every indicator scored "
            "(give its facts, or mark it not_applicable where the spec allows)",
            check="no-evidence",
            key=True,
        )
        for leaf in result.leaves()
        if leaf.status == Status.NO_EVIDENCE
    ]


def missing_sections(evidence: Evidence) -> list[str]:
    """Names of the narrative sections the evidence does not write, in report order."""
    return [name for name in Narrative.model_fields if block(getattr(evidence.narrative, name)) is None]


def strict_problems(evidence: Evidence, doc: Document) -> list[Problem]:
    """With ``--strict``: each missing narrative section (and a missing budget) is an error."""
    problems = [
        doc.problem(
            ("narrative", name),
            f"narrative section {name!r} ({Narrative.model_fields[name].description}) is missing; "
            "write it, or run without --strict to leave it out",
            check="missing-narrative",
            key=True,
        )
        for name in missing_sections(evidence)
    ]
    if evidence.project.report_date is None:
        problems.append(doc.problem(("project",), "project.report_date is missing, so the signature leaves the date blank (　　年　月　日); add report_date: YYYY-MM-DD", check="missing-report-date", key=True))
    if evidence.budget is None:
        problems.append(doc.problem(("budget",), "budget lines are missing, so 表 1-1 cannot be written; add budget: lines:", check="missing-budget"))
    return problems
