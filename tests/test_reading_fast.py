"""Reading a file asks for its size plus one byte, and for more only when the file has grown.

A file that grows after it was measured reads as a file whose reported size is too small:
``/proc`` files, which report a size of 0, stand in for one here.
"""

from __future__ import annotations

import os

import pytest

from jxpj.documents.reading import read_bytes
from jxpj.errors import ProblemsError

PROC = "/proc/version"  # a regular file that reports 0 bytes and holds more


def test_a_file_is_read_whole_up_to_the_limit(tmp_path):
    path = tmp_path / "f.yaml"
    path.write_bytes(b"0123456789")
    assert read_bytes(path, 10, "f.yaml") == b"0123456789"
    path.write_bytes(b"0123456789!")
    with pytest.raises(ProblemsError) as caught:
        read_bytes(path, 10, "f.yaml")
    assert caught.value.problems[0].message == "file is 11 bytes; jxpj reads at most 10"


@pytest.mark.skipif(not os.path.isfile(PROC), reason="needs Linux's /proc")
def test_a_file_larger_than_it_said_is_read_whole_or_refused_at_the_limit():
    with open(PROC, "rb") as stream:
        whole = stream.read()
    assert os.stat(PROC).st_size < len(whole)
    assert read_bytes(PROC, len(whole), "v") == whole
    with pytest.raises(ProblemsError) as caught:
        read_bytes(PROC, len(whole) - 1, "v")
    assert caught.value.problems[0].message == f"file is over {len(whole) - 1:,} bytes; jxpj reads at most {len(whole) - 1:,}"
