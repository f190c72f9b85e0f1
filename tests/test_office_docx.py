"""The Word report: real headings, real tables with merged cells, Chinese fonts, page numbers, charts."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

docx = pytest.importorskip("docx")
pytest.importorskip("matplotlib")

from conftest import EXAMPLE  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402

from jxpj import score_file  # noqa: E402
from jxpj.errors import UsageError  # noqa: E402
from jxpj.office.charts import write_charts  # noqa: E402
from jxpj.office.docx import default_template, markdown_to_docx  # noqa: E402

SAMPLE = (Path(__file__).parent / "data" / "report_sample.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def charts(tmp_path_factory):
    return write_charts(score_file(EXAMPLE / "evidence.yaml"), tmp_path_factory.mktemp("charts"))


@pytest.fixture(scope="module")
def document(charts, tmp_path_factory):
    path = markdown_to_docx(SAMPLE, tmp_path_factory.mktemp("docx") / "report.docx", charts=charts)
    return docx.Document(str(path))


def paragraphs(document) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in document.paragraphs if p.text]


def table_text(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_headings_use_heading_styles(document):
    headings = [(s, t) for s, t in paragraphs(document) if s == "Title" or s.startswith("Heading")]
    assert headings == [
        ("Title", "2018年党建服务工作经费项目绩效评价报告"),
        ("Heading 1", "摘要"),
        ("Heading 2", "一、概述"),
        ("Title", "2018年党建服务工作经费项目绩效评价报告"),  # the report proper, on a new page
        ("Heading 1", "一、项目基本情况"),
        ("Heading 3", "3、项目预算及执行情况"),
        ("Heading 1", "三、评价结论和绩效分析"),
        ("Heading 4", "（1）项目决策"),
    ]
    # the styles carry outline levels, which is what the navigation pane reads
    levels = [document.styles[f"Heading {n}"].element.pPr.find(qn("w:outlineLvl")).get(qn("w:val")) for n in (1, 2, 3, 4)]
    assert levels == ["0", "1", "2", "3"]


def test_body_paragraphs_captions_lists_and_signature(document):
    body = paragraphs(document)
    assert ("Normal", "本项目预算批复400万元，实际支出336.18万元，预算执行率84.05%。") in body
    assert ("Caption", "表 1-1　支出明细表（单位：元）") in body
    assert ("Caption", "表 3-2　项目决策指标分析及分值") in body
    assert ("List Bullet", "党员干部拍摄工作：对党员干部进行任职视频拍摄。") in body
    assert ("Normal", "2. 四季公益项目按计划完成率100%。") in body
    # a soft line break between Chinese characters joins them without a space
    assert ("Normal", "A11 战略目标适应性：根据评分标准，该指标满分2分，得分为2分。") in body
    assert body[-1] == ("Signature", "上海中佳永信会计师事务所有限公司")
    bold = [r.text for p in document.paragraphs for r in p.runs if r.bold]
    assert "A11 战略目标适应性" in bold and "党员干部拍摄工作" in bold


def test_tables_are_word_tables_with_every_cell(document):
    budget, scores, _level = document.tables
    assert table_text(budget) == [
        ["序号", "内容", "预算明细", "实际支出明细", "预算执行率"],
        ["1", "各类专题专业培训", "748,200.00", "203,679.25", "27.22%"],
        ["", "合计", "4,000,000.00", "3,361,823.33", "84.05%"],
    ]
    assert table_text(scores) == [
        ["指标", "项目决策", "项目管理", "项目绩效", "合计"],
        ["权重", "10%", "30%", "60%", "100%"],
        ["分值", "9", "27.12", "49", "85.12"],
    ]
    for table in document.tables:
        assert table.style.name == "Table Grid"
        header = table.rows[0]._tr.trPr.find(qn("w:tblHeader"))
        assert header is not None and header.get(qn("w:val")) == "true"  # repeats on each page
    assert budget.cell(1, 2).paragraphs[0].alignment == 2  # right-aligned money (WD_ALIGN_PARAGRAPH.RIGHT)


def test_per_level_table_merges_second_level_cells(document):
    level = document.tables[2]
    assert table_text(level) == [
        ["二级指标", "三级指标", "权重", "业绩值", "分值"],
        ["A1 项目立项", "A11 战略目标适应性", "2", "适应", "2"],
        ["A1 项目立项", "A12 立项依据充分性", "2", "充分", "2"],
        ["A1 项目立项", "A13 项目立项规范性", "2", "规范", "2"],
        ["A1 项目立项", "", "6", "", "6"],
        ["A2 项目目标", "A21 绩效目标合理性", "2", "一般", "1.5"],
        ["A2 项目目标", "A22 绩效指标明确性", "2", "一般", "1.5"],
        ["A2 项目目标", "", "4", "", "3"],
    ]  # python-docx reports a merged cell in every row it spans
    merges = [tc.tcPr.find(qn("w:vMerge")) for tc in (row._tr.tc_lst[0] for row in level.rows[1:])]
    assert [m.get(qn("w:val")) if m is not None else None for m in merges] == [
        "restart", None, None, None, "restart", None, None,
    ]  # fmt: skip
    assert all(m is not None for m in merges)
    assert [r.bold for r in level.cell(4, 4).paragraphs[0].runs] == [True]  # subtotal row in bold


def test_charts_follow_the_tables_they_illustrate(document):
    body = document.element.body
    order = []
    for child in body:
        if child.tag == qn("w:tbl"):
            order.append("table")
        elif child.xpath(".//pic:pic"):
            order.append("chart")
    assert order == ["table", "chart", "table", "chart", "table"]
    captions = [t for s, t in paragraphs(document) if s == "Caption" and t.startswith("图")]
    assert captions == ["图 1　预算执行情况", "图 2　各指标得分率"]
    assert len(document.inline_shapes) == 2


def test_chinese_typography_in_the_styles(document):
    def east_asian(name):
        rfonts = document.styles[name].element.rPr.find(qn("w:rFonts"))
        return rfonts.get(qn("w:eastAsia"))

    assert east_asian("Normal") == "仿宋_GB2312"
    assert east_asian("Title") == east_asian("Heading 1") == east_asian("Heading 2") == "黑体"
    assert east_asian("Table Text") == "宋体"
    assert document.styles["Normal"].font.size.pt == 16  # 三号
    assert document.styles["Table Text"].font.size.pt == 10.5  # 五号
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)  # A4


def test_footer_has_a_page_number_field(document):
    footer = document.sections[0].footer._element
    assert [t.text for t in footer.iter(qn("w:instrText"))] == [" PAGE "]


def test_output_is_byte_identical(charts, tmp_path):
    a = markdown_to_docx(SAMPLE, tmp_path / "a.docx", charts=charts).read_bytes()
    b = markdown_to_docx(SAMPLE, tmp_path / "b.docx", charts=charts).read_bytes()
    assert a == b


def test_user_template_keeps_its_letterhead(tmp_path):
    template = docx.Document(str(default_template()))
    template.sections[0].header.paragraphs[0].text = "某某会计师事务所"
    template.add_paragraph("模板正文，应被替换")
    template.save(tmp_path / "house.docx")
    out = docx.Document(str(markdown_to_docx(SAMPLE, tmp_path / "r.docx", template=tmp_path / "house.docx")))
    assert out.sections[0].header.paragraphs[0].text == "某某会计师事务所"
    assert "模板正文，应被替换" not in [p.text for p in out.paragraphs]
    assert out.paragraphs[0].text == "2018年党建服务工作经费项目绩效评价报告"


def test_template_without_the_styles_is_refused(tmp_path):
    bare = tmp_path / "bare.docx"
    docx.Document().save(str(bare))  # python-docx's own default lacks Table Text, Figure, Signature
    with pytest.raises(UsageError, match="lacks the styles Table Text, Figure, Signature"):
        markdown_to_docx(SAMPLE, tmp_path / "r.docx", template=bare)
    junk = tmp_path / "junk.docx"
    junk.write_text("not a document", encoding="utf-8")
    with pytest.raises(UsageError, match="not a readable Word template"):
        markdown_to_docx(SAMPLE, tmp_path / "r.docx", template=junk)


def test_the_default_template_is_the_generated_one(tmp_path):
    """templates/report.docx is what scripts/make_docx_template.py writes (regenerate and commit both)."""
    import importlib.util

    from conftest import ROOT

    spec = importlib.util.spec_from_file_location("make_docx_template", ROOT / "scripts" / "make_docx_template.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert script.build(tmp_path / "report.docx").read_bytes() == default_template().read_bytes()
    names = zipfile.ZipFile(default_template()).namelist()
    assert "word/styles.xml" in names and "word/footer1.xml" in names


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_it_and_converts_it_to_pdf(charts, tmp_path):
    path = markdown_to_docx(SAMPLE, tmp_path / "report.docx", charts=charts)
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = (tmp_path / "report.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000


def test_a_chart_linked_in_the_markdown_is_embedded_there_once(charts, tmp_path):
    budget = next(c for c in charts if c.after == "表 1-1")
    text = SAMPLE.replace("## 三、评价结论和绩效分析", f"![预算执行情况]({budget.path.name})\n\n图 1　预算执行情况\n\n## 三、评价结论和绩效分析")
    out = docx.Document(str(markdown_to_docx(text, tmp_path / "r.docx", charts=charts, base=budget.path.parent)))
    captions = [t for s, t in paragraphs(out) if s == "Caption" and t.startswith("图")]
    assert captions == ["图 1　预算执行情况", "图 2　各指标得分率"] and len(out.inline_shapes) == 2
    texts = [p.text for p in out.paragraphs]
    assert texts.index("图 1　预算执行情况") > texts.index("2. 四季公益项目按计划完成率100%。")  # where linked


def test_write_docx_draws_the_charts_itself(tmp_path):
    from jxpj.office.docx import write_docx

    result = score_file(EXAMPLE / "evidence.yaml")
    out = docx.Document(str(write_docx(result, tmp_path / "r.docx", markdown=SAMPLE)))
    assert len(out.inline_shapes) == 2
    assert out.core_properties.title == "2018年党建服务工作经费项目绩效评价报告"
