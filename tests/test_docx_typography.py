"""The Word report set as a firm hands it over: the report proper on a new page under its title,
bold headings that name their East Asian fonts, 小计 rows, padded cells, rows that keep together,
a dated signature, charts whose labels print at 9 pt. Structure is asserted everywhere; where
LibreOffice is installed the document is also rendered to PDF and read page by page."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import EXAMPLE

docx = pytest.importorskip("docx")
from docx.oxml.ns import qn  # noqa: E402

from jxpj.office import charts  # noqa: E402


@pytest.fixture(scope="module")
def report_docx(tmp_path_factory) -> Path:
    from jxpj.office.docx import write_docx
    from jxpj.report import build_report

    built = build_report(EXAMPLE / "evidence.yaml")
    path = tmp_path_factory.mktemp("docx") / "report.docx"
    write_docx(built.result, path, markdown=built.report)
    return path


@pytest.fixture(scope="module")
def document(report_docx):
    return docx.Document(str(report_docx))


def test_the_report_proper_starts_a_new_page_under_its_title(document) -> None:
    paragraphs = document.paragraphs
    titles = [i for i, p in enumerate(paragraphs) if p.style.name == "Title"]
    assert len(titles) == 2
    repeat = paragraphs[titles[1]]
    assert repeat.text == paragraphs[titles[0]].text == "2018年党建服务工作经费项目绩效评价报告"
    assert repeat.paragraph_format.page_break_before is True
    assert paragraphs[titles[1] + 1].text == "正文"
    assert all(p.text != "正文" for p in paragraphs[: titles[1]])
    annex = next(p for p in paragraphs if p.text.startswith("附件"))
    assert annex.paragraph_format.page_break_before is True


def test_headings_are_bold_and_name_their_east_asian_font_on_every_run(document) -> None:
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3", "Heading 4"):
        assert document.styles[name].font.bold is True, name
    expected = {"Title": "黑体", "Heading 1": "黑体", "Heading 2": "黑体", "Heading 3": "仿宋_GB2312", "Normal": "仿宋_GB2312"}
    seen = set()
    for paragraph in document.paragraphs:
        if paragraph.style.name in expected and paragraph.runs:
            seen.add(paragraph.style.name)
            for run in paragraph.runs:
                assert run._r.rPr.rFonts.get(qn("w:eastAsia")) == expected[paragraph.style.name], paragraph.text
    assert seen == set(expected)
    cell_run = document.tables[0].rows[1].cells[1].paragraphs[0].runs[0]
    assert cell_run._r.rPr.rFonts.get(qn("w:eastAsia")) == "宋体"


def test_per_level_tables_label_their_subtotals_and_keep_groups_together(document) -> None:
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "二级指标" and "A11" in t.rows[1].cells[1].text)
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[4] == ["A1 项目立项", "小计", "6", "", "6"]  # the merged 二级 cell, and its subtotal
    assert rows[1][0] == "A1 项目立项"  # merged down over its rows
    keep = [all(p.paragraph_format.keep_with_next for c in row.cells for p in c.paragraphs) for row in table.rows[1:]]
    assert keep == [True, True, True, False, True, True, False]  # each group's last row ends the chain


def test_every_table_pads_its_cells_and_no_row_splits_across_pages(document) -> None:
    for table in document.tables:
        margins = table._tbl.tblPr.find(qn("w:tblCellMar"))
        assert {m.tag.split("}")[1]: m.get(qn("w:w")) for m in margins} == {"top": "28", "bottom": "28", "left": "85", "right": "85"}
        for row in table.rows:
            assert row._tr.trPr.find(qn("w:cantSplit")) is not None
        header = table.rows[0]._tr.trPr
        assert [c.tag.split("}")[1] for c in header] == ["cantSplit", "tblHeader"]  # the order OOXML requires


def test_the_signature_is_dated(document, tmp_path: Path) -> None:
    signature = [p.text for p in document.paragraphs if p.style.name == "Signature"]
    assert signature[:2] == ["上海中佳永信会计师事务所有限公司", "＿＿＿＿年＿＿月＿＿日"]  # to fill in by hand
    from jxpj.office.docx import markdown_to_docx
    from jxpj.report import build_report

    folder = tmp_path / "dated"
    shutil.copytree(EXAMPLE, folder)
    evidence = folder / "evidence.yaml"
    evidence.write_text(evidence.read_text(encoding="utf-8").replace("  year: 2018\n", "  year: 2018\n  report_date: 2019-06-30\n", 1), encoding="utf-8")
    dated = docx.Document(str(markdown_to_docx(build_report(evidence).report, tmp_path / "d.docx")))
    assert [p.text for p in dated.paragraphs if p.style.name == "Signature"][:2] == ["上海中佳永信会计师事务所有限公司", "2019年6月30日"]


def test_charts_print_their_labels_at_9_pt_or_more(document, report_docx) -> None:
    from PIL import Image

    assert charts.FONT_PT >= 9
    pictures = document.inline_shapes
    assert len(pictures) == 2
    for shape in pictures:
        assert round(shape.width.cm, 2) == charts.PRINT_WIDTH_CM  # placed at the width drawn at: scale 1
    import zipfile

    with zipfile.ZipFile(report_docx) as archive:
        images = [n for n in archive.namelist() if n.startswith("word/media/")]
        for name in images:
            with archive.open(name) as data, Image.open(data) as image:
                assert round(image.size[0] / charts.DPI * 2.54, 1) == charts.PRINT_WIDTH_CM


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None or shutil.which("pdftohtml") is None, reason="needs LibreOffice and poppler-utils")
def test_rendered_to_pdf_the_report_reads_as_printed(report_docx, document, tmp_path: Path) -> None:
    """LibreOffice renders the report; each page is read back: 正文 opens a page under the title,
    every heading is set bold (whatever fonts the machine has), no table row is split."""
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf", "--outdir", str(tmp_path), str(report_docx)],
                   check=True, capture_output=True, timeout=300)  # fmt: skip
    pdf = tmp_path / "report.pdf"
    xml = subprocess.run(["pdftohtml", "-xml", "-i", "-q", "-stdout", str(pdf)], check=True, capture_output=True, text=True, timeout=120).stdout
    pages = re.split(r"<page number=", xml)[1:]
    texts = [re.findall(r"<text [^>]*>(.*?)</text>", page) for page in pages]

    def plain(items: list[str]) -> str:
        return "".join(re.sub(r"<[^>]+>", "", t) for t in items)

    opening = next(i for i, page in enumerate(texts) if "正文" in [re.sub(r"<[^>]+>", "", t) for t in page])
    assert opening > 0
    assert plain(texts[opening][:2]) == "2018年党建服务工作经费项目绩效评价报告"  # the title heads the page
    bold = "".join(re.sub(r"</?b>", "", t) for page in texts for t in page if t.startswith("<b>"))
    headings = [p.text for p in document.paragraphs if p.style.name == "Title" or p.style.name.startswith("Heading")]
    for heading in headings:
        assert heading.replace(" ", "").replace("　", "") in bold.replace(" ", "").replace("　", ""), heading
