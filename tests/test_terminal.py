"""The terminal: the score table at 80 columns, its marker column and legend, --version, and codes
that are nearly right."""

from __future__ import annotations

import pytest
from conftest import EXAMPLE
from rich.cells import cell_len

from jxpj import __version__, score_file


def rows(stdout: str) -> list[list[str]]:
    return [[c.strip() for c in line.split("│")[1:-1]] for line in stdout.splitlines() if line.startswith("│")]


@pytest.mark.parametrize("columns", [80, 100])
def test_names_are_kept_at_80_columns_and_the_value_gives_way(cli, monkeypatch, columns: int) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    run = cli("score", EXAMPLE / "evidence.yaml")
    assert run.exit_code == 0
    assert max(cell_len(line) for line in run.stdout.splitlines() if line.startswith(("│", "┃", "┏", "└"))) <= columns
    assert "…" not in run.stdout
    names: dict[str, str] = {}
    code = ""
    for row in rows(run.stdout):  # a wrapped name goes on in the next line, which has no code
        code = row[0] or code
        names[code] = names.get(code, "") + row[1].strip()
    result = score_file(EXAMPLE / "evidence.yaml")
    assert names == {n.code: n.name for n in result.walk()}


def test_the_marker_column_has_a_header_and_a_legend(cli) -> None:
    run = cli("score", EXAMPLE / "evidence.yaml")
    header = next(line for line in run.stdout.splitlines() if line.startswith("┃"))
    assert [c.strip() for c in header.split("┃")[1:-1]] == ["代码", "指标", "权重", "业绩值", "得分", "得分率", "标记"]
    assert "标记: J = the evaluator's judgment, − = points deducted" in run.stdout
    assert rows(run.stdout)[0] == ["A", "项目决策", "10", "", "9", "90%", "−"]


def test_version(cli) -> None:
    run = cli("--version")
    assert run.exit_code == 0 and run.stdout == f"jxpj {__version__}\n"


@pytest.mark.parametrize(("typed", "hint"), [("b11", "; did you mean B11?"), ("C111", "; did you mean C11?"), ("zzz", "")])
def test_an_unknown_code_suggests_the_nearest(cli, typed: str, hint: str) -> None:
    run = cli("explain", EXAMPLE / "evidence.yaml", typed)
    assert run.exit_code == 2
    assert run.stderr == f"error: no indicator {typed} in the spec{hint}\n"


def test_explain_shows_the_derived_value(cli) -> None:
    run = cli("explain", EXAMPLE / "evidence.yaml", "C11")
    assert "  业绩值: 100%" in run.stdout
