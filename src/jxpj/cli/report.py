"""``jxpj report`` and ``jxpj templates export``. Jinja is imported only when these run."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from jxpj.cli.common import EXIT_PROBLEMS, handle_errors
from jxpj.cli.office import Format, check_docx_template, draw_charts, office_target, write_office
from jxpj.errors import UsageError, display_path

if TYPE_CHECKING:
    from jxpj.result import Result

templates_app = typer.Typer(help="The report templates: export the defaults to start your own.", no_args_is_help=True)


@handle_errors
def report(
    evidence: Annotated[
        list[Path],
        typer.Argument(
            help="The evidence file of one project (YAML or .xlsx); several files or folders give a "
            "report per project and portfolio.md in the -o folder.",
            show_default=False,
        ),
    ],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="A folder for report.md, summary.md and summary.csv, or a report file name ending in .md. Default: beside the evidence file.", show_default=False)] = None,
    templates: Annotated[Path | None, typer.Option("--templates", help="A folder whose templates replace the defaults of the same name.", show_default=False)] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Every narrative section, the budget and the report date (project.report_date) must be in the evidence.")] = False,
    spec: Annotated[Path | None, typer.Option("--spec", help="Score against this spec instead of the evidence's own.", show_default=False)] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="md: report.md and the summary; docx: the Word report (report.docx); xlsx: the Excel score sheet with live formulas (score.xlsx). docx and xlsx take -o as a folder or a file name with that suffix.")] = "md",
    docx_template: Annotated[Path | None, typer.Option("--docx-template", help="A .docx whose styles, page setup, headers and footers the Word report uses (default: jxpj's own).", show_default=False)] = None,
    charts: Annotated[bool, typer.Option("--charts", help="Draw the charts into charts/ beside report.md and link them from it (needs the office extra; the Word report always embeds them).")] = False,
    appendix: Annotated[bool, typer.Option("--appendix/--no-appendix", help="The annex 附件 指标体系及评分标准 (each indicator's weight, 评分标准, 业绩值, 得分, 扣分原因) after the signature.")] = True,
    draft: Annotated[bool, typer.Option("--draft", help="Write the report while evidence is still missing: 待补充 where it is, subtotals and the total marked 暂计, what is missing listed on stderr.")] = False,
    set_: Annotated[list[str] | None, typer.Option("--set", help="A what-if report: CODE.fact=value or budget.LINE.actual=value (repeatable); the report says it is one, the file is not changed.")] = None,
) -> None:
    """Write the evaluation report (report.md) and its summary table (summary.md, summary.csv), or with --format the Word report or the Excel score sheet."""
    from jxpj.report import build_report, targets, write_report

    if len(evidence) > 1 or evidence[0].is_dir():
        if set_ or draft:
            raise UsageError(f"{'--set' if set_ else '--draft'} applies to one project; give a single evidence file")
        _report_many(evidence, output, fmt=fmt, charts=charts, spec=spec, templates=templates, strict=strict)
        return
    evidence_file = evidence[0]
    check_docx_template(docx_template, fmt)
    if charts and fmt != "md":
        raise UsageError("--charts applies to --format md; the Word report always embeds its charts")
    from jxpj.documents.overrides import parse_overrides

    overrides = parse_overrides(set_ or [])
    built = build_report(evidence_file, spec=spec, templates=templates, strict=strict, charts=charts, overrides=overrides, draft=draft, appendix=appendix)
    for o in overrides:  # a what-if report must never pass for the file's own
        print(f"what-if: --set {o.text}", file=sys.stderr)
    if built.no_evidence:
        shown = "无佐证" if built.result.spec.layout == "self_evaluation" else "待补充"
        print(f"no evidence yet (shown as {shown}): {', '.join(built.no_evidence)}", file=sys.stderr)
    if fmt != "md":
        target = write_office(fmt, built.result, office_target(evidence_file, output, fmt), markdown=built.report, docx_template=docx_template)
        result = built.result
        typer.echo(f"wrote {display_path(target)} ({_outcome(result)})")
        return
    where = targets(evidence_file, output)
    write_report(built, where)
    if charts:
        drawn = draw_charts(built.result, where.report.parent / "charts")
        typer.echo(f"wrote {', '.join(display_path(p) for p in drawn)}")
    if built.left_out:
        print(f"left out (no text in the evidence's narrative): {', '.join(built.left_out)}", file=sys.stderr)
    result = built.result
    paths = ", ".join(display_path(p) for p in (where.report, where.summary, where.summary_csv))
    typer.echo(f"wrote {paths} ({_outcome(result)})")


def _outcome(result: Result) -> str:
    from jxpj.numbers import fmt_num  # here: at import it brought pydantic into `jxpj --help`

    if result.total is None:
        return "a draft: some indicators have no evidence yet"
    return f"total {fmt_num(result.total)}, grade {result.grade}"


def _report_many(
    paths: list[Path],
    output: Path | None,
    *,
    fmt: str,
    charts: bool,
    spec: Path | None,
    templates: Path | None,
    strict: bool,
) -> None:
    from jxpj.report.many import write_reports

    if output is None:
        raise UsageError("a portfolio needs -o FOLDER: each project's report goes in a folder of its own inside it")
    if fmt != "md" or charts:
        raise UsageError("a portfolio is reported in Markdown; give one evidence file for --format docx/xlsx or --charts")
    written = write_reports(paths, output, spec=spec, templates=templates, strict=strict)
    for failure in written.failures:
        for line in [str(p) for p in failure.problems] or [f"error: {failure.path}: {failure.message}"]:
            print(line, file=sys.stderr)
    done = len(written.folders)
    typer.echo(f"wrote {done} report{'s' if done != 1 else ''} and {display_path(written.portfolio)}")
    if written.failures:
        count = len(written.failures)
        print(f"{count} file{'s' if count != 1 else ''} could not be reported", file=sys.stderr)
        raise typer.Exit(EXIT_PROBLEMS)


@templates_app.command("export")
@handle_errors
def export(
    folder: Annotated[Path, typer.Argument(help="Where to copy the default templates.", show_default=False)],
    force: Annotated[bool, typer.Option("--force", help="Overwrite templates already in the folder.")] = False,
) -> None:
    """Copy the default report templates into FOLDER, to edit and pass back with --templates."""
    from jxpj.report.render import bundled_templates

    source = bundled_templates()
    names = sorted(p.relative_to(source) for p in source.rglob("*") if p.is_file() and p.suffix in {".j2", ".md"})
    clashes = [folder / n for n in names if (folder / n).exists()]
    if clashes and not force:
        raise UsageError(f"{', '.join(display_path(c) for c in clashes)} already exist; pass --force to overwrite")
    try:
        for name in names:
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source / name, folder / name)
    except OSError as exc:
        raise UsageError(f"cannot write to {display_path(folder)}: {exc.strerror or exc}") from None
    typer.echo(f"copied {len(names)} files to {display_path(folder)}; edit them and pass --templates {display_path(folder)}")
