"""The committed corpus is what make_forms.py writes now (rerun it after changing a description)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import make_forms
import yaml

CORPUS = Path(__file__).resolve().parent / "corpus"


def _members(data: bytes) -> list[tuple[str, bytes]] | None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        return [(info.filename, archive.read(info.filename)) for info in archive.infolist()]
    except zipfile.BadZipFile:
        return None


def _same(fresh: bytes, committed: bytes) -> bool:
    """Byte-equal; or, for packages, the same members with the same content (another zlib may
    deflate the same bytes differently)."""
    if fresh == committed:
        return True
    members = _members(fresh)
    return members is not None and members == _members(committed)


def test_corpus_is_current(tmp_path: Path) -> None:
    names = make_forms.build(tmp_path)
    assert sorted(names) == sorted(p.name for p in CORPUS.iterdir()), "run python tests/forms/make_forms.py"
    stale = [n for n in names if not _same((tmp_path / n).read_bytes(), (CORPUS / n).read_bytes())]
    assert not stale, f"out of date: {stale} — run python tests/forms/make_forms.py"


def test_every_file_has_an_entry() -> None:
    expected = yaml.safe_load((CORPUS / "expected.yaml").read_text(encoding="utf-8"))
    files = {p.name for p in CORPUS.iterdir()} - {"expected.yaml"}
    assert set(expected) == files
    kinds = {"over-maximum", "no-reason", "score", "score-noted", "rate", "funds-total", "grade-band", "total-sum", "over-weight"}
    for name, entry in expected.items():
        assert entry["format"] == name.rsplit(".", 1)[1]
        if entry["readable"]:
            assert {f["kind"] for f in entry["findings"]} <= kinds, name
        else:
            assert entry["reason"], name
