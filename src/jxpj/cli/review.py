"""``jxpj review``: check a report's claimed numbers (复核)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from jxpj.cli.common import EXIT_PROBLEMS, console, handle_errors
from jxpj.cli.score import EvidenceArg, SpecOpt

if TYPE_CHECKING:
    from rich.table import Table

    from jxpj.review.findings import Review


class ReviewFormat(StrEnum):
    table = "table"
    markdown = "markdown"
    json = "json"


@handle_errors
def review(
    evidence: EvidenceArg,
    spec: SpecOpt = None,
    claims_only: Annotated[bool, typer.Option("--claims-only", help="Check the claimed numbers against each other only; leaves need no rule.")] = False,
    format: Annotated[ReviewFormat, typer.Option("--format", "-f", help="table, markdown (a 复核意见) or json.")] = ReviewFormat.table,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Also write the 复核意见 as Markdown to this file.")] = None,
) -> None:
    """Recompute a report's claimed scores, total, grade and rates, and list every disagreement (exit 1)."""
    from jxpj.files import write_file
    from jxpj.load import require_file
    from jxpj.review.file import review_file
    from jxpj.review.output import review_markdown, review_to_dict, summary_line

    result = review_file(require_file(evidence), spec_path=spec, claims_only=claims_only)
    if output is not None:
        write_file(output, review_markdown(result).encode("utf-8"))
    if format == ReviewFormat.json:
        from jxpj.numbers import dumps

        typer.echo(dumps(review_to_dict(result)))
    elif format == ReviewFormat.markdown:
        typer.echo(review_markdown(result), nl=False)
    else:
        if result.findings:
            console().print(review_table(result))
        typer.echo(summary_line(result))
    if not result.agrees:
        raise typer.Exit(EXIT_PROBLEMS)


def review_table(review: Review) -> Table:
    """The findings as the terminal shows them."""
    from rich.table import Table

    from jxpj.review.findings import KINDS
    from jxpj.review.output import difference_text, subject, value_text

    table = Table(title=f"{review.evidence.project.name} · 复核", title_justify="left")
    for header, justify in (("#", "right"), ("kind", "left"), ("code", "left"), ("claimed", "right"), ("computed", "right"), ("difference", "right"), ("explanation", "left")):
        table.add_column(header, justify=justify)  # type: ignore[arg-type]
    for i, f in enumerate(review.findings, 1):
        table.add_row(str(i), KINDS[f.kind][0], subject(review, f, chinese=False), value_text(f, f.claimed), value_text(f, f.computed), difference_text(f), f.explanation)
    return table
