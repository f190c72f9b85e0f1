"""``jxpj report``: the evaluation report and its summary table, every number from the result.

:func:`build_report` scores an evidence file and renders ``report.md``, ``summary.md`` and
``summary.csv`` in memory; :func:`write_report` puts them on disk atomically. Jinja is imported
here and only here, so ``jxpj score`` never pays for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from jxpj.documents.overrides import Override
from jxpj.errors import ProblemsError, UsageError, display_path
from jxpj.files import write_files
from jxpj.load import require_file, score_document
from jxpj.office.charts import links as chart_links
from jxpj.report.appendix import TITLE as APPENDIX_TITLE
from jxpj.report.appendix import appendix_rows
from jxpj.report.checks import missing_sections, strict_problems, unscored
from jxpj.report.context import build_context
from jxpj.report.output import Targets, targets
from jxpj.report.render import REPORT_TEMPLATE, SUMMARY_TEMPLATE, environment, render
from jxpj.report.spreadsheet import summary_csv
from jxpj.result import Result, Status


@dataclass(frozen=True, slots=True)
class Report:
    """A rendered report: the result it shows and the three files' contents."""

    result: Result
    report: str
    summary: str
    summary_csv: bytes
    left_out: tuple[str, ...]  # narrative sections the evidence lacks, left out of the report
    no_evidence: tuple[str, ...] = ()  # indicators a draft 自评表 shows as 无佐证


def build_report(
    evidence: str | Path,
    *,
    spec: str | Path | None = None,
    templates: str | Path | None = None,
    strict: bool = False,
    charts: bool = False,
    overrides: Sequence[Override] = (),
    draft: bool = False,
    appendix: bool = True,
) -> Report:
    """Score ``evidence`` and render its report; problems in files or templates are raised located.

    With ``charts`` the report links the charts (``charts/*.png`` beside it; the CLI draws them).
    ``overrides`` (``--set``) make it a what-if report, which says so under its title. A ``draft``
    is written while evidence is missing: 待补充 where it is, sums marked 暂计 (see ``draft.py``).
    ``appendix``: the annex 指标体系及评分标准 after the signature (``appendix.py``)."""
    folder = Path(templates) if templates is not None else None
    if folder is not None and not folder.is_dir():
        raise UsageError(f"{display_path(folder)}: no such templates folder")
    result, doc = score_document(require_file(evidence), spec_path=spec, overrides=overrides)
    form = result.spec.layout == "self_evaluation"  # the 自评表 shows 无佐证 where facts are missing
    draft = draft or form
    missing = unscored(result, doc)
    problems = ([] if draft else missing) + (strict_problems(result.evidence, doc) if strict else [])
    if problems:
        raise ProblemsError(problems)
    context = build_context(result)
    context["charts"] = chart_links(result) if charts else {}
    context["what_if"] = [what_if_text(result, o) for o in overrides]
    context["appendix"] = {"title": APPENDIX_TITLE, "rows": appendix_rows(result)} if appendix else None
    env = environment(folder)
    if result.spec.layout == "self_evaluation":  # the spec asks for the 自评表 instead of a report
        from jxpj.report.self_evaluation import TEMPLATE as FORM_TEMPLATE
        from jxpj.report.self_evaluation import form_of

        report = render(env, FORM_TEMPLATE, {"form": form_of(result)})
    else:
        report = render(env, REPORT_TEMPLATE, context)
    return Report(
        result=result,
        report=report,
        summary=render(env, SUMMARY_TEMPLATE, context),
        summary_csv=summary_csv(result),
        left_out=() if form else tuple(missing_sections(result.evidence)),
        no_evidence=tuple(f"{n.code} {n.name}" for n in result.leaves() if n.status == Status.NO_EVIDENCE) if draft else (),
    )


# What a --set changed, said in the report's language (the fact names are the rules' English).
_FACTS = {"actual": "实际值", "target": "目标值", "baseline": "基期值", "passed": "是否达标", "level": "评价等级",
          "findings": "扣分事项", "met": "已满足要素", "score": "评分", "band": "评价档次", "justification": "评价理由"}  # fmt: skip
_LINE_FIELDS = {"budget": "预算数", "actual": "实际支出", "initial": "年初预算数"}


def what_if_text(result: Result, override: Override) -> str:
    """``C11党员干部任职视频拍摄完成率的实际值按250计``; ``各类专题专业培训实际支出按641855.92元计``."""
    value = override.text.partition("=")[2].strip()
    if override.target == "budget":
        return f"{override.name}{_LINE_FIELDS[override.field]}按{value}元计"
    node = result.find(override.name)
    name = f"{override.name}{node.name}" if node is not None else override.name
    return f"{name}的{_FACTS.get(override.field, override.field)}按{value}计"


def write_report(report: Report, where: Targets) -> None:
    """Write the three files, each replaced whole or not at all."""
    write_files({
        where.report: report.report.encode("utf-8"),
        where.summary: report.summary.encode("utf-8"),
        where.summary_csv: report.summary_csv,
    })


__all__ = ["Report", "Targets", "build_report", "targets", "write_report"]
