"""The template context: every number of the report computed and formatted here, once.

Templates only place these strings; they never add, count or round. The context is plain data
(dicts, lists, strings, ints and ``None``) so a user's template sees exactly what the golden files
show, and a sandboxed Jinja environment has nothing else to reach.

Keys are chosen never to collide with ``dict`` methods (no ``items``/``values``/``keys``), because
Jinja's ``a.b`` looks up attributes before keys.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from jxpj.budget import BudgetRow, BudgetSummary
from jxpj.markdown import block, cell, sentence
from jxpj.models.evidence import Narrative
from jxpj.numbers import fmt_money, fmt_num, fmt_pct, fmt_wan, ratio_percent
from jxpj.report.draft import UNDECIDED, missing, rate_text, score_text, total_text
from jxpj.report.wording import TableNumbers, chinese_date, cn_count, steps_text
from jxpj.result import NodeResult, Result, Status
from jxpj.zh.values import performance_value
from jxpj.zh.working import prose

Context = dict[str, Any]

BUDGET_SOURCE = "budget_execution_rate"


def build_context(result: Result) -> Context:
    """Everything the report and summary templates show, from one scored result."""
    project = result.evidence.project
    note = result.evidence.budget.note if result.evidence.budget else None
    budget = _budget(result.budget, note) if result.budget else None
    chapter3 = TableNumbers(chapter=3)
    score_table = chapter3.next()
    firsts = [_first(result, node, chapter3.next(), i) for i, node in enumerate(result.indicators, start=1)]
    return {
        "project": {
            "name": project.name,
            "year": str(project.year) if project.year is not None else None,
            "unit": project.unit,
            "department": project.department,
            "commissioner": project.commissioner,
            "evaluator": project.evaluator,
            "report_date": chinese_date(project.report_date) or DATE_PLACEHOLDER,
            "dated": project.report_date is not None,
            "title": project.report_title or f"{project.name}绩效评价报告",
        },
        "spec": {"title": result.spec.title, "framework": result.spec.framework.name if result.spec.framework else None},
        "narrative": narrative_context(result.evidence.narrative),
        "total": {
            "score": total_text(result),
            "weight": fmt_num(result.weight),
            "rate": _rate(result.rate) if result.total is not None else UNDECIDED,
            "grade": result.grade or UNDECIDED,
            "rescaled": result.total_explanation is not None,
            "working": steps_text(result.total_explanation),
        },
        "counts": _counts(result),
        "draft": {"pending": [f"{n.code} {n.name}" for n in missing(result)]},
        "grades": _grades(result),
        "budget": budget,
        "score_table": {"number": score_table, "total_share": _share(result, result.weight)},
        "firsts": firsts,
        "summary_rows": [{k: cell(v) if isinstance(v, str) else v for k, v in row.items()} for row in summary_rows(result)],
    }


def narrative_context(narrative: Narrative) -> dict[str, str | None]:
    """Each narrative section as a trimmed Markdown block, or None when the evidence lacks it."""
    return {name: block(getattr(narrative, name)) for name in Narrative.model_fields}


# A final report is written from complete results only (checks.unscored); a draft (--draft, and
# every 自评表) shows what is missing in words instead of a number: see jxpj.report.draft.
DASH = "—"
NO_EVIDENCE = "无佐证"
DATE_PLACEHOLDER = "＿＿＿＿年＿＿月＿＿日"  # a signature is dated; report --strict asks for project.report_date


def _grades(result: Result) -> list[Context]:
    """Each grade with its band as the report states it: 优（≥90分）、良（80分≤总分<90分）…、差（<60分）."""
    bands = sorted(result.spec.grades, key=lambda g: g.min, reverse=True)
    out = []
    for i, grade in enumerate(bands):
        low, high = fmt_num(grade.min), fmt_num(bands[i - 1].min) if i else None
        if high is None:
            band = f"≥{low}分"
        elif grade.min == 0:
            band = f"<{high}分"
        else:
            band = f"{low}分≤总分<{high}分"
        out.append({"name": grade.name, "min": low, "band": band})
    return out


def _counts(result: Result) -> dict[str, Any]:
    second = sum(1 for n in result.walk() if n.level == 2)
    third = sum(1 for n in result.leaves() if n.level >= 3)  # a leaf at level 2 is a 二级指标
    first = len(result.indicators)
    return {"first": first, "first_cn": cn_count(first), "second": second, "third": third}


def _budget(summary: BudgetSummary, note: str | None) -> Context:
    rows = [_budget_row(str(i), r.name, r) for i, r in enumerate(summary.rows, start=1)]
    return {
        "table": "表 1-1",
        "rows": rows,
        "total": {
            "budget": fmt_money(summary.budget),
            "actual": fmt_money(summary.actual),
            "rate": _rate(summary.rate),
            "budget_wan": fmt_wan(summary.budget),
            "actual_wan": fmt_wan(summary.actual),
        },
        "line_count": len(summary.rows),
        "names": "、".join(r.name for r in summary.rows),
        "note": block(note),
    }


def _budget_row(number: str, name: str, row: BudgetRow) -> Context:
    return {
        "no": number,
        "name": name,
        "cell": cell(name),
        "budget": fmt_money(row.budget),
        "actual": fmt_money(row.actual),
        "rate": _rate(row.rate),
        "budget_wan": fmt_wan(row.budget),
        "actual_wan": fmt_wan(row.actual),
    }


def _rate(rate: Decimal | None) -> str:
    return fmt_pct(rate) if rate is not None else "—"  # nothing budgeted: no rate to show


def _first(result: Result, node: NodeResult, table: str, index: int) -> Context:
    leaves = list(node.leaves())
    return {
        **_node(node),
        "index": index,
        "share": _share(result, node.weight),
        "table": table,
        "second_count": len(node.children),
        "third_count": sum(1 for n in leaves if n.level >= 3),
        "rows": list(_level_rows(result, node)),
        "full": [_leaf(result, n) for n in leaves if n.full],
        "deducted": [_leaf(result, n) for n in leaves if n.deducted],
        "not_applicable": [_leaf(result, n) for n in leaves if n.status == Status.NOT_APPLICABLE],
        "pending": [_node(n) for n in leaves if n.status == Status.NO_EVIDENCE],
    }


def _share(result: Result, weight: Decimal) -> str:
    """A weight as a share of the spec's total, as 表 3-1 writes it (10 of 100 → 10%)."""
    share = ratio_percent(weight, result.weight, result.spec.rounding.rate_places)
    return fmt_pct(share) if share is not None else "—"


