"""Spreadsheet cells both ways: a workbook cell's value as YAML would give it (exact numbers,
dates, yes/no, text), and evidence text written so that it stays text in Excel (never a formula).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from jxpj.numbers import fmt_num
from jxpj.office.entry.layout import (
    FACT_LABELS,
    MET_SEPARATORS,
    NONE_MET,
)

TEXT_FACTS = {"level", "justification"}
YES = {"是", "yes", "true", True}


def fact_key(header: str) -> str | None:
    """``等级 level`` → ``level``; a formula fact ``事实 planned`` → ``planned``."""
    parts = header.split()
    if len(parts) == 2 and (FACT_LABELS.get(parts[1]) == parts[0] or parts[0] == "事实"):
        return parts[1]
    return None


def fact_value(key: str, raw: Any) -> Any:
    if key == "met":
        text = cell_text(raw)
        if text is None:
            return None
        if text == NONE_MET:
            return []
        for sep in MET_SEPARATORS:
            text = text.replace(sep, "\n")
        return [part.strip() for part in text.split("\n") if part.strip()]
    if key in ("passed", "checked"):  # 是/否 from the drop-down, or an Excel TRUE/FALSE
        if isinstance(raw, bool):
            return raw
        text = cell_text(raw)
        return text.lower() if text is not None else None
    return cell_value(raw, text=key in TEXT_FACTS)


def project_value(key: str, raw: Any) -> Any:
    if key == "year":
        return cell_value(raw, integer=True)
    if key == "report_date" and isinstance(raw, datetime | date):
        return (raw.date() if isinstance(raw, datetime) else raw).isoformat()
    return cell_text(raw)


def cell_value(raw: Any, *, text: bool = False, integer: bool = False) -> Any:
    """A cell as YAML would give it: None when empty, text as text, numbers exact."""
    if text:
        return cell_text(raw)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, str):
        return raw.strip()
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, float):
        raw = Decimal(format(raw, ".15g"))  # the digits Excel shows; never the binary double
    if isinstance(raw, Decimal) and integer and raw == raw.to_integral_value():
        return int(raw)
    if isinstance(raw, datetime | date):
        return (raw.date() if isinstance(raw, datetime) else raw).isoformat()
    return raw


def cell_text(raw: Any) -> str | None:
    if raw is None:
        return None
    if isinstance(raw, bool):
        return "是" if raw else "否"
    if isinstance(raw, float):
        return fmt_num(Decimal(format(raw, ".15g")))
    if isinstance(raw, int | Decimal):
        return fmt_num(Decimal(raw))
    if isinstance(raw, datetime | date):
        return (raw.date() if isinstance(raw, datetime) else raw).isoformat()
    text = str(raw).strip()
    return text or None


# What a spreadsheet reads as the start of a formula when it opens a CSV (OWASP's list): evidence
# text such as "=HYPERLINK(…)" or "@SUM(…)" must reach the client as the text it is.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_SIGNED_NUMBER = re.compile(r"[+-][0-9][0-9,]*(?:\.[0-9]+)?%?")  # "-5", "+84.05%": a number, not a formula


def csv_text(text: str | None) -> str:
    """A text field for CSV: prefixed with ``'`` (the usual mark for "this is text") when a
    spreadsheet would read it as a formula; plain signed numbers are left as they are."""
    value = text or ""
    if value.startswith(_FORMULA_START) and not _SIGNED_NUMBER.fullmatch(value):
        return f"'{value}"
    return value


def keep_text(cells: Iterable[Any]) -> None:
    """openpyxl stores any string starting with ``=`` as a formula; for cells of evidence text,
    store it as the string it is (a project named ``=cmd|…`` was a live formula in score.xlsx)."""
    for cell in cells:
        if cell.data_type == "f" and isinstance(cell.value, str):
            cell.data_type = "s"
