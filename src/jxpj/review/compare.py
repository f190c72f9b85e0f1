"""复核: check what a report claims against what its facts give, and against itself.

Two kinds of check, each finding frozen with its arithmetic:

* claimed vs computed (needs the spec's rules): each claimed score, the total and the grade are
  compared with jxpj's own numbers, and a disagreement carries the rule's explanation;
* internal slips (need no rule at all, so they also run in claims-only mode): a subtotal that is
  not the sum of its claimed rows, a total that is not the sum of its first-level scores or is
  above what its rows can give, a score above its weight, an execution rate that does not follow
  from the budget lines, a grade outside the band of the claimed total, a deduction with no
  reason given.

Nothing here reads files except :func:`review_file`, and nothing prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from jxpj.models.claims import Claims
from jxpj.models.evidence import Evidence
from jxpj.models.spec import Indicator, Spec
from jxpj.numbers import ZERO, fmt_num, quantize
from jxpj.result import NodeResult, Result, Status
from jxpj.review.findings import Finding, Mode, Review
from jxpj.review.rates import rate_findings
from jxpj.zh.working import chinese


def review(result: Result) -> Review:
    """Compare the evidence's claims with the computed ``result``, and with themselves."""
    checker = _Checker(result.spec, result.evidence, result)
    return checker.run("rules")


def review_claims(spec: Spec, evidence: Evidence) -> Review:
    """Claims-only mode: internal consistency of the claimed numbers, no rule applied."""
    return _Checker(spec, evidence, None).run("claims-only")


def _sum(codes: list[str], values: list[Decimal]) -> tuple[str, Decimal]:
    """``A11 + A12 + A13 = 2 + 2 + 2 = 6``: the arithmetic of a sum, and the sum."""
    total = sum(values, ZERO)
    if not codes:
        return "no applicable rows = 0", total
    return f"{' + '.join(codes)} = {' + '.join(fmt_num(v) for v in values)} = {fmt_num(total)}", total


