"""What keeps the score sheet live and readable everywhere: rule scores that depend on the budget
lines written as formulas on the budget sheet, and every formula cell's computed value stored with it.

* A score the engine computes from the budget (``threshold_deduction``, ``ratio`` or ``target`` on
  ``budget_execution_rate``: B11 预算执行率, the 自评表's 预算执行率 row) is, for B11, ``=IF(R>=95,4,MAX(0,4-ROUND((95-R)*0.02*4,2)))`` with R the rate of
  the budget sheet's 合计 (actual ÷ budget × 100, rounded only where the rule says), so changing
  a budget line moves B11, its subtotals and the total.
* openpyxl writes formulas without values, and a viewer that does not recalculate (many previewers,
  openpyxl's ``data_only``) showed blanks. Each formula's value, as the engine computed it, is written
  into the file's ``<v>`` beside it; a spreadsheet that recalculates gets the same numbers.
"""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from jxpj.numbers import fmt_num, parse_decimal, quantize
from jxpj.result import NodeResult, Result

Cached = dict[str, Decimal | str]  # cell → its formula's value ("" for a blank text result)

_EXCEL_ROUND = {"half_up": "ROUND", "down": "ROUNDDOWN", "up": "ROUNDUP"}  # no half-even in Excel


def budget_formula(result: Result, node: NodeResult, budget: str, total_row: int) -> str | None:
    """The formula of a leaf scored on the execution rate of the budget lines (the ``budget``
    sheet's 合计 in ``total_row``), or None when its rule cannot be written as one (then the
    engine's number is written, as for every other leaf)."""
    indicator = result.spec.find(node.code)
    if indicator is None or node.score is None:
        return None
    params = result.spec.rule_of(indicator)
    if getattr(params, "source", None) != "budget_execution_rate" or params.kind not in _FORMULAS:
        return None
    places, mode = result.spec.rounding_of(params)
    function = _EXCEL_ROUND.get(mode)
    if function is None:
        return None
    spent, planned = f"'{budget}'!D{total_row}", f"'{budget}'!C{total_row}"
    rate = f"{spent}/{planned}*100"  # the rate the rule scores: unrounded, unless the rule rounds it
    own = getattr(params, "rounding", None)
    if own is not None and own.rate_places is not None:
        rate = f"ROUND({rate},{own.rate_places})"  # the engine's quantize is half-up, as ROUND is
    entry = result.evidence.indicators.get(node.code)
    facts = (entry.facts if entry is not None else None) or {}
    body = _FORMULAS[params.kind](params, facts, rate, fmt_num(node.weight), lambda x: f"{function}({x},{places})")
    return None if body is None else f'=IF({planned}=0,"",{body})'


def _threshold(params: Any, facts: dict[str, Any], rate: str, weight: str, rounded: Any) -> str | None:
    threshold, per = fmt_num(params.threshold), params.per_point
    factor = f"{fmt_num(per.share)}*{weight}" if per.share is not None else fmt_num(per.points)
    if params.direction == "at_least":
        met, gap = f"{rate}>={threshold}", f"({threshold}-{rate})"
    else:
        met, gap = f"{rate}<={threshold}", f"({rate}-{threshold})"
    return f"IF({met},{weight},MAX(0,{weight}-{rounded(f'{gap}*{factor}')}))"


def _target_of(params: Any, facts: dict[str, Any]) -> str | None:
    target = params.target if params.target is not None else facts.get("target")
    try:
        return None if target is None else fmt_num(parse_decimal(target))
    except ValueError:
        return None


def _ratio(params: Any, facts: dict[str, Any], rate: str, weight: str, rounded: Any) -> str | None:
    """actual ÷ target × weight, full marks at or past the target (target ÷ actual when lower is better)."""
    target = _target_of(params, facts)
    if target is None:
        return None
    if params.direction == "at_least":
        return f"IF({rate}>={target},{weight},{rounded(f'{rate}/{target}*{weight}')})"
    return f"IF({rate}<={target},{weight},{rounded(f'{target}/{rate}*{weight}')})"


_COMPARE = {">=": ">=", "<=": "<=", "==": "=", ">": ">", "<": "<"}


def _target(params: Any, facts: dict[str, Any], rate: str, weight: str, rounded: Any) -> str | None:
    """Full marks when the rate meets the target; else 0, or the ratio where the spec says so."""
    target = _target_of(params, facts)
    if target is None or params.op not in _COMPARE:
        return None
    otherwise = "0"
    if params.otherwise == "ratio" and params.op in (">=", ">"):
        otherwise = f"IF({rate}<0,0,{rounded(f'{rate}/{target}*{weight}')})"
    elif params.otherwise == "ratio" and params.op in ("<=", "<"):
        otherwise = f"IF({rate}<=0,0,{rounded(f'{target}/{rate}*{weight}')})"
    return f"IF({rate}{_COMPARE[params.op]}{target},{weight},{otherwise})"


_FORMULAS = {"threshold_deduction": _threshold, "ratio": _ratio, "target": _target}


def cached_round(value: Decimal | str | None, divisor: Decimal | str | None, places: int) -> Decimal | str:
    """``ROUND(value/divisor, places)`` as the sheet computes it, blank where the sheet shows blank."""
    if not isinstance(value, Decimal) or not isinstance(divisor, Decimal) or divisor == 0:
        return ""
    return quantize(value / divisor, places)


def cached_sum(cache: Cached, cells: list[str]) -> Decimal:
    """``SUM(...)``: blanks and text count as nothing, as in Excel."""
    return sum((v for c in cells if isinstance(v := cache.get(c, ""), Decimal)), Decimal(0))


def store_values(path: str | Path, sheets: dict[str, Cached]) -> None:
    """Write each formula cell's value into the saved workbook at ``path``; ``sheets`` maps a
    worksheet part (``xl/worksheets/sheet1.xml``) to its cells' values."""
    p = Path(path)
    with zipfile.ZipFile(p) as source:
        entries = [(info, source.read(info)) for info in source.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in entries:
            values = sheets.get(info.filename)
            target.writestr(info, _with_values(data.decode("utf-8"), values).encode("utf-8") if values else data)
    p.write_bytes(buffer.getvalue())


# openpyxl writes a formula cell as <c r="G3" s="3"><f>SUM(G4,G8)</f><v></v></c> (or <v/>).
_FORMULA_CELL = re.compile(r'<c r="([A-Z]+\d+)"((?: [a-z]+="[^"]*")*)><f>(.*?)</f><v\s*(?:/>|></v>)</c>', re.DOTALL)


def _with_values(xml: str, values: Cached) -> str:
    def fill(match: re.Match[str]) -> str:
        ref, attrs, formula = match.groups()
        if ref not in values:
            return match.group(0)
        value = values[ref]
        if isinstance(value, Decimal):
            return f'<c r="{ref}"{attrs}><f>{formula}</f><v>{_number(value)}</v></c>'
        attrs = re.sub(r' t="[^"]*"', "", attrs)
        return f'<c r="{ref}"{attrs} t="str"><f>{formula}</f><v>{escape(value)}</v></c>'

    return _FORMULA_CELL.sub(fill, xml)


def _number(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text if text not in ("-0", "") else "0"


def sheet_part(index: int) -> str:
    """The zip part of the ``index``-th worksheet (1-based), as openpyxl names them."""
    return f"xl/worksheets/sheet{index}.xml"


