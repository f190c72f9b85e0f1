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

Nothing here is used for scoring; :mod:`jxpj.review.compare` compares the claims with the computed
numbers and with each other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jxpj.numbers import NonNegative, Rate
from jxpj.strict import Model

if TYPE_CHECKING:
    pass


class StatedFunds(Model):
    """The funds total a form states beside its lines (年度资金总额: 全年预算数, 全年执行数), in the budget's unit."""

    budget: NonNegative
    actual: NonNegative


class Claims(Model):
    """The numbers a report states; every field is optional, the review checks what is given."""

    source: str | None = None  # where the numbers were read from (表 3-5, 自评表 …)
    scores: dict[str, NonNegative] = {}  # 得分 by indicator code, at any level
    total: NonNegative | None = None  # 总分
    grade: str | None = None  # 等级
    execution_rate: Rate | None = None  # 预算执行率 of the whole budget, percent
    line_rates: dict[str, Rate] = {}  # 预算执行率 of each budget line, by its name
    budget: StatedFunds | None = None  # 年度资金总额 as stated, checked against the lines' sums

    @property
    def count(self) -> int:
        """How many numbers (and the grade) the claims state."""
        single = (self.total, self.grade, self.execution_rate)
        return len(self.scores) + len(self.line_rates) + sum(v is not None for v in (*single, self.budget))
