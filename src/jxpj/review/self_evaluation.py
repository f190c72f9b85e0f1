"""How a 自评表 is reviewed: a 偏差原因 explains a deviation, a met target's deduction needs one,
and a stated 年度资金总额 must be the sum of the funds beneath it.

财预〔2020〕10号 附件1 asks the unit to explain every deviation in 偏差原因分析及改进措施, so on a
form laid out that way (``layout: self_evaluation``) a claimed score that differs from the rule *with*
a stated reason is the unit's judgment: a note for the reviewer, not an error. Without a reason it is
an error, named for what it is: points deducted although the target was met (no-reason), or a score
the rule does not give (score). A 定性 row scored inside its band is fine. What follows from a row
already found (the total against the computed total, the grade against the computed grade, a
funds-total's rate and score) is not found again; the recomputed total stays in the review's result.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from jxpj.numbers import ZERO, fmt_money, fmt_num
from jxpj.result import NodeResult
from jxpj.review.findings import Finding, Review
from jxpj.zh.working import chinese

# Consequences of findings already made on the rows, not slips of their own, on a 自评表.
_CONSEQUENCES = {"total", "grade"}


def finish(review: Review) -> Review:
    """The review with the funds-total check added, read as a 自评表 where its spec is one."""
    found = [*review.findings, *_funds_total(review)]
    review = dataclasses.replace(review, findings=tuple(found))
    if review.mode != "rules" or review.spec.layout != "self_evaluation" or review.result is None:
        return review
    return _as_self_evaluation(review)


def _funds_total(review: Review) -> list[Finding]:
    claims, budget = review.evidence.claims, review.evidence.budget
    if claims is None or claims.budget is None or budget is None:
        return []
    planned = sum((line.budget for line in budget.lines), ZERO)
    spent = sum((line.actual for line in budget.lines), ZERO)
    stated = claims.budget
    if (stated.budget, stated.actual) == (planned, spent):
        return []
    names = " + ".join(line.name for line in budget.lines)
    unit = budget.unit or review.spec.unit  # the lines are in the unit the form wrote them in
    en = (
        f"stated funds total: budget {fmt_money(stated.budget)} {unit}, spent {fmt_money(stated.actual)} {unit}; "
        f"but its lines ({names}) add up to budget {fmt_money(planned)} {unit}, spent {fmt_money(spent)} {unit}"
    )
    zh = (
        f"年度资金总额填列为全年预算数 {fmt_money(stated.budget)} {unit}、全年执行数 {fmt_money(stated.actual)} {unit}，"
        f"但其下各项资金（{names}）合计为全年预算数 {fmt_money(planned)} {unit}、全年执行数 {fmt_money(spent)} {unit}"
    )
    funds = _funds_node(review)
    if funds is not None and funds.score is not None and review.result is not None and review.result.budget is not None:
        rate = review.result.budget.rate
        en += f"; from the lines the execution rate is {fmt_num(rate)}% and {funds.code} scores {fmt_num(funds.score)}" if rate is not None else ""
        zh += f"；按各项合计，预算执行率为 {fmt_num(rate)}%，{funds.code} 应得 {fmt_num(funds.score)} 分" if rate is not None else ""
    return [Finding("funds-total", "年度资金总额", stated.budget, planned, stated.budget - planned, en, zh)]


def _funds_node(review: Review) -> NodeResult | None:
    result = review.result
    if result is None:
        return None
    for leaf in review.spec.leaves():
        if getattr(review.spec.rule_of(leaf), "source", None) == "budget_execution_rate":
            return result.find(leaf.code)
    return None


def _as_self_evaluation(review: Review) -> Review:
    assert review.result is not None
    over = {f.code for f in review.findings if f.kind == "over-weight"}
    funds_slip = any(f.kind == "funds-total" for f in review.findings)
    funds = _funds_node(review)
    findings: list[Finding] = []
    notes: list[Finding] = list(review.notes)
    adjusted = {code for code, entry in review.evidence.indicators.items() if entry.adjusted is not None}
    for f in review.findings:
        if f.kind in _CONSEQUENCES or (f.kind == "no-reason" and f.code not in adjusted):
            continue  # no-reason is decided below, from the rule's own score (an adjustment's is kept)
        if f.kind == "score" and f.code in over:
            continue  # above its weight already says what is wrong with the row
        if funds_slip and (f.kind == "rate" or (funds is not None and f.code == funds.code)):
            continue  # the funds are judged from their rows, in the funds-total finding
        node = review.result.find(f.code) if f.kind == "score" else None
        if node is None or not node.is_leaf or node.score is None or not isinstance(f.claimed, Decimal):
            findings.append(f)
            continue
        entry = review.evidence.indicators.get(f.code)
        reason = ((entry.deviation or entry.note or "") if entry is not None else "").strip()
        indicator = review.spec.find(f.code)
        name = f"{f.code} {indicator.name}" if indicator is not None else f.code
        if reason:
            notes.append(dataclasses.replace(
                f, kind="score-noted",
                explanation=f"{f.explanation}; the unit states a reason (偏差原因): {reason}",
                explanation_zh=f"{f.explanation_zh}；单位已说明偏差原因：{reason}",
            ))  # fmt: skip
        elif node.score == node.weight:
            lost = node.weight - f.claimed
            findings.append(dataclasses.replace(
                f, kind="no-reason",
                explanation=f"claimed {f.code} = {fmt_num(f.claimed)} of {fmt_num(node.weight)}: the target is met ({node.explanation}), yet {fmt_num(lost)} is deducted with no reason (偏差原因)",
                explanation_zh=f"{name} 已达到年度指标值（{chinese(node.explanation, node.kind) or node.explanation}），应得满分 {fmt_num(node.weight)} 分，自评得分 {fmt_num(f.claimed)}，扣 {fmt_num(lost)} 分未说明偏差原因",
            ))  # fmt: skip
        else:
            findings.append(f)
    return dataclasses.replace(review, findings=tuple(findings), notes=tuple(notes))
