"""``jxpj score`` of many projects: the ranked portfolio table, CSV or JSON.

Every file is scored even when some are broken: each broken file's problems go to stderr as
they are found (problems of a shared spec once), and the exit code is 1 at the end. A progress
bar is drawn on stderr only for a long batch in a terminal.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from jxpj.cli.common import EXIT_PROBLEMS, console
from jxpj.errors import UsageError
from jxpj.load import require_file
from jxpj.numbers import fmt_num, fmt_pct, ratio_percent
from jxpj.portfolio.batch import (
    Failure,
    Skipped,
    capped_jobs,
    find_evidence,
    score_sources,
    usable_cores,
)
from jxpj.portfolio.rows import Portfolio, ProjectRow

if TYPE_CHECKING:
    from rich.table import Table

PROGRESS_MIN = 200  # files; a shorter batch is over before a bar would help


def score_portfolio(paths: Sequence[Path], *, spec: Path | None, format: str, jobs: int | None) -> None:
    """Score every evidence file under ``paths`` and print the portfolio in ``format``."""
    spec_path = require_file(spec) if spec is not None else None
    sources = find_evidence(paths)
    if jobs is not None and capped_jobs(jobs) < jobs:
        print(f"note: --jobs {jobs} is more than the {usable_cores()} usable core{'s' if usable_cores() != 1 else ''}; using {capped_jobs(jobs)}", file=sys.stderr)
    rows: list[ProjectRow] = []
    failed = others = 0
    shown: set[str] = set()
    with _progress(len(sources)) as (tick, say):
        for outcome in score_sources(sources, spec_path=spec_path, jobs=jobs):
            tick()
            if isinstance(outcome, Failure):
                failed += 1
                for line in _failure_lines(outcome):
                    if line not in shown:  # a broken spec is reported once, not once per project
                        shown.add(line)
                        say(line)
            elif isinstance(outcome, Skipped):
                others += outcome.kind == "other"
            else:
                rows.append(outcome)
    if not rows and not failed:
        hint = "evidence is YAML with top-level spec: and project:"
        if len(paths) == 1:
            raise UsageError(f"{paths[0].as_posix()}: is a folder without evidence files ({hint})")
        raise UsageError(f"no evidence files in {', '.join(p.as_posix() for p in paths)} ({hint})")
    portfolio = Portfolio.of(rows, failed=failed)
    _write(portfolio, format)
    if others:
        print(f"note: {others} YAML file{'s' if others != 1 else ''} skipped: not evidence (no top-level spec: and project:)", file=sys.stderr)
    if failed:
        total = failed + len(rows)
        print(f"{failed} of {total} file{'s' if total != 1 else ''} could not be scored", file=sys.stderr)
        raise typer.Exit(EXIT_PROBLEMS)


def _failure_lines(failure: Failure) -> list[str]:
    if failure.message is not None:
        return [f"error: {failure.message}"]
    return [str(p) for p in failure.problems]


def _write(portfolio: Portfolio, format: str) -> None:
    if format == "csv":
        from jxpj.portfolio.output import write_csv

        write_csv(portfolio, sys.stdout)  # row by row: 10,000 rows are never one string
    elif format == "json":
        from jxpj.portfolio.output import portfolio_json

        typer.echo(portfolio_json(portfolio))
    else:
        out = console()
        out.print(portfolio_table(portfolio, out.width))
        for line in summary_lines(portfolio):
            typer.echo(line)


def portfolio_table(portfolio: Portfolio, width: int) -> Table:
    """One line per project in ``width`` cells: numbers whole, long texts cut with ….

    Projects on one indicator layout get a column per first-level indicator. Projects on
    different layouts (a 自评表 beside a third-party evaluation) share no such columns, so each
    row then lists its own first-level scores in one cell, in its spec's order.
    """
    from rich.cells import cell_len
    from rich.table import Table

    from jxpj.cli.cells import cell, clip
    from jxpj.portfolio.output import csv_rows

    columns = portfolio.columns()
    shared = len({row.layout for row in portfolio.rows}) <= 1
    # the path is for CSV; the table names the project (clipped: rich lays out every character)
    rows = [[clip(c) for c in cells[:-1]] for cells in csv_rows(portfolio)]
    if not shared:
        first = 5  # rank, name, year, unit, framework come before the first-level scores
        rows = [
            [*cells[:first], " / ".join(_scores_of(row)), *cells[first + len(columns) :]]
            for cells, row in zip(rows, portfolio.rows, strict=True)
        ]
        columns = ("一级指标得分",)
    headers = ["#", "项目", "年度", "单位", "框架", *columns, "总分", "等级"]
    natural = [max([cell_len(h), *(cell_len(r[i]) for r in rows)]) for i, h in enumerate(headers)]
    widths = _fit(natural, caps={1: 30, 3: 16, 4: 16}, width=width)
    count = len(portfolio.rows)
    table = Table(title=f"portfolio · {count} project{'s' if count != 1 else ''}", title_justify="left")
    for i, header in enumerate(headers):
        justify = "left" if i in (1, 3, 4, len(headers) - 1) or (not shared and i == 5) else "right"
        table.add_column(header, justify=justify, no_wrap=True, overflow="ellipsis", width=widths[i])  # type: ignore[arg-type]
    for cells in rows:
        table.add_row(*(cell(c) for c in cells))  # plain text: a name holding "[/]" is not markup
    return table


def _scores_of(row: ProjectRow) -> list[str]:
    return ["-" if score is None else fmt_num(score) for score in row.scores]


def _fit(natural: list[int], *, caps: dict[int, int], width: int, least: int = 6) -> list[int]:
    # Each column costs its width plus 3 cells of padding and border, the table 1 more. Only the
    # text columns (``caps``) give way, in proportion, never below ``least``.
    widths = [min(w, caps.get(i, w)) for i, w in enumerate(natural)]
    fixed = sum(w for i, w in enumerate(widths) if i not in caps)
    room = width - 1 - 3 * len(widths) - fixed
    wanted = sum(widths[i] for i in caps)
    if wanted > room:
        for i in caps:
            widths[i] = max(least, min(widths[i], widths[i] * room // max(wanted, 1)))
    return widths


def summary_lines(portfolio: Portfolio) -> list[str]:
    scored = len(portfolio.scored)
    grades = " · ".join(f"{g} {n}" + (f" ({_share(n, scored)})" if n else "") for g, n in portfolio.distribution())
    lines = [f"grades: {grades}"]
    averages = " · ".join(f"{a.name} {fmt_num(a.mean)}" for a in portfolio.averages())
    total = portfolio.average_total()
    if total is not None:
        lines.append(f"averages: {averages}; total {fmt_num(total.mean)}")
    counts = f"{scored} project{'s' if scored != 1 else ''} scored"
    if portfolio.incomplete:
        counts += f", {portfolio.incomplete} incomplete (evidence missing)"
    if portfolio.failed:
        counts += f", {portfolio.failed} file{'s' if portfolio.failed != 1 else ''} failed"
    lines.append(counts)
    return lines


def _share(count: int, whole: int) -> str:
    rate = ratio_percent(Decimal(count), Decimal(whole), 1)
    return fmt_pct(rate) if rate is not None else ""


@contextmanager
def _progress(count: int) -> Iterator[tuple[Callable[[], None], Callable[[str], None]]]:
    """(tick, say): advance the bar and print a line to stderr without tearing the bar."""
    if count < PROGRESS_MIN or not sys.stderr.isatty():
        yield (lambda: None), (lambda line: print(line, file=sys.stderr))
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    # No refresh thread: worker processes are forked while the bar is live, and forking a
    # process that runs threads is unsafe; the bar is redrawn from this loop instead.
    bar = Progress(BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=console(stderr=True), transient=True, auto_refresh=False)
    task = bar.add_task("scoring", total=count)
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        bar.update(task, completed=done, refresh=done % 50 == 0 or done == count)

    def say(line: str) -> None:
        bar.console.print(line, markup=False, highlight=False, soft_wrap=True)

    with bar:
        yield tick, say
