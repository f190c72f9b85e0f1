"""Scoring: apply each leaf's rule to its facts, roll scores up the tree, total and grade.

No file I/O and no formatting. Problems in the evidence are collected, all of them, with their
location inside the evidence file, and raised together as :class:`EvidenceIssues`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import (
    ROUND_HALF_EVEN,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)
from difflib import get_close_matches
from typing import Any

from pydantic import ValidationError

from jxpj.budget import BudgetSummary, summarize
from jxpj.engine.plan import Leaf, Parent, Scored, facts_key, plan_of
from jxpj.errors import plain_message
from jxpj.explain import Explanation, Step, num
from jxpj.models.evidence import Adjustment, Evidence, IndicatorEvidence
from jxpj.models.spec import Spec
from jxpj.numbers import MAX_FRACTION_DIGITS, ZERO, fmt_num, fmt_pct, quantize, ratio_percent
from jxpj.result import NodeResult, Result, Status
from jxpj.rules.base import Facts, RuleContext, RuleInputError
from jxpj.rules.units import amounts_into

Loc = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Issue:
    """A problem in the evidence, located by its path in the evidence file."""

    loc: Loc
    message: str
    check: str = "evidence"
    key: bool = False  # point at the key rather than the value


class EvidenceIssues(Exception):
    """The evidence cannot be scored as it stands; ``issues`` lists every reason."""

    def __init__(self, issues: list[Issue]) -> None:
        super().__init__("; ".join(i.message for i in issues))
        self.issues = issues


# The arithmetic every score is computed with, whatever decimal context the caller has set: a
# Python caller's ``getcontext().prec = 6`` must not change a score. 28 digits is also what
# jxpj.rules.formula_language re-checks explanations with.
SCORING_CONTEXT = Context(prec=28, rounding=ROUND_HALF_EVEN, Emin=-999999, Emax=999999, traps=[InvalidOperation, DivisionByZero, Overflow])

HINTED_UNKNOWN = 20  # unknown evidence codes given a did-you-mean


def evaluate(spec: Spec, evidence: Evidence) -> Result:
    """Score ``evidence`` against a checked ``spec`` (see :func:`jxpj.load.load_spec`)."""
    with localcontext(SCORING_CONTEXT):
        return _evaluate(spec, evidence)


def _evaluate(spec: Spec, evidence: Evidence) -> Result:
    plan = plan_of(spec)
    issues: list[Issue] = []
    unknown = 0
    for code in evidence.indicators:
        if code not in plan.codes:
            # A near code is suggested for the first few only: each search scans the whole spec, and
            # 8,000 unknown codes against 5,000 indicators took minutes.
            unknown += 1
            near = get_close_matches(code, plan.code_list, n=1) if unknown <= HINTED_UNKNOWN else []
            hint = f"; did you mean {near[0]}?" if near else ""
            issues.append(Issue(("indicators", code), f"indicator {code} is not in the spec{hint}", "unknown-code", key=True))
    budget = summarize(evidence.budget, spec.rounding.rate_places, spec.unit) if evidence.budget else None
    derived = _derived(budget)
    scorer = _Scorer(evidence.indicators, evidence.budget is not None, spec.rounding.rate_places, derived, issues, _shown(budget), [])
    nodes = tuple([scorer.node(node) for node in plan.roots])
    if issues:
        raise EvidenceIssues(issues)
    return _total(spec, evidence, nodes, scorer.leaves, budget)


def _derived(budget: BudgetSummary | None) -> dict[str, Decimal]:
    """What rules score: the unrounded rate (a rule may round it once, see ``_source_value``)."""
    if budget is None or budget.exact_rate is None:
        return {}
    return {"budget_execution_rate": budget.exact_rate}


def _shown(budget: BudgetSummary | None) -> dict[str, Decimal]:
    """What the tables show: the rate rounded to the spec's ``rate_places``."""
    if budget is None or budget.rate is None:
        return {}
    return {"budget_execution_rate": budget.rate}


