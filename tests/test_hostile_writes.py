"""Writes under attack (issue 16, item 5): never through a symbolic link, whole sets, no temporary
file left behind, even after ``kill -9``.

Each command that writes is pointed at a symbolic link planted where its output goes; the link
must be replaced by the output, and the file it pointed at (outside the output folder) must keep
its bytes. The kill tests run a writer in a child process that kills itself at the worst moment.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import EXAMPLE, ROOT

from jxpj.errors import UsageError
from jxpj.files import exists, is_dir, is_file, recover, shown, unreadable, write_file, write_files

SECRET = b"outside the output folder: must never change\n"


@pytest.fixture
def outside(tmp_path) -> Path:
    target = tmp_path / "outside" / "precious.txt"
    target.parent.mkdir()
    target.write_bytes(SECRET)
    return target


def plant(link: Path, target: Path) -> Path:
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(target)
    return link


def replaced(link: Path, target: Path) -> None:
    assert not link.is_symlink(), f"{link} still a link"
    assert link.is_file()
    assert target.read_bytes() == SECRET


def test_the_writer_replaces_a_link_and_never_follows_it(tmp_path, outside):
    link = plant(tmp_path / "out" / "r.md", outside)
    write_file(link, b"report\n")
    replaced(link, outside)
    assert link.read_bytes() == b"report\n"
    dangling = plant(tmp_path / "out" / "d.md", tmp_path / "nowhere" / "x")
    write_file(dangling, b"x")
    assert dangling.is_file() and not dangling.is_symlink() and not (tmp_path / "nowhere").exists()


def test_review_output_onto_a_link(cli, tmp_path, outside):
    link = plant(tmp_path / "r.md", outside)
    run = cli("review", EXAMPLE / "evidence.yaml", "-o", link)
    assert run.exit_code in (0, 1), run.stderr
    replaced(link, outside)
    assert "复核" in link.read_text(encoding="utf-8")


def test_report_onto_links(cli, tmp_path, outside):
    out = tmp_path / "out"
    for name in ("report.md", "summary.md", "summary.csv"):
        plant(out / name, outside)
    assert cli("report", EXAMPLE / "evidence.yaml", "-o", out).exit_code == 0
    for name in ("report.md", "summary.md", "summary.csv"):
        replaced(out / name, outside)


def test_charts_onto_links(cli, tmp_path, outside):
    pytest.importorskip("matplotlib")
    out = tmp_path / "out"
    links = [plant(out / "charts" / name, outside) for name in ("budget_execution.png", "score_rates.png")]
    run = cli("report", EXAMPLE / "evidence.yaml", "-o", out, "--charts")
    assert run.exit_code == 0, run.stderr
    for link in links:
        replaced(link, outside)
        assert link.read_bytes().startswith(b"\x89PNG")
    assert not list(out.rglob(".*tmp*"))


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_office_files_onto_links(cli, tmp_path, outside, fmt):
    pytest.importorskip("openpyxl" if fmt == "xlsx" else "docx")
    link = plant(tmp_path / f"out.{fmt}", outside)
    assert cli("report", EXAMPLE / "evidence.yaml", "--format", fmt, "-o", link).exit_code == 0
    replaced(link, outside)


def test_init_force_onto_a_linked_spec(cli, tmp_path, outside):
    folder = tmp_path / "eval"
    link = plant(folder / "spec.yaml", outside)
    run = cli("init", folder, "--framework", "shanghai-project", "--force")
    assert run.exit_code == 0, run.stderr
    replaced(link, outside)
    assert "extends: shanghai-project" in link.read_text(encoding="utf-8")


def test_portfolio_outputs_onto_links(cli, tmp_path, outside):
    folder = tmp_path / "projects"
    for name in ("a", "b"):
        (folder / name).mkdir(parents=True)
        shutil.copy(EXAMPLE / "evidence.yaml", folder / name / "evidence.yaml")
        shutil.copy(EXAMPLE / "spec.yaml", folder / name / "spec.yaml")
    out = tmp_path / "out"
    link = plant(out / "portfolio.md", outside)
    inner = plant(out / "a" / "report.md", outside)
    run = cli("report", folder, "-o", out)
    assert run.exit_code == 0, run.stderr
    replaced(link, outside)
    replaced(inner, outside)


# ---- whole sets, nothing left behind ----------------------------------------------------------


CHILD = textwrap.dedent("""\
    import os, signal, sys
    from pathlib import Path
    sys.path.insert(0, {src!r})
    import jxpj.files as files
    folder = Path(sys.argv[1])
    moment = sys.argv[2]
    real_replace = os.replace
    renamed = []
    def replace(src, dst):
        real_replace(src, dst)
        renamed.append(dst)
        if moment == "renaming" and Path(dst) == folder / "report.md":  # the first of the set
            os.kill(os.getpid(), signal.SIGKILL)
    os.replace = replace
    def stage(tmp):
        Path(tmp).write_bytes(b"new summary.csv\\n")
        if moment == "staging":
            os.kill(os.getpid(), signal.SIGKILL)
    files.write_files({{
        folder / "report.md": b"new report.md\\n",
        folder / "summary.md": b"new summary.md\\n",
        folder / "summary.csv": stage,
    }})
