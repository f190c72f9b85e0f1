"""jxpj report on many projects: a report per project, portfolio.md, and broken files skipped."""

from __future__ import annotations

import shutil

from conftest import EXAMPLE, ROOT

EXAMPLES = ROOT / "examples"


def test_a_folder_of_projects_gets_a_report_each_and_a_portfolio(cli, tmp_path):
    out = tmp_path / "out"
    run = cli("report", EXAMPLES, "-o", out)
    assert run.exit_code == 0, run.stderr
    assert run.stdout.strip() == f"wrote 4 reports and {(out / 'portfolio.md').as_posix()}"
    assert sorted(p.name for p in out.iterdir()) == ["2018_dangjian", "2023_department", "2023_sichuan_selfeval", "2024_selfeval", "portfolio.md"]
    for name in ("2018_dangjian", "2024_selfeval", "2023_department"):
        for file in ("report.md", "summary.md", "summary.csv"):
            assert (out / name / file).read_bytes() == (EXAMPLES / name / file).read_bytes(), (name, file)
    assert (out / "2023_sichuan_selfeval" / "report.md").read_bytes() == (EXAMPLES / "2023_sichuan_selfeval" / "report.md").read_bytes()
    portfolio = (out / "portfolio.md").read_text(encoding="utf-8")
    assert "本次共评价项目 4 个；已评分项目平均总分 88.85 分。" in portfolio
    assert "| 2 | 2024年长者助餐服务补贴项目 | 2024 |" in portfolio
    assert "| 4 | 2018年党建服务工作经费项目 | 2018 |" in portfolio


def test_a_broken_project_is_named_and_the_others_still_reported(cli, tmp_path):
    batch = tmp_path / "batch"
    shutil.copytree(EXAMPLE, batch / "good")
    (batch / "bad").mkdir()
    shutil.copy(EXAMPLE / "spec.yaml", batch / "bad" / "spec.yaml")
    text = (EXAMPLE / "evidence.yaml").read_text(encoding="utf-8").replace("actual: 203679.25", "actual: lots")
    (batch / "bad" / "evidence.yaml").write_text(text, encoding="utf-8")
    run = cli("report", batch, "-o", tmp_path / "out")
    assert run.exit_code == 1
    assert f"{(batch / 'bad' / 'evidence.yaml').as_posix()}:" in run.stderr
    assert "'lots' is not a number" in run.stderr
    assert "1 file could not be reported" in run.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["good", "portfolio.md"]
    assert "另有 1 个文件存在错误，未能评分" in (tmp_path / "out" / "portfolio.md").read_text(encoding="utf-8")


def test_a_portfolio_needs_an_output_folder_and_markdown(cli, tmp_path):
    assert cli("report", EXAMPLES).exit_code == 2
    assert cli("report", EXAMPLES, "-o", tmp_path, "--format", "xlsx").exit_code == 2
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert cli("report", EXAMPLES, "-o", tmp_path / "file").exit_code == 2
