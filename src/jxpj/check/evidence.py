"""An evidence file against its spec: codes exist, facts fit their rules, every leaf has evidence."""

from __future__ import annotations

from jxpj.documents.document import Document
from jxpj.engine import EvidenceIssues, Issue, evaluate
from jxpj.errors import Problem
from jxpj.models.evidence import Evidence, IndicatorEvidence
from jxpj.models.references import expand_references
from jxpj.models.salvage import Patches
from jxpj.models.spec import Spec
from jxpj.result import Status


def check_evidence(
    spec: Spec, evidence: Evidence, doc: Document, patches: Patches | None = None, *, strict: bool = False
) -> list[Problem]:
    """Evidence against its spec: codes exist, facts fit their rules, every leaf has evidence;
    ``strict``: also what a report needs before it is handed over (its date)."""
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
    if strict and spec.layout != "self_evaluation" and evidence.project.report_date is None and not patches.covers(("project",)):
        # Legal while drafting; handed over, the signature would read ＿＿＿＿年＿＿月＿＿日.
        message = "no report_date: the report's signature is dated ＿＿＿＿年＿＿月＿＿日; add report_date: YYYY-MM-DD under project:"
        problems.append(doc.problem(("project",), message, check="report-date", key=True).as_warning())
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
    return doc.problem(where, message, check="no-evidence", key=at_key).as_warning()
