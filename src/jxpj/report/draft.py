"""A draft report (``jxpj report --draft``): how scores read while evidence is still coming in.

An indicator without evidence reads 待补充; a subtotal or total over it is the sum of what is
scored so far, marked 暂计 (``暂计40分``), never passed off as final; the grade is 待定. A
complete result reads exactly as before, so these labels serve drafts and final reports alike.
"""

from __future__ import annotations

from decimal import Decimal

from jxpj.numbers import ZERO, fmt_num
from jxpj.result import NodeResult, Result, Status, score_label

PENDING = "待补充"  # an indicator whose evidence is still missing
PROVISIONAL = "暂计"  # a sum over indicators some of which are still missing
UNDECIDED = "待定"  # a grade or rate that cannot be known yet


def score_text(node: NodeResult) -> str:
    """A node's score as the report shows it, draft or final."""
    if node.status == Status.NO_EVIDENCE:
        return PENDING
    if node.status == Status.INCOMPLETE:
        return f"{PROVISIONAL}{fmt_num(_scored(node))}"
    return score_label(node)


def rate_text(node: NodeResult, final: str) -> str:
    return UNDECIDED if node.status in (Status.NO_EVIDENCE, Status.INCOMPLETE) else final


def total_text(result: Result) -> str:
    if result.total is not None:
        return fmt_num(result.total)
    return f"{PROVISIONAL}{fmt_num(sum((_scored(n) for n in result.indicators), ZERO))}"


def missing(result: Result) -> list[NodeResult]:
    """The leaves still without evidence, in tree order."""
    return [n for n in result.leaves() if n.status == Status.NO_EVIDENCE]


def _scored(node: NodeResult) -> Decimal:
    return sum((leaf.score for leaf in node.leaves() if leaf.score is not None), ZERO)