@dataclass(slots=True)
class _Scorer:
    entries: Mapping[str, IndicatorEvidence]
    has_budget: bool
    rate_places: int
    derived: Mapping[str, Decimal]
    issues: list[Issue]
    shown: Mapping[str, Decimal]
    leaves: list[NodeResult]  # every leaf's result, in the spec's order, for the total

    def node(self, planned: Leaf | Parent) -> NodeResult:
        entry = self.entries.get(planned.indicator.code)
        if isinstance(planned, Parent):
            return self._parent(planned, entry)
        before = len(self.issues)
        node = self._ruled(planned, entry)
        if entry is not None and entry.adjusted is not None:
            node = self._adjust(node, planned, entry.adjusted, reported=len(self.issues) > before)
        self.leaves.append(node)
        return node

    def _parent(self, planned: Parent, entry: IndicatorEvidence | None) -> NodeResult:
        indicator = planned.indicator
        if entry is not None and entry.facts is not None:
            self.issues.append(Issue(("indicators", indicator.code, "facts"), f"{indicator.code} is not a leaf; facts belong to its leaf indicators", "parent-facts", key=True))
        if entry is not None and entry.adjusted is not None:
            self.issues.append(Issue(("indicators", indicator.code, "adjusted"), f"{indicator.code} is not a leaf; its score is the sum of its leaves, so adjust those", "parent-facts", key=True))
        children = tuple([self.node(child) for child in planned.children])
        # one pass over the children, adding in their order as sum() did
        total, applicable, incomplete, applies = ZERO, ZERO, False, False
        for child in children:
            if child.status is Status.NOT_APPLICABLE:
                continue
            applies = True
            applicable += child.weight
            if child.score is None:
                incomplete = incomplete or child.status is not Status.SCORED
            else:
                total += child.score
        score: Decimal | None = None
        if incomplete:
            status = Status.INCOMPLETE
        elif not applies:
            status = Status.NOT_APPLICABLE
        else:
            status, score = Status.SCORED, total
        rate = ratio_percent(score, applicable, self.rate_places) if score is not None else None
        return NodeResult(
            code=indicator.code,
            name=indicator.name,
            level=planned.level,
            weight=planned.weight,
            score=score,
            rate=rate,
            status=status,
            children=children,
            standard=indicator.standard,
            value=entry.value if entry else None,
            note=entry.note if entry else None,
        )
    def _adjust(self, node: NodeResult, planned: Leaf, adjusted: Adjustment, *, reported: bool) -> NodeResult:
        """The adjusted score (调整) counts; the rule's stays beside it, in the result and the working."""
        loc: Loc = ("indicators", node.code, "adjusted")
        if node.status == Status.NOT_APPLICABLE:
            self.issues.append(Issue(loc, f"{node.code} is marked not applicable, so it has no score to adjust; remove one of the two", "adjusted", key=True))
            return node
        if node.status != Status.SCORED or node.score is None:
            if not reported:  # facts that are there but wrong are reported already
                self.issues.append(Issue(loc, f"{node.code}: an adjusted score needs the evidence its rule scores from (facts:, or the budget lines), so that the rule's score is shown beside it; give it, or score the row with kind: judgment", "adjusted", key=True))
            return node
        places = planned.places
        score = adjusted.score
        if score > node.weight or score != quantize(score, places, "down"):
            why = f"exceeds the weight {fmt_num(node.weight)}" if score > node.weight else f"is finer than this rule rounds scores ({places} decimal{'s' if places != 1 else ''})"
            self.issues.append(Issue((*loc, "score"), f"{node.code}: adjusted score {fmt_num(score)} {why}", "adjusted"))
            return node
        score = quantize(score, places)  # as exact as the rule's own scores (9 → 9.00)
        reason = adjusted.reason.strip()
        said = f"，理由：{reason}" if reason else "（未说明调整理由）"
        step = Step(prefix=f"调整：按评分标准得{fmt_num(node.score)}分，调整为{fmt_num(score)}分{said}", label=f"→ {fmt_num(score)} points")
        steps = node.explanation.steps if node.explanation is not None else ()
        rate = ratio_percent(score, node.weight, self.rate_places)
        return replace(node, score=score, rate=rate, rule_score=node.score, adjustment=reason, explanation=Explanation((*steps, step)))

    def _ruled(self, planned: Leaf, entry: IndicatorEvidence | None) -> NodeResult:
        """A leaf as its rule scores it."""
        indicator = planned.indicator
        value = entry.value if entry is not None else None
        loc: Loc = ("indicators", indicator.code)
        if entry is not None and entry.not_applicable is not None:
            if not indicator.allow_not_applicable:
                self.issues.append(Issue((*loc, "not_applicable"), f"{indicator.code} may not be marked not applicable; the spec does not allow it (allow_not_applicable: true)", "not-applicable"))
            return planned.result(entry, value, Status.NOT_APPLICABLE, not_applicable_reason=entry.not_applicable)
        facts_data = entry.facts if entry is not None else None  # read, never changed: no copy
        source = planned.source
        scored_rate: Decimal | None = None
        if source is not None:
            if facts_data is not None and "actual" in facts_data:
                self.issues.append(Issue((*loc, "facts", "actual"), f"{indicator.code} takes its value from {source}, computed from the budget lines; remove 'actual'", "derived-fact", key=True))
                return planned.result(entry, value, Status.NO_EVIDENCE)
            if source not in self.derived:
                if self.has_budget:
                    # Budget lines that add up to 0 give no rate; saying "no evidence" beside
                    # the lines the user did give would hide why.
                    self.issues.append(Issue(("budget", "lines"), f"{indicator.code} needs {source}, but the budget lines add up to 0, so no rate can be computed", "zero-budget"))
                return planned.result(entry, value, Status.NO_EVIDENCE)
            scored_rate = self.derived[source]
            if planned.rate_places is not None:
                scored_rate = quantize(scored_rate, planned.rate_places)  # once, as the rule says
            # validated as a rate at the most decimals a fact may have, then scored with every digit
            facts_data = {**(facts_data or {}), "actual": quantize(scored_rate, MAX_FRACTION_DIGITS)}
            if value is None:  # the 业绩值 of a derived rate is the rate as the tables show it
                value = fmt_pct(self.shown[source])
        elif facts_data is None:
            return planned.result(entry, value, Status.NO_EVIDENCE)
        if planned.unit is not None:  # 1,329,000元 into a rule compared in 万元
            facts_data, unreadable = amounts_into(facts_data, planned.unit)
            self.issues.extend(Issue((*loc, "facts", key), f"{indicator.code}: fact {key}: {message}", "fact-type") for key, message in unreadable)
        scored = self._scored(planned, facts_data, scored_rate, loc)
        if scored is None:
            return planned.result(entry, value, Status.NO_EVIDENCE)
        return planned.result(entry, value, Status.SCORED, *scored)

    def _scored(self, planned: Leaf, facts_data: Any, scored_rate: Decimal | None, loc: Loc) -> Scored | None:
        """The rule's score, rate and working from these facts, or None with the issues noted.

        Rules are pure, so the same facts give the same outcome: the plan keeps the outcomes of
        facts it has seen (a batch's 优/良 levels and 是/否 checks repeat from file to file).
        """
        key = facts_key(facts_data) if scored_rate is None and planned.room else None  # a derived rate is the file's own
        if key is not None and (seen := planned.seen.get(key)) is not None:
            return seen
        rule = planned.rule
        try:
            facts = planned.validate(facts_data)
        except ValidationError as exc:
            for error in exc.errors():
                self.issues.append(_fact_issue(loc, error, rule.facts))
            return None
        if scored_rate is not None:
            facts = facts.model_copy(update={"actual": scored_rate})
        indicator = planned.indicator
        assert indicator.weight is not None  # checked by the spec's system checks
        ctx = RuleContext(indicator.code, indicator.weight, planned.places, planned.mode, self.derived)
        try:
            outcome = rule.score(planned.params, facts, ctx)
        except RuleInputError as exc:
            self.issues.append(Issue((*loc, "facts", *exc.loc), f"{indicator.code}: {exc}", "fact-value"))
            return None
        steps = outcome.steps
        if words := planned.words:  # 9.8 → 9（取整，舍去）: a rounding the reader might not assume
            steps = tuple([replace(s, note=words) if s.rounded is not None and s.rounded != s.value and not s.note else s for s in steps])
        rate = ratio_percent(outcome.score, indicator.weight, self.rate_places)
        scored = (outcome.score, rate, Explanation(steps), outcome.reason)
        if key is not None and len(planned.seen) < planned.room:
            planned.seen[key] = scored
        return scored


