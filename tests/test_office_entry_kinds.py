"""Every rule kind through the evidence workbook: its input columns, filled in, score like YAML."""

from __future__ import annotations

from decimal import Decimal

import pytest

openpyxl = pytest.importorskip("openpyxl")

from jxpj.engine import evaluate
from jxpj.load import load_evidence, load_spec
from jxpj.models.evidence import Evidence
from jxpj.office.entry.layout import needed_facts
from jxpj.office.entry.write import write_entry_workbook

SPEC = """\
title: 各类规则
indicators:
  - code: A
    name: 全部
    weight: 100
    children:
      - {code: K1, name: 等级, weight: 10, rule: {kind: grade, levels: {好: 1, "中,一般": 0.5, 差: 0}}}
      - {code: K2, name: 执行率, weight: 10, rule: {kind: threshold_deduction, threshold: 95, per_point: {share: 0.02}}}
      - {code: K3, name: 完成率, weight: 10, rule: {kind: ratio, target: 254}}
      - {code: K4, name: 分档, weight: 10, rule: {kind: tiers, bands: [{min: 90, points: 10}, {max: 90, points: 5}]}}
      - {code: K5, name: 达标, weight: 10, rule: {kind: target, op: ">=", otherwise: ratio}}
      - {code: K6, name: 是否, weight: 10, rule: {kind: pass_fail}}
      - {code: K7, name: 扣分, weight: 10, rule: {kind: deductions, items: {late: {points: 0.5, per: occurrence}}}}
      - {code: K8, name: 要素, weight: 10, rule: {kind: checklist, elements: [{name: 制度}, {name: 台账}]}}
      - {code: K9, name: 酌情, weight: 10, rule: {kind: judgment}}
      - {code: K10, name: 公式, weight: 10, allow_not_applicable: true,
         rule: {kind: formula, expression: "min(actual / planned, 1) * weight", facts: [planned, actual]}}
"""

FACTS = {
    "K1": {"level": "中,一般"},
    "K2": {"actual": Decimal("90.5")},
    "K3": {"actual": 200},
    "K4": {"actual": Decimal("84.5")},
    "K5": {"actual": 80, "target": 100},
    "K6": {"passed": "否"},
    "K7": {"findings": [{"item": "late", "count": 2, "reason": "3月、6月迟报"}, {"reason": "无台账", "points": 1}]},
    "K8": {"met": ["台账"]},
    "K9": {"score": Decimal("7.5"), "justification": "访谈反映基本满意"},
    "K10": {"planned": 10, "actual": 8},
}


@pytest.fixture
def spec(tmp_path):
    path = tmp_path / "spec.yaml"
    path.write_text(SPEC, encoding="utf-8")
    return load_spec(path)


def test_columns_per_rule_kind(spec):
    needed = {leaf.code: needed_facts(spec, leaf) for leaf in spec.leaves()}
    assert needed == {
        "K1": ("level",), "K2": ("actual",), "K3": ("actual",), "K4": ("actual",), "K5": ("actual", "target"),
        "K6": ("passed",), "K7": ("checked",), "K8": ("met",), "K9": ("score", "justification"),
        "K10": ("planned", "actual"),
    }  # fmt: skip


def test_every_kind_filled_in_scores_like_yaml(spec, tmp_path):
    path = write_entry_workbook(spec, tmp_path / "book.xlsx", spec_ref="spec.yaml", project="各类规则测试")
    book = openpyxl.load_workbook(path)
    ws = book["指标佐证"]
    header = [c.value for c in ws[1]]
    assert header[6:] == [
        "业绩值", "等级 level", "是否达到 passed", "实际值 actual", "目标值 target", "已具备要素 met", "已核查 checked",
        "评价得分 score", "评分理由 justification", "事实 planned", "评分说明", "偏差原因分析及改进措施", "年度指标值",
        "不适用原因",
    ]  # fmt: skip
    col = {(h.split()[-1]): i for i, h in enumerate(header, start=1)}
    rows = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    findings = book["扣分事项"]
    for code, facts in FACTS.items():
        for key, value in facts.items():
            cell = ws.cell(rows[code], col["checked" if key == "findings" else key])
            if key == "findings":
                cell.value = "是"
                for r, f in enumerate(value, start=2):
                    for c, k in enumerate(("code", "reason", "points", "item", "count"), start=1):
                        findings.cell(r, c).value = code if k == "code" else f.get(k)
            elif key == "met":
                cell.value = "、".join(value)
            else:
                cell.value = float(value) if isinstance(value, Decimal) else value
    book.save(path)
    evidence, _doc = load_evidence(path)
    from_yaml = evaluate(spec, Evidence.model_validate({"spec": "spec.yaml", "project": {"name": "各类规则测试"},
                                                        "indicators": {c: {"facts": f} for c, f in FACTS.items()}}))  # fmt: skip
    from_book = evaluate(spec, evidence)
    assert [(n.code, n.score) for n in from_book.leaves()] == [(n.code, n.score) for n in from_yaml.leaves()]
    assert {n.code: n.score for n in from_book.leaves()} == {
        "K1": 5, "K2": Decimal("9.1"), "K3": Decimal("7.87"), "K4": 5, "K5": 8, "K6": 0, "K7": 8,
        "K8": 5, "K9": Decimal("7.5"), "K10": 8,
    }  # fmt: skip
    # the drop-down of K1 lists a level with a comma in its name, from the hidden sheet
    options = book["选项"]
    assert [options.cell(r, 1).value for r in (1, 2, 3)] == ["好", "中,一般", "差"]


def test_not_applicable_through_the_workbook(spec, tmp_path):
    path = write_entry_workbook(spec, tmp_path / "book.xlsx", project="x")
    book = openpyxl.load_workbook(path)
    ws = book["指标佐证"]
    na = next(c.column for c in ws[1] if c.value == "不适用原因")
    row = next(c.row for c in ws["A"] if c.value == "K10")
    ws.cell(row, na).value = "本年度无计划"
    book.save(path)
    evidence, _doc = load_evidence(path)
    assert evidence.indicators["K10"].not_applicable == "本年度无计划"
    assert evaluate(spec, evidence).find("K10").status == "not_applicable"
