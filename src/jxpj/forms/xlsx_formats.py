"""What a workbook's shared parts tell a form reader: its shared strings, which number formats
show a cell's number as a percent, a date or a duration, and the dates behind Excel's serials.

Number formats are classified as openpyxl classifies them (``openpyxl.styles.numbers``), so a
cell reads as it did when openpyxl read the workbook.
"""

from __future__ import annotations

import importlib
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from datetime import datetime, time, timedelta

PLAIN, PERCENT, DATE, DURATION = 0, 1, 2, 3
WINDOWS_EPOCH = datetime(1899, 12, 30)
MAC_EPOCH = datetime(1904, 1, 1)
# Excel's built-in formats that are not plain numbers (the rest are General, 0.00, #,##0, …)
_BUILTIN = {9: "0%", 10: "0.00%", 14: "mm-dd-yy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM", 19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss", 22: "m/d/yy h:mm", 45: "mm:ss", 46: "[h]:mm:ss", 47: "mmss.0"}
# openpyxl's is_date_format and is_timedelta_format: quoted text and [locale] codes are no date letters
_STRIP = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATE_LETTER = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_DURATION = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.IGNORECASE)
_LITERAL = re.compile(r'"[^"]*"|\\.')  # a quoted "%" or \% is literal text, not a percent


def kind_of(code: str | None) -> int:
    """PLAIN, PERCENT, DATE or DURATION: how a number under this format code is shown."""
    if code is None:
        return PLAIN
    first = code.split(";")[0]  # as openpyxl: the positive section decides date or not
    if _DATE_LETTER.search(_STRIP.sub("", first)):
        return DURATION if _DURATION.search(first) else DATE
    return PERCENT if "%" in code and "%" in _LITERAL.sub("", code) else PLAIN


@dataclass(frozen=True, slots=True)
class Book:
    """A workbook's shared strings, how each cell style (``s=``) shows a number, and its epoch."""

    strings: list[str]
    formats: list[int]  # by index of cellXfs
    epoch: datetime

    def format_of(self, style: int) -> int:
        formats = self.formats
        return formats[style] if -len(formats) <= style < len(formats) else PLAIN  # out of range: General


def read_book(archive: zipfile.ZipFile, strings: str | None, styles: str | None, date1904: bool) -> Book:
    """The shared parts at these members (None: the workbook has none)."""
    return Book(_strings(archive, strings) if strings else [], _formats(archive, styles) if styles else [], MAC_EPOCH if date1904 else WINDOWS_EPOCH)


def text_of(node: ET.Element) -> str:
    """A string item's text as openpyxl reads it: its plain text, then each rich-text run's;
    phonetic guides (rPh, the furigana of Japanese workbooks) are not part of it."""
    tag = node.tag
    ns = tag[: tag.index("}") + 1] if tag.startswith("{") else ""
    t_tag, r_tag = ns + "t", ns + "r"
    plain: str | None = None
    runs: list[str] = []
    for child in node:
        if child.tag == t_tag:
            plain = child.text
        elif child.tag == r_tag:
            run: str | None = None
            for part in child:
                if part.tag == t_tag:
                    run = part.text
            if run is not None:
                runs.append(run)
    return (plain or "") + "".join(runs)


def _strings(archive: zipfile.ZipFile, member: str) -> list[str]:
    out: list[str] = []
    with archive.open(member) as stream:
        for _event, node in ET.iterparse(stream):
            if node.tag.endswith("}si") or node.tag == "si":
                out.append(text_of(node).replace("x005F_", ""))  # as openpyxl: the escape of a literal _x…_
                node.clear()
    return out


def _formats(archive: zipfile.ZipFile, member: str) -> list[int]:
    root = ET.fromstring(archive.read(member))
    tag = root.tag
    ns = tag[: tag.index("}") + 1] if tag.startswith("{") else ""
    custom: dict[int, str] = {}
    for number_format in root.iterfind(f"{ns}numFmts/{ns}numFmt"):
        if number_format.get("numFmtId") is not None:
            custom[int(number_format.get("numFmtId", ""))] = number_format.get("formatCode", "")
    kinds: dict[int, int] = {}
    out: list[int] = []
    for xf in root.iterfind(f"{ns}cellXfs/{ns}xf"):
        number = int(xf.get("numFmtId") or 0)
        if number not in kinds:  # a workbook's own format replaces a built-in one of its id
            kinds[number] = kind_of(custom[number] if number in custom else _BUILTIN.get(number))
        out.append(kinds[number])
    return out


def from_excel(value: float, epoch: datetime, *, duration: bool = False) -> datetime | time | timedelta:
    """A serial under a date format as openpyxl's ``from_excel`` reads it: a time below 1, Excel's
    phantom 29 February 1900 below 60, to the millisecond."""
    if duration:
        span = timedelta(days=value)
        if span.microseconds:
            span = timedelta(seconds=span.total_seconds() // 1, microseconds=round(span.microseconds, -3))
        return span
    day, fraction = divmod(value, 1)
    diff = timedelta(milliseconds=round(fraction * 86_400_000))
    if 0 <= value < 1 and diff.days == 0:
        minutes, seconds = divmod(diff.seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return time(hours, minutes, seconds, diff.microseconds)
    if 0 < value < 60 and epoch == WINDOWS_EPOCH:
        day += 1
    return epoch + timedelta(days=day) + diff


def from_iso(text: str) -> object:
    """A ``t="d"`` cell (ISO 8601, written by Excel only in strict mode): read by openpyxl's own
    function, imported for such a cell only."""
    return importlib.import_module("openpyxl.utils.datetime").from_ISO8601(text)