def _fact_issue(loc: Loc, error: Any, facts: type[Facts]) -> Issue:
    where = (*loc, "facts", *error["loc"])
    code = loc[-1]
    if error["type"] == "missing":
        # A fact's description, where the rule gives one, says why it cannot be left out.
        info = facts.model_fields.get(str(error["loc"][-1])) if len(error["loc"]) == 1 else None
        why = f" ({info.description})" if info is not None and info.description else ""
        return Issue(where, f"{code}: missing fact {error['loc'][-1]!r}{why}", "missing-fact")
    if error["type"] == "extra_forbidden":
        return Issue(where, f"{code}: fact {error['loc'][-1]!r} is not used by this indicator's rule", "unknown-fact", key=True)
    message = plain_message(str(error["msg"]))
    field = ".".join(str(p) for p in error["loc"])
    return Issue(where, f"{code}: fact {field}: {message}", "fact-type")


def _total(spec: Spec, evidence: Evidence, nodes: tuple[NodeResult, ...], leaves: list[NodeResult], budget: BudgetSummary | None) -> Result:
    statuses = {n.status for n in nodes}
    places = spec.rounding.rate_places
    if Status.NO_EVIDENCE in statuses or Status.INCOMPLETE in statuses:
        return Result(spec, evidence, nodes, budget, spec.total, None, None, None, None, Status.INCOMPLETE)
    score_sum = sum((n.score for n in nodes if n.score is not None), ZERO)
    explanation = None
    any_na = any(leaf.status == Status.NOT_APPLICABLE for leaf in leaves)
    # Rescale by the applicable *leaves'* weight: a parent can be applicable while every leaf
    # left in it weighs 0, and testing the parents' weight here divided 0 by 0 (a traceback).
    applicable = sum([leaf.weight for leaf in leaves if leaf.status != Status.NOT_APPLICABLE], ZERO)
    if any_na and applicable > 0:
        raw = score_sum / applicable * spec.total
        total = quantize(raw, spec.rounding.places, spec.rounding.mode)
        expr = num(score_sum) / num(applicable) * num(spec.total)
        explanation = Explanation((Step(prefix="not-applicable indicators excluded:", expr=expr, value=raw, rounded=total),))
    else:
        total = score_sum
    rate = ratio_percent(total, spec.total, places)
    return Result(spec, evidence, nodes, budget, spec.total, score_sum, total, rate, spec.grade_for(total), Status.SCORED, explanation)
