"""A rich table as the plain text rich prints to a file or a pipe, laid out without rich's engine.

Drawing the 41-row score table through rich's console took about 30 ms of a 0.3 s ``jxpj score``
(its import, then measuring and wrapping every cell), while a table whose cells all fit is only
padding and box characters. :func:`plain` writes exactly what rich would (the same widths, the
same box, justification, title and caption) for the tables it can be sure of: single-line cells
that fit their columns, a table that fits the width, no markup to read, nothing a terminal would
style. For anything else it returns None and the caller prints with rich.
``tests/test_plain_table.py`` compares the two on the examples and on generated tables.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text

if TYPE_CHECKING:
    from rich.table import Column, Table

_MARKUP = re.compile(r"\[|:\S*:")  # rich would read [b] as markup and :smile: as an emoji


def plain(table: Table, width: int, encoding: str) -> str | None:
    """The text rich prints for ``table`` on a console ``width`` cells wide that is not a
    terminal, or None when rich's own layout is needed."""
    if not _simple(table, encoding):
        return None
    columns = table.columns
    texts = [[_text(column.header), *(_text(cell) for cell in column.cells)] for column in columns]
    if any(text is None for column in texts for text in column):
        return None
    cells: list[list[str]] = texts  # type: ignore[assignment]  # no None, checked above
    extra = 2 + len(columns) - 1  # the edges and the lines between columns
    widths = [_width(column, column_texts) for column, column_texts in zip(columns, cells, strict=True)]
    if sum(widths) > width - extra:
        return None  # rich would shrink and wrap columns
    if any(cell_len(text) > inner - 2 for inner, column_texts in zip(widths, cells, strict=True) for text in column_texts):
        return None  # rich would wrap, fold or cut this cell
    table_width = sum(widths) + extra
    title, caption = _text(table.title), _text(table.caption)
    if title is None or caption is None or max(cell_len(title), cell_len(caption)) > table_width:
        return None
    box = table.box
    assert box is not None
    rows = list(zip(*cells, strict=True))
    lines = [
        title + " " * (table_width - cell_len(title)),  # justified left: rich pads it to the table's width
        box.get_top(widths),
        _row(box.head_left, box.head_vertical, box.head_right, columns, rows[0], widths),
        box.get_row(widths, "head"),
        *(_row(box.mid_left, box.mid_vertical, box.mid_right, columns, row, widths) for row in rows[1:]),
        box.get_bottom(widths),
        caption + " " * (table_width - cell_len(caption)),
    ]
    return "\n".join(lines) + "\n"


def _simple(table: Table, encoding: str) -> bool:
    """The table uses only what :func:`plain` reproduces."""
    return (
        table.box is not None
        and not table.box.ascii
        and encoding.lower().startswith("utf")  # else rich would draw the box in ASCII
        and table.show_header
        and table.show_edge
        and not table.show_footer
        and not table.show_lines
        and not table.expand
        and table.width is None
        and table.min_width is None
        and table.leading == 0
        and table.padding == (0, 1, 0, 1)
        and table.pad_edge
        and not table.collapse_padding
        and table.title_justify == "left"
        and table.caption_justify == "left"
        and bool(table.title)
        and bool(table.caption)
        and bool(table.columns)
        and all(column.justify in ("left", "right") and column.ratio is None for column in table.columns)
    )


def _text(value: object) -> str | None:
    """A cell's text, when rich would print it as it is: one line of printable characters."""
    if isinstance(value, Text):
        if value.justify is not None or value.overflow is not None or value.no_wrap is not None or value.end != "\n":
            return None
        text = value.plain
    elif isinstance(value, str):
        if _MARKUP.search(value):
            return None
        text = value
    else:
        return None
    # the ideographic space (U+3000) is common in Chinese text and not "printable" to Python
    return text if text.isprintable() or text.replace("\u3000", "").isprintable() else None


def _width(column: Column, texts: list[str]) -> int:
    """The column's width with its padding, as rich measures it when nothing has to shrink."""
    if column.width is not None:
        return column.width + 2
    natural = max(cell_len(text) for text in texts) + 2
    if column.min_width is not None:
        natural = max(natural, column.min_width + 2)
    if column.max_width is not None:
        natural = min(natural, column.max_width + 2)
    return natural


def _row(left: str, between: str, right: str, columns: list[Column], cells: tuple[str, ...], widths: list[int]) -> str:
    parts = []
    for column, text, inner in zip(columns, cells, widths, strict=True):
        room = inner - 2
        if column.justify == "right":
            text = text.rstrip()  # as rich does before padding on the left
            parts.append(" " + " " * (room - cell_len(text)) + text + " ")
        else:
            parts.append(" " + text + " " * (room - cell_len(text)) + " ")
    return left + between.join(parts) + right
