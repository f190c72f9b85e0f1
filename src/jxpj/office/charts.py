"""Charts for the report: 得分率 by indicator group and budget execution by line, as PNG.

Chinese text needs a font with Chinese glyphs, and a new machine has none: the ``office`` extra
installs Noto Sans SC (SIL OFL 1.1) from the data-only ``pylopdf-fonts-zh-cn`` package, and every
chart is drawn with it, so no glyph falls back to an empty box. Figures are made without pyplot
(no global state) on the Agg canvas, at a fixed size and dpi, with no software stamp in the PNG
metadata, so the same result gives the same bytes.

Bar lengths are the one place numbers become floats: geometry only. Every number printed on a
chart is formatted from the exact decimal.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from jxpj.files import write_file
from jxpj.numbers import fmt_num, fmt_pct, quantize
from jxpj.office.extra import require
from jxpj.result import NodeResult, Result

DPI = 150
# Drawn at the width they are printed at (the Word report places them 15 cm wide), so a 9 pt label
# is 9 pt on the page: drawn at 8 inches and shrunk, labels came out at 6 pt.
PRINT_WIDTH_CM = 15
WIDTH_IN = PRINT_WIDTH_CM / 2.54
FONT_PT = 9  # the smallest text on a chart, at print size
SCORE_RATES = "score_rates.png"
BUDGET_EXECUTION = "budget_execution.png"
_COLOURS = ("#4472C4", "#ED7D31", "#70AD47", "#7F6000", "#7030A0", "#2F5597")
_BUDGET, _ACTUAL = "#A5A5A5", "#4472C4"


@dataclass(frozen=True, slots=True)
class Chart:
    """A chart written to disk, with its title; the report numbers figures (图 1, 图 2) in the order
    it places them."""

    path: Path
    title: str
    after: str  # the table it illustrates, by caption prefix: the Word report places it there


@dataclass(frozen=True, slots=True)
class Planned:
    """A chart the result has data for: its key in the report context, file name, title and table."""

    key: str
    file: str
    title: str
    after: str


def plan(result: Result) -> list[Planned]:
    """The charts ``result`` has data for, in reading order (chapter 1's table before chapter 3's).

    Pure (no drawing, no matplotlib), so the Markdown report can link the charts before they exist.
    """
    planned = []
    if result.budget is not None:
        planned.append(Planned("budget", BUDGET_EXECUTION, "预算执行情况", "表 1-1"))
    if any(n.rate is not None for n in groups(result)):
        planned.append(Planned("scores", SCORE_RATES, "各指标得分率", "表 3-1"))
    return planned


def links(result: Result, folder: str = "charts") -> dict[str, dict[str, str]]:
    """What the Markdown report shows for each chart: its path (relative) and numbered caption."""
    return {
        p.key: {"path": f"{folder}/{p.file}", "title": p.title, "caption": f"图 {n}　{p.title}"}
        for n, p in enumerate(plan(result), start=1)
    }


def write_charts(result: Result, folder: str | Path) -> list[Chart]:
    """Draw every chart of :func:`plan` into ``folder``; return them in reading order."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    draw = {"budget": budget_chart, "scores": score_rate_chart}
    return [Chart(draw[p.key](result, out / p.file), p.title, p.after) for p in plan(result)]


def groups(result: Result) -> list[NodeResult]:
    """The indicator groups a chart compares: the second level, or the first when the tree is flat."""
    second = [child for top in result.indicators for child in top.children if child.children]
    return second or list(result.indicators)


def score_rate_chart(result: Result, path: str | Path) -> Path:
    """Horizontal bars of each group's 得分率, coloured by its 一级指标, labelled with the rate."""
    with _style():
        return _score_rates(result, path)


