"""The review's rules (national self-evaluation rules), applied to a description with Decimal only.

This is the corpus's statement of what a reader must find; README.md spells the same rules out.
Every finding names a place (``where``): 资金总额, 执行率, 资金得分, 总分, 自评等级, or the
三级指标 of an indicator row (its 得分 cell); ``form_layout`` turns places into cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from form_model import Cell, Form, Ind, Num, Pct, shown

CENT = Decimal("0.01")
FUNDS_WEIGHT = Decimal(10)
ABOVE, BELOW, EXACT = ">=", "<=", "="
OPS = {"≥": ABOVE, ">": ABOVE, "≤": BELOW, "<": BELOW, "=": EXACT, "﹦": EXACT}
MEASURE = re.compile(r"^\s*([≥>≤<=﹦])?\s*([0-9]+(?:\.[0-9]+)?)\s*(.*?)\s*$")
BLANKS = {"", "—", "-", "/", "－"}


def r2(x: Decimal) -> Decimal:
    return x.quantize(CENT, ROUND_HALF_UP)


def number(c: Cell) -> Decimal | None:
    """A score, weight or amount: numeric cells as they are; text without 元, 万 or thousands commas."""
    if isinstance(c, (Num, Pct)):
        return c.value
    text = shown(c).replace(",", "").replace("万元", "").replace("万", "").replace("元", "").strip()
    return None if text in BLANKS else Decimal(text)


def rate_of(c: Cell) -> tuple[Decimal, int] | None:
    """A stated 执行率 as (percent, decimals shown): Pct(0.95, '0%') and '95%' both give (95, 0)."""
    text = shown(c).strip().rstrip("%")
    if text in BLANKS:
        return None
    places = len(text.split(".")[1]) if "." in text else 0
    return Decimal(text), places


def measure(c: Cell) -> tuple[str | None, Decimal, str] | None:
    """(operator, number, unit) of a target or an actual; None when the text is not a measure (定性)."""
    if isinstance(c, Pct):
        return None, c.value * 100, "%"
    if isinstance(c, Num):
        return None, c.value, ""
    m = MEASURE.match(shown(c))
    if not m:
        return None
    return (OPS[m[1]] if m[1] else None), Decimal(m[2]), m[3]


def quantitative(row: Ind) -> tuple[str, Decimal, Decimal] | None:
    """(direction, target, actual) of a 定量 row; None for a 定性 row."""
    nature = shown(row.nature).strip()
    if "定性" in nature:
        return None
    target = measure(row.target)
    if target is None:
        if nature:
            raise ValueError(f"{row.third}: 指标性质 {nature} but no measurable target")
        return None
    op = OPS.get(nature) or target[0] or ABOVE  # a bare number (735人次, 100%) is a floor
    actual = measure(row.actual)
    if actual is None:
        raise ValueError(f"{row.third}: 定量 target {shown(row.target)} with actual {shown(row.actual)}")
    return op, target[1], actual[1]


def quantitative_score(op: str, target: Decimal, actual: Decimal, weight: Decimal) -> tuple[Decimal, bool]:
    """(score, target met): full marks when met, else actual ÷ target (≥) or target ÷ actual (≤)."""
    met = {ABOVE: actual >= target, BELOW: actual <= target, EXACT: actual == target}[op]
    if met:
        return weight, True
    if op == EXACT:
        raise ValueError("an = target that is missed: the rules say nothing exact, keep it out")
    ratio = actual / target if op == ABOVE else target / actual
    return r2(ratio * weight), False


def band(total: Decimal) -> str:
    if total >= 90:
        return "优"
    if total >= 80:
        return "良"
    return "中" if total >= 60 else "差"


@dataclass
class Review:
    findings: list[tuple[str, str]]  # (kind, where)
    recomputed_total: Decimal
    indicators: int
    stated_total: Decimal | None


def _funds(form: Form, findings: list[tuple[str, str]]) -> tuple[Decimal, Decimal, Decimal]:
    """(预算执行 score by the rules, stated 分值, stated 得分) of the funds block."""
    total, parts = form.funds.total, form.funds.parts
    budget, executed = number(total.budget) or Decimal(0), number(total.actual) or Decimal(0)
    part_budget = sum((number(p.budget) or Decimal(0) for p in parts), Decimal(0))
    part_executed = sum((number(p.actual) or Decimal(0) for p in parts), Decimal(0))
    weight = number(total.weight) or FUNDS_WEIGHT
    claimed = number(total.score) or Decimal(0)
    parts_carry = part_budget or part_executed
    if parts_carry and (budget, executed) != (part_budget, part_executed):
        # The total row is not the sum of its 其中 rows (here: 0/0/0 or blank): one finding; the
        # funds are scored from the 其中 rows, and the total row's 执行率/得分 are not judged again.
        findings.append(("funds-total", "资金总额"))
        return r2(min(part_executed / part_budget, Decimal(1)) * FUNDS_WEIGHT), weight, claimed
    rate = executed / budget
    score = r2(min(rate, Decimal(1)) * FUNDS_WEIGHT)
    stated = rate_of(total.rate)
    if stated is not None:
        percent, places = stated
        if (rate * 100).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP) != percent:
            findings.append(("rate", "执行率"))
    if claimed > FUNDS_WEIGHT:  # the framework fixes the weight at 10, whatever 分值 the form states
        findings.append(("over-weight", "资金得分"))
    elif r2(claimed) != score:
        findings.append(("score", "资金得分"))
    return score, weight, claimed


def review(form: Form) -> Review:
    findings: list[tuple[str, str]] = []
    funds_score, weights, claimed_sum = _funds(form, findings)
    recomputed, count = funds_score, 0
    for row in form.rows:
        if not row.third:
            continue
        count += 1
        weight, score = number(row.weight), number(row.score)
        if weight is None or score is None:
            raise ValueError(f"{form.name}: {row.third} has no 分值 or 得分")
        weights += weight
        claimed_sum += score
        q = quantitative(row)
        if q is None:  # 定性: banded, any score in a band stands; only above its 分值 is a slip
            recomputed += score
            if score > weight:
                findings.append(("over-weight", row.third))
            continue
        expected, met = quantitative_score(*q, weight)
        recomputed += expected
        if score > weight:
            findings.append(("over-weight", row.third))
        elif r2(score) != expected:
            if row.reason.strip():
                findings.append(("score-noted", row.third))  # a note: the unit explained it
            else:
                findings.append(("no-reason" if met else "score", row.third))
    stated = number(form.total) if form.total is not None else None
    if stated is not None:
        if stated > weights:
            findings.append(("over-maximum", "总分"))
        if r2(stated) != r2(claimed_sum):
            findings.append(("total-sum", "总分"))
        if form.grade is not None and band(stated) != form.grade:
            findings.append(("grade-band", "自评等级"))
    return Review(findings, r2(recomputed), count, stated)
