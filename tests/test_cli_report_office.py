"""``jxpj report --format docx|xlsx`` and ``jxpj init --xlsx``, tried as a new user would."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

import pytest

docx = pytest.importorskip("docx")
openpyxl = pytest.importorskip("openpyxl")
pytest.importorskip("matplotlib")

from docx.oxml.ns import qn  # noqa: E402
from sheet_formulas import Sheet  # noqa: E402

NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?%?")


def docx_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for tc in table._tbl.iter(qn("w:tc")):  # each physical cell once: a merged cell counts once
            parts.append("".join(t.text or "" for t in tc.iter(qn("w:t"))))
    return "\n".join(parts)


def test_report_docx_carries_every_number_of_the_markdown(cli, example, tmp_path):
    md = cli("report", example / "evidence.yaml", "-o", tmp_path / "md")
    assert md.exit_code == 0, md.output
    run = cli("report", example / "evidence.yaml", "--format", "docx", "-o", tmp_path)
    assert run.exit_code == 0, run.output
    assert run.stdout == f"wrote {(tmp_path / 'report.docx').as_posix()} (total 85.12, grade 良)\n"
    document = docx.Document(str(tmp_path / "report.docx"))
    markdown = (tmp_path / "md" / "report.md").read_text(encoding="utf-8")
    missing = Counter(NUMBER.findall(markdown)) - Counter(NUMBER.findall(docx_text(document)))
    assert not missing, missing
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:2] == ["摘要", "一、概述"] and "三、评价结论和绩效分析" in headings
    tables = {t.cell(0, 0).text: t for t in document.tables}
    assert [c.text for c in document.tables[0].rows[-1].cells] == ["", "合计", "4,000,000.00", "3,361,823.33", "84.05%"]
    assert len(document.inline_shapes) == 2  # the two charts
    level = [t for t in document.tables if t.cell(0, 0).text == "二级指标"]
    assert len(level) == 3  # one per first-level indicator, each with merged second-level cells
    assert "指标" in tables


def test_report_docx_is_byte_identical(cli, example, tmp_path):
    for name in ("a.docx", "b.docx"):
        assert cli("report", example / "evidence.yaml", "--format", "docx", "-o", tmp_path / name).exit_code == 0
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()


def test_report_xlsx_recalculates_to_the_total(cli, example, tmp_path):
    run = cli("report", example / "evidence.yaml", "-f", "xlsx", "-o", tmp_path / "评分.xlsx")
    assert run.exit_code == 0, run.output
    sheet = Sheet(openpyxl.load_workbook(tmp_path / "评分.xlsx")["得分表"])
    assert (sheet.value("G44"), sheet.value("G45")) == (Decimal("85.12"), "良")


def test_report_format_arguments(cli, example, tmp_path):
    wrong = cli("report", example / "evidence.yaml", "--format", "xlsx", "--docx-template", tmp_path / "t.docx")
    assert wrong.exit_code == 2 and "--docx-template applies to --format docx only" in wrong.stderr
    missing = cli("report", example / "evidence.yaml", "--format", "docx", "--docx-template", tmp_path / "t.docx")
    assert missing.exit_code == 2 and "t.docx: no such Word template" in missing.stderr
    unknown = cli("report", example / "evidence.yaml", "--format", "pdf")
    assert unknown.exit_code == 2


def test_report_docx_with_a_user_template(cli, example, tmp_path):
    from jxpj.office.docx import default_template

    template = docx.Document(str(default_template()))
    template.sections[0].header.paragraphs[0].text = "某某会计师事务所"
    template.save(str(tmp_path / "house.docx"))
    run = cli("report", example / "evidence.yaml", "--format", "docx", "--docx-template", tmp_path / "house.docx", "-o", tmp_path)
    assert run.exit_code == 0, run.output
    assert docx.Document(str(tmp_path / "report.docx")).sections[0].header.paragraphs[0].text == "某某会计师事务所"


def test_init_xlsx_writes_a_workbook_that_scores(cli, tmp_path):
    folder = tmp_path / "eval"
    run = cli("init", folder, "--framework", "national-project", "--xlsx")
    assert run.exit_code == 0, run.output
    assert f"wrote {(folder / 'evidence.xlsx').as_posix()}" in run.stdout
    book = openpyxl.load_workbook(folder / "evidence.xlsx")
    project = book["项目信息"]
    assert (project["C2"].value, project["C3"].value) == ("spec.yaml", "eval")
    score = cli("score", folder / "evidence.xlsx")
    assert score.exit_code == 0 and "total: incomplete" in score.stdout


def test_markdown_report_links_the_charts(cli, example, tmp_path):
    run = cli("report", example / "evidence.yaml", "-o", tmp_path, "--charts")
    assert run.exit_code == 0, run.output
    markdown = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "![预算执行情况](charts/budget_execution.png)\n\n图 1　预算执行情况\n" in markdown
    assert "![各指标得分率](charts/score_rates.png)\n\n图 2　各指标得分率\n" in markdown
    assert markdown.index("charts/budget_execution.png") > markdown.index("| 合计 | 4,000,000.00")
    for name in ("budget_execution.png", "score_rates.png"):
        assert (tmp_path / "charts" / name).read_bytes().startswith(b"\x89PNG")
    # the same Markdown typeset in Word embeds each chart once, where linked, with the Markdown's caption
    from jxpj.office.docx import markdown_to_docx

    out = docx.Document(str(markdown_to_docx(markdown, tmp_path / "r.docx", base=tmp_path)))
    assert len(out.inline_shapes) == 2
    assert [p.text for p in out.paragraphs if p.style.name == "Caption" and p.text.startswith("图")] == [
        "图 1　预算执行情况", "图 2　各指标得分率"]


def test_charts_flag_is_for_markdown(cli, example):
    run = cli("report", example / "evidence.yaml", "--format", "docx", "--charts")
    assert run.exit_code == 2 and "--charts applies to --format md" in run.stderr


def test_markdown_report_without_charts_links_none(cli, example, tmp_path):
    assert cli("report", example / "evidence.yaml", "-o", tmp_path).exit_code == 0
    assert "charts/" not in (tmp_path / "report.md").read_text(encoding="utf-8")
    assert not (tmp_path / "charts").exists()


@pytest.mark.parametrize(("module", "package"), [("docx", "python-docx"), ("matplotlib", "matplotlib"), ("pylopdf_fonts_zh_cn", "pylopdf-fonts-zh-cn")])
def test_without_the_office_extra_docx_says_how_to_install(cli, example, tmp_path, monkeypatch, module, package):
    import sys

    monkeypatch.setitem(sys.modules, module, None)  # how an environment without the package looks to import
    run = cli("report", example / "evidence.yaml", "--format", "docx", "-o", tmp_path)
    assert run.exit_code == 2
    assert f"needs the {package} package, which is not installed" in run.stderr
    assert 'pip install "jxpj[office]"' in run.stderr
    assert not (tmp_path / "report.docx").exists() and list(tmp_path.iterdir()) == []


def docx_listing(document) -> str:
    """The Word report as text: each paragraph with its style, each table cell by row (merged cells
    shown once, continuation cells as ↑), each picture as [图]."""
    lines = []
    for child in document.element.body:
        if child.tag == qn("w:p"):
            style = child.xpath("./w:pPr/w:pStyle/@w:val")
            text = "".join(t.text or "" for t in child.iter(qn("w:t")))
            if child.xpath(".//pic:pic"):
                text += "[图]"
            if text:
                lines.append(f"{style[0] if style else 'Normal'}: {text}")
        elif child.tag == qn("w:tbl"):
            for tr in child.iter(qn("w:tr")):
                cells = []
                for tc in tr.iter(qn("w:tc")):
                    merge = tc.xpath("./w:tcPr/w:vMerge")
                    continued = merge and merge[0].get(qn("w:val")) in (None, "continue")
                    cells.append("↑" if continued else "".join(t.text or "" for t in tc.iter(qn("w:t"))))
                lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def test_report_docx_golden_listing(cli, example, tmp_path):
    """The 2018 Word report, paragraph by paragraph and cell by cell (regenerate: JXPJ_UPDATE_GOLDEN=1)."""
    import os
    from pathlib import Path

    assert cli("report", example / "evidence.yaml", "--format", "docx", "-o", tmp_path).exit_code == 0
    text = docx_listing(docx.Document(str(tmp_path / "report.docx")))
    golden = Path(__file__).parent / "golden" / "report_docx.txt"
    if os.environ.get("JXPJ_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")
