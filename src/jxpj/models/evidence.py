"""One project's facts (佐证材料), as a validated model. Knows nothing of rules or scores.

Each indicator's ``facts`` stay a plain mapping here: which facts are needed, and of what type,
is the rule's business, checked by the engine against the rule's own model.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import Field

from jxpj.models.claims import Claims
from jxpj.numbers import NonNegative
from jxpj.strict import Model


class ProjectInfo(Model):
    """Who and what was evaluated (项目基本信息)."""

    name: str = Field(min_length=1)  # 项目名称
    year: int | None = Field(default=None, ge=1949, le=2200)  # 项目年度
    unit: str | None = None  # 实施单位 / 预算单位
    department: str | None = None  # 主管部门
    commissioner: str | None = None  # 委托方
    evaluator: str | None = None  # 评价机构
    report_date: date | None = None  # 报告日期
    report_title: str | None = None  # 报告标题 (default: 项目名称 + 绩效评价报告)


class BudgetLine(Model):
    """A row of 支出明细表: what was budgeted and what was actually spent, in the budget's unit."""

    name: str = Field(min_length=1)
    budget: NonNegative  # 预算数 (全年预算数)
    actual: NonNegative  # 实际支出 (全年执行数)
    initial: NonNegative | None = None  # 年初预算数, for the self-evaluation form


class Budget(Model):
    """The project's funds. The execution rate is computed from these lines, never typed."""

    lines: tuple[BudgetLine, ...] = Field(min_length=1)
    note: str | None = None  # anything the report says about the funds beyond the table
    unit: Literal["元", "万元"] | None = None  # the lines' unit; else the spec's (元 unless it says)


class OverallGoal(Model):
    """年度总体目标 of the self-evaluation form: what was planned and what was achieved."""

    planned: str | None = None  # 预期目标
    actual: str | None = None  # 实际完成情况


class Adjustment(Model):
    """A score adjusted (调整) from what the indicator's rule gives, with the reason.

    The rule's score is still computed from the facts and shown beside the adjusted one, which is
    the one that counts; ``jxpj review`` flags an adjustment whose reason is empty.
    """

    score: NonNegative  # 调整后得分
    reason: str = ""  # 调整理由


class IndicatorEvidence(Model):
    """What the evidence says about one indicator."""

    value: str | None = None  # 业绩值 / 实际完成值 as the tables show it
    planned: str | None = None  # 年度指标值, for the self-evaluation form
    facts: dict[str, Any] | None = None  # what the indicator's rule needs
    note: str | None = None  # 评分说明: reasons, deductions, sources
    deviation: str | None = None  # 偏差原因分析及改进措施
    not_applicable: str | None = None  # reason the indicator does not apply (不适用)
    adjusted: Adjustment | None = None  # the score as adjusted, the rule's score kept beside it


def _section(label: str) -> Any:
    return Field(default=None, min_length=1, description=label)


class Narrative(Model):
    """The report's prose (叙述部分), one Markdown text per section, written by the evaluator.

    Numbers the engine computes (scores, weights, counts, budget totals, rates, the grade) do not
    belong here: the report template writes them from the result. A section left out is left out
    of the report with its heading; ``jxpj report --strict`` requires every one.
    """

    opening: str | None = _section("正文开篇（委托与依据）")
    abstract_overview: str | None = _section("摘要·概述")
    abstract_conclusion: str | None = _section("摘要·评价结论")
    abstract_performance: str | None = _section("摘要·绩效概要")
    background: str | None = _section("立项背景")
    purpose: str | None = _section("立项目的")
    basis: str | None = _section("立项依据")
    funds_flow: str | None = _section("资金拨付流程")
    implementation: str | None = _section("项目计划实施内容")
    completion: str | None = _section("项目完成情况")
    organisation: str | None = _section("项目组织实施")
    workflow: str | None = _section("项目实施流程")
    goals: str | None = _section("项目绩效目标")
    evaluation_purpose: str | None = _section("绩效评价目的")
    evaluation_design: str | None = _section("绩效评价工作方案制定过程")
    principles: str | None = _section("绩效评价原则")
    indicator_system: str | None = _section("评价指标体系")
    methods: str | None = _section("评价方法")
    data_collection: str | None = _section("数据采集方法及过程")
    evaluation_process: str | None = _section("绩效评价实施过程")
    limitations: str | None = _section("本次绩效评价的局限性")
    main_performance: str | None = _section("主要绩效")
    experience: str | None = _section("主要经验及做法")
    problems: str | None = _section("存在的问题")
    suggestions: str | None = _section("建议和改进措施")
    constructive_suggestions: str | None = _section("建设性建议")


class Evidence(Model):
    """A whole evidence file."""

    spec: str  # path of the spec, relative to this file (or a bundled framework's name)
    project: ProjectInfo
    budget: Budget | None = None
    indicators: dict[str, IndicatorEvidence] = {}
    narrative: Narrative = Narrative()
    overall_goal: OverallGoal | None = None  # 年度总体目标, for the self-evaluation form
    claims: Claims | None = None  # what an existing report states, for jxpj review
