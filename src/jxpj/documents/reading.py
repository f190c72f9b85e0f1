"""Reading a user's file: a regular file only, never past a size limit, never outside ``check``'s root.

Every file jxpj reads (YAML, workbooks) is read here, so these guards hold for every command and
every way a path arrives (named, found in a folder, ``--spec``, ``extends:``, ``spec:``).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from jxpj.documents.confine import outside
from jxpj.errors import Problem, ProblemsError, UsageError

MAX_BYTES = 10 * 1024 * 1024  # the largest real evidence files are tens of kilobytes


def read_bytes(path: str | Path, limit: int, shown: str, check: str = "yaml") -> bytes:
    """At most ``limit`` bytes of a regular file, or a located problem when it is larger.

    Only a regular file is read: opening a FIFO blocks until something writes to it (`--spec`,
    `extends:` or `spec:` naming one hung forever), so the file is opened without blocking and
    refused unless it is regular; a device such as /dev/zero is refused the same way.
    """
    refused = outside(path)  # jxpj check --root
    if refused is not None:
        raise UsageError(f"{shown}: {refused}")
    _readable(os.stat(path), limit, shown, check)  # first: a pipe or an oversized file is never opened
    with open(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as stream:
        opened = os.fstat(stream.fileno())
        _readable(opened, limit, shown, check)  # what was opened: the path may have changed
        # One byte past the size first (asking for limit + 1 bytes at once allocated 10 MB for
        # every file: 0.08 ms of reading a 40 KB one), and up to one past the limit only if the
        # file grew after fstat.
        raw = stream.read(opened.st_size + 1)
        if len(raw) > opened.st_size:
            raw += stream.read(limit + 1 - len(raw))
    if len(raw) > limit:
        raise ProblemsError([Problem(shown, 1, 1, f"file is over {limit:,} bytes; jxpj reads at most {limit:,}", check)])
    return raw


def _readable(info: os.stat_result, limit: int, shown: str, check: str) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(21, "Is a directory")
    if not stat.S_ISREG(info.st_mode):
        raise UsageError(f"{shown}: not a regular file (a pipe or a device); give a file")
    if info.st_size > limit:
        raise ProblemsError([Problem(shown, 1, 1, f"file is {info.st_size:,} bytes; jxpj reads at most {limit:,}", check)])