def _score_rates(result: Result, path: str | Path) -> Path:
    nodes = [n for n in groups(result) if n.rate is not None]
    tops = [t.code for t in result.indicators]
    colour = {code: _COLOURS[i % len(_COLOURS)] for i, code in enumerate(tops)}
    top_of = {n.code: t.code for t in result.indicators for n in t.walk()}
    figure, ax = _figure(width=WIDTH_IN, height=0.32 * len(nodes) + 1.3)
    labels = [f"{n.code} {n.name}" for n in nodes]
    rates = [float(n.rate) for n in nodes]  # type: ignore[arg-type]  # geometry only
    y = list(range(len(nodes)))[::-1]
    ax.barh(y, rates, color=[colour[top_of[n.code]] for n in nodes], height=0.6)
    for yi, node in zip(y, nodes, strict=False):
        assert node.rate is not None
        ax.text(float(node.rate) + 1, yi, fmt_pct(node.rate), va="center", fontsize=FONT_PT)
    ax.set_yticks(y, labels)
    ax.set_xlim(0, 118)  # room for the label of a 100% bar
    ax.set_xticks([0, 20, 40, 60, 80, 100], ["0", "20%", "40%", "60%", "80%", "100%"])
    ax.set_title("各指标得分率")
    handles = [_patch(colour[t.code], f"{t.code} {t.name}") for t in result.indicators]
    figure.legend(handles=handles, loc="outside lower center", ncol=min(len(handles), 3), fontsize=FONT_PT, frameon=False)
    return _save(figure, path)


def budget_chart(result: Result, path: str | Path) -> Path:
    """Budget and actual spending per line (万元), each pair labelled with its execution rate."""
    with _style():
        return _budget(result, path)


def _budget(result: Result, path: str | Path) -> Path:
    assert result.budget is not None
    rows = result.budget.rows
    figure, ax = _figure(width=WIDTH_IN, height=3.4)
    x = list(range(len(rows)))
    wan = [float(quantize(r.budget / Decimal(10000), 2)) for r in rows]  # geometry only
    spent = [float(quantize(r.actual / Decimal(10000), 2)) for r in rows]
    ax.bar([i - 0.2 for i in x], wan, width=0.4, color=_BUDGET, label="预算数")
    ax.bar([i + 0.2 for i in x], spent, width=0.4, color=_ACTUAL, label="实际支出")
    top = max([*wan, *spent, 1.0])
    for i, row in zip(x, rows, strict=False):
        if row.rate is not None:
            height = max(float(row.budget), float(row.actual)) / 10000
            ax.text(i, height + top * 0.02, fmt_pct(row.rate), ha="center", fontsize=FONT_PT)
    ax.set_xticks(x, [_wrap(r.name, max(2, int(WIDTH_IN * 72 * 0.8 / max(len(rows), 1) / FONT_PT))) for r in rows], fontsize=FONT_PT)
    ax.set_ylim(0, top * 1.15)
    ax.set_ylabel("万元")
    rate = fmt_pct(result.budget.rate) if result.budget.rate is not None else "—"
    total = f"预算 {fmt_num(quantize(result.budget.budget / Decimal(10000), 2))} 万元，执行率 {rate}"
    ax.set_title(f"预算执行情况（{total}）")
    ax.legend(fontsize=FONT_PT, frameon=False)
    return _save(figure, path)


def _wrap(name: str, width: int = 6) -> str:
    """Long Chinese labels on as many lines of ``width`` characters as they need, so they do not
    run into each other."""
    return "\n".join(name[i : i + width] for i in range(0, len(name), width)) or name


def font_path() -> Path:
    """The bundled CJK font (Noto Sans SC)."""
    fonts = require("pylopdf_fonts_zh_cn", "charts with Chinese text")
    return Path(fonts.sans_path())


@contextmanager
def _style() -> Iterator[None]:
    """The chart font and settings, for the charts only (matplotlib's global settings stay as they were)."""
    matplotlib = require("matplotlib", "charts")
    from matplotlib import font_manager

    font = font_path()
    font_manager.fontManager.addfont(str(font))  # registering the same file again is harmless
    family = font_manager.FontProperties(fname=str(font)).get_name()
    settings = {"font.family": family, "axes.unicode_minus": False, "font.size": FONT_PT, "axes.titlesize": FONT_PT + 1.5}
    with matplotlib.rc_context(settings):
        yield


def _figure(*, width: float, height: float) -> tuple[Any, Any]:
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
    ax = figure.add_subplot()
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return figure, ax


def _patch(colour: str, label: str) -> Any:
    from matplotlib.patches import Patch

    return Patch(color=colour, label=label)


def _save(figure: Any, path: str | Path) -> Path:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(figure)
    # Through the one writer: savefig onto a symbolic link charts/x.png wrote where it pointed.
    return write_file(Path(path), lambda tmp: figure.savefig(tmp, dpi=DPI, metadata={"Software": None}))
