"""The Word report (``jxpj report --format docx``): the Markdown report, set in Word.

The Word file is made from the very Markdown ``jxpj report`` renders, so the two can never carry
different words or numbers: this module only typesets. Markdown is parsed by markdown-it-py (the
parser rich already brings) and written with python-docx into a copy of a template whose styles
do the typography (see ``scripts/make_docx_template.py``):

* ``#`` is the Title, ``##``–``#####`` are Heading 1–4, so Word's navigation pane shows the
  outline; a paragraph ``表 1-1 …`` or ``图 1 …`` is a Caption;
* pipe tables become real Word tables with a repeating header row; in a per-level table (its
  first header is 二级指标) each second-level cell is merged down over its third-level rows and
  its subtotal row, as the founding report sets it;
* charts are placed after the table they illustrate, numbered 图 1, 图 2 … in reading order;
* paragraphs after the closing rule (``---``) are the signature, set flush right.

A user template (letterhead, house styles) is used as it is: its body is replaced, its styles,
page setup, headers and footers are kept. It must define the styles listed in ``STYLES``.
"""

from __future__ import annotations

import re
import tempfile
import zipfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from jxpj.errors import UsageError, display_path
from jxpj.office import archive
from jxpj.office.charts import PRINT_WIDTH_CM, Chart
from jxpj.office.docx_table import Cell, Table, add_runs, runs_of, word_table
from jxpj.office.extra import require
from jxpj.resources import data_dir
from jxpj.result import Result

TEMPLATE = "report.docx"
HEADINGS = {1: "Title", 2: "Heading 1", 3: "Heading 2", 4: "Heading 3", 5: "Heading 4", 6: "Heading 4"}
STYLES = ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "Heading 4", "Caption", "Table Grid",
          "Table Text", "Figure", "Signature", "List Bullet")  # fmt: skip
CAPTION = re.compile(r"^[表图]\s*\d+(?:-\d+)?[\s　]")
FIGURE_WIDTH_CM = PRINT_WIDTH_CM  # the width the charts are drawn at, so their text prints at size


def write_docx(result: Result, path: str | Path, *, markdown: str, template: str | Path | None = None) -> Path:
    """The Word report of ``result``: its rendered Markdown report, typeset, with the charts.

    ``markdown`` is what ``jxpj report`` rendered for ``result`` (so a user's own Markdown
    templates reach Word too). Charts are drawn into a temporary folder and embedded.
    """
    from jxpj.office.charts import write_charts

    stamp = archive.document_time(result.evidence.project.report_date)
    with tempfile.TemporaryDirectory(prefix="jxpj-charts-") as folder:
        charts = write_charts(result, folder)
        return markdown_to_docx(markdown, path, template=template, charts=charts, stamp=stamp)


def default_template() -> Path:
    return data_dir("templates") / TEMPLATE


