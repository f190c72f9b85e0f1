"""What an existing report claims (报告所载数字): the numbers ``jxpj review`` checks.

A finance bureau reviewing a report (复核) or a department's self-evaluation form (自评表) has
the report's own scores, subtotals, total, grade and budget execution rates. They are recorded
beside the facts, under ``claims:`` in the evidence file, exactly as the report prints them::

    claims:
      source: 报告表3-5 绩效评价指标评分表
      scores: {A: 9, A1: 6, A11: 2, B11: 3.12}   # any level: 一级、二级、三级指标
      total: 85.12
      grade: 良
      execution_rate: 84.05                      # 预算执行率 of the whole budget, percent
      line_rates: {各类专题专业培训: 27.22}        # per budget line, by the line's name

Nothing here is used for scoring; :mod:`jxpj.review` compares the claims with the computed
numbers and with each other.
"""

from __future__ import annotations

from collections import Counter
from difflib import get_close_matches
from typing import TYPE_CHECKING

from jxpj.numbers import NonNegative, Rate
from jxpj.rules.base import Model

if TYPE_CHECKING:
    from jxpj.evidence import Evidence
    from jxpj.spec import Spec

Loc = tuple[str | int, ...]


class Claims(Model):
    """The numbers a report states; every field is optional, the review checks what is given."""

    source: str | None = None  # where the numbers were read from (表 3-5, 自评表 …)
    scores: dict[str, NonNegative] = {}  # 得分 by indicator code, at any level
    total: NonNegative | None = None  # 总分
    grade: str | None = None  # 等级
    execution_rate: Rate | None = None  # 预算执行率 of the whole budget, percent
    line_rates: dict[str, Rate] = {}  # 预算执行率 of each budget line, by its name

    @property
    def count(self) -> int:
        """How many numbers (and the grade) the claims state."""
        single = (self.total, self.grade, self.execution_rate)
        return len(self.scores) + len(self.line_rates) + sum(v is not None for v in single)


def claim_problems(claims: Claims, spec: Spec, evidence: Evidence) -> list[tuple[Loc, str, str]]:
    """Claims that cannot be checked as written, as (location, message, check id), all at once."""
    problems: list[tuple[Loc, str, str]] = []
    codes = [node.code for node in spec.walk()]
    for code in claims.scores:
        if code not in codes:
            near = get_close_matches(code, codes, n=1)
            hint = f"; did you mean {near[0]}?" if near else ""
            problems.append((("claims", "scores", code), f"claimed indicator {code} is not in the spec{hint}", "unknown-code"))
    grades = [band.name for band in spec.grades]
    if claims.grade is not None and claims.grade not in grades:
        problems.append((("claims", "grade"), f"grade {claims.grade!r} is not one of the spec's grades ({', '.join(grades)})", "unknown-grade"))
    if evidence.budget is None:
        if claims.execution_rate is not None or claims.line_rates:
            where: Loc = ("claims", "execution_rate") if claims.execution_rate is not None else ("claims", "line_rates")
            problems.append((where, "a claimed execution rate is checked against the budget lines; add budget: lines with budget and actual", "no-budget"))
        return problems
    names = [line.name for line in evidence.budget.lines]
    twice = {name for name, n in Counter(names).items() if n > 1}
    for name in claims.line_rates:
        if name in twice:
            problems.append((("claims", "line_rates", name), f"budget line {name!r} appears more than once; give the lines distinct names", "ambiguous-line"))
        elif name not in names:
            near = get_close_matches(name, names, n=1)
            hint = f"; did you mean {near[0]!r}?" if near else f"; lines: {', '.join(names)}"
            problems.append((("claims", "line_rates", name), f"budget line {name!r} is not in budget: lines{hint}", "unknown-line"))
    return problems
