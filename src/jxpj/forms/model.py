"""The data model of a filled-in 项目支出绩效自评表: every value with the cell it was read from."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from jxpj.errors import Problem, Severity


def column_letter(col: int) -> str:
    """1 → A, 27 → AA (Excel's column names)."""
    letters = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(frozen=True, slots=True)
class Where:
    """Where a value came from: the file, the sheet (or 表N / 正文 in Word), 1-based row and column."""

    path: str
    sheet: str | None
    row: int
    col: int

    @property
    def name(self) -> str:
        """``Sheet1!B7`` in a workbook; ``表1 第7行第2列`` or ``正文第3段`` in a Word document."""
        if self.path.lower().endswith(".docx"):
            if self.sheet == PARAGRAPHS:
                return f"{PARAGRAPHS}第{self.row}段"
            prefix = f"{self.sheet} " if self.sheet else ""
            return f"{prefix}第{self.row}行第{self.col}列"
        cell = f"{column_letter(self.col)}{self.row}"
        return f"{self.sheet}!{cell}" if self.sheet else cell

    def problem(self, message: str, check: str, severity: Severity = Severity.ERROR) -> Problem:
        return Problem(self.path, self.row, self.col, f"{self.name}: {message}", check, severity)


PARAGRAPHS = "正文"  # the "sheet" of a Word paragraph outside any table


@dataclass(frozen=True, slots=True)
class Value:
    """One cell's content: the text as written and, when it is a number, the exact number."""

    text: str
    where: Where
    number: Decimal | None
    percent: bool = False


@dataclass(frozen=True, slots=True)
class Target:
    """A 年度指标值 or 实际完成值 read apart: comparison, number and unit (``≥95%`` → ≥, 95, %)."""

    op: str | None
    number: Decimal | None
    unit: str


@dataclass(frozen=True, slots=True)
class FundsRow:
    """One row of the funds block (年度资金总额, 其中：当年财政拨款, 上年结转资金, 其他资金 …)."""

    name: Value
    initial: Value | None
    budget: Value | None
    actual: Value | None
    weight: Value | None
    rate: Value | None
    score: Value | None


@dataclass(frozen=True, slots=True)
class FormIndicator:
    """One 三级指标 row of the indicator block, with the 一级/二级 labels it sits under."""

    level1: Value
    level2: Value
    name: Value
    nature: Value | None
    measure_unit: Value | None
    target: Value
    actual: Value
    weight: Value
    score: Value
    deviation: Value | None


@dataclass(frozen=True, slots=True)
class Form:
    """A whole 自评表 as read from one file."""

    path: str
    format: Literal["xlsx", "docx"]
    title: Value | None
    year: int | None
    project: Value | None
    department: Value | None
    unit: Value | None
    money_unit: Literal["元", "万元"]
    money_unit_where: Where | None
    funds: tuple[FundsRow, ...]
    goal_planned: Value | None
    goal_actual: Value | None
    indicators: tuple[FormIndicator, ...]
    total: Value | None
    grade: Value | None
    warnings: tuple[Problem, ...]
