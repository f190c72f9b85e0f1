"""A folder of reviewed 自评表 as CSV, JSON and a Markdown 复核汇总 (``jxpj review FOLDER``).

Rows keep the order the files were found in; numbers keep their exact digits, never a float.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from jxpj.forms.folder import FormRow, slips_by_kind
from jxpj.markdown import cell
from jxpj.numbers import dumps, fmt_num
from jxpj.office.entry.cells import csv_text
from jxpj.review.findings import KINDS

# Why a file was not reviewed, as the 复核汇总 says it (the English message stays in CSV and JSON).
_REASONS = {
    "form-file": "文件格式不受支持或文件已损坏，请另存为 .xlsx 或 .docx 后重新报送",
    "form-layout": "未找到自评表的表头或绩效指标栏",
    "internal": "程序内部错误，请将该文件报告给 jxpj 维护者",
}


def _num(value: Decimal | None) -> str:
    return "" if value is None else fmt_num(value)


def folder_csv(rows: Sequence[FormRow]) -> str:
    """One line per form: who, what, the totals, the number of findings of each kind, the worst."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["path", "unit", "project", "stated_total", "recomputed_total", "findings", *KINDS, "notes", "worst", "error"])
    for row in rows:
        counts = dict(row.counts)
        writer.writerow([
            csv_text(row.path), csv_text(row.unit), csv_text(row.project), _num(row.stated_total), _num(row.recomputed_total),
            "" if row.error else str(row.findings), *("" if row.error else str(counts.get(k, 0)) for k in KINDS),
            "" if row.error else str(row.notes), csv_text(row.worst), csv_text(row.error),
        ])  # fmt: skip
    return out.getvalue()


def folder_to_dict(rows: Sequence[FormRow]) -> dict[str, Any]:
    """Every form with its findings by kind, and the slips by kind across the folder."""
    return {
        "forms": [
            {
                "path": row.path,
                "unit": row.unit,
                "project": row.project,
                "stated_total": row.stated_total,
                "recomputed_total": row.recomputed_total,
                "findings": None if row.error else dict(row.counts),
                "notes": None if row.error else row.notes,
                "worst": row.worst,
                "error": row.error,
                "error_check": row.error_check,
            }
            for row in rows
        ],
        "summary": {
            "forms": len(rows),
            "reviewed": sum(1 for r in rows if r.error is None),
            "unreadable": sum(1 for r in rows if r.error is not None),
            "with_findings": sum(1 for r in rows if r.findings),
            "by_kind": {kind: {"findings": n, "forms": forms} for kind, (n, forms) in slips_by_kind(rows).items()},
        },
    }


def folder_json(rows: Sequence[FormRow]) -> str:
    return dumps(folder_to_dict(rows)) + "\n"


def folder_markdown(rows: Sequence[FormRow]) -> str:
    """复核汇总: the folder in numbers, each form's row, the slips by kind, the files not read."""
    reviewed = [r for r in rows if r.error is None]
    failed = [r for r in rows if r.error is not None]
    flagged = sum(1 for r in reviewed if r.findings)
    lines = [
        "# 项目支出绩效自评表复核汇总",
        "",
        f"共收到自评表 {len(rows)} 份，复核 {len(reviewed)} 份，其中 {flagged} 份发现问题；无法读取 {len(failed)} 份。",
        "",
        "## 一、逐表复核结果",
        "",
        "| 序号 | 文件 | 实施单位 | 项目名称 | 所载总分 | 复核总分 | 问题数 | 主要问题 |",
        "|---:|---|---|---|---:|---:|---:|---|",
    ]
    for i, row in enumerate(reviewed, 1):
        stated = _num(row.stated_total) or "—"
        lines.append(
            f"| {i} | {cell(row.path)} | {cell(row.unit) or '—'} | {cell(row.project) or '—'} | {stated} | "
            f"{_num(row.recomputed_total) or '—'} | {row.findings} | {cell(row.worst) or '—'} |"
        )
    lines += ["", "## 二、问题类别汇总", ""]
    kinds = slips_by_kind(rows)
    if kinds:
        lines += ["| 问题类别 | 问题数 | 涉及自评表数 |", "|---|---:|---:|"]
        lines += [f"| {KINDS[kind][1]} | {n} | {forms} |" for kind, (n, forms) in kinds.items()]
    else:
        lines.append("未发现问题。")
    if failed:
        lines += ["", "## 三、无法读取的文件", "", "| 文件 | 原因 |", "|---|---|"]
        lines += [f"| {cell(row.path)} | {_REASONS.get(row.error_check or '', '无法复核该文件')} |" for row in failed]
    return "\n".join(lines) + "\n"
