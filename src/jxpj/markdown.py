"""Making evidence text safe where Markdown gives it a special meaning.

Narrative sections are Markdown by design and go into the report as written. Text placed in a
table cell (a budget line's name, a 业绩值, a 评分说明) is different: a ``|`` would start a new
column and a line break would end the table, so :func:`cell` escapes both.
"""

from __future__ import annotations

import re

_BREAKS = re.compile(r"[ \t]*(?:\r\n|\r|\n)[ \t\r\n]*")
# Chinese is written without spaces, so whitespace between two Chinese characters or punctuation
# marks is the trace of a folded YAML line (``>-``), not a space the writer meant.
_CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef\u201c\u201d\u2018\u2019"
_PUNCT = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\u201c\u201d\u2018\u2019"  # ，。；：“”（）《》…
_FOLD = re.compile(f"(?<=[{_CJK}])[ \t]+(?=[{_CJK}])|(?<=[{_PUNCT}])[ \t]+|[ \t]+(?=[{_PUNCT}])")


def join_cjk(text: str) -> str:
    """Drop the blanks a folded line left between Chinese characters, or beside Chinese punctuation."""
    return _FOLD.sub("", text)


def cell(text: str | None) -> str:
    """One table cell: pipes escaped, line breaks shown as ``<br>``, surrounding blanks dropped."""
    if text is None:
        return ""
    return _BREAKS.sub("<br>", join_cjk(text.strip())).replace("|", "\\|")


def block(text: str | None) -> str | None:
    """A Markdown block as the template places it: trimmed, with no trailing blanks on its lines."""
    if text is None:
        return None
    lines = [join_cjk(line.rstrip()) for line in text.strip().splitlines()]
    return "\n".join(lines) or None


_ENDS = ("。", "！", "？", "；", "：", ".", "!", "?", ")", "）", "”", "」", "》")


def sentence(text: str | None) -> str | None:
    """Inline prose ending with a full stop, so that a following sentence reads on (note + 根据评分标准…)."""
    if text is None or not text.strip():
        return None
    text = join_cjk(" ".join(line.strip() for line in text.strip().splitlines()))
    return text if text.endswith(_ENDS) else f"{text}。"
