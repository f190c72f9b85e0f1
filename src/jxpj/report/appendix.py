"""附件 指标体系及评分标准: every indicator with its weight, 评分标准, 业绩值, 得分 and 扣分原因.

The report's annex, as evaluators attach it: one row per indicator in tree order, first- and
second-level rows carrying their weights and subtotals, each leaf its standard, its value, its
score and, where it lost points, why. Everything comes from the result; nothing is typed twice.
"""

from __future__ import annotations

from jxpj.markdown import cell
from jxpj.numbers import fmt_num
from jxpj.report.draft import PENDING, score_text
from jxpj.result import NodeResult, Result, Status
from jxpj.zh.values import performance_value
from jxpj.zh.working import prose

TITLE = "指标体系及评分标准"


def appendix_rows(result: Result) -> list[dict[str, str | bool]]:
    """The annex table's rows, every cell escaped for Markdown."""
    rows: list[dict[str, str | bool]] = []
    for node in result.walk():
        group = not node.is_leaf
        rows.append({
            "group": group,
            "name": cell(f"{node.code} {node.name}"),
            "weight": fmt_num(node.weight),
            "standard": "" if group else cell(node.standard or ""),
            "value": "" if group else cell(performance_value(result, node) or ""),
            "score": score_text(node),
            "reason": "" if group else cell(_reason(node)),
        })
    return rows


def _reason(node: NodeResult) -> str:
    """扣分原因: why a leaf lost points, as the report says it; why it has no score, if it has none."""
    if node.status == Status.NOT_APPLICABLE:
        return f"不适用：{node.not_applicable_reason}" if node.not_applicable_reason else "不适用"
    if node.status == Status.NO_EVIDENCE:
        return f"佐证材料{PENDING}"
    if not node.deducted or node.score is None:
        return ""
    said = prose(node.explanation, node.kind, weight=node.weight, score=node.score)
    return (said or f"扣{fmt_num(node.weight - node.score)}分。").removeprefix("计算过程：")
