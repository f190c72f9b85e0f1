"""A read 自评表 as jxpj data: a spec extending the national self-evaluation form with the form's
own indicators and weights, and evidence with its facts, 偏差原因 and its own numbers as claims.

Each value keeps the cell it came from (``cells``), so a problem found while validating or scoring
names the form's cell, and each claimed number the cell a finding points at (``places``).
How a row is scored follows 财预〔2020〕10号 附件1 as the bundled framework encodes it: a row with a
measurable 年度指标值 and 实际完成值 is 定量 (完成值 ÷ 指标值 × 分值, or 指标值 ÷ 完成值 for ≤, full
marks once the target is met; a bare number is a floor); any other row is 定性, placed in the band
its claimed score falls in, since the form cannot prove more than that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from jxpj.errors import Problem, Severity
from jxpj.forms.model import Form, FormIndicator, FundsRow, Value, Where
from jxpj.forms.values import target_of
from jxpj.numbers import HUNDRED, ZERO, fmt_num

Loc = tuple[str | int, ...]
BASE = "national-self-evaluation"
FUNDS = "A"  # the base's 预算执行率 row
FUNDS_WEIGHT = Decimal(10)
# 一级指标 by the words of its label → the base's code; others get the next free letter.
FIRST_LEVEL = (("产出", "B"), ("效益", "C"), ("满意", "D"))
GRADES = {"优": "优", "优秀": "优", "良": "良", "良好": "良", "中": "中", "中等": "中", "合格": "中", "差": "差", "较差": "差", "不合格": "差"}
BANDS = ((Decimal("0.8"), "达成"), (Decimal("0.6"), "部分达成"), (ZERO, "未达成"))
_POINTS = re.compile(r"[（(]\s*[0-9.]+\s*分\s*[）)]")


@dataclass(slots=True)
class Imported:
    """What a form says, as the data of a spec and of an evidence file, with the cell of each value."""

    spec: dict[str, Any]
    evidence: dict[str, Any]
    spec_cells: dict[Loc, Where] = field(default_factory=dict)
    evidence_cells: dict[Loc, Where] = field(default_factory=dict)
    places: dict[str, Where] = field(default_factory=dict)  # finding code → the claimed value's cell
    warnings: list[Problem] = field(default_factory=list)
    funds_total: bool = False  # 年度资金总额 disagrees with its 其中 rows


def convert(form: Form, *, funds_weight: Decimal = FUNDS_WEIGHT) -> Imported:
    """The spec and evidence data of one form (see the module's docstring); ``funds_weight`` is the
    framework's weight of 预算执行率 (10 in the national form)."""
    out = Imported({}, {})
    out.warnings.extend(form.warnings)
    title = form.title.text if form.title is not None else "项目支出绩效自评表"
    out.spec = {"extends": BASE, "title": title, "indicators": []}
    out.evidence = {"spec": BASE, "project": _project(form, out), "indicators": {}}
    claims: dict[str, Any] = {"source": f"{title}（{form.path}）", "scores": {}}
    _funds(form, out, claims, funds_weight)
    weights = [funds_weight, *_tree(form, out, claims)]
    out.spec["total"] = sum(weights, ZERO)
    if form.total is not None and form.total.number is not None:
        claims["total"] = form.total.number
        out.places["total"] = out.evidence_cells[("claims", "total")] = form.total.where
    grade = _grade(form, out)
    if grade is not None:
        claims["grade"] = grade
    goal = {k: v.text for k, v in (("planned", form.goal_planned), ("actual", form.goal_actual)) if v is not None and v.text}
    if goal:
        out.evidence["overall_goal"] = goal
    out.evidence["claims"] = claims
    return out


def _project(form: Form, out: Imported) -> dict[str, Any]:
    name = form.project.text if form.project is not None and form.project.text else form.title.text if form.title else ""
    project: dict[str, Any] = {"name": name or "（未填项目名称）"}
    if form.project is not None:
        out.evidence_cells[("project", "name")] = form.project.where
    if form.year is not None:
        project["year"] = form.year
    for key, value in (("unit", form.unit), ("department", form.department)):
        if value is not None and value.text:
            project[key] = value.text
            out.evidence_cells[("project", key)] = value.where
    return project


# ---- funds -------------------------------------------------------------------------------------


def _amount(value: Value | None) -> Decimal:
    """An amount in the form's own unit (元 or 万元: the budget says which); blank is 0."""
    return ZERO if value is None or value.number is None else value.number


def _funds(form: Form, out: Imported, claims: dict[str, Any], weight: Decimal) -> None:
    """Budget lines from the funds block; the 预算执行率 row's claimed rate and score."""
    total = next((r for r in form.funds if _is_total(r)), None)
    parts = [r for r in form.funds if r is not total and (_amount(r.budget) or _amount(r.actual))]
    whole = (_amount(total.budget), _amount(total.actual)) if total is not None else (ZERO, ZERO)
    sums = (sum((_amount(r.budget) for r in parts), ZERO), sum((_amount(r.actual) for r in parts), ZERO))
    if total is not None and parts and whole != sums:
        # 年度资金总额 written 0/0/0 (or otherwise not the sum of its 其中 rows): the funds are scored
        # from the rows, and the stated total is a claim the review checks against them.
        out.funds_total = True
        claims["budget"] = {"budget": whole[0], "actual": whole[1]}
        out.places["funds-total"] = out.evidence_cells[("claims", "budget")] = (total.budget or total.name).where
    rows = parts or ([total] if total is not None else [])
    lines = []
    for i, row in enumerate(rows):
        line: dict[str, Any] = {"name": _line_name(row.name.text) or f"资金{i + 1}", "budget": _amount(row.budget), "actual": _amount(row.actual)}
        if row.initial is not None and row.initial.number is not None:
            line["initial"] = _amount(row.initial)
        lines.append(line)
        for key in ("name", "budget", "actual", "initial"):
            value = getattr(row, key)
            if value is not None:
                out.evidence_cells[("budget", "lines", i, key)] = value.where
    if lines:
        out.evidence["budget"] = {"unit": form.money_unit, "lines": lines}
    head = total if total is not None else (form.funds[0] if form.funds else None)
    stated = head.weight if head is not None else None
    if stated is not None and stated.number is not None and stated.number != weight:
        # The framework fixes this weight (财预〔2020〕10号: 预算执行率 10%); the form's is a slip to show.
        message = f"分值 {fmt_num(stated.number)} of 预算执行率 differs from the framework's {fmt_num(weight)}; scored out of {fmt_num(weight)}"
        out.warnings.append(stated.where.problem(message, "form-value", Severity.WARNING))
    if head is not None and head.score is not None and head.score.number is not None:
        claims["scores"][FUNDS] = head.score.number
        out.places[FUNDS] = out.evidence_cells[("claims", "scores", FUNDS)] = head.score.where
    if head is not None and head.rate is not None and head.rate.number is not None and lines:
        rate = head.rate.number
        claims["execution_rate"] = rate if head.rate.percent or rate > 1 else rate * HUNDRED
        out.places["合计"] = out.evidence_cells[("claims", "execution_rate")] = head.rate.where


def _is_total(row: FundsRow) -> bool:
    return any(word in row.name.text for word in ("总额", "合计", "总计"))


def _line_name(text: str) -> str:
    return re.sub(r"^其中[:：]?", "", text).strip()


# ---- the indicator tree -------------------------------------------------------------------------


def _tree(form: Form, out: Imported, claims: dict[str, Any]) -> list[Decimal]:
    """The form's 一级/二级/三级 rows as replacements of the base's first level; their weights."""
    firsts: dict[str, dict[str, Any]] = {}
    seconds: dict[tuple[str, str], dict[str, Any]] = {}
    spare = iter("EFGHIJKLMNOPQRSTUVWXYZ")
    rows: dict[str, FormIndicator] = {}
    first_rows: dict[str, FormIndicator] = {}
    for row in form.indicators:
        label = _POINTS.sub("", row.level1.text).strip() or "绩效指标"
        if "预算执行" in label:
            # Some provinces list 预算执行率 as a row of the indicator block: it is the funds row.
            if FUNDS not in claims["scores"] and row.score.number is not None:
                claims["scores"][FUNDS] = row.score.number
                out.places[FUNDS] = out.evidence_cells[("claims", "scores", FUNDS)] = row.score.where
            continue
        if label not in firsts:
            code = next((c for word, c in FIRST_LEVEL if word in label and all(f["code"] != c for f in firsts.values())), None) or next(spare)
            firsts[label] = {"code": code, "name": label, "weight": ZERO, "children": []}
            first_rows[code] = row
        first = firsts[label]
        key = (label, _POINTS.sub("", row.level2.text).strip() or label)
        if key not in seconds:
            seconds[key] = {"code": f"{first['code']}{len(first['children']) + 1}", "name": key[1], "children": []}
            first["children"].append(seconds[key])
        second = seconds[key]
        code = f"{second['code']}{len(second['children']) + 1}"
        rows[code] = row
        second["children"].append(_leaf(code, row, out, claims))
    present = {f["code"] for f in firsts.values()}
    missing = [c for _word, c in FIRST_LEVEL if c not in present]
    if missing:
        out.spec["remove"] = missing
    weights = []
    for first in firsts.values():
        first["weight"] = sum((leaf["weight"] for second in first["children"] for leaf in second["children"]), ZERO)
        weights.append(first["weight"])
        i = len(out.spec["indicators"])
        out.spec["indicators"].append(first)
        for j, second in enumerate(first["children"]):
            for k, leaf in enumerate(second["children"]):
                row = rows[leaf["code"]]
                at = ("indicators", i, "children", j, "children", k)
                out.spec_cells[at] = row.name.where
                out.spec_cells[(*at, "weight")] = row.weight.where
        out.spec_cells[("indicators", i)] = first_rows[first["code"]].level1.where
    return weights


def _leaf(code: str, row: FormIndicator, out: Imported, claims: dict[str, Any]) -> dict[str, Any]:
    weight = row.weight.number if row.weight.number is not None else ZERO
    if row.weight.number is None:
        out.warnings.append(row.weight.where.problem(f"{row.name.text}: no 分值 read; counted as 0", "form-value", Severity.WARNING))
    leaf: dict[str, Any] = {"code": code, "name": row.name.text or code, "weight": weight}
    entry: dict[str, Any] = {}
    if row.target.text:
        entry["planned"] = row.target.text
    if row.actual.text:
        entry["value"] = row.actual.text
    if row.deviation is not None and row.deviation.text:
        entry["deviation"] = row.deviation.text
    claim = row.score.number
    measured = _measured(row)
    unit = row.measure_unit.text if row.measure_unit is not None and row.measure_unit.text else target_of(row.target, row.nature).unit
    if unit:
        leaf["unit"] = unit  # 度量单位, as the form shows it
    leaf["nature"] = (measured[0] if measured[0] in ("≥", "≤", "=", ">", "<") else "定量") if measured is not None else "定性"
    if measured is not None:
        op, target, actual = measured
        reverse = op in ("≤", "<")
        leaf["rule"] = "quantitative_reverse" if reverse else "quantitative"
        planned = row.target.text or fmt_num(target)
        w = fmt_num(weight)
        leaf["standard"] = (
            f"定量指标（反向），年度指标值{planned}。实际完成值不超过年度指标值的得{w}分；超过的，得分=年度指标值÷实际完成值×{w}分。"
            if reverse
            else f"定量指标，年度指标值{planned}。实际完成值达到年度指标值的得{w}分；未达到的，得分=实际完成值÷年度指标值×{w}分。"
        )
        entry["facts"] = {"actual": actual, "target": target}
    else:
        leaf["rule"] = "qualitative"
        leaf["standard"] = "定性指标：达成80%（含）—100%；部分达成60%（含）—80%；未达成0—60%。"
        if claim is not None and weight > 0:
            score = min(claim, weight)  # above the weight is the over-weight finding, not a band
            band = next((name for low, name in BANDS if score / weight >= low), BANDS[-1][1])  # below 0: the claim is refused, located
            why = entry.get("deviation") or f"按自评表所载：实际完成值{row.actual.text or '未填'}"
            entry["facts"] = {"band": band, "score": score, "justification": why}
    out.evidence["indicators"][code] = entry
    if claim is not None:
        claims["scores"][code] = claim
        out.places[code] = out.evidence_cells[("claims", "scores", code)] = row.score.where
    for key, value in (("planned", row.target), ("value", row.actual), ("deviation", row.deviation), ("facts", row.actual)):
        if value is not None:
            out.evidence_cells[("indicators", code, key)] = value.where
    out.evidence_cells[("indicators", code)] = row.name.where
    return leaf


def _measured(row: FormIndicator) -> tuple[str, Decimal, Decimal] | None:
    """(direction, target, actual) of a 定量 row, or None for a 定性 one."""
    nature = row.nature.text if row.nature is not None else ""
    if "定性" in nature:
        return None
    target, actual = target_of(row.target, row.nature), target_of(row.actual)
    if target.number is None or actual.number is None or target.number < 0 or actual.number < 0:
        return None
    op = target.op or "≥"  # a bare number (735人次, 100%) is a floor
    if op in ("≥", ">", "=") and target.number == 0:
        return None  # a ratio needs a positive target: the form cannot prove more than its band
    return op, target.number, actual.number


def _grade(form: Form, out: Imported) -> str | None:
    if form.grade is None or not form.grade.text:
        return None
    text = re.sub(r"[\s（）()0-9.分]", "", form.grade.text)
    grade = GRADES.get(text)
    if grade is None:
        out.warnings.append(form.grade.where.problem(f"自评等级 {form.grade.text!r} is none of 优, 良, 中, 差; not checked", "form-value", Severity.WARNING))
        return None
    out.places["grade"] = out.evidence_cells[("claims", "grade")] = form.grade.where
    return grade
