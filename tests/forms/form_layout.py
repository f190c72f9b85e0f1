"""A description laid out as a grid of cells: rows, merges, and where each claimed value sits.

The grid is the same for Excel and Word; only addresses differ: ``Sheet1!H14`` (with the layout's
origin offset) or ``表1 第14行第8列`` (1-based table, row and grid column, a merged cell occupying
every grid position it covers; title lines written as paragraphs are not table rows).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from form_model import Cell, Form, Ind, shown
from openpyxl.utils import get_column_letter

FUNDS_HEADER = ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")


@dataclass
class Grid:
    width: int
    rows: list[list[Cell]] = field(default_factory=list)
    titles: int = 0  # the first rows are title lines (paragraphs in Word unless docx_title == "row")
    breaks: set[int] = field(default_factory=set)  # rows that start a new Word table
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # 0-based, inclusive
    places: dict[str, tuple[int, int]] = field(default_factory=dict)  # where -> (row, column)

    def add(self, *cells: Cell) -> int:
        row = list(cells) + [None] * (self.width - len(cells))
        if len(row) != self.width:
            raise ValueError(f"row wider than the grid: {cells}")
        self.rows.append(row)
        return len(self.rows) - 1

    def put(self, r: int, c: int, value: Cell) -> None:
        self.rows[r][c] = value

    def merge(self, r1: int, c1: int, r2: int, c2: int) -> None:
        if (r1, c1) != (r2, c2):
            self.merges.append((r1, c1, r2, c2))


def _label(form: Form, key: str) -> str:
    return form.labels.get(key, key)


def _header(form: Form, g: Grid) -> None:
    r = g.add(_label(form, "项目名称"), form.project)
    g.merge(r, 1, r, g.width - 1)
    r = g.add(_label(form, "主管部门"), form.dept)
    g.put(r, 4, _label(form, "实施单位"))
    g.put(r, 5, form.unit)
    g.merge(r, 1, r, 3)
    g.merge(r, 5, r, g.width - 1)


def _funds(form: Form, g: Grid) -> None:
    f = form.funds
    top = g.add(f.label, f.corner, *(_label(form, h) for h in FUNDS_HEADER))
    t = f.total
    r = g.add(None, t.name, t.initial, t.budget, t.actual, t.weight, t.rate, t.score)
    g.places |= {"资金总额": (r, 3), "执行率": (r, 6), "资金得分": (r, 7)}
    for p in f.parts:
        values = (None, None, None) if f.merge_down else (p.weight, p.rate, p.score)
        g.add(None, p.name, p.initial, p.budget, p.actual, *values)
    last = len(g.rows) - 1
    g.merge(top, 0, last, 0)
    if f.merge_down:
        for c in (5, 6, 7):
            g.merge(r, c, last, c)
    for row in range(top, last + 1):
        g.merge(row, 8, row, g.width - 1)


def _goal(form: Form, g: Grid) -> None:
    split = 1 + (g.width - 1) // 2
    r = g.add(_label(form, "年度总体目标"), _label(form, "预期目标"))
    g.put(r, split, _label(form, "实际完成情况"))
    g.add(None, form.goal[0])
    g.put(r + 1, split, form.goal[1])
    g.merge(r, 0, r + 1, 0)
    for row in (r, r + 1):
        g.merge(row, 1, row, split - 1)
        g.merge(row, split, row, g.width - 1)


def _runs(values: list[tuple[str | None, ...] | None]) -> list[tuple[int, int]]:
    """(start, end) of each run of equal non-empty labels."""
    runs, start = [], 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i] != values[start] or values[start] is None:
            if values[start] is not None:
                runs.append((start, i - 1))
            start = i
    return runs


def _indicators(form: Form, g: Grid) -> tuple[int, int]:
    """Lay out the indicator block; returns the grid columns of 分值 and 得分."""
    lay = form.layout
    off = 1 if lay.block_label else 0
    col = {cid: off + i for i, (cid, _) in enumerate(lay.columns)}
    head = g.add()
    if lay.docx_split:
        g.breaks.add(head)
    if lay.block_label:
        g.put(head, 0, _label(form, "绩效指标"))
    for cid, text in lay.columns:
        g.put(head, col[cid], text)
    if lay.two_row_header:
        # 年度指标值 spans 指标性质 / 指标值 / 度量单位, and without the left block column 绩效指标
        # spans the three levels; every other label is merged down over both header rows.
        sub = g.add()
        groups = ((("nature", "target", "unit"), _label(form, "年度指标值")),)
        if not lay.block_label:
            groups += ((("first", "second", "third"), _label(form, "绩效指标")),)
        grouped = {cid for members, _ in groups for cid in members}
        for cid, text in lay.columns:
            if cid in grouped:
                g.put(head, col[cid], None)
                g.put(sub, col[cid], text)
            else:
                g.merge(head, col[cid], sub, col[cid])
        for members, text in groups:
            cols = sorted(col[m] for m in members if m in col)
            if cols != list(range(cols[0], cols[-1] + 1)):
                raise ValueError(f"{form.name}: {members} must be side by side")
            g.put(head, cols[0], text)
            g.merge(head, cols[0], head, cols[-1])
    first_row = len(g.rows)
    for row in form.rows:
        r = g.add()
        for cid in col:
            g.put(r, col[cid], getattr(row, cid) or None)
        if row.third:
            if row.third in g.places:
                raise ValueError(f"{form.name}: two rows named {row.third}")
            g.places[row.third] = (r, col["score"])
    _merge_levels(form, g, first_row, col)
    if lay.block_label:
        g.merge(head, 0, len(g.rows) - 1, 0)
    return col["weight"], col["score"]


def _merge_levels(form: Form, g: Grid, first_row: int, col: dict[str, int]) -> None:
    rows: tuple[Ind, ...] = form.rows
    keys = [(r.first,) if r.first else None for r in rows]
    pairs = [(r.first, r.second) if r.second else None for r in rows]
    for cid, labels, merged in (("first", keys, form.layout.merge_first), ("second", pairs, form.layout.merge_second)):
        if not merged:
            continue
        for start, end in _runs(labels):
            for r in range(start + 1, end + 1):
                g.put(first_row + r, col[cid], None)
            g.merge(first_row + start, col[cid], first_row + end, col[cid])


def _footer(form: Form, g: Grid, weight_col: int, score_col: int) -> None:
    if form.total is None:
        return
    left = min(weight_col, score_col)
    stated = shown(form.total)
    if form.layout.grade_in == "after" and form.grade:
        stated = f"{stated}（{form.grade}）"
    r = g.add(_label(form, "总分"))
    g.put(r, weight_col, form.total_weight)
    g.put(r, score_col, stated)
    g.merge(r, 0, r, left - 1)
    g.places["总分"] = (r, score_col)
    if form.layout.grade_in == "after":
        g.places["自评等级"] = (r, score_col)
    elif form.grade is not None:
        r = g.add(_label(form, "自评等级"))
        g.put(r, left, form.grade)
        g.merge(r, 0, r, left - 1)
        g.merge(r, left, r, g.width - 1)
        g.places["自评等级"] = (r, left)


def layout(form: Form) -> Grid:
    lay = form.layout
    g = Grid(width=len(lay.columns) + (1 if lay.block_label else 0))
    if g.width < 9:
        raise ValueError(f"{form.name}: the funds block needs 9 columns")
    for line in form.title:
        r = g.add(line)
        g.merge(r, 0, r, g.width - 1)
    g.titles = len(form.title)
    _header(form, g)
    _funds(form, g)
    _goal(form, g)
    weight_col, score_col = _indicators(form, g)
    _footer(form, g, weight_col, score_col)
    for line in form.trailing:
        r = g.add()
        for i, text in enumerate(line):
            g.put(r, 2 * i, text)
    return g


def address(form: Form, g: Grid, where: str) -> str:
    r, c = g.places[where]
    if form.fmt == "xlsx":
        row0, col0 = form.layout.origin
        return f"{form.layout.sheet}!{get_column_letter(c + col0)}{r + row0}"
    first = g.titles if form.layout.docx_title == "paragraph" else 0
    starts = [first, *sorted(b for b in g.breaks if b > first)]
    table = max(i for i, s in enumerate(starts) if s <= r)
    return f"表{table + 1} 第{r - starts[table] + 1}行第{c + 1}列"

