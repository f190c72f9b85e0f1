"""附件 指标体系及评分标准: on by default in Markdown and Word, left out with --no-appendix."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EXAMPLE
from markdown_tables import check_tables

from jxpj.report import build_report


def annex(report: str) -> list[list[str]]:
    return check_tables(report.split("## 附件　指标体系及评分标准")[1])[0]


def test_the_annex_lists_every_indicator_with_its_standard_value_score_and_reason() -> None:
    report = build_report(EXAMPLE / "evidence.yaml").report
    rows = annex(report)
    assert rows[0] == ["指标", "权重", "评分标准", "业绩值", "得分", "扣分原因"]
    assert len(rows) == 2 + 41 + 1  # header, delimiter, every indicator, 合计
    by_name = {r[0]: r for r in rows}
    assert by_name["**B 项目管理**"] == ["**B 项目管理**", "**30**", "", "", "**27.12**", ""]
    b11 = by_name["B11 预算执行率"]
    assert b11[1:3] == ["4", "预算执行率=实际支出÷预算批复×100%。预算执行率≥95%得满分；95%以下每偏离1%，扣权重的2%，扣完为止。"]
    assert b11[3:] == ["84.05%", "3.12", "(95% − 84.05%) × 2% × 4 = 0.876，扣0.88分。"]
    assert by_name["B12 预算编制合理性"][5] == "项目实际支出内容与预算内容略有差异，预算编制不尽合理，故扣除1分。"
    assert by_name["C11 党员干部任职视频拍摄完成率"][3:] == ["100%", "5", ""]
    assert rows[-1] == ["**合计**", "**100**", "", "", "**85.12**", ""]
    assert "各指标的权重及评分标准详见附件指标体系及评分标准。" in report


def test_no_appendix_leaves_it_out(cli, tmp_path: Path) -> None:
    assert cli("report", EXAMPLE / "evidence.yaml", "--no-appendix", "-o", tmp_path).exit_code == 0
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "## 附件" not in report and "详见附件" not in report
    assert report.rstrip().endswith("上海中佳永信会计师事务所有限公司\n\n＿＿＿＿年＿＿月＿＿日")


def test_the_annex_in_word(cli, tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    assert cli("report", EXAMPLE / "evidence.yaml", "-f", "docx", "-o", tmp_path / "r.docx").exit_code == 0
    document = docx.Document(str(tmp_path / "r.docx"))
    assert any(p.text == "附件　指标体系及评分标准" and p.style.name == "Heading 1" for p in document.paragraphs)
    last = document.tables[-1]
    assert [c.text for c in last.rows[0].cells] == ["指标", "权重", "评分标准", "业绩值", "得分", "扣分原因"]
    assert len(last.rows) == 1 + 41 + 1