def markdown_to_docx(
    markdown: str,
    path: str | Path,
    *,
    template: str | Path | None = None,
    charts: Sequence[Chart] = (),
    base: str | Path | None = None,
    stamp: datetime = archive.FIXED_TIME,
) -> Path:
    """Typeset ``markdown`` as a Word file at ``path``; byte-identical for equal input.

    ``charts`` are placed after the tables they name; images in the Markdown are read relative to
    ``base``; ``stamp`` is the document's created/modified time.
    """
    docx = require("docx", "the Word report")
    md = require("markdown_it", "the Word report").MarkdownIt("commonmark").enable("table")
    source = Path(template) if template is not None else default_template()
    try:
        document = docx.Document(str(source))
    except (docx.opc.exceptions.PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise UsageError(f"{display_path(source)}: not a readable Word template (.docx): {exc}") from None
    missing = [name for name in STYLES if name not in {s.name for s in document.styles}]
    if missing:
        raise UsageError(
            f"{display_path(source)}: the template lacks the styles {', '.join(missing)}; "
            f"start from jxpj's {TEMPLATE} (templates/{TEMPLATE}) and restyle it"
        )
    _clear_body(document)
    tokens = md.parse(markdown)
    linked = {Path(str(c.attrGet("src"))).name for t in tokens for c in t.children or [] if c.type == "image"}
    placed = {c.after: c for c in charts if c.path.name not in linked}  # a linked chart is embedded where linked
    writer = _Writer(document, placed, Path(base) if base else Path.cwd())
    writer.write(tokens)
    props = document.core_properties
    props.title = writer.title or props.title
    props.created = props.modified = stamp
    props.last_modified_by, props.revision = "jxpj", 1
    out = Path(path)
    document.save(str(out))
    archive.normalize(out, stamp)
    return out


def _clear_body(document: Any) -> None:
    """Drop the template's body text; its last section properties (page setup, footers) stay."""
    from docx.oxml.ns import qn

    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


class _Writer:
    """Walks markdown-it's token stream and writes Word paragraphs and tables."""

    def __init__(self, document: Any, charts: dict[str, Chart], base: Path) -> None:
        self.doc, self.charts, self.base = document, charts, base
        self.title: str | None = None
        self.figures = 0
        self.lists: list[list[int | None]] = []  # per open list: [next number] or [None] for bullets
        self.signature = False
        self.style: str | None = None  # style for the next paragraph (heading, list)
        self.table: Table | None = None
        self.row: list[Cell] | None = None
        self.last_caption = ""
        self.level = 0  # of the heading being written
        self.chapter = ""  # the last ## heading: 摘要, 正文, 一、…, 附件…

    def write(self, tokens: list[Any]) -> None:
        for token in tokens:
            handler = getattr(self, f"_{token.type}", None)
            if handler is not None:
                handler(token)

    # -- blocks --------------------------------------------------------------------------------

    def _heading_open(self, token: Any) -> None:
        self.style = HEADINGS[int(token.tag[1])]
        self.level = int(token.tag[1])

    def _heading_close(self, token: Any) -> None:
        self.style = None

    def _bullet_list_open(self, token: Any) -> None:
        self.lists.append([None])

    def _ordered_list_open(self, token: Any) -> None:
        self.lists.append([int(token.attrGet("start") or 1)])

    def _bullet_list_close(self, token: Any) -> None:
        self.lists.pop()

    _ordered_list_close = _bullet_list_close

    def _hr(self, token: Any) -> None:
        self.signature = True  # the report closes with a rule, then the evaluator's name and date

    def _inline(self, token: Any) -> None:
        runs = runs_of(token.children or [])
        if self.row is not None:
            self.row.append(Cell(tuple(runs)))
            return
        text = "".join(r[0] for r in runs).strip()
        if self.style == "Title" and self.title is None:
            self.title = text
        images = [c for c in token.children or [] if c.type == "image"]
        if images and not text:
            for image in images:  # the Markdown gives its own caption paragraph (图 1　…) below
                self._figure(self.base / str(image.attrGet("src")), None)
            return
        style, prefix = self.style, ""
        if self.style is None and self.lists:
            number = self.lists[-1][0]
            if number is None:
                style = "List Bullet"
            else:
                prefix = f"{number}. "
                self.lists[-1][0] = number + 1
        elif self.style is None and CAPTION.match(text):
            style, self.last_caption = "Caption", text
        elif self.style is None and self.signature:
            style = "Signature"
        if self.style == "Heading 1":
            self._chapter(text)
        paragraph = self.doc.add_paragraph(style=style or "Normal")
        if self.style == "Heading 1" and text.startswith("附件"):
            paragraph.paragraph_format.page_break_before = True  # an annex starts its own page
        if prefix:
            add_runs(paragraph, [(prefix, False, False)])
        add_runs(paragraph, runs)

    def _chapter(self, text: str) -> None:
        """After the 摘要 the report proper starts on a new page under its title again, as printed
        reports do (the 摘要 is often bound and read on its own)."""
        if self.chapter == "摘要" and self.title:
            title = self.doc.add_paragraph(style="Title")
            title.paragraph_format.page_break_before = True
            add_runs(title, [(self.title, False, False)])
        self.chapter = text

    # -- tables --------------------------------------------------------------------------------

    def _table_open(self, token: Any) -> None:
        self.table = Table()

    def _tr_open(self, token: Any) -> None:
        self.row = []

    def _th_open(self, token: Any) -> None:
        assert self.table is not None
        style = token.attrGet("style") or ""
        self.table.aligns.append(style.removeprefix("text-align:") or None)

    def _tr_close(self, token: Any) -> None:
        assert self.table is not None and self.row is not None
        self.table.rows.append(self.row)
        self.row = None

    def _table_close(self, token: Any) -> None:
        assert self.table is not None
        word_table(self.doc, self.table)
        self.table = None
        for prefix, chart in self.charts.items():
            if self.last_caption.startswith(prefix):
                self._figure(chart.path, chart.title)
        self.last_caption = ""

    def _figure(self, path: Path, title: str | None) -> None:
        """A picture, and for a chart placed here (not linked in the Markdown) its numbered caption."""
        if not path.is_file():
            raise UsageError(f"{display_path(path)}: image not found for the Word report")
        from docx.shared import Cm

        self.figures += 1
        self.doc.add_paragraph(style="Figure").add_run().add_picture(str(path), width=Cm(FIGURE_WIDTH_CM))
        if title is not None:
            self.doc.add_paragraph(f"图 {self.figures}　{title}", style="Caption")
