"""Hostile and careless input, second round (issue 16): each reproducer of the red-team pass, pinned.

Every case must end in a located message or the right number, within a second or two, with no
traceback and no file written outside the output folder. The CLI runs in-process with
``catch_exceptions=False``, so a traceback fails the test as itself; a hang is cut by an alarm.
"""

from __future__ import annotations

import os
import shutil
import signal
import time
import zipfile
from pathlib import Path

import pytest
from conftest import EXAMPLE

from jxpj.errors import ProblemsError

NAME_MAX = 255
LONG = "a" * 300  # one path component longer than any file system allows
QUICK = 5.0  # seconds: "within a second or two", with room for a loaded machine


class Hang(Exception):
    pass


@pytest.fixture
def alarm():
    """Fail a test that blocks (a FIFO opened for reading waits for a writer forever)."""

    def ring(_signum, _frame):
        raise Hang("jxpj blocked")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the 2018 example: spec, evidence and report."""
    for name in ("spec.yaml", "evidence.yaml", "report.md"):
        shutil.copy(EXAMPLE / name, tmp_path / name)
    return tmp_path


def timed(cli, *args):
    start = time.perf_counter()
    run = cli(*args)
    assert time.perf_counter() - start < QUICK, f"took {time.perf_counter() - start:.1f}s"
    return run


def evidence_with_spec(folder: Path, spec: str) -> Path:
    text = (folder / "evidence.yaml").read_text(encoding="utf-8").replace("spec: spec.yaml", f"spec: {spec}")
    path = folder / "other.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# ---- item 3: tracebacks on names too long for the file system -----------------------------------


def test_an_extends_too_long_is_a_located_problem(cli, tmp_path):
    for ref in (f"{LONG}.yaml", LONG):  # a path, and what looks like a framework's name
        spec = tmp_path / "spec.yaml"
        spec.write_text(f"extends: {ref}\n", encoding="utf-8")
        run = timed(cli, "check", spec)
        assert run.exit_code == 1
        assert f"{spec.as_posix()}:1:10: error: " in run.stdout
        assert "[extends]" in run.stdout


@pytest.mark.parametrize("command", ["check", "score"])
def test_an_evidence_spec_too_long_is_a_located_problem(cli, project, command):
    evidence = evidence_with_spec(project, f"{LONG}.yaml")
    run = timed(cli, command, evidence)
    assert run.exit_code == 1
    out = run.stdout + run.stderr
    assert f"{evidence.as_posix()}:2:7: error: spec file " in out
    assert "has a name too long for the file system; spec: is relative to this file [spec-path]" in out
    assert "a" * 101 not in out  # the name is cut in the middle, not echoed whole


@pytest.mark.parametrize(
    "args",
    [
        ("report", "{e}", "-o", f"{LONG}.md"),
        ("report", "{e}", "-o", LONG),
        ("report", "{e}", "-o", f"sub/{LONG}/deeper"),
        ("report", "{e}", "--format", "xlsx", "-o", f"{LONG}.xlsx"),
        ("report", "{e}", "--format", "docx", "-o", LONG),
        ("review", "{e}", "-o", f"{LONG}.md"),
    ],
    ids=["report-md", "report-folder", "report-deep", "xlsx", "docx", "review"],
)
def test_an_output_name_too_long_is_a_usage_error(cli, project, monkeypatch, args):
    monkeypatch.chdir(project)
    if args[0] == "review":
        pytest.importorskip("openpyxl")
    run = timed(cli, *(a.replace("{e}", "evidence.yaml") for a in args))
    assert run.exit_code == 2, run.stderr
    assert run.stderr.startswith("error: cannot write ")
    assert run.stderr.rstrip().endswith(": File name too long")


def test_init_into_a_name_too_long_is_a_usage_error(cli, tmp_path):
    run = timed(cli, "init", tmp_path / LONG, "--framework", "shanghai-project")
    assert run.exit_code == 2
    assert run.stderr.rstrip().endswith(": File name too long")


# ---- item 3: init where nothing can be written -----------------------------------------------


def test_init_under_a_regular_file_is_a_usage_error(cli, tmp_path):
    # Tests run as root, where a read-only folder does not stop a write; a path under a regular
    # file stops everyone (ENOTDIR), so this is the folder-cannot-be-written case that binds.
    (tmp_path / "plain").write_text("x", encoding="utf-8")
    run = timed(cli, "init", tmp_path / "plain" / "eval", "--framework", "shanghai-project")
    assert run.exit_code == 2
    assert run.stderr == f"error: cannot write {(tmp_path / 'plain' / 'eval').as_posix()}: Not a directory\n"


def test_init_into_a_read_only_folder_is_a_usage_error(cli, tmp_path, monkeypatch):
    # The same refusal as the operating system gives a user without root, simulated where it
    # cannot be produced for real (root ignores the permission bits).
    import tempfile

    def refuse(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    run = timed(cli, "init", tmp_path / "eval", "--framework", "shanghai-project")
    assert run.exit_code == 2
    assert run.stderr.startswith("error: cannot write ")
    assert run.stderr.rstrip().endswith("spec.yaml: Permission denied")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder: the permission does not bind")
def test_init_into_a_really_read_only_folder(cli, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        run = timed(cli, "init", folder / "eval", "--framework", "shanghai-project")
    finally:
        folder.chmod(0o755)
    assert run.exit_code == 2
    assert "Permission denied" in run.stderr


# ---- item 3: COLUMNS that is not a width ------------------------------------------------------


@pytest.mark.parametrize("columns", ["abc", "", "0", "-5", "99999999999", "８０"])
def test_columns_that_is_not_a_width_is_ignored(cli, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", columns)
    run = timed(cli, "score", EXAMPLE / "evidence.yaml")
    assert run.exit_code == 0
    assert "total: 85.12 of 100, grade 良" in run.stdout


# ---- item 3: damaged workbooks ----------------------------------------------------------------


def _workbook(tmp_path: Path, change) -> Path:
    """The jxpj evidence workbook of the example's spec, with its first sheet's XML changed."""
    pytest.importorskip("openpyxl")
    from test_office_entry import SPEC

    from jxpj.office.entry.write import write_entry_workbook

    good = write_entry_workbook(SPEC, tmp_path / "good.xlsx", spec_ref="spec.yaml")
    with zipfile.ZipFile(good) as source:
        entries = [(i.filename, source.read(i)) for i in source.infolist()]
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in entries:
            target.writestr(name, change(data) if name == "xl/worksheets/sheet1.xml" else data)
    return bad


BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
    + b"".join(b'<!ENTITY %c "%s">' % (98 + i, (b"&%c;" % (97 + i)) * 10) for i in range(8))
    + b"]>"
)
DAMAGE = {
    "truncated sheet": (lambda d: d[: len(d) // 2], "1:1: error: not a readable Excel workbook (.xlsx): unclosed token"),
    "entity bomb": (lambda d: BOMB + d.split(b"?>", 1)[-1].replace(b"<t>", b"<t>&i;", 1), "1:1: error: xl/worksheets/sheet1.xml declares a DOCTYPE"),
    "row number overflow": (lambda d: d.replace(b'r="A2"', b'r="A99999999999999999999999"', 1), "1048576:4: error: 项目信息!D1048576: the sheet reaches row 99,999,999,999,999,999,999,999"),
    "last row of Excel": (lambda d: d.replace(b'r="A2"', b'r="A1048576"', 1), "1048576:4: error: 项目信息!D1048576: the sheet reaches row 1,048,576; jxpj reads at most 10,000 rows"),
    "not a zip": (lambda d: d, None),
}


@pytest.mark.parametrize(("change", "message"), list(DAMAGE.values()), ids=list(DAMAGE))
@pytest.mark.parametrize("command", ["score", "check"])
def test_a_damaged_workbook_is_a_located_problem(cli, tmp_path, change, message, command):
    book = _workbook(tmp_path, change)
    if message is None:
        book.write_bytes(b"PK\x03\x04 not really a zip")
        message = "1:1: error: not a readable Excel workbook (.xlsx): File is not a zip file"
    run = timed(cli, command, book)
    assert run.exit_code == 1
    assert f"{book.as_posix()}:{message}" in run.stdout + run.stderr


def test_a_workbook_that_unpacks_large_is_refused_quickly(cli, tmp_path):
    rows = b"".join(b'<row r="%d"><c r="D%d" t="inlineStr"><is><t>%s</t></is></c></row>' % (i, i, b"x" * 40) for i in range(100, 30_100))
    book = _workbook(tmp_path, lambda d: d.replace(b"</sheetData>", rows + b"</sheetData>"))
    run = timed(cli, "score", book)
    assert run.exit_code == 1
    assert f"{book.as_posix()}:1:1: error: the workbook has 30,954 cells" in run.stderr
    assert "jxpj reads at most 20,000" in run.stderr


def test_a_workbook_of_more_than_ten_mebibytes_unpacked_is_refused(cli, tmp_path):
    padding = b"<!-- " + b"x" * (11 * 1024 * 1024) + b" -->"
    book = _workbook(tmp_path, lambda d: d.replace(b"</worksheet>", padding + b"</worksheet>"))
    run = timed(cli, "score", book)
    assert run.exit_code == 1
    assert "the workbook unpacks to 11,6" in run.stderr
    assert "jxpj reads at most 10,485,760 [workbook]" in run.stderr


# ---- item 4: FIFOs block nobody ---------------------------------------------------------------


@pytest.fixture
def fifos(project) -> Path:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this system")
    for name in ("pipe.yaml", "pipe.xlsx", "pipe.md"):
        os.mkfifo(project / name)
    (project / "folder").mkdir()
    shutil.copy(project / "evidence.yaml", project / "folder" / "evidence.yaml")
    shutil.copy(project / "spec.yaml", project / "folder" / "spec.yaml")
    os.mkfifo(project / "folder" / "inside.yaml")
    evidence_with_spec(project, "pipe.yaml")
    (project / "base.yaml").write_text("extends: pipe.yaml\n", encoding="utf-8")
    return project


NOT_REGULAR = "not a regular file (a pipe or a device); give a file"
FIFO_CASES = {
    "score FIFO": (("score", "pipe.yaml"), 2, f"error: pipe.yaml: {NOT_REGULAR}"),
    "score workbook FIFO": (("score", "pipe.xlsx"), 2, f"error: pipe.xlsx: {NOT_REGULAR}"),
    "--spec FIFO": (("score", "evidence.yaml", "--spec", "pipe.yaml"), 2, f"error: pipe.yaml: {NOT_REGULAR}"),
    "spec: FIFO": (("score", "other.yaml"), 1, "other.yaml:2:7: error: spec file pipe.yaml is not a regular file (a pipe or a device)"),
    "check spec: FIFO": (("check", "other.yaml"), 1, "other.yaml:2:7: error: spec file pipe.yaml is not a regular file (a pipe or a device)"),
    "extends: FIFO": (("check", "base.yaml"), 1, f"base.yaml:1:10: error: pipe.yaml: {NOT_REGULAR} [extends]"),
    "check folder": (("check", "folder"), 0, "2 files checked"),
    "score folder": (("score", "folder"), 0, "85.12"),
    "report folder": (("report", "folder", "-o", "out"), 0, "wrote 1 report"),
    "explain FIFO": (("explain", "pipe.yaml", "A11"), 2, f"error: pipe.yaml: {NOT_REGULAR}"),
    "diff FIFO": (("diff", "pipe.yaml", "evidence.yaml"), 2, f"error: pipe.yaml: {NOT_REGULAR}"),
    "report FIFO": (("report", "pipe.yaml"), 2, f"error: pipe.yaml: {NOT_REGULAR}"),
    "review FIFO": (("review", "pipe.yaml"), 2, f"error: pipe.yaml: {NOT_REGULAR}"),
    "check FIFO": (("check", "pipe.yaml"), 2, f"error: pipe.yaml: {NOT_REGULAR}"),
}


@pytest.mark.parametrize(("args", "code", "message"), list(FIFO_CASES.values()), ids=list(FIFO_CASES))
def test_a_fifo_blocks_no_command(cli, fifos, monkeypatch, alarm, args, code, message):
    monkeypatch.chdir(fifos)
    run = timed(cli, *args)
    assert message in run.stdout + run.stderr
    assert run.exit_code == code, run.stdout + run.stderr


# ---- item 4 and 8: templates cannot hang rendering or change what another template sees ---------

TEMPLATE_ATTACKS = {
    # folded at compile time by Jinja: hung before rendering even started
    "power tower": ("{{ 9**(9**9) }}", "9 ** 387420489 is too large a number for a template"),
    "nested ranges": ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", "range() was asked for more than 1,000,000 numbers"),
    "repeated text": ("{{ 'x' * 100000000 }}", "repeating 1 characters or items 100,000,000 times"),
    "repeated list": ("{{ ([1] * 10000000)|length }}", "repeating 1 characters or items 10,000,000 times"),
    "wide format": ("{{ '%0999999999d' % 1 }}", "a format field of 10,000 characters or more"),
    "wide format method": ("{{ '{:999999999}'.format(1) }}", "a format field of 10,000 characters or more"),
    "width from an argument": ("{{ '{:{}}'.format(1, 999999999) }}", "a format field of 10,000 characters or more"),
    "center method": ("{{ 'x'.center(999999999) }}", "center() of 999,999,999 is too large"),
    "center filter": ("{{ 'x'|center(999999999) }}", "center() of 999,999,999 is too large"),
    "indent filter": ("{{ 'x'|indent(999999999) }}", "indent() of 999,999,999 is too large"),
    "batch filter": ("{{ [1]|batch(999999999, 0)|list|length }}", "batch() of 999,999,999 is too large"),
    "replace growth": ("{{ ('a' * 100000)|replace('a', 'a' * 1000) }}", "replace() would make 100,000,000 characters"),
    "big product": ("{{ (10 ** 2000) * (10 ** 2000) }}", "the product is too large a number for a template"),
    "output bomb": ("{% for i in range(1000000) %}{{ 'x' * 1000 }}{% endfor %}", "the rendered text is over 52,428,800 characters"),
    # the shared context: summary.md showed 99.99/优 beside the CLI's 85.12/良
    "mutate the context": ("{% set _ = total.update({'score': '99.99', 'grade': '优'}) %}report", "access to attribute 'update' of 'dict' object is unsafe"),
    "append to a list": ("{% set _ = summary_rows.append(1) %}report", "access to attribute 'append' of 'list' object is unsafe"),
}


@pytest.mark.parametrize(("text", "message"), list(TEMPLATE_ATTACKS.values()), ids=list(TEMPLATE_ATTACKS))
def test_a_hostile_template_is_a_located_problem_within_seconds(cli, tmp_path, text, message):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "report.md.j2").write_text("# title\n\n" + text + "\n", encoding="utf-8")
    out = tmp_path / "out"
    run = timed(cli, "report", EXAMPLE / "evidence.yaml", "--templates", mine, "-o", out)
    assert run.exit_code == 1, run.stdout + run.stderr
    assert f"{(mine / 'report.md.j2').as_posix()}:3:1: error: " in run.stderr
    assert message in run.stderr
    assert "[template]" in run.stderr
    assert not out.exists()  # nothing written: a report's files are one set


def test_the_summary_shows_the_cli_total_whatever_the_report_template_does(cli, tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "report.md.j2").write_text("{{ total.score }} {{ total.grade }}\n", encoding="utf-8")
    assert timed(cli, "report", EXAMPLE / "evidence.yaml", "--templates", mine, "-o", tmp_path / "out").exit_code == 0
    assert "总分85.12分（满分100分），得分率85.12%，绩效评价等级为“良”。" in (tmp_path / "out" / "summary.md").read_text(encoding="utf-8")


def test_the_bounds_leave_ordinary_template_work_alone(cli, tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    text = "{{ 2 ** 10 }} {{ '-' * 40 }} {{ '%05d' % 42 }} {{ '{:>8}'.format('x') }} {{ 'ab'|center(6) }} {{ range(3)|list|length }} {{ ([0] * 3)|length }}\n"
    (mine / "report.md.j2").write_text(text, encoding="utf-8")
    assert timed(cli, "report", EXAMPLE / "evidence.yaml", "--templates", mine, "-o", tmp_path / "out").exit_code == 0
    assert (tmp_path / "out" / "report.md").read_text(encoding="utf-8") == f"1024 {'-' * 40} 00042        x   ab   3 3\n"


def test_loops_the_sandbox_cannot_see_are_stopped_by_the_clock(tmp_path, monkeypatch):
    from jxpj.report import sandbox
    from jxpj.report.render import environment, render

    monkeypatch.setattr(sandbox, "MAX_SECONDS", 0.5)
    mine = tmp_path / "mine"
    mine.mkdir()
    loops = "{% for a in rows %}" * 6 + "{% endfor %}" * 6  # 60**6 iterations, none visible to the sandbox
    (mine / "report.md.j2").write_text(loops + "\n", encoding="utf-8")
    start = time.perf_counter()
    with pytest.raises(ProblemsError) as caught:
        render(environment(mine), "report.md.j2", {"rows": list(range(60))})
    assert time.perf_counter() - start < QUICK
    (problem,) = caught.value.problems
    assert (problem.path, problem.check) == ((mine / "report.md.j2").as_posix(), "template")
    assert "rendering took more than" in problem.message


# ---- item 4: --jobs and long values in tables --------------------------------------------------


def test_jobs_are_capped_at_the_usable_cores_and_the_cli_says_so(cli, project, monkeypatch):
    from jxpj.portfolio import batch

    monkeypatch.setattr(batch, "usable_cores", lambda: 2)
    started = []
    real = batch.ProcessPoolExecutor

    def pool(workers, **kwargs):
        started.append(workers)
        return real(workers, **kwargs)

    monkeypatch.setattr(batch, "ProcessPoolExecutor", pool)
    assert batch.capped_jobs(100_000) == 2 and batch.capped_jobs(1) == 1 and batch.capped_jobs(0) == 1
    copies = [shutil.copy(project / "evidence.yaml", project / f"e{i}.yaml") for i in range(3)]
    run = timed(cli, "score", *copies, "--jobs", "100000")
    assert run.exit_code == 0, run.stderr
    assert "note: --jobs 100000 is more than the 2 usable cores; using 2" in run.stderr
    assert all(n <= 2 for n in started)


def test_a_huge_project_name_is_cut_in_tables_and_whole_in_json(cli, project):
    evidence = project / "evidence.yaml"
    name = "长" * 2_000_000  # 6 MB of text: the table took minutes to lay out
    evidence.write_text(evidence.read_text(encoding="utf-8").replace("name: 2018年党建服务工作经费项目", f"name: {name}", 1), encoding="utf-8")
    for args in (("score", evidence), ("score", evidence, evidence), ("diff", evidence, evidence)):
        run = timed(cli, *args)
        assert run.exit_code == 0, run.stderr
        assert "长" * 200 not in run.stdout and "…" in run.stdout
    run = timed(cli, "score", evidence, "--format", "json")
    assert name in run.stdout


def test_markup_in_a_name_is_text_in_every_table(cli, project):
    evidence = project / "evidence.yaml"
    evidence.write_text(evidence.read_text(encoding="utf-8").replace("name: 2018年党建服务工作经费项目", "name: '[/][b]x'", 1), encoding="utf-8")
    for args in (("score", evidence), ("score", evidence, evidence), ("diff", evidence, evidence)):
        run = timed(cli, *args)
        assert run.exit_code == 0, run.stderr
        assert "[/][b]x" in run.stdout


# ---- item 8: nothing changes silently ------------------------------------------------------


@pytest.mark.parametrize("command", ["score", "report"])
def test_the_same_set_key_twice_is_refused(cli, project, command):
    run = timed(cli, command, project / "evidence.yaml", "--set", "C11.actual=250", "--set", " C11.actual = 200")
    assert run.exit_code == 2
    assert run.stderr == "error: --set  C11.actual = 200: C11.actual is already set by --set C11.actual=250; give each key once\n"


def test_different_set_keys_still_combine(cli, project):
    run = timed(cli, "score", project / "evidence.yaml", "--set", "C11.actual=250", "--set", "budget.各类专题专业培训.actual=641855.92", "--format", "json")
    assert run.exit_code == 0, run.stderr


# ---- item 9: check reads nothing outside its root, and quotes values short ------------------------

SECRET_SPEC = "title: t\ntotal: 'sk-SECRET-123-ABCDEFGHIJKLMNOPQRSTUVWXYZ-0123456789-abcdefghijklmnopqrstuvwxyz'\nindicators: []\n"


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Path:
    """A repository checked in CI whose pull request points extends: and spec: at a file outside it."""
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.yaml").write_text(SECRET_SPEC, encoding="utf-8")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "specs").mkdir()
    (repo / "specs" / "spec.yaml").write_text("extends: ../../outside/secret.yaml\n", encoding="utf-8")
    (repo / "evidence.yaml").write_text("spec: ../outside/secret.yaml\nproject: {name: p}\n", encoding="utf-8")
    (repo / "abs.yaml").write_text(f"extends: {(tmp_path / 'outside' / 'secret.yaml').as_posix()}\n", encoding="utf-8")
    (repo / "missing.yaml").write_text("extends: /no/such/place.yaml\n", encoding="utf-8")
    os.symlink(tmp_path / "outside" / "secret.yaml", repo / "specs" / "link.yaml")
    (repo / "via_link.yaml").write_text("spec: specs/link.yaml\nproject: {name: p}\n", encoding="utf-8")
    monkeypatch.chdir(repo / "specs")  # anywhere inside: the default root is the repository
    return repo


def test_check_reads_nothing_outside_the_repository(cli, repo):
    run = timed(cli, "check", "..")
    assert run.exit_code == 1
    assert "SECRET" not in run.stdout + run.stderr
    outside = "lies outside the folder jxpj check may read (..); it was not read (--root widens the folder)"
    assert f"../evidence.yaml:1:7: error: spec file ../../outside/secret.yaml {outside} [spec-root]" in run.stdout
    assert f"../specs/spec.yaml:1:10: error: base spec ../specs/../../outside/secret.yaml {outside} [extends-root]" in run.stdout
    assert "../abs.yaml:1:10: error: base spec " in run.stdout and "[extends-root]" in run.stdout
    # a symbolic link inside the repository pointing out of it is outside too, found or named
    assert f"../via_link.yaml:1:7: error: spec file ../specs/link.yaml {outside} [spec-root]" in run.stdout
    assert f"../specs/link.yaml:1:1: error: ../specs/link.yaml {outside} [root]" in run.stdout
    # not looked for: whether /no/such/place.yaml exists is not said
    assert "../missing.yaml:1:10: error: base spec /no/such/place.yaml lies outside" in run.stdout


def test_check_root_widens_the_folder_and_values_are_quoted_short(cli, repo):
    run = timed(cli, "check", "..", "--root", "../..")
    assert "sk-SECRET-123-ABCDEFGHIJKLMNOPQRSTUVWXYZ…' (78 characters) is not a number" in run.stdout
    assert "0123456789" not in run.stdout
    assert "[spec-root]" not in run.stdout
    assert [line for line in run.stdout.splitlines() if "[extends-root]" in line] == [
        "../missing.yaml:1:10: error: base spec /no/such/place.yaml lies outside the folder jxpj check may read (../..); it was not read (--root widens the folder) [extends-root]"
    ]


def test_check_root_must_be_a_folder(cli, repo):
    run = timed(cli, "check", "..", "--root", "nowhere")
    assert (run.exit_code, run.stderr) == (2, "error: --root nowhere: no such folder\n")


def test_bundled_frameworks_and_named_paths_are_always_read(cli, tmp_path, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(EXAMPLE / "spec.yaml", elsewhere / "spec.yaml")
    shutil.copy(EXAMPLE / "evidence.yaml", elsewhere / "evidence.yaml")
    (elsewhere / "derived.yaml").write_text("extends: shanghai-project\n", encoding="utf-8")
    here = tmp_path / "here"
    (here / ".git").mkdir(parents=True)
    monkeypatch.chdir(here)
    run = timed(cli, "check", elsewhere)
    assert run.exit_code == 0, run.stdout
    assert "outside" not in run.stdout


def test_excerpt_cuts_long_quoted_values_only():
    from jxpj.documents.document import excerpt

    assert excerpt("fact 'x' is bad; did you mean 'budget_execution_rate_of_the_project_in_full'?") == (
        "fact 'x' is bad; did you mean 'budget_execution_rate_of_the_project_in_…' (44 characters)?"
    )
    assert excerpt("'" + "a" * 40 + "' stays") == "'" + "a" * 40 + "' stays"
    assert excerpt('"it\'s ' + "b" * 50 + '" is cut') == '"it\'s ' + "b" * 35 + '…" (55 characters) is cut'


# ---- item 2 and 10: a batch goes on past every kind of broken file ---------------------------------


def test_a_batch_goes_on_past_the_hostile_corpus(cli, tmp_path):
    folder = tmp_path / "batch"
    good = folder / "good"
    good.mkdir(parents=True)
    shutil.copy(EXAMPLE / "spec.yaml", good / "spec.yaml")
    shutil.copy(EXAMPLE / "evidence.yaml", good / "evidence.yaml")
    text = (EXAMPLE / "evidence.yaml").read_text(encoding="utf-8")
    corpus = {
        "long_spec.yaml": text.replace("spec: spec.yaml", f"spec: {LONG}.yaml"),
        "null_tag.yaml": text.replace("name: 2018年党建服务工作经费项目", "name: !!null 2018年", 1),
        "truncated.yaml": text[: len(text) // 3] + "\n  - [",
        "gbk.yaml": None,
        "bomb.yaml": "spec: good/spec.yaml\nproject: {name: p}\n" + "\n".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" if i else "a0: &a0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]" for i in range(10)),
        "underflow.yaml": None,
    }
    for name, content in corpus.items():
        if content is not None:
            (folder / name).write_text(content.replace("spec: spec.yaml", "spec: good/spec.yaml"), encoding="utf-8")
    (folder / "gbk.yaml").write_bytes("spec: good/spec.yaml\nproject: {name: 项目}\n".encode("gbk"))
    (folder / "formula").mkdir()
    (folder / "formula" / "spec.yaml").write_text(
        "title: t\nindicators:\n  - {code: A, name: a, weight: 100, rule: {kind: formula, expression: 'x * 1e-70 * 1e-70 * 1e70 * 1e70', facts: [x]}}\n", encoding="utf-8"
    )
    (folder / "formula" / "evidence.yaml").write_text("spec: spec.yaml\nproject: {name: f}\nindicators:\n  A: {facts: {x: 8}}\n", encoding="utf-8")
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "pipe.yaml")
    book = _workbook(tmp_path, lambda d: d[: len(d) // 2])
    run = timed(cli, "score", folder, book, "--format", "csv")
    assert run.exit_code == 1
    assert "85.12" in run.stdout  # the good project is scored
    assert run.stdout.count("\n") == 2  # a header and the one good row
    for name in ("long_spec.yaml", "null_tag.yaml", "truncated.yaml", "gbk.yaml", "bomb.yaml", "formula/evidence.yaml", "bad.xlsx"):
        assert name in run.stderr, name
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr
    assert "7 of 8 files could not be scored" in run.stderr
