"""summary.csv: the summary table for spreadsheets.

UTF-8 with a byte-order mark, because Excel on Chinese Windows reads a CSV without one in the
local code page and garbles every character; RFC 4180 quoting and CRLF line ends. Numbers are
written bare (``85.12``; rates in percent without the sign) so a spreadsheet reads them as numbers.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from jxpj.numbers import fmt_num
from jxpj.office.entry.cells import csv_text
from jxpj.report.context import summary_rows
from jxpj.result import Result

HEADER = ("代码", "一级指标", "二级指标", "三级指标", "权重", "业绩值", "得分", "得分率(%)", "扣分说明")
_TEXT = frozenset({"code", "first", "second", "third", "value", "note"})


def summary_csv(result: Result) -> bytes:
    """The whole indicator tree, one row per indicator, then the total with its grade."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for row in summary_rows(result):
        # text stays text: a 业绩值 or a name starting with = + - @ is no formula when Excel opens the file
        writer.writerow([csv_text(row[k]) if k in _TEXT else row[k] for k in ("code", "first", "second", "third", "weight", "value", "score", "rate_number", "note")])
    writer.writerow(["", "合计", "", "", fmt_num(result.weight), result.grade or "", _plain(result.total), _plain(result.rate), ""])
    return out.getvalue().encode("utf-8-sig")


def _plain(value: Decimal | None) -> str:
    return fmt_num(value) if value is not None else ""
