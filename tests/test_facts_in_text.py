"""Facts drive the text: change one fact of the 2018 example and every place that shows it follows,
the 业绩值 in the tables, the abstract, the notes, the Word report and the Excel sheet; a what-if
(``report --set``) gives the same report and says it is one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLE

from jxpj.report import build_report


@pytest.fixture
def filmed_250(tmp_path: Path) -> Path:
    """The 2018 example with 250 of 254 党员干部 filmed instead of 254."""
    folder = tmp_path / "2018"
    shutil.copytree(EXAMPLE, folder)
    evidence = folder / "evidence.yaml"
    text = evidence.read_text(encoding="utf-8")
    assert text.count("facts: {actual: 254, target: 254}") == 1
    evidence.write_text(text.replace("facts: {actual: 254, target: 254}", "facts: {actual: 250, target: 254}"), encoding="utf-8")
    return evidence


def check_250(report: str) -> None:
    assert "|  | C11 党员干部任职视频拍摄完成率 | 5 | 98.43% | 4.92 |" in report
    assert "完成 | 4.92" not in report
    assert "拍摄党员干部任职视频250人（计划254人）" in report  # the abstract
    assert "全面完成" not in report
    assert "全年需拍摄任职视频的党员干部共计254人，实际拍摄250人。计算过程：250 ÷ 254 × 5 = 4.92126…。" in report
    assert "根据评分标准，该指标满分5分，得分为4.92分。" in report
    assert "评价组最终评分为85.04分" in report and "| 分值 | 9 | 27.12 | 48.92 | 85.04 |" in report


def test_the_example_as_it_is_derives_100_percent() -> None:
    report = build_report(EXAMPLE / "evidence.yaml").report
    assert "|  | C11 党员干部任职视频拍摄完成率 | 5 | 100% | 5 |" in report
    assert "拍摄党员干部任职视频254人（计划254人）" in report


def test_changing_a_fact_changes_every_place_it_shows(filmed_250: Path, cli, tmp_path: Path) -> None:
    built = build_report(filmed_250)
    check_250(built.report)
    assert "| C11 |  |  | 党员干部任职视频拍摄完成率 | 5 | 98.43% | 4.92 | 98.4% |" in built.summary
    docx = pytest.importorskip("docx")
    openpyxl = pytest.importorskip("openpyxl")
    assert cli("report", filmed_250, "-f", "docx", "-o", tmp_path / "r.docx").exit_code == 0
    document = docx.Document(str(tmp_path / "r.docx"))
    rows = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    assert any(row[1:] == ["C11 党员干部任职视频拍摄完成率", "5", "98.43%", "4.92"] for row in rows)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "拍摄党员干部任职视频250人（计划254人）" in text and "得分为4.92分" in text
    assert cli("report", filmed_250, "-f", "xlsx", "-o", tmp_path / "s.xlsx").exit_code == 0
    ws = openpyxl.load_workbook(tmp_path / "s.xlsx")["得分表"]
    c11 = next(r for r in ws.iter_rows(values_only=True) if r[0] == "C11")
    assert c11[5] == "98.43%" and str(c11[6]) == "4.92"
    assert c11[10] == "250 ÷ 254 × 5 = 4.92126…，得4.92分"


def test_a_typed_value_is_kept(filmed_250: Path) -> None:
    """The evidence may write its own 业绩值 (250人/254人): it is shown as written."""
    text = filmed_250.read_text(encoding="utf-8").replace("facts: {actual: 250, target: 254}", "value: 250人/254人\n    facts: {actual: 250, target: 254}")
    filmed_250.write_text(text, encoding="utf-8")
    assert "| C11 党员干部任职视频拍摄完成率 | 5 | 250人/254人 | 4.92 |" in build_report(filmed_250).report


def test_report_set_is_a_what_if_report_that_says_so(cli, tmp_path: Path) -> None:
    result = cli("report", EXAMPLE / "evidence.yaml", "--set", "C11.actual=250", "-o", tmp_path)
    assert result.exit_code == 0, result.stderr
    assert "what-if: --set C11.actual=250" in result.stderr
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    check_250(report)
    assert "> 假设分析稿：本报告按以下假设数据计算，不代表正式评价结论（C11党员干部任职视频拍摄完成率的实际值按250计）。" in report
    assert (EXAMPLE / "report.md").read_text(encoding="utf-8").count("假设分析稿") == 0
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert "> 假设分析稿：按以下假设数据计算，不代表正式评价结论（C11党员干部任职视频拍摄完成率的实际值按250计）。" in summary


def test_a_what_if_self_evaluation_says_so_in_its_summary(cli, tmp_path: Path) -> None:
    from conftest import ROOT

    run = cli("report", ROOT / "examples" / "2024_selfeval" / "evidence.yaml", "--set", "budget.当年财政拨款.actual=2800000", "-o", tmp_path)
    assert run.exit_code == 0, run.stderr
    assert "what-if: --set budget.当年财政拨款.actual=2800000" in run.stderr
    assert "当年财政拨款实际支出按2800000元计" in (tmp_path / "summary.md").read_text(encoding="utf-8")


def test_report_set_on_a_budget_line_and_errors(cli, tmp_path: Path) -> None:
    result = cli("report", EXAMPLE / "evidence.yaml", "--set", "budget.党员教育.actual=837171.86", "-o", tmp_path)
    assert result.exit_code == 0
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "党员教育实际支出按837171.86元计" in report and "预算执行率89.05%" in report
    bad = cli("report", EXAMPLE / "evidence.yaml", "--set", "C99.actual=1", "-o", tmp_path)
    assert bad.exit_code == 2 and "no indicator C99" in bad.stderr
    many = cli("report", EXAMPLE, EXAMPLE, "--set", "C11.actual=1", "-o", tmp_path)
    assert many.exit_code == 2 and "single evidence file" in many.stderr
