"""What a terminal table shows of one value: at most a screenful, cut with an ellipsis.

rich lays out every character it is given: a project name of 9.9 MB took 428 s to print as the
score table's title (1 s as JSON). A table is for reading, so a value longer than any screen is
cut; JSON, Markdown, CSV and the reports keep the whole text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.text import Text

MAX_CELL = 1_000  # characters: a long finding still reads whole; nothing near what slows rich down
MAX_NAME = 200  # characters of a name in a table's title


def clip(text: str, limit: int = MAX_NAME) -> str:
    """``text``, or its first ``limit`` characters and an ellipsis."""
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


def cell(text: str, limit: int = MAX_CELL) -> Text:
    """A table cell: clipped, and plain text (rich would read "[b]" in a name as markup)."""
    from rich.text import Text

    return Text(clip(text, limit))
