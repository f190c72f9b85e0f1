"""The words a 自评表 is found by: which label names which column, row or field, in the
spellings units actually use (compared after :func:`~jxpj.forms.values.bare`)."""

from __future__ import annotations

import re
from functools import cache
from typing import Literal

from jxpj.forms.values import bare, nfkc, norm

# indicator columns the reader cannot do without, with the header a user should add
REQUIRED = {
    "level1": "一级指标",
    "level2": "二级指标",
    "name": "三级指标",
    "target": "年度指标值",
    "actual": "实际完成值",
    "weight": "分值",
    "score": "得分",
}
HEADER_FIELDS = {
    "project": ("项目名称",),
    "department": ("主管部门", "主管单位"),
    "unit": ("实施单位", "项目实施单位", "预算单位", "填报单位", "项目单位", "执行单位"),
}
GOAL_WORDS = ("年度总体目标", "总体目标", "年度目标", "年度绩效目标", "绩效目标")
TOTAL_WORDS = ("总分", "自评总分", "总得分", "综合得分", "合计", "总计", "得分合计")
GRADE_WORDS = ("自评等级", "评价等级", "绩效等级", "自评结果", "等级", "评级")
TRAILING_WORDS = ("填表人", "联系电话", "填报日期", "填表日期", "审核人", "负责人", "单位负责人", "说明", "注", "备注")


def is_indicator_header(text: str) -> bool:
    """Whether a cell is the 一级指标 header that starts the indicator block (not a note about it)."""
    t = bare(text)
    return t.startswith("一级指标") and len(t) <= 8


def indicator_column(label: str) -> str | None:
    """The indicator column a header names: ``年度指标值（A）`` → target; 备注 → None."""
    t = bare(label)
    if not t or len(t) > 16:
        return None
    for word, key in (("一级指标", "level1"), ("二级指标", "level2"), ("三级指标", "name")):
        if word in t:
            return key
    if t.startswith("指标性质") or t == "性质":
        return "nature"
    if t in ("度量单位", "计量单位", "单位", "指标单位"):
        return "measure_unit"
    if "偏差" in t or "原因" in t or "改进" in t:
        return "deviation"
    if "实际" in t or "完成值" in t or "完成情况" in t:
        return "actual"
    if "指标值" in t or "目标值" in t:
        return "target"
    if "得分" in t:
        return "score"
    if "分值" in t or "权重" in t or t == "标准分":
        return "weight"
    return None


def funds_column(label: str) -> str | None:
    """The funds column a header names: ``年初预算数（万元）`` → initial."""
    t = bare(label)
    if not t or len(t) > 12:
        return None
    if "执行率" in t:
        return "rate"
    if "年初预算" in t:
        return "initial"
    if "全年预算" in t or "调整后预算" in t or t == "预算数":
        return "budget"
    if "执行数" in t or "全年执行" in t or "实际支出" in t or "支出数" in t:
        return "actual"
    if "得分" in t:
        return "score"
    if "分值" in t or "权重" in t:
        return "weight"
    return None


def funds_row(label: str) -> str | None:
    """Which funds row a label names: 年度资金总额, 其中：财政拨款, 上年结余 …"""
    t = bare(label).removeprefix("其中")
    if not t or len(t) > 14:
        return None
    if "总额" in t or t in ("合计", "资金合计", "年度资金"):
        return "total"
    if "财政拨款" in t or "财政资金" in t:
        return "fiscal"
    if "上年结转" in t or "上年结余" in t or "结转" in t:
        return "carryover"
    if "其他" in t or "自筹" in t:
        return "other"
    return None


def is_word(label: str, words: tuple[str, ...]) -> bool:
    return bare(label) in words


def label_word(label: str, words: tuple[str, ...]) -> str | None:
    """The word a label cell is: ``总分`` or ``总分（分）`` alone, or followed by a colon or a space
    and its value (``总分：85``, ``填表人 张三``); ``注册企业数`` is no 注 label."""
    t = bare(label)
    if t in words:
        return t
    return next((w for w in sorted(words, key=len, reverse=True) if _label_pattern(w).match(nfkc(label))), None)


@cache
def _label_pattern(word: str) -> re.Pattern[str]:
    # "项 目 名 称：" is still the label: spaces may fall between its characters
    return re.compile(r"[\s*]*" + r"\s*".join(map(re.escape, word)) + r"(?:\s*:\s*|\s+(?=\S))")


def after_label(text: str, word: str) -> str | None:
    """What follows ``word`` at the start of ``text`` (``项目名称：X`` → ``X``), or None."""
    written = nfkc(text)
    found = _label_pattern(word).match(written)
    return written[found.end() :].strip() if found else None


def label_pairs(text: str, words: tuple[str, ...]) -> list[tuple[str, str]]:
    """``主管部门：X　实施单位：Y`` → [(主管部门, X), (实施单位, Y)]: a cell or paragraph may hold
    several label–value pairs; a label after the first one needs its colon."""
    written = nfkc(text).strip()
    alternatives = "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
    starts = list(re.finditer(rf"({alternatives})\s*:", written))
    ordered = sorted(words, key=len, reverse=True)
    first = next(((w, m.end()) for w in ordered if (m := _label_pattern(w).match(written))), None)
    marks = [(0, first[1], first[0])] if first else []
    marks += [(m.start(1), m.end(1), m.group(1)) for m in starts if m.start(1) > 0]
    pairs: list[tuple[str, str]] = []
    for i, (_start, end, word) in enumerate(marks):
        stop = marks[i + 1][0] if i + 1 < len(marks) else len(written)
        pairs.append((word, written[end:stop].strip().lstrip(":").strip()))
    return pairs


def money_unit_of(label: str) -> Literal["元", "万元"] | None:
    """万元 or 元 when a label states the money unit: ``（万元）``, ``单位：元``."""
    t = norm(label)
    if re.search(r"\((?:金额)?(?:单位)?万元\)|单位万元|^万元$", t):
        return "万元"
    if re.search(r"\((?:金额)?(?:单位)?元\)|单位元(?!\w)|^元$", t):
        return "元"
    return None
