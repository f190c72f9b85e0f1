"""``jxpj review``: check a report's claimed numbers (复核)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from jxpj.cli.common import EXIT_PROBLEMS, console, handle_errors
from jxpj.cli.score import JobsOpt, SpecOpt
from jxpj.errors import UsageError

if TYPE_CHECKING:
    from rich.table import Table

    from jxpj.forms.folder import FormRow
    from jxpj.review.findings import Review


class ReviewFormat(StrEnum):
    table = "table"
    markdown = "markdown"
    json = "json"
    csv = "csv"  # a folder of forms: one row each


PathsArg = Annotated[
    list[Path],
    typer.Argument(
        help="An evidence file with claims: (YAML or .xlsx), a filled-in 自评表 (.xlsx or .docx), or folders of 自评表 to review one row each.",
        show_default=False,
    ),
]


@handle_errors
def review(
    paths: PathsArg,
    spec: SpecOpt = None,
    claims_only: Annotated[bool, typer.Option("--claims-only", help="Check the claimed numbers against each other only; leaves need no rule.")] = False,
    format: Annotated[ReviewFormat, typer.Option("--format", "-f", help="table, markdown (a 复核意见, or for a folder the 复核汇总), json, or csv (a folder).")] = ReviewFormat.table,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Also write the 复核意见 (a folder: the 复核汇总) as Markdown to this file.")] = None,
    jobs: JobsOpt = None,
) -> None:
    """Recompute a report's or a 自评表's claimed scores, total, grade and rates, and list every disagreement (exit 1)."""
    from jxpj.files import write_file
    from jxpj.forms import is_form
    from jxpj.load import require_file
    from jxpj.review.output import review_markdown, review_to_dict, summary_line

    if len(paths) == 1 and not paths[0].is_dir():
        path = require_file(paths[0])
        if is_form(path):
            from jxpj.forms.review import review_form

            if claims_only:
                raise UsageError("--claims-only applies to evidence files; a 自评表 is reviewed against the rules")
            done = review_form(path, spec_path=spec)
            for warning in done.warnings:
                typer.echo(str(warning), err=True)
            result = done.review
        else:
            from jxpj.review.file import review_file

            result = review_file(path, spec_path=spec, claims_only=claims_only)
        if format == ReviewFormat.csv:
            raise UsageError("--format csv is for a folder of 自评表; give a folder, or use table, markdown or json")
        if output is not None:
            write_file(output, review_markdown(result).encode("utf-8"))
        if format == ReviewFormat.json:
            from jxpj.numbers import dumps

            typer.echo(dumps(review_to_dict(result)))
        elif format == ReviewFormat.markdown:
            typer.echo(review_markdown(result), nl=False)
        else:
            if result.findings or result.notes:
                console().print(review_table(result))
            typer.echo(summary_line(result))
        if not result.agrees:
            raise typer.Exit(EXIT_PROBLEMS)
        return
    review_folder(paths, spec=spec, format=format, output=output, jobs=jobs)


def review_folder(paths: list[Path], *, spec: Path | None, format: ReviewFormat, output: Path | None, jobs: int | None) -> None:
    """``jxpj review FOLDER``: every 自评表 in it, one row each, the slips by kind; exit 1 on any slip."""
    from jxpj.files import write_file
    from jxpj.forms.folder import find_forms, review_forms
    from jxpj.forms.output import folder_csv, folder_json, folder_markdown
    from jxpj.portfolio.batch import auto_jobs

    sources = find_forms(paths)
    if not sources:
        raise UsageError(f"no 自评表 (.xlsx, .docx) in {', '.join(p.as_posix() for p in paths)}")
    cores = auto_jobs(10**9)
    workers = min(jobs, cores) if jobs is not None else (cores if len(sources) >= 20 else 1)
    rows = list(review_forms(sources, spec_path=None if spec is None else spec.as_posix(), jobs=workers))
    if output is not None:
        write_file(output, folder_markdown(rows).encode("utf-8"))
    if format == ReviewFormat.csv:
        typer.echo(folder_csv(rows), nl=False)
    elif format == ReviewFormat.json:
        typer.echo(folder_json(rows), nl=False)
    elif format == ReviewFormat.markdown:
        typer.echo(folder_markdown(rows), nl=False)
    else:
        console().print(folder_table(rows))
        for row in rows:
            if row.error is not None:
                typer.echo(f"{row.path}: not reviewed: {row.error}", err=True)
        flagged = sum(1 for r in rows if r.findings)
        failed = sum(1 for r in rows if r.error)
        typer.echo(f"review: {len(rows)} forms, {flagged} with findings, {failed} not readable")
    if any(r.findings or r.error for r in rows):
        raise typer.Exit(EXIT_PROBLEMS)


def folder_table(rows: list[FormRow]) -> Table:
    """One line per form, as the terminal shows a folder's review."""
    from rich.table import Table

    from jxpj.cli.cells import cell
    from jxpj.numbers import fmt_num

    table = Table(title="自评表复核", title_justify="left")
    for header, justify in (("file", "left"), ("unit", "left"), ("project", "left"), ("stated", "right"), ("recomputed", "right"), ("findings", "right"), ("worst finding", "left")):
        table.add_column(header, justify=justify)  # type: ignore[arg-type]
    for row in rows:
        if row.error is not None:
            cells = (row.path, "", "", "", "", "—", "not readable")
        else:
            stated = fmt_num(row.stated_total) if row.stated_total is not None else ""
            recomputed = fmt_num(row.recomputed_total) if row.recomputed_total is not None else ""
            cells = (row.path, row.unit or "", row.project or "", stated, recomputed, str(row.findings), row.worst or "")
        table.add_row(*(cell(c) for c in cells))
    return table


def review_table(review: Review) -> Table:
    """The findings as the terminal shows them."""
    from rich.table import Table

    from jxpj.cli.cells import cell, clip
    from jxpj.review.findings import KINDS
    from jxpj.review.output import difference_text, subject, value_text

    table = Table(title=cell(f"{clip(review.evidence.project.name)} · 复核"), title_justify="left")
    located = any(f.where for f in (*review.findings, *review.notes))
    columns: list[tuple[str, Literal["left", "right"]]] = [("#", "right"), ("kind", "left"), ("code", "left"), *((("cell", "left"),) if located else ()), ("claimed", "right"), ("computed", "right"), ("difference", "right"), ("explanation", "left")]
    for header, justify in columns:
        table.add_column(header, justify=justify)
    numbered = [(str(i), f) for i, f in enumerate(review.findings, 1)] + [("note", f) for f in review.notes]
    for mark, f in numbered:
        where = (f.where,) if located else ()
        cells = (mark, KINDS[f.kind][0], subject(review, f, chinese=False), *where, value_text(f, f.claimed), value_text(f, f.computed), difference_text(f), f.explanation)
        table.add_row(*(cell(text) for text in cells))  # plain, bounded text: never markup
    return table
