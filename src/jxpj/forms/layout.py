"""A :class:`Grid` read as a 自评表: the blocks found by their header words, put together as a Form."""

from __future__ import annotations

from jxpj.errors import Severity
from jxpj.forms.blocks import find_funds, goals, header_fields, money_unit, title_and_year
from jxpj.forms.grid import Grid
from jxpj.forms.indicators import find_header, read_block, read_footer
from jxpj.forms.model import Form, FundsRow
from jxpj.forms.reading import Reader
from jxpj.forms.values import nfkc


def build_form(grid: Grid) -> Form:
    reader = Reader(grid)
    for problem in grid.warnings:
        reader.warn(problem)
    header = find_header(reader)  # the one block a form cannot do without: look for it first
    top = header.at[0]
    block = read_block(reader, header)
    title, year = title_and_year(reader, top)
    fields = header_fields(reader, top)
    funds = find_funds(reader, top)
    unit, unit_where = money_unit(reader, funds)
    _check_amount_units(reader, funds.rows, unit)
    planned, actual = goals(reader, funds.end, top)
    total, grade = read_footer(reader, block)
    return Form(
        path=grid.path,
        format=grid.format,
        title=title,
        year=year,
        project=fields["project"],
        department=fields["department"],
        unit=fields["unit"],
        money_unit=unit,
        money_unit_where=unit_where,
        funds=funds.rows,
        goal_planned=planned,
        goal_actual=actual,
        indicators=block.indicators,
        total=total,
        grade=grade,
        warnings=reader.warnings(),
    )


def _check_amount_units(reader: Reader, rows: tuple[FundsRow, ...], unit: str) -> None:
    """An amount written ``120万元`` on a form in 元 (or ``1200元`` in 万元) is read as the number it
    shows, which is 10,000 times off from its neighbours: say so where it is."""
    for row in rows:
        for value in (row.initial, row.budget, row.actual):
            if value is None or value.number is None:
                continue
            written = nfkc(value.text).rstrip()
            stated = "万元" if written.endswith(("万元", "万")) else "元" if written.endswith("元") else unit
            if stated != unit:
                message = f"{value.text!r} is in {stated} while the form's amounts are in {unit}; the number is read as written"
                reader.warn(value.where.problem(message, "form-value", Severity.WARNING))
