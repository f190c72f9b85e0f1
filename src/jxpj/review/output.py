"""A review's findings as a terminal table, a Markdown 复核意见 and stable JSON. Computes nothing."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from jxpj.markdown import cell
from jxpj.numbers import fmt_num, fmt_pct
from jxpj.review.findings import KINDS, Finding, Review


def value_text(finding: Finding, value: Decimal | str | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    return fmt_pct(value) if finding.kind == "rate" else fmt_num(value)


def difference_text(finding: Finding) -> str:
    if finding.difference is None:
        return "—"
    text = fmt_num(finding.difference)
    return text if finding.difference < 0 else f"+{text}"


def subject(review: Review, finding: Finding, *, chinese: bool) -> str:
    """What a finding is about; on a read form, with the cell (``B11 服务人数（Sheet1!J13）``)."""
    text = _subject(review, finding, chinese=chinese)
    return f"{text}（{finding.where}）" if chinese and finding.where else text


def _subject(review: Review, finding: Finding, *, chinese: bool) -> str:
    if finding.kind == "rate":
        line = "合计" if finding.code == "合计" else finding.code
        return f"预算执行率（{line}）" if chinese else f"execution rate ({line})"
    if finding.code in ("total", "grade"):
        return {"total": "总分", "grade": "等级"}[finding.code] if chinese else finding.code
    node = review.spec.find(finding.code)
    return f"{finding.code} {node.name}" if chinese and node is not None else finding.code


def summary_line(review: Review) -> str:
    how = "against the rules" if review.mode == "rules" else "for internal consistency (claims only)"
    unchecked = f"; not checked (no evidence): {', '.join(review.unchecked)}" if review.unchecked else ""
    claims = f"{review.checked} claim{'s' if review.checked != 1 else ''}"
    if review.agrees:
        return f"review: no disagreement; {claims} checked {how}{unchecked}"
    count = len(review.findings)
    return f"review: {count} finding{'s' if count != 1 else ''} in {claims} checked {how}{unchecked}"


_NUMERALS = "一二三四五"


def review_markdown(review: Review) -> str:
    """The 复核意见: who and what was reviewed, the conclusion, every finding, what was not checked."""
    project = review.evidence.project
    claims = review.evidence.claims
    rows = [
        ("项目名称", project.name),
        ("项目年度", str(project.year) if project.year else None),
        ("实施单位", project.unit),
        ("主管部门", project.department),
        ("评价机构", project.evaluator),
        ("复核依据", review.spec.title),
        ("复核方式", "按评分标准重新计算各项得分，并核对报告数据的内部一致性" if review.mode == "rules" else "仅核对报告所载数据的内部一致性（未按评分标准重新计算）"),
        ("数据来源", claims.source if claims else None),
    ]
    out = [f"# {project.name}绩效评价复核意见", "", "| 项目 | 内容 |", "|---|---|"]
    out += [f"| {k} | {cell(v)} |" for k, v in rows if v]
    out += ["", "## 一、复核结论", "", _conclusion(review)]
    if review.findings:
        out += ["", "## 二、复核发现", "", "| 序号 | 问题类别 | 指标/项目 | 报告数 | 复核数 | 差异 | 说明 |", "|---:|---|---|---:|---:|---:|---|"]
        for i, f in enumerate(review.findings, 1):
            cells = (str(i), KINDS[f.kind][1], subject(review, f, chinese=True), value_text(f, f.claimed), value_text(f, f.computed), difference_text(f), f.explanation_zh)
            out.append("| " + " | ".join(cell(c) for c in cells) + " |")
    if review.notes:
        out += ["", f"## {_NUMERALS[len([x for x in out if x.startswith('## ')])]}、说明事项", "", "以下得分与评分标准不符，但单位已说明偏差原因，列示供复核人判断：", ""]
        out += [f"{i}. {cell(subject(review, f, chinese=True))}：{cell(f.explanation_zh)}" for i, f in enumerate(review.notes, 1)]
    if review.unchecked:
        names = "、".join("总分" if c == "total" else "等级" if c == "grade" else c for c in review.unchecked)
        out += ["", f"## {_NUMERALS[len([x for x in out if x.startswith('## ')])]}、未能复核的数据", "", f"以下数据缺少佐证材料，未能重新计算：{names}。"]
    if review.findings:
        out += ["", f"## {_NUMERALS[len([x for x in out if x.startswith('## ')])]}、复核意见", "", "建议评价机构（或项目单位）对上述问题逐项核实，更正相关得分、小计、总分及等级后重新报送。"]
    return "\n".join(out) + "\n"


def _conclusion(review: Review) -> str:
    result = review.result
    computed = ""
    if result is not None and result.total is not None:
        computed = f"复核总分 {fmt_num(result.total)} 分，等级“{result.grade}”。"
    if review.agrees and review.mode == "claims-only":
        return f"经复核，报告所载 {review.checked} 项数据（得分、小计、总分、等级、预算执行率）相互一致，未发现差异。本次复核未按评分标准重新计算得分。"
    if review.agrees:
        return f"经复核，报告所载 {review.checked} 项数据（得分、小计、总分、等级、预算执行率）均与复核结果一致，未发现差异。{computed}"
    kinds = "、".join(dict.fromkeys(KINDS[f.kind][1] for f in review.findings))
    return f"经复核，报告所载 {review.checked} 项数据中发现 {len(review.findings)} 处问题（{kinds}），详见下表。{computed}"


def review_to_dict(review: Review) -> dict[str, Any]:
    """Stable JSON: keys in a fixed order, numbers exact (see :mod:`jxpj.numbers`)."""
    result = review.result
    return {
        "project": review.evidence.project.name,
        "spec": review.spec.title,
        "mode": review.mode,
        "agrees": review.agrees,
        "checked": review.checked,
        "unchecked": list(review.unchecked),
        "computed": None if result is None else {"total": result.total, "grade": result.grade},
        "findings": [
            {
                "kind": f.kind,
                "code": f.code,
                "claimed": f.claimed,
                "computed": f.computed,
                "difference": f.difference,
                "explanation": f.explanation,
                "explanation_zh": f.explanation_zh,
                "where": f.where or None,
            }
            for f in review.findings
        ],
        "notes": [
            {"kind": f.kind, "code": f.code, "claimed": f.claimed, "computed": f.computed, "explanation": f.explanation, "explanation_zh": f.explanation_zh, "where": f.where or None}
            for f in review.notes
        ],
    }
