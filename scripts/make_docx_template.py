"""Generate templates/report.docx, the default Word template of ``jxpj report --format docx``.

Run from the repository root after changing a style here, and commit both files:

    python scripts/make_docx_template.py

The template carries styles and page setup only (its body is empty); jxpj fills the body. Choices
follow the way Chinese evaluation reports and official documents (GB/T 9704 公文格式) are set:
A4 with 公文 margins; body 仿宋_GB2312 三号 (16 pt) on a fixed 28 pt line with a two-character
first-line indent; headings 黑体 (title 二号, 一、 and （一） 三号, deeper levels 仿宋 bold),
headings bold at every level (see ``build``); tables 宋体 五号; page numbers centred in the footer as a PAGE field. Each style names its East
Asian font in ``w:eastAsia``, which is the attribute Word reads for Chinese text (python-docx's
``font.name`` sets only the Latin one).
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from jxpj.office.archive import FIXED_TIME, normalize  # noqa: E402

OUT = ROOT / "templates" / "report.docx"
LATIN = "Times New Roman"
# 字号 in points: 二号 22, 三号 16, 四号 14, 小四 12, 五号 10.5
SIZES = {"二号": 22, "三号": 16, "四号": 14, "小四": 12, "五号": 10.5}


def fonts(style, east_asian: str, size: str, *, bold: bool = False) -> None:
    font = style.font
    font.name = LATIN
    font.size = Pt(SIZES[size])
    font.bold = bold
    font.italic = False
    font.color.rgb = RGBColor(0, 0, 0)
    rpr = style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        rfonts.set(qn(attr), LATIN)
    rfonts.set(qn("w:eastAsia"), east_asian)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(theme), None)  # a theme font would override the named one


def spacing(style, *, before: float = 0, after: float = 0, line: float | None = 28, indent: bool = False,
            align=None) -> None:
    fmt = style.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if line is None:
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    else:
        fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(line)
    fmt.first_line_indent = Pt(SIZES["三号"] * 2) if indent else Pt(0)
    if align is not None:
        fmt.alignment = align


def paragraph_style(doc, name: str, base: str = "Normal"):
    styles = doc.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles[base] if name != base else None
    return style


def page_number_footer(section) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        if kind is not None:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == " PAGE ":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)
    run.font.size = Pt(SIZES["四号"])


def build(out: Path = OUT) -> Path:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    section.footer_distance = Cm(2.5)

    normal = doc.styles["Normal"]
    fonts(normal, "仿宋_GB2312", "三号")
    spacing(normal, indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)

    # Bold throughout the heading hierarchy: 黑体 carries its weight in the face, but where it is
    # not installed the substitute is a regular sans, and levels 1–2 read lighter than the bold
    # 仿宋 of levels 3–4; bold keeps the hierarchy either way.
    fonts(paragraph_style(doc, "Title"), "黑体", "二号", bold=True)
    spacing(doc.styles["Title"], before=12, after=24, line=None, align=WD_ALIGN_PARAGRAPH.CENTER)
    _no_border(doc.styles["Title"])
    for level, (east_asian, size, bold) in enumerate(
        (("黑体", "三号", True), ("黑体", "三号", True), ("仿宋_GB2312", "三号", True), ("仿宋_GB2312", "三号", True)),
        start=1,
    ):
        style = doc.styles[f"Heading {level}"]
        fonts(style, east_asian, size, bold=bold)
        spacing(style, before=6 if level <= 2 else 0, after=6 if level <= 2 else 0, indent=level >= 2)
        style.paragraph_format.keep_with_next = True

    fonts(paragraph_style(doc, "Caption"), "黑体", "小四")
    spacing(doc.styles["Caption"], before=6, after=6, line=None, align=WD_ALIGN_PARAGRAPH.CENTER)
    doc.styles["Caption"].paragraph_format.keep_with_next = True

    table_text = paragraph_style(doc, "Table Text")
    fonts(table_text, "宋体", "五号")
    spacing(table_text, line=None, align=WD_ALIGN_PARAGRAPH.LEFT)

    figure = paragraph_style(doc, "Figure")
    spacing(figure, line=None, align=WD_ALIGN_PARAGRAPH.CENTER)
    figure.paragraph_format.keep_with_next = True

    signature = paragraph_style(doc, "Signature")
    spacing(signature, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)

    for name in ("List Bullet", "List Number"):
        spacing(doc.styles[name], indent=False)
    footer = doc.styles["Footer"]
    fonts(footer, "宋体", "四号")

    page_number_footer(section)
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    props = doc.core_properties
    props.author = props.last_modified_by = "jxpj"
    props.title = "绩效评价报告"
    props.created = props.modified = FIXED_TIME
    props.revision = 1
    props.comments = "Generated by scripts/make_docx_template.py"
    doc.save(out)
    normalize(out, FIXED_TIME)
    return out


def _no_border(style) -> None:
    ppr = style.element.get_or_add_pPr()
    border = ppr.find(qn("w:pBdr"))
    if border is not None:
        ppr.remove(border)


if __name__ == "__main__":
    print(f"wrote {build().relative_to(ROOT)}")