def _node(node: NodeResult) -> Context:
    return {
        "code": node.code,
        "name": node.name,
        "label": f"{node.code} {node.name}",
        "weight": fmt_num(node.weight),
        "score": score_text(node),
        "rate": rate_text(node, fmt_pct(node.rate) if node.rate is not None else "—"),
    }


def _level_rows(result: Result, first: NodeResult) -> Iterator[Context]:
    """The per-level table: each leaf, and after a second-level indicator's leaves its subtotal."""
    if first.is_leaf:
        yield _row(result, first)
        return
    for second in first.children:
        if second.is_leaf:  # a leaf directly under the first level has no subtotal of its own
            yield _row(result, second)
            continue
        for leaf in second.leaves():
            yield _row(result, leaf)
        yield {"subtotal": True, "second": cell(f"{second.code} {second.name}"), "third": "小计", "weight": fmt_num(second.weight), "value": "", "score": score_text(second)}


def _row(result: Result, leaf: NodeResult) -> Context:
    value = performance_value(result, leaf)
    return {"subtotal": False, "second": "", "third": cell(f"{leaf.code} {leaf.name}"), "weight": fmt_num(leaf.weight), "value": cell(value), "score": score_text(leaf)}


def _leaf(result: Result, node: NodeResult) -> Context:
    return {
        **_node(node),
        "value": performance_value(result, node),
        "note": sentence(node.note),
        "standard": node.standard,
        "working": working(node) if node.deducted else None,  # full marks need no working, see :func:`working`
        "not_applicable_reason": sentence(node.not_applicable_reason),
        "budget": _uses_budget(result, node),
        # a sentence gives the unit after each number: 得分为4分（调整前5分）, not 4（调整前5）分
        "score_sentence": f"{fmt_num(node.score)}分（调整前{fmt_num(node.rule_score)}分）" if node.rule_score is not None and node.score is not None else f"{score_text(node)}分",
    }


def working(node: NodeResult) -> str | None:
    """Why a deducted score is what it is, as the report says it: the calculation of an arithmetic
    rule (``计算过程：(95% − 84.05%) × 2% × 4 = 0.876，扣0.88分。``), a deduction's reasons and
    points (``……，故扣除1分。``), a judgment's justification."""
    if node.score is None:
        return None
    return prose(node.explanation, node.kind, weight=node.weight, score=node.score)


def _uses_budget(result: Result, node: NodeResult) -> bool:
    """Whether the leaf is scored on the execution rate computed from the budget lines (B11)."""
    indicator = result.spec.find(node.code)
    params = result.spec.rule_of(indicator) if indicator is not None else None
    return getattr(params, "source", None) == BUDGET_SOURCE and result.budget is not None


def summary_rows(result: Result) -> Iterator[Context]:
    """Every indicator in tree order, with its level's names, for summary.md and summary.csv."""
    path: list[str] = []
    for node in result.walk():
        del path[node.level - 1 :]
        path.append(node.name)
        yield {
            "level": node.level,
            "code": node.code,
            "first": path[0],
            "second": path[1] if len(path) > 1 else "",
            "third": " / ".join(path[2:]),
            "weight": fmt_num(node.weight),
            "value": performance_value(result, node) or "",
            "score": score_text(node),
            "rate": fmt_pct(node.rate) if node.rate is not None else DASH,
            "rate_number": fmt_num(node.rate) if node.rate is not None else "",
            "note": _deduction_note(node),
        }


def _deduction_note(node: NodeResult) -> str:
    """For a leaf that lost points: its 评分说明 and the arithmetic, as the summary's 扣分说明."""
    if not (node.is_leaf and node.deducted):
        return ""
    return "".join(part for part in (sentence(node.note), working(node)) if part)
