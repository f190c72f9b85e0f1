"""The .docx reader parses only word/document.xml, with ElementTree, and reads every cell and
paragraph as it did when python-docx parsed the package; what only python-docx refused (a
damaged part the form does not use) is now read, and a workbook named .docx is told apart."""

from __future__ import annotations

import contextlib
import random
import zipfile
from pathlib import Path

import pytest
from test_forms_read import word_form

from jxpj.errors import ProblemsError
from jxpj.forms import docx as reader
from jxpj.forms.grid import Grid
from jxpj.forms.model import PARAGRAPHS

docx = pytest.importorskip("docx")
CORPUS = Path(__file__).parent / "forms" / "corpus"
WORDS = ["项目名称", "一级指标", "产出指标", " 前后空格 ", "92.5%", "≥95%", "10", "", "偏差\n原因", "甲\t乙", "  "]


def as_python_docx_read_it(path: Path) -> Grid:
    """The grid built from python-docx's parse of the package, as the reader did before."""
    builder = reader._Builder(path.name)
    paragraph = table = 0
    for block in reader._blocks(docx.Document(str(path)).element.body):
        if block.tag == reader.P:
            paragraph += 1
            builder.paragraph(block, paragraph)
        else:
            table += 1
            builder.table(block, table)
    return Grid(path.name, "docx", builder.origins or [(PARAGRAPHS, 1)], builder.width, builder.cells, builder.anchors)


def same(a: Grid, b: Grid) -> bool:
    return (a.origins, a.width, a._cells, a._anchors) == (b.origins, b.width, b._cells, b._anchors)


def random_document(path: Path, seed: int) -> Path:
    r = random.Random(seed)
    document = docx.Document()
    for _ in range(r.randint(0, 3)):
        document.add_paragraph(r.choice(WORDS))
    for _ in range(r.randint(1, 3)):
        rows, cols = r.randint(1, 7), r.randint(1, 6)
        table = document.add_table(rows=rows, cols=cols)
        for i in range(rows):
            for j in range(cols):
                if r.random() < 0.7:
                    table.cell(i, j).text = r.choice(WORDS)
        for _ in range(r.randint(0, 3)):
            top, left = r.randrange(rows), r.randrange(cols)
            with contextlib.suppress(ValueError):  # python-docx cannot merge across an earlier merge's edge
                table.cell(top, left).merge(table.cell(min(rows - 1, top + r.randint(0, 2)), min(cols - 1, left + r.randint(0, 2))))
        document.add_paragraph(r.choice(WORDS))
    document.save(path)
    return path


def rewritten(source: Path, target: Path, change: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in archive.infolist():
            out.writestr(info.filename, change.get(info.filename, archive.read(info)))
    return target


@pytest.mark.parametrize("seed", range(16))
def test_tables_and_paragraphs_as_python_docx_read_them(tmp_path: Path, seed: int) -> None:
    path = random_document(tmp_path / f"doc{seed}.docx", seed)
    assert same(reader.read_grid(path, path.name), as_python_docx_read_it(path))


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.glob("*.docx")))
def test_the_corpus_as_python_docx_read_it(name: str) -> None:
    assert same(reader.read_grid(CORPUS / name, name), as_python_docx_read_it(CORPUS / name))


def test_content_controls_revisions_links_tabs_and_breaks(tmp_path: Path) -> None:
    form = word_form(tmp_path / "form.docx")
    with zipfile.ZipFile(form) as archive:
        body = archive.read("word/document.xml").decode()
    first = ('<w:sdt><w:sdtContent><w:p><w:r><w:t>控件中的段落</w:t></w:r></w:p></w:sdtContent></w:sdt>'
             '<w:p><w:ins><w:r><w:t>插入</w:t></w:r></w:ins><w:del><w:r><w:delText>删除</w:delText></w:r></w:del>'
             '<w:hyperlink><w:r><w:t>链接</w:t></w:r></w:hyperlink><w:r><w:tab/><w:t xml:space="preserve"> 尾 </w:t><w:br/><w:t>下</w:t></w:r></w:p>')
    path = rewritten(form, tmp_path / "marked.docx", {"word/document.xml": body.replace("<w:body>", f"<w:body>{first}", 1).encode()})
    grid = reader.read_grid(path, path.name)
    assert same(grid, as_python_docx_read_it(path))
    assert [grid.text(0, 0), grid.text(1, 0)] == ["控件中的段落", "插入链接\t 尾 \n下"]


def test_only_the_body_is_read(tmp_path: Path) -> None:
    form = word_form(tmp_path / "form.docx")
    with zipfile.ZipFile(form) as archive:
        styles = archive.read("word/styles.xml")
    path = rewritten(form, tmp_path / "styles.docx", {"word/styles.xml": styles[:100]})
    with pytest.raises(pytest.importorskip("lxml.etree").XMLSyntaxError):
        docx.Document(str(path))  # python-docx refused the whole file
    assert reader.read_grid(path, path.name).text(2, 0) == "项目名称：城区道路维护项目"


def test_a_workbook_named_docx(tmp_path: Path) -> None:
    path = tmp_path / "form.docx"
    path.write_bytes((CORPUS / "01_clean_basic.xlsx").read_bytes())
    with pytest.raises(ProblemsError) as caught:
        reader.read_grid(path, path.name)
    assert [str(p) for p in caught.value.problems] == [
        "form.docx:1:1: error: not a readable Word document (.docx) (its main part xl/workbook.xml is an Excel "
        "workbook's; if it is one, name it .xlsx); open it in Word or LibreOffice and save it as .docx [form-file]"
    ]
