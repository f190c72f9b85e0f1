"""jxpj report and jxpj templates export on the command line: outputs, overrides, errors, atomicity."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile

import pytest
from conftest import EXAMPLE, ROOT
from test_report import copy_example

GOLDEN_REPORT = (EXAMPLE / "report.md").read_text(encoding="utf-8")


def test_report_into_a_new_folder_writes_all_three_files(cli, tmp_path):
    out = tmp_path / "out" / "nested"
    result = cli("report", EXAMPLE / "evidence.yaml", "-o", out)
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["report.md", "summary.csv", "summary.md"]
    assert (out / "report.md").read_text(encoding="utf-8") == GOLDEN_REPORT
    assert (out / "summary.csv").read_bytes() == (EXAMPLE / "summary.csv").read_bytes()
    assert "(total 85.12, grade 良)" in result.stdout
    assert result.stderr == ""  # the example writes every narrative section


def test_report_to_a_named_file_puts_the_summaries_beside_it(cli, tmp_path):
    result = cli("report", EXAMPLE / "evidence.yaml", "-o", tmp_path / "2018.md")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2018.md", "2018.summary.csv", "2018.summary.md"]


def test_report_defaults_to_the_evidence_folder(cli, tmp_path):
    evidence = copy_example(tmp_path)
    assert cli("report", evidence).exit_code == 0
    assert (tmp_path / "report.md").read_text(encoding="utf-8") == GOLDEN_REPORT


def test_output_that_is_an_existing_file_is_a_usage_error(cli, tmp_path):
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    result = cli("report", EXAMPLE / "evidence.yaml", "-o", tmp_path / "notes.txt")
    assert result.exit_code == 2 and "is a file" in result.stderr


def test_missing_evidence_and_missing_templates_folder_exit_2(cli, tmp_path):
    assert cli("report", tmp_path / "nope.yaml").exit_code == 2
    result = cli("report", EXAMPLE / "evidence.yaml", "--templates", tmp_path / "nope", "-o", tmp_path)
    assert result.exit_code == 2 and "no such templates folder" in result.stderr


def test_missing_sections_are_named_on_stderr_and_strict_fails(cli, tmp_path):
    evidence = copy_example(tmp_path, lambda t: t.split("\nnarrative:")[0] + "\n")
    result = cli("report", evidence, "-o", tmp_path / "out")
    assert result.exit_code == 0
    assert result.stderr.startswith("left out (no text in the evidence's narrative): opening, abstract_overview,")
    result = cli("report", evidence, "-o", tmp_path / "strict", "--strict")
    assert result.exit_code == 1
    assert f"{evidence.as_posix()}:2:1: error: narrative section 'opening' (正文开篇（委托与依据）) is missing" in result.stderr
    assert "27 problems found" in result.stderr
    assert not (tmp_path / "strict").exists()


# ---- templates ------------------------------------------------------------------------------


def test_a_user_template_shadows_one_default_file(cli, tmp_path):
    mine = tmp_path / "mine"
    (mine / "partials").mkdir(parents=True)
    (mine / "partials" / "signature.md.j2").write_text("\n（签章）{{ project.evaluator }} · 总分{{ total.score }}\n", encoding="utf-8")
    result = cli("report", EXAMPLE / "evidence.yaml", "--templates", mine, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    report = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert report.split("\n## 附件")[0].endswith("（签章）上海中佳永信会计师事务所有限公司 · 总分85.12\n")
    assert report.split("（签章）")[0].rstrip() == GOLDEN_REPORT.split("\n---\n")[0].rstrip()
    assert (tmp_path / "out" / "summary.md").read_bytes() == (EXAMPLE / "summary.md").read_bytes()


def test_exported_templates_reproduce_the_default_report(cli, tmp_path):
    result = cli("templates", "export", tmp_path / "t")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "t" / "report.md.j2").is_file() and (tmp_path / "t" / "partials" / "first_level.md.j2").is_file()
    assert cli("report", EXAMPLE / "evidence.yaml", "--templates", tmp_path / "t", "-o", tmp_path / "out").exit_code == 0
    assert (tmp_path / "out" / "report.md").read_text(encoding="utf-8") == GOLDEN_REPORT
    again = cli("templates", "export", tmp_path / "t")
    assert again.exit_code == 2 and "--force" in again.stderr
    assert cli("templates", "export", tmp_path / "t", "--force").exit_code == 0


@pytest.mark.parametrize(
    ("name", "text", "where", "message"),
    [
        ("report.md.j2", "# {{ project.title }}\n\n{{ no_such_name }}\n", "report.md.j2:3:1", "'no_such_name' is undefined"),
        ("report.md.j2", "# title\n{% if %}\n", "report.md.j2:2:1", "Expected an expression"),
        ("partials/signature.md.j2", "签章\n\n{{ project.no_such_field }}\n", "partials/signature.md.j2:3:1", "no_such_field"),
        ("report.md.j2", "{{ total.score }}\n{{ ''.__class__.__mro__ }}\n", "report.md.j2:2:1", "unsafe"),
        ("report.md.j2", "{% include 'partials/nope.md.j2' %}\n", "report.md.j2:1:1", "'partials/nope.md.j2' not found"),
    ],
    ids=["undefined", "syntax", "in-a-partial", "sandbox", "missing-include"],
)
def test_a_template_error_names_the_template_file_and_line(cli, tmp_path, name, text, where, message):
    mine = tmp_path / "mine"
    (mine / name).parent.mkdir(parents=True, exist_ok=True)
    (mine / name).write_text(text, encoding="utf-8")
    result = cli("report", EXAMPLE / "evidence.yaml", "--templates", mine, "-o", tmp_path / "out")
    assert result.exit_code == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{(mine / where.split(':')[0]).as_posix()}:{where.split(':', 1)[1]}: error: "), first
    assert message in first and first.endswith("[template]")
    assert not (tmp_path / "out").exists()


# ---- atomic writes ---------------------------------------------------------------------------


def test_a_failed_render_leaves_the_previous_report_intact(cli, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "report.md").write_text("previous report\n", encoding="utf-8")
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "summary.md.j2").write_text("{{ broken", encoding="utf-8")
    result = cli("report", EXAMPLE / "evidence.yaml", "--templates", mine, "-o", out)
    assert result.exit_code == 1
    assert [p.name for p in out.iterdir()] == ["report.md"]
    assert (out / "report.md").read_text(encoding="utf-8") == "previous report\n"


def test_a_failed_write_leaves_no_partial_file(cli, tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    for name in ("report.md", "summary.md", "summary.csv"):
        (out / name).write_text(f"previous {name}\n", encoding="utf-8")
    real = tempfile.mkstemp
    calls = []

    def failing_mkstemp(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:  # the disk fills up while staging the third file
            raise OSError(28, "No space left on device")
        return real(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", failing_mkstemp)
    result = cli("report", EXAMPLE / "evidence.yaml", "-o", out)
    assert result.exit_code == 2 and "No space left on device" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["report.md", "summary.csv", "summary.md"]
    for name in ("report.md", "summary.md", "summary.csv"):
        assert (out / name).read_text(encoding="utf-8") == f"previous {name}\n"


def test_written_files_are_ordinary_readable_files(cli, tmp_path):
    assert cli("report", EXAMPLE / "evidence.yaml", "-o", tmp_path).exit_code == 0
    mode = (tmp_path / "report.md").stat().st_mode & 0o777
    assert mode & 0o044 == 0o044 or os.name == "nt"


# ---- import cost -----------------------------------------------------------------------------


def test_jinja_is_not_imported_by_score_or_help():
    code = "import sys, jxpj.cli, jxpj; print('jinja2' in sys.modules)"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip() == "False"


def test_help_lists_the_report_commands(cli):
    out = cli("--help").stdout
    assert "report" in out and "templates" in out
    assert "--strict" in cli("report", "--help").stdout