@dataclass
class _Checker:
    spec: Spec
    evidence: Evidence
    result: Result | None

    def run(self, mode: Mode) -> Review:
        self.claims = self.evidence.claims or Claims()
        self.na = {code for code, entry in self.evidence.indicators.items() if entry.not_applicable is not None}
        self.findings: list[Finding] = []
        self.notes: list[Finding] = []
        self.unchecked: list[str] = []
        self._memo: dict[str, tuple[Decimal, bool] | None] = {}
        for node in self.spec.walk():
            self._indicator(node)
            self._adjustment(node)
        self._total()
        self._grade()
        self.findings.extend(rate_findings(self.claims, self.evidence.budget, self.spec.rounding.rate_places))
        # Appended in tree order, each indicator's kinds in KINDS order, then total, grade, rates.
        return Review(self.spec, self.evidence, mode, tuple(self.findings), self.claims.count, tuple(self.unchecked), self.result, notes=tuple(self.notes))

    def add(self, kind: str, code: str, claimed: Decimal | str, computed: Decimal | str | None, en: str, zh: str) -> None:
        diff = claimed - computed if isinstance(claimed, Decimal) and isinstance(computed, Decimal) else None
        self.findings.append(Finding(kind, code, claimed, computed, diff, en, zh))

    # ---- the claimed tree: a node's claim, or the sum of its claimed rows ---------------------

    def _applicable(self, node: Indicator) -> bool:
        return any(leaf.code not in self.na for leaf in node.walk() if leaf.is_leaf)

    def value(self, node: Indicator) -> tuple[Decimal, bool] | None:
        """(claimed score, whether it is derived from the rows) or None when not derivable."""
        if node.code not in self._memo:
            claim = self.claims.scores.get(node.code)
            if claim is not None:
                self._memo[node.code] = (claim, False)
            else:
                terms = self.terms(node.children) if node.children else None
                self._memo[node.code] = (sum((v for _, v, _ in terms), ZERO), True) if terms is not None else None
        return self._memo[node.code]

    def terms(self, nodes: tuple[Indicator, ...]) -> list[tuple[str, Decimal, bool]] | None:
        out = []
        for node in nodes:
            if not self._applicable(node):
                continue
            value = self.value(node)
            if value is None:
                return None
            out.append((node.code, *value))
        return out

    @staticmethod
    def _derived_note(terms: list[tuple[str, Decimal, bool]]) -> tuple[str, str]:
        derived = [code for code, _, d in terms if d]
        if not derived:
            return "", ""
        names = ", ".join(derived)
        return f" ({names}: not stated; each taken as the sum of its claimed rows)", f"（{names} 未载明，按其明细得分合计）"

    # ---- per indicator ------------------------------------------------------------------------

    def _indicator(self, node: Indicator) -> None:
        claim = self.claims.scores.get(node.code)
        weight = node.total_weight
        if claim is not None and claim > weight:
            self.add("over-weight", node.code, claim, weight,
                     f"claimed {node.code} = {fmt_num(claim)} but its weight is {fmt_num(weight)}: {fmt_num(claim - weight)} over",
                     f"报告 {node.code} {node.name} 得分 {fmt_num(claim)}，超过其权重 {fmt_num(weight)}，多 {fmt_num(claim - weight)} 分")  # fmt: skip
        if claim is not None and self.result is not None:
            self._against_rule(node, claim)
        if claim is not None and node.children:
            terms = self.terms(node.children)
            if terms is not None:
                working, total = _sum([c for c, _, _ in terms], [v for _, v, _ in terms])
                if total != claim:
                    en, zh = self._derived_note(terms)
                    self.add("subtotal", node.code, claim, total, f"claimed {node.code} = {fmt_num(claim)} but {working}{en}", f"报告 {node.code} {node.name} 得分 {fmt_num(claim)}，但 {working}{zh}")
        if claim is not None and node.is_leaf and claim < node.total_weight and node.code not in self.na and not self._has_reason(node.code):
            lost = node.total_weight - claim
            # The computed column holds what jxpj computes for the row (its rule's score), never
            # the weight: a claimed 9 that the rule also gives must not read "computed 10".
            computed = self._computed_score(node.code)
            self.findings.append(Finding("no-reason", node.code, claim, computed, claim - computed if computed is not None and computed != claim else None,
                     f"claimed {node.code} = {fmt_num(claim)} of {fmt_num(weight)} deducts {fmt_num(lost)} but gives no reason; write it in note: (评分说明)",
                     f"{node.code} {node.name} 得分 {fmt_num(claim)}（权重 {fmt_num(weight)}），扣 {fmt_num(lost)} 分未说明扣分理由"))  # fmt: skip

    def _computed_score(self, code: str) -> Decimal | None:
        """The score jxpj computes for a scored node, or None (claims only, no evidence)."""
        node = self.result.find(code) if self.result is not None else None
        return node.score if node is not None and node.status == Status.SCORED else None

    def _adjustment(self, node: Indicator) -> None:
        """An adjusted score (调整) is listed with both scores and its reason; without a reason it is
        a finding, like any deduction without one."""
        entry = self.evidence.indicators.get(node.code)
        adjusted = entry.adjusted if entry is not None and node.is_leaf else None
        if adjusted is None:
            return
        computed = self.result.find(node.code) if self.result is not None else None
        rule = computed.rule_score if computed is not None else None
        score, reason = fmt_num(adjusted.score), adjusted.reason.strip()
        by_rule_en = f" from the rule's {fmt_num(rule)}" if rule is not None else ""
        by_rule_zh = f"由按评分标准所得 {fmt_num(rule)} 分" if rule is not None else ""
        difference = adjusted.score - rule if rule is not None and rule != adjusted.score else None
        if not reason:
            self.findings.append(Finding("no-reason", node.code, adjusted.score, rule, difference,
                f"{node.code} is adjusted{by_rule_en} to {score} but gives no reason; write it in adjusted: reason:",
                f"{node.code} {node.name} 得分{by_rule_zh}调整为 {score} 分，未说明调整理由"))  # fmt: skip
            return
        self.notes.append(Finding("score-noted", node.code, adjusted.score, rule, difference,
            f"{node.code} is adjusted{by_rule_en} to {score}: {reason}",
            f"{node.code} {node.name} 得分{by_rule_zh}调整为 {score} 分，调整理由：{reason}"))  # fmt: skip

    def _against_rule(self, node: Indicator, claim: Decimal) -> None:
        assert self.result is not None
        computed = self.result.find(node.code)
        if computed is None or computed.status in (Status.NO_EVIDENCE, Status.INCOMPLETE) or (computed.status == Status.SCORED and computed.score is None):
            self.unchecked.append(node.code)
            return
        if computed.status == Status.NOT_APPLICABLE:
            self.add("score", node.code, claim, None, f"claimed {node.code} = {fmt_num(claim)} but the evidence marks it not applicable", f"报告 {node.code} {node.name} 得分 {fmt_num(claim)}，但该指标不适用")
            return
        assert computed.score is not None
        if computed.score == claim:
            return
        working, working_zh = _working(computed), _working(computed, in_chinese=True)
        lead = f"the rule gives {fmt_num(computed.score)}:" if computed.is_leaf else "computed"
        if computed.rule_score is not None:  # adjusted: the rule's score is not the one that counts
            lead = f"the rule gives {fmt_num(computed.rule_score)}, adjusted to {fmt_num(computed.score)}:"
        self.add("score", node.code, claim, computed.score, f"claimed {node.code} = {fmt_num(claim)} but {lead} {working}", f"报告 {node.code} {node.name} 得分 {fmt_num(claim)}，复核为 {fmt_num(computed.score)}：{working_zh}")

    def _has_reason(self, code: str) -> bool:
        entry = self.evidence.indicators.get(code)
        if entry is None:
            return False
        if (entry.note or "").strip() or (entry.deviation or "").strip() or entry.adjusted is not None:
            return True  # an adjustment's own reason (or its lack) is reviewed by _adjustment
        facts = entry.facts or {}
        findings = facts.get("findings")
        reasons = [f.get("reason") for f in findings if isinstance(f, dict)] if isinstance(findings, list) else []
        return any(isinstance(r, str) and r.strip() for r in [*reasons, facts.get("justification")])

    # ---- total, grade, budget -----------------------------------------------------------------

    def _total(self) -> None:
        claim = self.claims.total
        if claim is None:
            return
        firsts = [node.code for node in self.spec.indicators]
        terms = self.terms(self.spec.indicators)
        if claim > self.spec.total:
            working, _ = _sum(firsts, [node.total_weight for node in self.spec.indicators])
            self.add("over-maximum", "total", claim, self.spec.total,
                     f"claimed total = {fmt_num(claim)} is above the most its rows can give: weights {working}",
                     f"报告总分 {fmt_num(claim)}，超过各项权重合计（满分）：{working}")  # fmt: skip
        elif terms is None:
            self._unreachable(claim)
        if terms is not None:
            working, total = _sum([c for c, _, _ in terms], [v for _, v, _ in terms])
            expected, working = self._rescaled(total, working)
            if expected != claim:
                en, zh = self._derived_note(terms)
                self.add("total-sum", "total", claim, expected, f"claimed total = {fmt_num(claim)} but {working}{en}", f"报告总分 {fmt_num(claim)}，但 {working}{zh}")
        if self.result is None:
            return
        if self.result.total is None:
            self.unchecked.append("total")
        elif self.result.total != claim:
            scored = [n for n in self.result.indicators if n.score is not None]
            working = working_zh = _sum([n.code for n in scored], [n.score for n in scored if n.score is not None])[0]
            if self.result.total_explanation is not None:
                working += f"; {self.result.total_explanation}"
                working_zh += f"; {chinese(self.result.total_explanation) or self.result.total_explanation}"
            self.add("total", "total", claim, self.result.total, f"claimed total = {fmt_num(claim)} but computed {working}", f"报告总分 {fmt_num(claim)}，复核为 {fmt_num(self.result.total)}：{working_zh}")

    def _upper(self, node: Indicator, unstated: list[str]) -> Decimal:
        """The most a node can score: its claim, else its rows' claims with unstated leaves at full weight."""
        if not self._applicable(node):
            return ZERO
        claim = self.claims.scores.get(node.code)
        if claim is not None:
            return claim
        if node.is_leaf:
            unstated.append(node.code)
            return node.total_weight
        return sum((self._upper(child, unstated) for child in node.children), ZERO)

    def _unreachable(self, claim: Decimal) -> None:
        """Some rows are not stated; even at full marks for those, can the rows reach the total?"""
        unstated: list[str] = []
        nodes = [n for n in self.spec.indicators if self._applicable(n)]
        bounds = [self._upper(n, unstated) for n in nodes]
        total = sum(bounds, ZERO)
        expected, rescale = self._rescaled(total, "")
        if claim <= expected:
            return
        codes = " + ".join(n.code for n in nodes)
        working = f"{codes} ≤ {' + '.join(fmt_num(b) for b in bounds)} = {fmt_num(total)}{rescale}"
        names = ", ".join(unstated)
        self.add("over-maximum", "total", claim, expected,
                 f"claimed total = {fmt_num(claim)} is above the most its rows can give: {working} (not stated, so counted at full weight: {names})",
                 f"报告总分 {fmt_num(claim)}，超过各项得分可能达到的最高值：{working}（{names} 未载明得分，按满分计）")  # fmt: skip

    def _rescaled(self, total: Decimal, working: str) -> tuple[Decimal, str]:
        """With not-applicable leaves, the total is converted to the full scale, as the engine does."""
        if not self.na:
            return total, working
        applicable = sum((leaf.weight or ZERO for leaf in self.spec.leaves() if leaf.code not in self.na), ZERO)
        if applicable == 0:
            return total, working
        raw = total / applicable * self.spec.total
        rounded = quantize(raw, self.spec.rounding.places, self.spec.rounding.mode)
        return rounded, f"{working}; {fmt_num(total)} ÷ {fmt_num(applicable)} × {fmt_num(self.spec.total)} = {fmt_num(rounded)} (not-applicable rows excluded)"

    def _band(self, grade: str) -> tuple[str, str]:
        """``良 (80 ≤ total < 90)`` in English and Chinese."""
        bands = sorted(self.spec.grades, key=lambda b: b.min)
        i = next(i for i, b in enumerate(bands) if b.name == grade)
        upper = f" < {fmt_num(bands[i + 1].min)}" if i + 1 < len(bands) else ""
        return f"{grade} ({fmt_num(bands[i].min)} ≤ total{upper})", f"“{grade}”（{fmt_num(bands[i].min)} ≤ 总分{upper}）"

    def _grade(self) -> None:
        claim = self.claims.grade
        if claim is None:
            return
        stated = self.claims.total
        if stated is None:
            value = self.terms(self.spec.indicators)
            stated = self._rescaled(sum((v for _, v, _ in value), ZERO), "")[0] if value is not None else None
        if stated is not None and self.spec.grade_for(stated) != claim:
            en, zh = self._band(self.spec.grade_for(stated))
            self.add("grade-band", "grade", claim, self.spec.grade_for(stated), f"claimed grade {claim} but the claimed total {fmt_num(stated)} is {en}", f"报告等级为“{claim}”，但所载总分 {fmt_num(stated)} 属于{zh}")
            return
        if self.result is None:
            return
        if self.result.grade is None:
            self.unchecked.append("grade")
        elif self.result.grade != claim:
            en, zh = self._band(self.result.grade)
            self.add("grade", "grade", claim, self.result.grade, f"claimed grade {claim} but the computed total {fmt_num(self.result.total or ZERO)} is {en}", f"报告等级为“{claim}”，但复核总分 {fmt_num(self.result.total or ZERO)} 属于{zh}")


def _working(node: NodeResult, *, in_chinese: bool = False) -> str:
    """How jxpj computed a node: the rule's explanation (in the evaluator's Chinese notation for the
    复核意见), or the sum of its children."""
    if node.is_leaf:
        return (chinese(node.explanation, node.kind) if in_chinese else None) or str(node.explanation)
    scored = [c for c in node.children if c.status == Status.SCORED and c.score is not None]
    return _sum([c.code for c in scored], [c.score for c in scored if c.score is not None])[0]