""")


def _killed_writer(folder: Path, moment: str) -> None:
    script = CHILD.format(src=str(ROOT / "src"))
    done = subprocess.run([sys.executable, "-c", script, str(folder), moment], capture_output=True, timeout=60)
    assert done.returncode == -9, done.stderr.decode()


def _old_set(folder: Path) -> None:
    folder.mkdir()
    for name in ("report.md", "summary.md", "summary.csv"):
        (folder / name).write_bytes(f"old {name}\n".encode())


def _contents(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.iterdir())}


def test_a_kill_while_staging_leaves_the_old_set_and_the_next_write_cleans_up(tmp_path):
    folder = tmp_path / "out"
    _old_set(folder)
    _killed_writer(folder, "staging")
    left = [p.name for p in folder.iterdir() if ".tmp." in p.name]
    assert len(left) == 3  # killed: it could not clean up
    assert {k: v for k, v in _contents(folder).items() if ".tmp." not in k} == {f"{n}": f"old {n}\n" for n in ("report.md", "summary.csv", "summary.md")}
    recover(folder)
    assert _contents(folder) == {n: f"old {n}\n" for n in ("report.md", "summary.csv", "summary.md")}


def test_a_kill_between_renames_is_completed_by_the_next_write(tmp_path):
    folder = tmp_path / "out"
    _old_set(folder)
    _killed_writer(folder, "renaming")
    mixed = {k: v for k, v in _contents(folder).items() if not k.startswith(".")}
    assert mixed["report.md"] == "new report.md\n" and mixed["summary.md"] == "old summary.md\n"  # killed mid-set
    write_file(folder / "other.txt", b"anything\n")  # the next write into the folder
    assert _contents(folder) == {
        "other.txt": "anything\n",
        "report.md": "new report.md\n",
        "summary.csv": "new summary.csv\n",
        "summary.md": "new summary.md\n",
    }


def test_recovery_touches_only_its_own_files(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    keep = ["notes.tmp.txt", ".report.md.tmp.old", "report.md.tmp.99999999.abc", ".x.tmp.1.abc"]
    for name in keep:
        (folder / name).write_text("user's", encoding="utf-8")
    alive = folder / f".report.md.tmp.{os.getpid()}.abcdefgh.md"  # a write of this very process
    alive.write_text("in progress", encoding="utf-8")
    dead = folder / ".report.md.tmp.99999999.abcdefgh.md"
    dead.write_text("stale", encoding="utf-8")
    recover(folder)
    names = {p.name for p in folder.iterdir()}
    assert dead.name not in names
    assert alive.name in names
    # `.x.tmp.1.abc`: pid 1 is alive (init), so it is left; the others are not of our pattern
    assert set(keep) <= names


def test_a_planted_journal_moves_nothing_out_of_its_folder(tmp_path, outside):
    folder = tmp_path / "out"
    folder.mkdir()
    victim = folder / ".precious.txt.tmp.99999999.abcdefgh"
    victim.write_bytes(b"planted")
    journal = folder / ".jxpj-set.99999999.abcdefgh"
    journal.write_text(f'[["{victim}", "{outside}"], ["/etc/passwd", "{folder / "x"}"]]', encoding="utf-8")
    recover(folder)
    assert outside.read_bytes() == SECRET
    assert not journal.exists()
    assert not (folder / "x").exists()


def test_a_failed_writer_leaves_no_temporary_file(tmp_path):
    folder = tmp_path / "out"

    def broken(_tmp):
        raise OSError(28, "No space left on device")

    with pytest.raises(UsageError, match="No space left on device"):
        write_files({folder / "a.md": b"a", folder / "b.png": broken})
    assert list(folder.iterdir()) == []


# ---- the probes answer for any path ----------------------------------------------------------


def test_probes_never_raise(tmp_path):
    long = tmp_path / ("a" * 300)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert (exists(long), is_dir(long), is_file(long)) == (False, False, False)
    assert unreadable(long) == "has a name too long for the file system"
    assert unreadable(tmp_path / "missing") == "not found"
    assert unreadable(tmp_path) == "is a folder"
    assert unreadable(fifo) == "is not a regular file (a pipe or a device)"
    assert unreadable("a\x00b") == "not found"
    assert shown("x" * 1000).count("x") == 99 and "…" in shown("x" * 1000)


# ---- item 6: evidence text is never a formula in a spreadsheet -----------------------------------

INJECTED = {
    "project": '=HYPERLINK("http://evil.example","点此")',
    "line": "=cmd|' /C calc'!A0",
    "value": "+1+1",
    "unit": "-2+3",
}


@pytest.fixture
def injected(tmp_path) -> Path:
    text = (EXAMPLE / "evidence.yaml").read_text(encoding="utf-8")
    text = text.replace("name: 2018年党建服务工作经费项目", f"name: '{INJECTED['project'].replace(chr(39), chr(39) * 2)}'", 1)
    text = text.replace("{name: 各类专题专业培训,", f"{{name: \"{INJECTED['line']}\",", 1)
    text = text.replace("    value: 适应", f"    value: '{INJECTED['value']}'", 1)
    text = text.replace("unit: 上海市党建服务中心", f"unit: '{INJECTED['unit']}'", 1)
    text = text.replace("    value: 充分", "    value: '-5'", 1)
    path = tmp_path / "evidence.yaml"
    path.write_text(text, encoding="utf-8")
    shutil.copy(EXAMPLE / "spec.yaml", tmp_path / "spec.yaml")
    return path


def test_score_xlsx_keeps_evidence_text_as_text(cli, injected):
    openpyxl = pytest.importorskip("openpyxl")
    out = injected.parent / "score.xlsx"
    run = cli("report", injected, "--format", "xlsx", "-o", out)
    assert run.exit_code == 0, run.stderr
    book = openpyxl.load_workbook(out)
    texts = {c.value: c.data_type for ws in book.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    for name in ("line", "value"):
        assert texts[INJECTED[name]] == "s", name
    assert any(v.startswith(INJECTED["project"]) and t == "s" for v, t in texts.items())
    formulas = [v for v, t in texts.items() if t == "f"]
    assert formulas and all(v.startswith(("=SUM(", "=IF(", "=ROUND(")) for v in formulas)  # jxpj's own, live


def _csv_cells(path: Path) -> list[str]:
    import csv

    with path.open(encoding="utf-8-sig", newline="") as stream:
        return [c for row in csv.reader(stream) for c in row]


def test_summary_csv_keeps_evidence_text_as_text(cli, injected):
    assert cli("report", injected, "-o", injected.parent / "out").exit_code == 0
    cells = _csv_cells(injected.parent / "out" / "summary.csv")
    assert "'" + INJECTED["value"] in cells and INJECTED["value"] not in cells
    assert "-5" in cells  # a plain signed number is no formula: left alone
    assert not [c for c in cells if c.startswith(("=", "+", "@")) or (c.startswith("-") and c != "-5")]


def test_portfolio_csv_keeps_evidence_text_as_text(cli, injected):
    run = cli("score", injected, injected, "--format", "csv")
    assert run.exit_code == 0, run.stderr
    out = injected.parent / "p.csv"
    out.write_text(run.stdout, encoding="utf-8")
    cells = _csv_cells(out)
    assert "'" + INJECTED["project"] in cells and "'" + INJECTED["unit"] in cells
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@"))]


def test_the_entry_workbook_keeps_spec_text_as_text(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    from jxpj.load import load_spec
    from jxpj.office.entry.write import write_entry_workbook

    spec = tmp_path / "spec.yaml"
    spec.write_text((EXAMPLE / "spec.yaml").read_text(encoding="utf-8").replace("name: 项目立项", "name: '=1+1'", 1), encoding="utf-8")
    book = openpyxl.load_workbook(write_entry_workbook(load_spec(spec), tmp_path / "e.xlsx", spec_ref="spec.yaml", project="=A1"))
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=")]
    assert cells and all(c.data_type == "s" for c in cells)


@pytest.mark.parametrize(
    ("text", "shown"),
    [("=1+1", "'=1+1"), ("+cmd", "'+cmd"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"),
     ("-5", "-5"), ("+84.05%", "+84.05%"), ("-1,200.50", "-1,200.50"), ("适应", "适应"), ("", "")],
)
def test_csv_text(text, shown):
    from jxpj.office.entry.cells import csv_text

    assert csv_text(text) == shown
