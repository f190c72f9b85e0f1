"""The indicator block of a 自评表: its header row (one or two rows, any column order), the
三级指标 rows under it, and the 总分 and 自评等级 in the footer."""

from __future__ import annotations

from dataclasses import dataclass

from jxpj.errors import Severity
from jxpj.forms.grid import Pos
from jxpj.forms.model import FormIndicator, Value
from jxpj.forms.reading import CHECK, Reader
from jxpj.forms.values import not_a_number, read_number, split_grade
from jxpj.forms.words import (
    GRADE_WORDS,
    REQUIRED,
    TOTAL_WORDS,
    TRAILING_WORDS,
    after_label,
    indicator_column,
    is_indicator_header,
    label_word,
)

SCORE_UNITS = ("分",)
STOP_WORDS = (*TOTAL_WORDS, *GRADE_WORDS, *TRAILING_WORDS)


@dataclass(frozen=True, slots=True)
class Header:
    at: Pos  # the 一级指标 cell
    end: int  # the first grid row below the header
    columns: dict[str, int]  # column key → grid column


@dataclass(frozen=True, slots=True)
class Block:
    header: Header
    indicators: tuple[FormIndicator, ...]
    end: int  # the first grid row after the indicator rows


def find_header(reader: Reader) -> Header:
    """The indicator header row, or a located error saying what was looked for."""
    at = next((pos for pos in reader.filled if is_indicator_header(reader.text(pos))), None)
    if at is None:
        where = reader.filled[0] if reader.filled else (0, 0)
        message = f"no 一级指标 header found anywhere in {reader.grid.scope}; the indicator block starts with a row 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分"
        raise reader.error(where, message)
    r = at[0]
    rows = [r]
    # a two-row header: 一级指标 under a 绩效指标 spanning the levels, or 指标性质/指标值/度量单位
    # under a 年度指标值 spanning them; labels merged down over both rows are read from either
    if r > 0 and (_keys(reader, r - 1) or any(reader.grid.anchor(r, c)[0] == r - 1 for c in range(reader.grid.width))):
        rows.insert(0, r - 1)
    elif r + 1 < reader.grid.height and set(_keys(reader, r + 1).values()) - {"level1", "level2", "name"}:
        rows.append(r + 1)
    columns: dict[str, int] = {}
    for c in range(reader.grid.width):
        key = next((k for row in reversed(rows) if (k := indicator_column(reader.grid.text(row, c)))), None)
        if key is not None and key not in columns:
            columns[key] = c
    missing = [word for key, word in REQUIRED.items() if key not in columns]
    if missing:
        found = [reader.text(anchor) for _c, anchor in reader.row_anchors(r) if reader.text(anchor)]
        row_no = reader.grid.where(*at).row
        message = f"no column {'、'.join(missing)} in the indicator header row (row {row_no}: {' | '.join(found)})"
        raise reader.error(at, message)
    return Header(at, rows[-1] + 1, columns)


def _keys(reader: Reader, r: int) -> dict[int, str]:
    """Column → key for the header cells that start in row r."""
    out: dict[int, str] = {}
    for c, anchor in reader.row_anchors(r):
        if anchor[0] == r and (key := indicator_column(reader.text(anchor))) is not None:
            out[c] = key
    return out


def read_block(reader: Reader, header: Header) -> Block:
    cols = header.columns
    found: list[FormIndicator] = []
    r = header.end
    while r < reader.grid.height:
        if _is_stop_row(reader, r, cols["name"]):
            break
        if _is_header_row(reader, r):  # the header again: the table goes on over a page break
            r += 1
            continue
        row = _indicator(reader, r, cols, found[-1] if found else None)
        if row is not None:
            found.append(row)
        r += 1
    if not found:
        raise reader.error(header.at, "no indicator rows below the indicator header row")
    return Block(header, tuple(found), r)


def _is_stop_row(reader: Reader, r: int, name_col: int) -> bool:
    """A 总分, 自评等级 or 填表人 row: the indicator rows end above it."""
    for c, anchor in reader.row_anchors(r):
        if c > name_col:
            break
        text = reader.text(anchor)
        if anchor[0] == r and text and label_word(text, STOP_WORDS):
            return True
    return False


def _is_header_row(reader: Reader, r: int) -> bool:
    labels = [key for _c, a in reader.row_anchors(r) if a[0] == r and (key := indicator_column(reader.text(a)))]
    # four column names, or 一级指标 itself: no indicator row reads like that by chance
    return len(set(labels)) >= 4 or "level1" in labels


