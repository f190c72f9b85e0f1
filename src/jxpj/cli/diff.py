"""``jxpj diff``: compare two evaluations, indicator by indicator."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from jxpj.cli.common import console, handle_errors

if TYPE_CHECKING:
    from rich.table import Table

    from jxpj.diff.compare import Diff
    from jxpj.result import Result


class DiffFormat(StrEnum):
    table = "table"
    markdown = "markdown"
    json = "json"


@handle_errors
def diff(
    a: Annotated[Path, typer.Argument(help="The earlier evidence file (A).", show_default=False)],
    b: Annotated[Path, typer.Argument(help="The later evidence file (B).", show_default=False)],
    format: Annotated[DiffFormat, typer.Option("--format", "-f", help="table, markdown or json.")] = DiffFormat.table,
    every: Annotated[bool, typer.Option("--all", help="Show every indicator, not only those that changed.")] = False,
) -> None:
    """Compare two evidence files: each indicator's 业绩值 and score, the total and the grade."""
    from jxpj.diff.compare import diff as compare
    from jxpj.diff.output import diff_markdown, diff_to_dict, summary_lines
    from jxpj.load import require_file, score_file

    result_a, result_b = score_file(require_file(a)), score_file(require_file(b))
    labels = _labels(a, b, result_a, result_b)
    d = compare(result_a, result_b)
    if format == DiffFormat.json:
        from jxpj.numbers import dumps

        typer.echo(dumps(diff_to_dict(d, labels)))
    elif format == DiffFormat.markdown:
        typer.echo(diff_markdown(d, labels, every=every), nl=False)
    else:
        console().print(diff_table(d, labels, every=every))
        for line in summary_lines(d, labels):
            typer.echo(line)


def _labels(a: Path, b: Path, ra: Result, rb: Result) -> tuple[str, str]:
    """The years when they tell the files apart, else the paths as typed."""
    ya, yb = ra.evidence.project.year, rb.evidence.project.year
    if ya is not None and yb is not None and ya != yb:
        return f"{ya}年", f"{yb}年"
    return a.as_posix(), b.as_posix()


def diff_table(d: Diff, labels: tuple[str, str], *, every: bool = False) -> Table:
    """The comparison as the terminal shows it: the first level and what changed (``--all``: everything)."""
    from rich.table import Table

    from jxpj.cli.cells import cell, clip
    from jxpj.diff.output import signed, value_text, weight_text
    from jxpj.result import score_label

    table = Table(title=cell(f"{clip(d.a.evidence.project.name)} · A → B"), title_justify="left")
    for header, justify in (("代码", "left"), ("指标", "left"), ("权重", "right"), ("业绩值 A", "left"), ("业绩值 B", "left"), ("得分 A", "right"), ("得分 B", "right"), ("变化", "right")):
        table.add_column(header, justify=justify)  # type: ignore[arg-type]
    rows = d.changes if every else tuple(c for c in d.changes if c.level == 1 or c.changed)
    for c in rows:
        style = "bold" if c.level == 1 else None
        cells = (c.code, "  " * (c.level - 1) + c.name, weight_text(c), value_text(c.a, d.a), value_text(c.b, d.b), score_label(c.a, chinese=False), score_label(c.b, chinese=False), signed(c.delta))
        table.add_row(*(cell(text) for text in cells), style=style)  # plain, bounded text: never markup
    return table
