"""The plain table layout prints exactly what rich prints to a file, or leaves the table to rich."""

from __future__ import annotations

import io

import pytest
from conftest import EXAMPLE, ROOT
from hypothesis import given, settings
from hypothesis import strategies as st
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from jxpj.cli.plain_table import plain
from jxpj.cli.score import score_table
from jxpj.load import score_file


def rich_text(table: Table, width: int) -> str:
    out = io.StringIO()
    Console(file=out, width=width, no_color=True, highlight=False, soft_wrap=False).print(table)
    return out.getvalue()


@pytest.mark.parametrize("evidence", [EXAMPLE / "evidence.yaml", ROOT / "examples" / "2024_selfeval" / "evidence.yaml"])
@pytest.mark.parametrize("width", [40, 80, 100, 120, 160, 300])
def test_the_score_tables_of_the_examples(evidence, width):
    result = score_file(evidence)
    text = plain(score_table(result, width), width, "utf-8")
    if width >= 120:  # wide enough for every cell: the plain layout applies
        assert text is not None
    if text is not None:
        assert text == rich_text(score_table(result, width), width)


def small(**options: object) -> Table:
    table = Table(**{"title": Text("t"), "caption": "c", "title_justify": "left", "caption_justify": "left", **options})  # type: ignore[arg-type]
    table.add_column("a")
    return table


def test_what_it_leaves_to_rich():
    table = small()
    table.add_row(Text("x"))
    assert plain(table, 80, "utf-8") is not None
    assert plain(table, 80, "ascii") is None  # rich draws the box in ASCII
    assert plain(small(title_justify="center"), 80, "utf-8") is None
    marked = small()
    marked.add_column("[b]a")  # markup
    marked.add_row(Text("x"), Text("y"))
    assert plain(marked, 80, "utf-8") is None
    lines = small(show_lines=True)
    lines.add_row("x")
    assert plain(lines, 80, "utf-8") is None
    two = small()
    two.add_row(Text("x\ny"))  # two lines in a cell
    assert plain(two, 80, "utf-8") is None


NORMAL = [*"ab Z09.-%·（）：，。项目决策资金使用合规性业绩值−—…→éñ ", "绩效", "  ", "🙂", "\u3000"]
ODD = ["[", ":", "\t", "\n", "\x1b"]  # what sends a table back to rich
CHARS = st.sampled_from(NORMAL * 8 + ODD)
TEXT = st.lists(CHARS, max_size=14).map("".join)


@st.composite
def tables(draw: st.DrawFn) -> tuple[Table, int]:
    title = draw(TEXT)
    table = Table(title=Text(title or "x"), caption=draw(st.sampled_from(["标记: J = judgment", "note", "说明"])), title_justify="left", caption_justify="left")
    table.box = draw(st.sampled_from([box.HEAVY_HEAD, box.ROUNDED, box.SQUARE]))
    count = draw(st.integers(1, 6))
    for i in range(count):
        options = {}
        if draw(st.booleans()):
            options[draw(st.sampled_from(["width", "min_width", "max_width"]))] = draw(st.integers(1, 12))
        if draw(st.booleans()):
            options["no_wrap"] = True
        if draw(st.booleans()):
            options["overflow"] = "fold"
        table.add_column(draw(TEXT) or f"c{i}", justify=draw(st.sampled_from(["left", "right"])), **options)
    for _ in range(draw(st.integers(0, 5))):
        table.add_row(*(Text(draw(TEXT)) for _ in range(count)))
    return table, draw(st.integers(20, 140))


@settings(max_examples=300, deadline=None)
@given(tables())
def test_generated_tables_print_as_rich_prints_them(case):
    table, width = case
    text = plain(table, width, "utf-8")
    if text is not None:
        assert text == rich_text(table, width)