def _indicator(reader: Reader, r: int, cols: dict[str, int], before: FormIndicator | None) -> FormIndicator | None:
    def get(key: str, units: tuple[str, ...] | None = None) -> Value | None:
        return reader.value(r, cols[key], units) if key in cols else None

    content = ("name", "target", "actual", "weight", "score")
    if not any(reader.grid.anchor(r, cols[k])[0] == r and reader.grid.text(r, cols[k]) for k in content):
        return None  # a blank row, or one holding only a 一级/二级 label merged down from above
    level1, level2 = reader.value(r, cols["level1"]), reader.value(r, cols["level2"])
    if before is not None and not level1.text:  # an unmerged copy writes each label once
        level1 = before.level1
    if before is not None and not level2.text:
        level2 = before.level2
    name, target, actual = get("name"), get("target"), get("actual")
    weight, score = get("weight", SCORE_UNITS), get("score", SCORE_UNITS)
    assert name and target and actual and weight and score  # required columns, checked in find_header
    return FormIndicator(
        level1, level2, name, get("nature"), get("measure_unit"), target, actual, weight, score, get("deviation")
    )


def read_footer(reader: Reader, block: Block) -> tuple[Value | None, Value | None]:
    """(总分, 自评等级) from the rows after the indicators."""
    total: Value | None = None
    grade: Value | None = None
    score_col = block.header.columns["score"]
    for r, c in reader.filled_in(block.end, reader.grid.height):
        text = reader.text((r, c))
        word = label_word(text, TOTAL_WORDS)
        if total is None and word is not None:
            total, written_grade = _total(reader, r, c, word, score_col)
            grade = grade or written_grade
        elif grade is None and (word := label_word(text, GRADE_WORDS)) is not None:
            grade = _labelled(reader, r, c, word)
    if total is None:
        where = reader.grid.where(min(block.end, reader.grid.height - 1), block.header.at[1])
        reader.warn(where.problem("no 总分 row found below the indicators", CHECK, Severity.WARNING))
    return total, grade


def _labelled(reader: Reader, r: int, c: int, word: str) -> Value | None:
    """The value of a label: in its own cell after a colon, else the next cell to the right."""
    rest = after_label(reader.text((r, c)), word)
    if rest:
        return Value(rest, reader.grid.where(r, c), None)
    right = reader.right_of(r, c)
    return reader.value(r, right) if right is not None else None


def _total(reader: Reader, r: int, c: int, word: str, score_col: int) -> tuple[Value | None, Value | None]:
    rest = after_label(reader.text((r, c)), word)
    if rest:  # 总分：85.5（良）in one cell
        return _with_grade(reader.value(r, c), rest)
    grade: Value | None = None
    options: list[tuple[int, Value, Value | None]] = []  # (column, total, grade written with it)
    for col, anchor in reader.row_anchors(r, reader.span_end(r, c) + 1):
        text = reader.text(anchor)
        if not text and not reader.grid.at(*anchor).missing:
            continue
        if (label := label_word(text, GRADE_WORDS)) is not None:  # 总分 | 85.5 | 自评等级 | 良
            grade = _labelled(reader, r, col, label)
            break
        total, written = _with_grade(reader.value(r, col), text)
        if total is None:  # a cell holding only the grade
            grade = grade or written
        else:
            options.append((col, total, written))
    numeric = [option for option in options if option[1].number is not None]
    # the 得分 column holds the total; else the last number (the 分值 sum, 100, comes before it)
    pick = next((o for o in options if o[0] == score_col), None) or (numeric[-1] if numeric else options[0] if options else None)
    if pick is None:
        return None, grade
    if pick[1].number is None and pick[1].text:
        reader.warn(not_a_number(pick[1]))
    return pick[1], pick[2] or grade


def _with_grade(cell: Value, text: str) -> tuple[Value | None, Value | None]:
    """``85.5（良）``: the total (its number) and the grade, both from the same cell."""
    number_part, grade = split_grade(text)
    if grade is not None and not number_part:
        return None, Value(grade, cell.where, None)
    number = cell.number if grade is None and cell.number is not None else read_number(number_part, SCORE_UNITS)[0]
    return Value(text, cell.where, number, cell.percent), Value(grade, cell.where, None) if grade else None
