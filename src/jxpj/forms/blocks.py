"""The blocks above the indicators: title and year, the 项目名称/主管部门/实施单位 fields, the funds
block with its money unit, and the 年度总体目标 texts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from jxpj.forms.grid import Pos
from jxpj.forms.model import FundsRow, Value, Where
from jxpj.forms.reading import Reader
from jxpj.forms.values import bare, nfkc, read_number
from jxpj.forms.words import (
    GOAL_WORDS,
    HEADER_FIELDS,
    after_label,
    funds_column,
    funds_row,
    label_pairs,
    label_word,
    money_unit_of,
)

MONEY_UNITS = ("万元", "元", "万")  # 150万 is 150万元
MoneyUnit = Literal["元", "万元"]
POINT_UNITS = ("分",)
ALL_LABELS = tuple(word for words in HEADER_FIELDS.values() for word in words)
YEAR_LABELS = ("年度", "评价年度", "预算年度", "项目年度", "自评年度")


def title_and_year(reader: Reader, last: int) -> tuple[Value | None, int | None]:
    """The title (the first cell naming a 自评表) and the year, from the title or a 年度 cell."""
    filled = list(reader.filled_in(0, last))
    at = next((pos for pos in filled if "自评表" in bare(reader.text(pos))), None)
    title = reader.value(*at) if at is not None else None
    if title is not None and (found := re.search(r"((?:19|20)[0-9]{2})\s*年", nfkc(title.text))):
        return title, int(found.group(1))
    for r, c in filled:
        text = nfkc(reader.text((r, c))).strip()
        if found := re.fullmatch(r"[(\[【]?\s*((?:19|20)[0-9]{2})\s*年度?\s*[)\]】]?", text):
            return title, int(found.group(1))  # （2023年度）under the title
        word = label_word(text, YEAR_LABELS)
        if word is not None:
            rest = after_label(text, word)
            right = reader.right_of(r, c)
            written = rest or (reader.grid.text(r, right) if right is not None else "")
            if found := re.match(r"\s*((?:19|20)[0-9]{2})(?![0-9])", nfkc(written)):
                return title, int(found.group(1))
    return title, None


def header_fields(reader: Reader, last: int) -> dict[str, Value | None]:
    """项目名称, 主管部门, 实施单位: the first label of each above row ``last``."""
    out: dict[str, Value | None] = dict.fromkeys(HEADER_FIELDS)
    for r, c in reader.filled_in(0, last):
        text = reader.text((r, c))
        for key, words in HEADER_FIELDS.items():
            word = label_word(text, words)
            if word is None or out[key] is not None:
                continue
            if bare(text) == word:  # the value is in the next cell
                out[key] = _value_right(reader, r, c)
                break
            # 项目名称：X in one cell, or a paragraph 主管部门：X　实施单位：Y
            for found, rest in label_pairs(text, ALL_LABELS):
                pair_key = next(k for k, ws in HEADER_FIELDS.items() if found in ws)
                if out[pair_key] is None and rest:
                    out[pair_key] = Value(rest, reader.grid.where(r, c), None)
            break
    return out


def _value_right(reader: Reader, r: int, c: int) -> Value | None:
    right = reader.right_of(r, c)
    if right is None:
        return None
    if label_word(reader.grid.text(r, right), ALL_LABELS):
        return None  # the value cell is missing: the next label follows at once
    return reader.value(r, right)


@dataclass(frozen=True, slots=True)
class Funds:
    rows: tuple[FundsRow, ...]
    header_row: int | None
    end: int  # first grid row after the funds block (0 when there is none)


def find_funds(reader: Reader, last: int) -> Funds:
    """The funds block: its header row (two of 年初预算数/全年预算数/全年执行数) and the rows below."""
    for r in range(last):
        columns: dict[str, int] = {}
        for c, anchor in reader.row_anchors(r):
            key = funds_column(reader.text(anchor)) if anchor[0] == r else None
            if key is not None and key not in columns:
                columns[key] = c
        if len({"initial", "budget", "actual"} & columns.keys()) >= 2:
            rows, end = _funds_rows(reader, r, last, columns)
            return Funds(rows, r, end)
    return Funds((), None, 0)


def _funds_rows(reader: Reader, header: int, last: int, columns: dict[str, int]) -> tuple[tuple[FundsRow, ...], int]:
    first_money = min(columns.values())
    found: list[tuple[bool, FundsRow]] = []
    r = header + 1
    while r < last:
        names = [(c, a) for c, a in reader.row_anchors(r) if c < first_money and a[0] == r and reader.text(a)]
        if any(label_word(reader.text(a), GOAL_WORDS) for _c, a in names):
            break
        named = next(((c, a) for c, a in names if funds_row(reader.text(a))), None)
        if named is None and names and not _has_money(reader, r, columns):
            break  # a row of something else: the block has ended
        if named is None and names:
            named = names[-1]  # a row name we do not know (专项资金 …) still belongs to the block
        if named is not None:
            found.append((funds_row(reader.text(named[1])) == "total", _funds_row(reader, r, named[0], columns)))
        r += 1
    ordered = [row for total, row in found if total] + [row for total, row in found if not total]
    return tuple(ordered), r


def _has_money(reader: Reader, r: int, columns: dict[str, int]) -> bool:
    """Whether row r states an amount of its own (goal texts spread across the columns do not)."""
    cols = [columns[k] for k in ("initial", "budget", "actual") if k in columns]
    return any(reader.grid.anchor(r, c)[0] == r and read_number(reader.grid.text(r, c), MONEY_UNITS)[0] is not None for c in cols)


def _funds_row(reader: Reader, r: int, name_col: int, columns: dict[str, int]) -> FundsRow:
    def get(key: str, units: tuple[str, ...]) -> Value | None:
        # 分值/执行率/得分 merged down from the 年度资金总额 row belong to that row only
        return reader.own(r, columns[key], units) if key in columns else None

    return FundsRow(
        reader.value(r, name_col),
        get("initial", MONEY_UNITS),
        get("budget", MONEY_UNITS),
        get("actual", MONEY_UNITS),
        get("weight", POINT_UNITS),
        get("rate", ()),
        get("score", POINT_UNITS),
    )


def money_unit(reader: Reader, funds: Funds) -> tuple[MoneyUnit, Where | None]:
    """万元 or 元, and the cell that says so; 元 (stated nowhere) by default."""
    if funds.header_row is None:
        return "元", None
    for pos in reader.filled_in(0, funds.end):
        unit = money_unit_of(reader.text(pos))
        if unit is not None:
            return unit, reader.grid.where(*pos)
    return "元", None


def goals(reader: Reader, first: int, last: int) -> tuple[Value | None, Value | None]:
    """(预期目标, 实际完成情况) of the 年度总体目标 block between rows ``first`` and ``last``."""
    label = next((pos for pos in reader.filled_in(first, last) if label_word(reader.text(pos), GOAL_WORDS)), None)
    if label is None:
        return None, None
    r, c = label
    heads: dict[str, Pos] = {}
    for pos in reader.filled_in(r, min(r + 2, last)):
        t = bare(reader.text(pos))
        if len(t) > 8:
            continue  # a goal text, even one starting 实际完成…, is no heading
        if t.startswith("预期目标") or t in ("预期", "年度预期目标"):
            heads.setdefault("planned", pos)
        elif t.startswith("实际完成") or t in ("完成情况", "实际完成情况"):
            heads.setdefault("actual", pos)
    if "planned" in heads and "actual" in heads and heads["planned"][0] == heads["actual"][0]:
        below = heads["planned"][0] + 1
        if below >= last:
            return None, None
        return reader.value(below, heads["planned"][1]), reader.value(below, heads["actual"][1])
    if heads:  # 预期目标 | text on one row, 实际完成情况 | text on the next
        found = {key: _text_right(reader, *pos) for key, pos in heads.items()}
        return found.get("planned"), found.get("actual")
    rest = after_label(reader.text(label), label_word(reader.text(label), GOAL_WORDS) or "")
    if rest:
        return Value(rest, reader.grid.where(r, c), None), None
    right = reader.right_of(r, c)
    planned = reader.value(r, right) if right is not None else None
    after = reader.right_of(r, right) if right is not None else None
    return planned, reader.value(r, after) if after is not None else None


def _text_right(reader: Reader, r: int, c: int) -> Value | None:
    right = reader.right_of(r, c)
    return reader.value(r, right) if right is not None else None
