"""``jxpj review``: check a report's claimed numbers (复核)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from jxpj.cli.common import EXIT_PROBLEMS, console, handle_errors
from jxpj.cli.score import EvidenceArg, SpecOpt
from jxpj.errors import UsageError


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
    from jxpj.load import require_file
    from jxpj.review.file import review_file
    from jxpj.review.output import review_markdown, review_table, review_to_dict, summary_line

    result = review_file(require_file(evidence), spec_path=spec, claims_only=claims_only)
    if output is not None:
        try:
            output.write_text(review_markdown(result), encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"{output.as_posix()}: cannot write: {exc.strerror or exc}") from None
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
