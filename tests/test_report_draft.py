"""``jxpj report --draft``: the standard report while evidence is still being gathered."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLE

from jxpj.errors import ProblemsError
from jxpj.report import build_report


def without_c11(tmp_path: Path) -> Path:
    folder = tmp_path / "2018"
    shutil.copytree(EXAMPLE, folder)
    evidence = folder / "evidence.yaml"
    text = evidence.read_text(encoding="utf-8")
    old = "    facts: {actual: 254, target: 254}\n"
    assert text.count(old) == 1
    evidence.write_text(text.replace(old, "").replace("{C11.actual}", "若干").replace("{C11.target}", "若干"), encoding="utf-8")
    return evidence


def test_a_fresh_skeleton_gets_a_draft_report(cli, tmp_path: Path) -> None:
    folder = tmp_path / "new"
    assert cli("init", folder, "--framework", "national-project").exit_code == 0
    refused = cli("report", folder / "evidence.yaml")
    assert refused.exit_code == 1 and "20 problems found" in refused.stderr
    run = cli("report", folder / "evidence.yaml", "--draft")
    assert run.exit_code == 0, run.stderr
    assert "no evidence yet (shown as 待补充): A11 立项依据充分性" in run.stderr
    assert "(a draft: some indicators have no evidence yet)" in run.stdout
    report = (folder / "report.md").read_text(encoding="utf-8")
    assert report.startswith("# new绩效评价报告\n\n> 草稿：以下20项指标的佐证材料待补充，相关得分、小计和总分为暂计数，评价等级待定：A11 立项依据充分性、")
    assert "|  | A11 立项依据充分性 | 3 |  | 待补充 |" in report
    assert "| A1 项目立项 | 小计 | 5 |  | 暂计0 |" in report
    assert "评价组最终评分为暂计0分，绩效评价等级为“待定”" in report
    assert "None" not in report and "无佐证" not in report
    assert (folder / "summary.md").is_file()


def test_a_draft_with_one_indicator_missing(tmp_path: Path) -> None:
    evidence = without_c11(tmp_path)
    with pytest.raises(ProblemsError, match="C11 党员干部任职视频拍摄完成率 has no evidence"):
        build_report(evidence)
    built = build_report(evidence, draft=True)
    report = built.report
    assert "> 草稿：以下1项指标的佐证材料待补充，相关得分、小计和总分为暂计数，评价等级待定：C11 党员干部任职视频拍摄完成率。" in report
    assert "|  | C11 党员干部任职视频拍摄完成率 | 5 |  | 待补充 |" in report
    assert "| C1 项目产出 | 小计 | 32 |  | 暂计18 |" in report
    assert "| 分值 | 9 | 27.12 | 暂计44 | 暂计80.12 |" in report
    assert "评价组最终评分为暂计80.12分，绩效评价等级为“待定”" in report
    assert "项目绩效指标由3个二级指标和17个三级指标构成。权重分60分，实际得分暂计44分，得分率待定。" in report
    assert "待补充指标：C11党员干部任职视频拍摄完成率。以上指标的佐证材料尚待补充，暂未评分，不计入暂计得分。" in report
    assert "| C11 |  |  | 党员干部任职视频拍摄完成率 | 5 |  | 待补充 |" in built.summary
    assert built.no_evidence == ("C11 党员干部任职视频拍摄完成率",)


def test_a_draft_in_word(cli, tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    evidence = without_c11(tmp_path)
    run = cli("report", evidence, "--draft", "-f", "docx", "-o", tmp_path / "draft.docx")
    assert run.exit_code == 0, run.stderr
    assert "C11 党员干部任职视频拍摄完成率" in run.stderr
    document = docx.Document(str(tmp_path / "draft.docx"))
    assert any(p.text.startswith("草稿：以下1项指标") for p in document.paragraphs)


def test_draft_is_for_one_project(cli, tmp_path: Path) -> None:
    run = cli("report", EXAMPLE, EXAMPLE, "--draft", "-o", tmp_path)
    assert run.exit_code == 2 and "--draft applies to one project" in run.stderr
