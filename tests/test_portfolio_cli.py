"""``jxpj score`` of many projects: ranked table, CSV, JSON, broken files, processes, progress."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from textwrap import dedent

import pytest

from jxpj.cli import portfolio as portfolio_cli
from jxpj.portfolio import batch

SPEC = """\
title: 测试指标体系
framework: {name: 测试框架}
indicators:
  - code: A
    name: 决策
    weight: 60
    children:
      - {code: A1, name: 立项, weight: 60, rule: {kind: pass_fail}}
  - code: B
    name: 产出
    weight: 40
    rule: {kind: threshold_deduction, threshold: 95, per_point: {share: 0.02}}
"""

# name, passed, actual -> total, grade: 60·passed + 40 − (95 − actual) × 2% × 40
PROJECTS = [
    ("乙项目", "yes", 90, "96", "优"),
    ("甲项目", "yes", 100, "100", "优"),
    ("丙项目", "no", 95, "40", "差"),
    ("丁项目", "yes", 50, "64", "中"),
]


def evidence(name: str, passed: str, actual: int, spec: str = "spec.yaml") -> str:
    return dedent(f"""\
        spec: {spec}
        project: {{name: {name}, year: 2023, unit: 某单位}}
        indicators:
          A1: {{facts: {{passed: {passed}}}}}
          B: {{facts: {{actual: {actual}}}, note: 完成率偏低}}
        """)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "spec.yaml").write_text(SPEC, encoding="utf-8")
    for i, (name, passed, actual, _, _) in enumerate(PROJECTS):
        (tmp_path / f"p{i}.yaml").write_text(evidence(name, passed, actual), encoding="utf-8")
    return tmp_path


def test_table_ranks_projects_by_total_with_the_grade_distribution(cli, folder):
    run = cli("score", folder)
    assert run.exit_code == 0, run.stderr
    names = [line.split("│")[2].strip() for line in run.stdout.splitlines() if line.startswith("│")]
    assert names == ["甲项目", "乙项目", "丁项目", "丙项目"]
    assert "grades: 优 2 (50%) · 良 0 · 中 1 (25%) · 差 1 (25%)" in run.stdout
    assert "averages: 决策 45 · 产出 30; total 75" in run.stdout
    assert "4 projects scored" in run.stdout
    assert run.stderr == ""  # not a terminal: no progress bar, nothing extra


def test_csv_has_one_ranked_row_per_project(cli, folder):
    run = cli("score", folder, "--format", "csv")
    assert run.exit_code == 0, run.stderr
    p = folder.as_posix()
    assert run.stdout == (
        "rank,name,year,unit,framework,决策,产出,total,grade,path\n"
        f"1,甲项目,2023,某单位,测试框架,60,40,100,优,{p}/p1.yaml\n"
        f"2,乙项目,2023,某单位,测试框架,60,36,96,优,{p}/p0.yaml\n"
        f"3,丁项目,2023,某单位,测试框架,60,4,64,中,{p}/p3.yaml\n"
        f"4,丙项目,2023,某单位,测试框架,0,40,40,差,{p}/p2.yaml\n"
    )


def test_json_carries_distribution_averages_and_largest_deductions(cli, folder):
    run = cli("score", folder, "--format", "json")
    data = json.loads(run.stdout)
    assert [(p["rank"], p["name"], p["total"], p["grade"]) for p in data["projects"]] == [
        (1, "甲项目", 100, "优"), (2, "乙项目", 96, "优"), (3, "丁项目", 64, "中"), (4, "丙项目", 40, "差"),
    ]  # fmt: skip
    assert data["grades"] == [{"grade": g, "count": n} for g, n in [("优", 2), ("良", 0), ("中", 1), ("差", 1)]]
    assert data["averages"] == [
        {"name": "决策", "weight": 60, "average": 45, "projects": 4},
        {"name": "产出", "weight": 40, "average": 30, "projects": 4},
    ]
    deductions = {p["name"]: p["largest_deductions"] for p in data["projects"]}
    assert deductions["丁项目"] == [{"code": "B", "name": "产出", "weight": 40, "score": 4, "deducted": 36}]
    assert deductions["丙项目"] == [{"code": "A1", "name": "立项", "weight": 60, "score": 0, "deducted": 60}]
    assert deductions["乙项目"] == []  # kept only for projects graded 中 or 差


def test_named_files_are_a_portfolio_too(cli, folder):
    run = cli("score", folder / "p0.yaml", folder / "p1.yaml", "-f", "csv")
    assert [line.split(",")[1] for line in run.stdout.splitlines()[1:]] == ["甲项目", "乙项目"]


def test_a_broken_file_is_named_with_its_line_and_the_others_are_scored(cli, folder):
    (folder / "p9.yaml").write_text("spec: spec.yaml\nproject: {name: 坏项目\nindicators: {}\n", encoding="utf-8")
    run = cli("score", folder, "--format", "csv")
    assert run.exit_code == 1
    assert len(run.stdout.splitlines()) == 1 + len(PROJECTS)
    errors = run.stderr.splitlines()
    assert errors[0].startswith(f"{folder.as_posix()}/p9.yaml:3:11: error: invalid YAML")
    assert errors[-1] == "1 of 5 files could not be scored"


def test_a_broken_spec_is_reported_once_for_all_its_projects(cli, folder):
    (folder / "spec.yaml").write_text(SPEC.replace("weight: 40", "weight: 30", 1), encoding="utf-8")
    run = cli("score", folder)
    assert run.exit_code == 1
    spec_errors = [line for line in run.stderr.splitlines() if "spec.yaml" in line and ": error: " in line]
    assert len(spec_errors) == len(set(spec_errors)) >= 1
    assert run.stderr.splitlines()[-1] == "4 of 4 files could not be scored"


def test_yaml_that_is_not_evidence_is_skipped_with_a_note(cli, folder):
    (folder / "notes.yml").write_text("todo: [check budgets]\n", encoding="utf-8")
    run = cli("score", folder, "-f", "csv")
    assert run.exit_code == 0
    assert run.stderr == "note: 1 YAML file skipped: not evidence (no top-level spec: and project:)\n"


def test_missing_path_and_empty_folder_are_usage_errors(cli, tmp_path):
    assert cli("score", tmp_path / "nope", tmp_path).exit_code == 2
    run = cli("score", tmp_path)
    assert run.exit_code == 2
    assert run.stderr.endswith("is a folder without evidence files (evidence is YAML with top-level spec: and project:)\n")


def test_spec_option_applies_to_every_file(cli, folder):
    (folder / "elsewhere").mkdir()
    (folder / "p0.yaml").rename(folder / "elsewhere" / "p0.yaml")  # its spec: no longer resolves
    run = cli("score", folder, "--spec", folder / "spec.yaml", "-f", "csv")
    assert run.exit_code == 0, run.stderr
    assert len(run.stdout.splitlines()) == 1 + len(PROJECTS)


def many(folder: Path, count: int) -> Path:
    for i in range(count):
        name, passed, actual, _, _ = PROJECTS[i % len(PROJECTS)]
        (folder / f"m{i:03d}.yaml").write_text(evidence(f"{name}{i % 7}", passed, actual - i % 9), encoding="utf-8")
    (folder / "m050.yaml").write_text("spec: spec.yaml\nproject: {name: x}\nindicators: {Z9: {}}\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_two_processes_give_the_same_output_as_one(cli, folder, fmt):
    many(folder, 150)
    one = cli("score", folder, "-f", fmt, "--jobs", "1")
    two = cli("score", folder, "-f", fmt, "--jobs", "2")
    assert one.exit_code == two.exit_code == 1  # m050 names an unknown indicator
    assert (one.stdout, one.stderr) == (two.stdout, two.stderr)
    assert "m050.yaml:3:14: error: indicator Z9 is not in the spec" in one.stderr


def test_a_spec_shared_by_many_files_is_loaded_once(folder, monkeypatch):
    loads: list[str] = []
    real = batch.load_spec
    monkeypatch.setattr(batch, "load_spec", lambda path: loads.append(str(path)) or real(path))
    specs = batch.SpecCache()
    outcomes = list(batch.score_sources(batch.find_evidence([many(folder, 20)]), specs=specs, jobs=1))
    assert sum(isinstance(o, batch.ProjectRow) for o in outcomes) == 24
    assert len(loads) == specs.loads == 1


def test_workers_inherit_the_loaded_spec(folder):
    specs = batch.SpecCache()
    list(batch.score_sources(batch.find_evidence([many(folder, 100)]), specs=specs, jobs=2))
    assert specs.loads == 1  # in this process; forked workers find it already in their copy


def test_no_progress_bar_when_stderr_is_not_a_terminal(cli, folder, monkeypatch):
    monkeypatch.setattr(portfolio_cli, "PROGRESS_MIN", 1)
    run = cli("score", folder, "-f", "csv")
    assert run.exit_code == 0
    assert run.stderr == ""


def test_single_file_output_is_unchanged(cli, example):
    run = cli("score", example / "evidence.yaml")
    assert run.stdout.splitlines()[-1].startswith("total: 85.12 of 100, grade 良")
    assert "portfolio" not in run.stdout


def test_examples_folder_is_a_portfolio(cli, example):
    run = cli("score", example.parent)
    assert run.exit_code == 0, run.stderr
    assert "│ 2 │ 2024年长者助餐服务补贴项目   │ 2024 │" in run.stdout
    assert "│ 4 │ 2018年党建服务工作经费项目   │ 2018 │" in run.stdout
    # Layouts that share no first-level columns: each row lists its own, in its spec's order.
    assert "│ 9.35 / 47.57 / 23 / 10  │ 89.92 │ 良   │" in run.stdout
    assert "│ 9 / 27.12 / 49          │ 85.12 │ 良   │" in run.stdout
    assert "grades: 优 1 (25%) · 良 3 (75%) · 中 0 · 差 0" in run.stdout  # with the two 2023 examples


def test_one_layout_gets_a_column_per_first_level_indicator(cli, example, tmp_path):
    for year in ("2018", "2019"):
        (tmp_path / year).mkdir()
        shutil.copy(example / "evidence.yaml", tmp_path / year / "evidence.yaml")
        text = (example / "spec.yaml").read_text(encoding="utf-8")
        (tmp_path / year / "spec.yaml").write_text(text.replace("../../schema", "../../../schema"), encoding="utf-8")
    run = cli("score", tmp_path)
    assert run.exit_code == 0, run.stderr
    header = next(line for line in run.stdout.splitlines() if "项目决策" in line)
    assert "项目管理" in header and "项目绩效" in header and "一级指标得分" not in header


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_long_batch_in_a_terminal_draws_a_bar_and_keeps_messages(monkeypatch):
    terminal = Terminal()
    monkeypatch.setattr(portfolio_cli.sys, "stderr", terminal)
    with portfolio_cli._progress(portfolio_cli.PROGRESS_MIN) as (tick, say):
        for _ in range(portfolio_cli.PROGRESS_MIN):
            tick()
        say("f.yaml:1:1: error: boom [yaml]")
    out = terminal.getvalue()
    assert f"{portfolio_cli.PROGRESS_MIN}/{portfolio_cli.PROGRESS_MIN}" in out
    assert "f.yaml:1:1: error: boom [yaml]" in out


def test_a_short_batch_in_a_terminal_draws_nothing(monkeypatch):
    terminal = Terminal()
    monkeypatch.setattr(portfolio_cli.sys, "stderr", terminal)
    with portfolio_cli._progress(portfolio_cli.PROGRESS_MIN - 1) as (tick, _say):
        tick()
    assert terminal.getvalue() == ""


def test_workers_started_without_fork_score_the_same(folder, monkeypatch):
    # macOS and Windows start workers fresh ("spawn"): they receive the spec cache pickled.
    import multiprocessing

    many(folder, 30)
    sources = batch.find_evidence([folder])
    one = list(batch.score_sources(sources, jobs=1))
    monkeypatch.setattr(batch, "_context", lambda: multiprocessing.get_context("spawn"))
    assert list(batch.score_sources(sources, jobs=2)) == one


def test_a_file_that_would_crash_the_yaml_reader_does_not_stop_the_batch(cli, folder):
    (folder / "p8.yaml").write_text("spec: spec.yaml\nproject: {name: !!int abc}\n", encoding="utf-8")
    run = cli("score", folder, "-f", "csv")
    assert run.exit_code == 1
    assert len(run.stdout.splitlines()) == 1 + len(PROJECTS)
    assert f"{folder.as_posix()}/p8.yaml:2:17: error: invalid YAML: 'abc' is not an integer [yaml]" in run.stderr
