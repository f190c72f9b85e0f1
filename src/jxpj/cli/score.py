"""``jxpj score`` and ``jxpj explain``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from jxpj.cli.common import handle_errors, print_table
from jxpj.errors import UsageError

if TYPE_CHECKING:
    from rich.table import Table

    from jxpj.result import NodeResult, Result

# The library (pydantic, the models, rich tables) is imported inside the commands, so that
# `jxpj --help` and every other command start without it.


class ScoreFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"  # the portfolio's rows


EvidenceArg = Annotated[
    Path,
    typer.Argument(
        help="The evidence file of one project: YAML, or an Excel workbook (.xlsx) filled in from jxpj init --xlsx.",
        show_default=False,
    ),
]
EvidencePathsArg = Annotated[
    list[Path],
    typer.Argument(help="Evidence files (YAML or .xlsx), or folders to search for YAML evidence.", show_default=False),
]
SpecOpt = Annotated[Path | None, typer.Option("--spec", help="Score against this spec instead of the evidence's own.")]
JobsOpt = Annotated[
    int | None, typer.Option("--jobs", "-j", min=1, help="Processes for a portfolio (default: all cores for large batches).", show_default=False)
]


@handle_errors
def score(
    evidence: EvidencePathsArg,
    spec: SpecOpt = None,
    format: Annotated[ScoreFormat, typer.Option("--format", "-f", help="table, json or csv.")] = ScoreFormat.table,
    jobs: JobsOpt = None,
    set_: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            help="What-if for one project: CODE.fact=value or budget.LINE.actual=value (repeatable); the file is not changed.",
        ),
    ] = None,
) -> None:
    """Score one evidence file (every indicator, the total, the grade), or a portfolio of many:
    several files or folders give one ranked row per project and the grade distribution."""
    portfolio = len(evidence) > 1 or evidence[0].is_dir() or format == ScoreFormat.csv
    if portfolio and set_:
        raise UsageError("--set is a what-if for one project; give a single evidence file")
    if portfolio:
        from jxpj.cli.portfolio import score_portfolio

        score_portfolio(evidence, spec=spec, format=str(format), jobs=jobs)
        return
    from jxpj.documents.overrides import parse_overrides
    from jxpj.load import require_file, score_file

    overrides = parse_overrides(set_ or [])
    result = score_file(require_file(evidence[0]), spec_path=spec, overrides=overrides)
    for o in overrides:  # a what-if must never pass for the file's own result
        typer.echo(f"what-if: --set {o.text}", err=format == ScoreFormat.json)
    if format == ScoreFormat.json:
        from jxpj.numbers import dumps
        from jxpj.result import result_to_dict

        typer.echo(dumps(result_to_dict(result)))
        return
    print_table(lambda width: score_table(result, width))
    typer.echo(summary_line(result))


@handle_errors
def explain(
    evidence: EvidenceArg,
    code: Annotated[str, typer.Argument(help="The indicator code, e.g. B11.", show_default=False)],
    spec: SpecOpt = None,
) -> None:
    """Show how one indicator's score was computed."""
    from jxpj.load import require_file, score_file

    result = score_file(require_file(evidence), spec_path=spec)
    node = result.find(code)
    if node is None:
        raise UsageError(f"no indicator {code} in the spec{nearest_code(code, [n.code for n in result.walk()])}")
    from jxpj.zh.values import performance_value

    for line in explanation_lines(node, performance_value(result, node)):
        typer.echo(line)


def nearest_code(code: str, codes: list[str]) -> str:
    """``; did you mean B11?`` for ``b11`` (case does not count), or nothing when none is near."""
    from difflib import get_close_matches

    same_case = {c.upper(): c for c in codes}
    if code.upper() in same_case:
        return f"; did you mean {same_case[code.upper()]}?"
    near = get_close_matches(code.upper(), list(same_case), n=1)
    return f"; did you mean {same_case[near[0]]}?" if near else ""


