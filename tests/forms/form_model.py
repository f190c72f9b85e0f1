"""What a 项目支出绩效自评表 description is made of: cell values, rows, the funds block, the layout.

A description says what each cell holds *as written* (text, a number stored as a number, a
fraction shown as a percent) and how the form is laid out; ``form_layout`` turns it into a grid
of cells and ``form_rules`` reads the same values back the way the review does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class Num:
    """A number stored as a number (an xlsx numeric cell); Word shows it under ``fmt``."""

    value: Decimal
    fmt: str = "General"  # "General", "0", "0.00", "#,##0.00"


@dataclass(frozen=True)
class Pct:
    """A fraction stored as a number with a percent format: 0.95 shown as 95% (or 95.00%)."""

    value: Decimal
    fmt: str = "0%"  # "0%", "0.0%", "0.00%"


Cell = str | Num | Pct | None


def num(text: str, fmt: str = "General") -> Num:
    return Num(Decimal(text), fmt)


def pct(text: str, fmt: str = "0%") -> Pct:
    return Pct(Decimal(text), fmt)


def _decimals(fmt: str) -> int:
    return len(fmt.split(".")[1].rstrip("%")) if "." in fmt else 0


def shown(value: Cell) -> str:
    """The text a reader sees for ``value`` (what Word holds, what Excel displays)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, Pct):
        places = _decimals(value.fmt)
        scaled = (value.value * 100).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
        return f"{scaled}%"
    if value.fmt == "General":
        return format(value.value.normalize(), "f")
    places = _decimals(value.fmt)
    fixed = value.value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    return f"{fixed:,}" if value.fmt.startswith("#,##") else str(fixed)


@dataclass(frozen=True)
class Ind:
    """One row of the indicator block. ``third`` empty: a row with no 三级指标 (blank or label only)."""

    first: str | None  # 一级指标 (None: nothing written there)
    second: str | None  # 二级指标
    third: str  # 三级指标
    target: Cell  # 年度指标值 (or 指标值 when 指标性质/度量单位 have their own columns)
    actual: Cell  # 实际完成值
    weight: Cell  # 分值
    score: Cell  # 得分
    reason: str = ""  # 偏差原因分析及改进措施
    nature: Cell = None  # 指标性质: ≥ ≤ = ﹦, or 定量 / 定性
    unit: Cell = None  # 度量单位
    remark: str = ""  # 备注


def I(  # noqa: E743 - one letter keeps the row tables readable
    first: str | None,
    second: str | None,
    third: str,
    target: Cell,
    actual: Cell,
    weight: Cell,
    score: Cell,
    reason: str = "",
    *,
    nature: Cell = None,
    unit: Cell = None,
    remark: str = "",
) -> Ind:
    return Ind(first, second, third, target, actual, weight, score, reason, nature, unit, remark)


BLANK = Ind(None, None, "", None, None, None, None)  # an empty row between groups


def gap(first: str, second: str) -> Ind:
    """A row inside a merged 一级/二级 group with nothing in its own cells (published forms have them)."""
    return Ind(first, second, "", None, None, None, None)


@dataclass(frozen=True)
class FundRow:
    name: str  # 年度资金总额 / 其中：当年财政拨款 / 上年结转资金 / 其他资金
    initial: Cell  # 年初预算数
    budget: Cell  # 全年预算数
    actual: Cell  # 全年执行数
    weight: Cell = None  # 分值
    rate: Cell = None  # 执行率
    score: Cell = None  # 得分


@dataclass(frozen=True)
class Funds:
    label: str  # the block's left label: 项目资金（万元）
    total: FundRow
    parts: tuple[FundRow, ...]
    corner: str = ""  # the cell above the row names, where some forms put （万元）
    merge_down: bool = True  # 分值 / 执行率 / 得分 merged down from the total row over the 其中 rows


STANDARD = (
    ("first", "一级指标"),
    ("second", "二级指标"),
    ("third", "三级指标"),
    ("target", "年度指标值"),
    ("actual", "实际完成值"),
    ("weight", "分值"),
    ("score", "得分"),
    ("reason", "偏差原因分析及改进措施"),
)


def columns(*ids: str, **labels: str) -> tuple[tuple[str, str], ...]:
    """The indicator columns in the order given, with the standard labels unless renamed."""
    names = dict(STANDARD) | {"nature": "指标性质", "unit": "度量单位", "remark": "备注"}
    return tuple((i, labels.get(i, names[i])) for i in ids)


@dataclass(frozen=True)
class Layout:
    columns: tuple[tuple[str, str], ...] = STANDARD
    block_label: bool = True  # a left column 绩效指标 merged down over the indicator block
    two_row_header: bool = False  # 年度指标值 over 指标性质 / 指标值 / 度量单位 (and 绩效指标 over the levels)
    merge_first: bool = True
    merge_second: bool = True
    grade_in: str = "row"  # "row": a 自评等级 row of its own; "after": written after the total, 85.5（良）
    origin: tuple[int, int] = (1, 1)  # xlsx: the top-left cell (row, column) of the form
    sheet: str = "Sheet1"
    sheets_before: tuple[tuple[str, tuple[str, ...]], ...] = ()  # xlsx: other sheets first (name, lines)
    docx_title: str = "paragraph"  # "paragraph": title lines above the table; "row": inside it
    docx_split: bool = False  # Word: the indicator block in a second table


@dataclass(frozen=True)
class Form:
    name: str  # file stem in corpus/
    fmt: str  # "xlsx" | "docx"
    title: tuple[str, ...]
    project: str
    dept: str
    unit: str
    money_unit: str  # 元 | 万元
    funds: Funds
    goal: tuple[str, str]  # 预期目标, 实际完成情况
    rows: tuple[Ind, ...]
    total: Cell = None  # stated 总分 (None: the form has no 总分 row)
    grade: str | None = None  # stated 自评等级
    total_weight: Cell = "100"  # what the 总分 row's 分值 cell says
    layout: Layout = field(default_factory=Layout)
    labels: dict[str, str] = field(default_factory=dict)  # labels as written: {"项目名称": "项 目 名 称"}
    trailing: tuple[tuple[str, ...], ...] = ()  # rows after the form: 填表人 … 联系电话 …
    plants: tuple[tuple[str, str], ...] = ()  # (kind, where) the rules must find, nothing else
    about: str = ""  # what the form varies (README)
    note: str = ""  # real forms: source and what the rules find (written into expected.yaml)
