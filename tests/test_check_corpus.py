"""The corpus of broken files: one mistake per file, its exact diagnostics kept as golden output.

Each ``tests/check_corpus/NAME.yaml`` starts with a comment saying what is wrong with it; beside
it, ``NAME.expected`` holds what ``jxpj check NAME.yaml`` prints, run from the corpus folder.
Evidence cases are checked against the clean ``base/spec.yaml``. To accept changed output after
a deliberate change of wording: ``JXPJ_UPDATE_GOLDEN=1 python -m pytest tests/test_check_corpus.py``.
"""

from __future__ import annotations

import os

import pytest
from conftest import ROOT

CORPUS = ROOT / "tests" / "check_corpus"
CASES = sorted(p.stem for p in CORPUS.glob("*.yaml"))


def test_the_corpus_base_is_clean(cli, monkeypatch):
    monkeypatch.chdir(CORPUS)
    run = cli("check", "base")
    assert run.exit_code == 0, run.stdout
    assert run.stdout == ""
    assert run.stderr == "2 files checked, no problems\n"


@pytest.mark.parametrize("name", CASES)
def test_corpus_case(cli, monkeypatch, name):
    monkeypatch.chdir(CORPUS)
    run = cli("check", f"{name}.yaml")
    golden = CORPUS / f"{name}.expected"
    if os.environ.get("JXPJ_UPDATE_GOLDEN"):
        golden.write_text(run.stdout, encoding="utf-8")
    expected = golden.read_text(encoding="utf-8")
    assert run.stdout == expected
    lines = expected.splitlines()
    assert len(lines) == 1, "one mistake per file, one problem reported"
    assert lines[0].startswith(f"{name}.yaml:")
    warning_only = ": warning: " in lines[0]
    assert run.exit_code == (0 if warning_only else 1)
    # The name says whether a warning is expected, so a severity change cannot slip through.
    first_line = (CORPUS / f"{name}.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert warning_only == first_line.endswith("(warning)")


def test_every_warning_case_fails_with_strict(cli, monkeypatch):
    monkeypatch.chdir(CORPUS)
    warned = [n for n in CASES if ": warning: " in (CORPUS / f"{n}.expected").read_text(encoding="utf-8")]
    assert len(warned) >= 8
    run = cli("check", "--strict", *(f"{n}.yaml" for n in warned))
    assert run.exit_code == 1
    assert run.stdout.count(": warning: ") == len(warned)


def test_the_whole_corpus_at_once(cli, monkeypatch):
    """One run over the folder reports exactly the union of the cases, sorted by file and line."""
    monkeypatch.chdir(CORPUS)
    run = cli("check", ".")
    expected = "".join((CORPUS / f"{n}.expected").read_text(encoding="utf-8") for n in CASES)
    assert run.stdout == expected
    assert run.exit_code == 1
