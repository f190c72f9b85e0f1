"""Checking rendered Markdown with a real parser: every table is a table, every row has its columns."""

from __future__ import annotations

from markdown_it import MarkdownIt

_MD = MarkdownIt("commonmark").enable("table")


def split_row(line: str) -> list[str]:
    """A table line's cells as GFM splits them: on pipes not preceded by a backslash."""
    text = line.strip()
    text = text.removeprefix("|")
    cells, current, escaped = [], "", False
    for ch in text:
        if ch == "|" and not escaped:
            cells.append(current)
            current = ""
        else:
            current += ch
        escaped = ch == "\\"
    if current.strip():
        cells.append(current)
    return [c.strip() for c in cells]


def tables(text: str) -> list[list[list[str]]]:
    """Every table markdown-it finds, as rows of cells from the source (header, delimiter, body)."""
    lines = text.splitlines()
    found = []
    covered: set[int] = set()
    for token in _MD.parse(text):
        if token.type == "table_open" and token.map:
            start, end = token.map
            covered.update(range(start, end))
            found.append([split_row(line) for line in lines[start:end]])
    orphans = [line for i, line in enumerate(lines) if line.startswith("|") and i not in covered]
    assert not orphans, f"table rows outside any table (a broken table?): {orphans[:3]}"
    return found


def check_tables(text: str) -> list[list[list[str]]]:
    """Parse ``text`` and assert every row of every table has the header's column count."""
    found = tables(text)
    for table in found:
        width = len(table[0])
        for row in table:
            assert len(row) == width, f"row has {len(row)} cells, header has {width}: {row}"
    return found
