"""Evidence entry through Excel (基础数据表): a workbook to fill in, read back as evidence.

:func:`write_entry_workbook` lays out a spec as sheets to fill: 项目信息 (the project, the spec it
answers to, a note on the funds), 预算明细 (the budget lines of 表 1-1), 指标佐证 (one row per
leaf indicator with its 评分标准, the 业绩值 and the input columns its rule needs, drop-downs for
grade levels and yes/no), 扣分事项 (findings of the deduction rules, one per row) and 报告文字
(narrative passages). :func:`jxpj.office.entry.read.read` turns a filled workbook into the same data a YAML
evidence file gives, plus a locator, so ``jxpj score book.xlsx`` validates and scores it exactly
like YAML and names the sheet and cell of each problem.

Which columns a rule needs is read from the rule's own ``Facts`` model (``RULES[kind].facts``),
less what the spec already fixes (a target in the spec, a rate computed from the budget lines).
"""

from __future__ import annotations

from dataclasses import dataclass

from jxpj.models.spec import Indicator, Spec
from jxpj.rules import RULES

PROJECT, BUDGET, LEAVES, FINDINGS, NARRATIVE, OPTIONS = "项目信息", "预算明细", "指标佐证", "扣分事项", "报告文字", "选项"

# 项目信息: key, label, hint. ``spec`` and ``budget_note`` are not project fields but live here.
PROJECT_ROWS = (
    ("spec", "指标体系文件", "spec 文件路径，相对于本工作簿"),
    ("name", "项目名称", "必填"),
    ("year", "项目年度", "如 2018"),
    ("unit", "实施单位", ""),
    ("department", "主管部门", ""),
    ("commissioner", "委托方", ""),
    ("evaluator", "评价机构", ""),
    ("report_date", "报告日期", "如 2019-06-30"),
    ("report_title", "报告标题", "默认：项目名称 + 绩效评价报告"),
    ("budget_note", "资金情况说明", "报告中关于资金的补充说明"),
)
BUDGET_COLUMNS = (("name", "内容"), ("budget", "预算数（元）"), ("actual", "实际支出（元）"), ("initial", "年初预算数（元）"))
FINDING_COLUMNS = (("code", "指标代码"), ("reason", "扣分原因"), ("points", "扣分"), ("item", "扣分项"), ("count", "次数"))
# 指标佐证: descriptive columns (read-only by intent), then entry columns.
INFO_COLUMNS = (("code", "代码"), ("level1", "一级指标"), ("level2", "二级指标"), ("name", "三级指标"), ("weight", "权重"), ("standard", "评分标准"))
ENTRY_BEFORE = (("value", "业绩值"),)
ENTRY_AFTER = (("note", "评分说明"), ("deviation", "偏差原因分析及改进措施"), ("planned", "年度指标值"), ("not_applicable", "不适用原因"))
# Facts in a fixed order with their Chinese labels; formula facts follow under their own names.
FACT_LABELS = {
    "level": "等级",
    "passed": "是否达到",
    "actual": "实际值",
    "target": "目标值",
    "baseline": "基期值",
    "met": "已具备要素",
    "checked": "已核查",  # deductions: findings are listed on 扣分事项
    "score": "评价得分",
    "justification": "评分理由",
}
YES_NO = '"是,否"'
MET_SEPARATORS = "、,，;；\n"
NONE_MET = "无"


FACT = "facts."  # fact columns are keyed apart, so a formula fact named e.g. planned is no 年度指标值


@dataclass(frozen=True, slots=True)
class Layout:
    """The columns of 指标佐证 for one spec: ``(key, header)`` in order, 1-based positions by key.
    A fact column's key is ``facts.<name>``."""

    columns: tuple[tuple[str, str], ...]

    def col(self, key: str) -> int:
        return next(i for i, (k, _h) in enumerate(self.columns, start=1) if k == key)

    def fact_col(self, name: str) -> int:
        return self.col(FACT + name)


def needed_facts(spec: Spec, leaf: Indicator) -> tuple[str, ...]:
    """The facts a leaf's evidence must give: its rule's ``Facts`` fields, less those the spec fixes."""
    params = spec.rule_of(leaf)
    if params.kind == "formula":
        return tuple(params.facts)
    names = list(RULES[params.kind].facts.model_fields)
    if getattr(params, "source", None) is not None:
        names.remove("actual")  # computed from the budget lines
    if getattr(params, "target", None) is not None and "target" in names:
        names.remove("target")  # the spec fixes it
    if params.kind == "target":
        comparing = params.op in ("increase", "decrease")
        names = [n for n in names if n != ("target" if comparing else "baseline")]
    return tuple("checked" if n == "findings" else n for n in names)


def layout(spec: Spec) -> Layout:
    facts: list[str] = [k for k in FACT_LABELS if any(k in needed_facts(spec, leaf) for leaf in spec.leaves())]
    for leaf in spec.leaves():
        facts += [n for n in needed_facts(spec, leaf) if n not in facts and n not in FACT_LABELS]
    after = [c for c in ENTRY_AFTER if c[0] != "not_applicable" or any(leaf.allow_not_applicable for leaf in spec.leaves())]
    fact_columns = tuple((FACT + k, f"{FACT_LABELS.get(k, '事实')} {k}") for k in facts)
    return Layout((*INFO_COLUMNS, *ENTRY_BEFORE, *fact_columns, *after))