def explanation_lines(node: NodeResult, value: str | None = None) -> list[str]:
    """``jxpj explain``'s lines; ``value`` is the 业绩值 shown (typed, or derived from the facts)."""
    from jxpj.numbers import fmt_num, fmt_pct
    from jxpj.result import Status

    value = value or node.value

    head = f"{node.code} {node.name} (weight {fmt_num(node.weight)})"
    if node.status != Status.SCORED or node.score is None:
        return [head, f"  {node.status.replace('_', ' ')}"]
    lines = [head, f"  score: {fmt_num(node.score)} of {fmt_num(node.weight)} ({fmt_pct(node.rate or node.score)})"]
    if node.is_leaf:
        lines.append(f"  rule: {node.kind}{' (judgment)' if node.judgment else ''}")
        if value:
            lines.append(f"  业绩值: {value}")
        if node.explanation:
            lines.append(f"  working: {node.explanation}")
        if node.standard:
            lines.append(f"  评分标准: {node.standard}")
    else:
        parts = " + ".join(fmt_num(c.score) for c in node.children if c.score is not None)
        lines.append(f"  working: {parts} = {fmt_num(node.score)}")
    return lines


LEGEND = "标记: J = the evaluator's judgment, − = points deducted"


def _marks(node: NodeResult) -> str:
    marks = []
    if node.judgment:
        marks.append("J")
    if node.deducted:
        marks.append("−")
    return " ".join(marks)


def score_table(result: Result, width: int | None = None) -> Table:
    """The score table, fitted to a terminal ``width`` columns wide (none: as wide as it needs)."""
    from rich.table import Table

    from jxpj.cli.cells import cell, clip
    from jxpj.numbers import fmt_num, fmt_pct
    from jxpj.result import score_label

    # Cells are Text, not strings: rich reads strings as markup, so a name holding "[/]" crashed
    # the table and "[b]" vanished from it.
    table = Table(title=cell(f"{clip(result.evidence.project.name)} · {result.spec.title}"), title_justify="left")
    table.caption, table.caption_justify = LEGEND, "left"
    from rich.cells import cell_len

    from jxpj.zh.values import values_by_code

    values = values_by_code(result)
    # On a narrow terminal the names are what a reader scans: the 业绩值 (free text, often long)
    # gives up its width first, down to 8 cells; only then do names wrap (never cut short).
    codes = max(cell_len(n.code) for n in result.walk())
    names = max(cell_len("  " * (n.level - 1) + n.name) for n in result.walk())
    shown = max((cell_len(v or "") for v in values.values()), default=0)
    fixed = codes + 4 + 5 + 6 + 4 + 7 * 2 + 8  # 代码 权重 得分 得分率 标记, every padding, the borders
    room = (width or 10_000) - fixed
    value_width = max(8, min(shown, room - names))
    name_width = max(8, min(names, room - value_width))
    for header, justify, extra in (("代码", "left", {"no_wrap": True, "min_width": max(codes, 4)}),
                                   ("指标", "left", {"overflow": "fold", "width": name_width}),
                                   ("权重", "right", {"no_wrap": True}), ("业绩值", "left", {"overflow": "fold", "max_width": value_width}),
                                   ("得分", "right", {"no_wrap": True}), ("得分率", "right", {"no_wrap": True}), ("标记", "left", {"no_wrap": True})):  # fmt: skip
        table.add_column(header, justify=justify, **extra)  # type: ignore[arg-type]

    for node in result.walk():
        indent = "  " * (node.level - 1)
        style = "bold" if node.level == 1 else None
        rate = fmt_pct(node.rate) if node.rate is not None else ""
        cells = (node.code, indent + node.name, fmt_num(node.weight), values[node.code] or "", score_label(node, chinese=False), rate, _marks(node))
        table.add_row(*(cell(c) for c in cells), style=style)
    return table


def summary_line(result: Result) -> str:
    from jxpj.numbers import fmt_num, fmt_pct
    from jxpj.result import Status

    if result.total is None:
        missing = sum(1 for n in result.leaves() if n.status == Status.NO_EVIDENCE)
        return f"total: incomplete ({missing} indicator{'s' if missing != 1 else ''} without evidence)"
    firsts = " / ".join(f"{n.name} {fmt_num(n.score)}" for n in result.indicators if n.score is not None)
    budget = f"; 预算执行率 {fmt_pct(result.budget.rate)}" if result.budget and result.budget.rate is not None else ""
    return f"total: {fmt_num(result.total)} of {fmt_num(result.weight)}, grade {result.grade} ({firsts}{budget})"
