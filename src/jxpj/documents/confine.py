"""Where ``jxpj check`` may read: inside its root, and nowhere else.

``extends:`` and ``spec:`` are paths a file's author chooses, so a pull request could name any
file on the CI machine (``spec: ../../../home/runner/.env``) and have ``check`` echo pieces of it
in its messages. While :func:`confined` is active, every file jxpj reads must lie, after
symbolic links are followed, inside one of the allowed folders: the root (``--root``, by default
the Git repository of the current folder, else the current folder), the bundled frameworks, and
the paths named on the command line. Anything else is refused before it is even looked for, so a
message cannot tell whether it exists.
"""

from __future__ import annotations

import contextvars
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from jxpj.errors import display_path

_ALLOWED: contextvars.ContextVar[tuple[str, ...] | None] = contextvars.ContextVar("jxpj_allowed_roots", default=None)
_ROOT: contextvars.ContextVar[str] = contextvars.ContextVar("jxpj_root", default=".")


def default_root(start: str | Path | None = None) -> Path:
    """The Git repository holding ``start`` (the current folder by default), else ``start`` itself."""
    here = Path(os.path.abspath(start if start is not None else os.getcwd()))
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return here


@contextmanager
def confined(root: str | Path, also: Iterable[str | Path] = ()) -> Iterator[None]:
    """Refuse reading anything outside ``root`` and ``also`` (folders, or files whose folder is
    allowed) until the block ends."""
    folders = [os.path.realpath(root)]
    for extra in also:
        real = os.path.realpath(extra)
        folders.append(real if os.path.isdir(real) else os.path.dirname(real))
    token = _ALLOWED.set(tuple(dict.fromkeys(folders)))
    relative = os.path.relpath(os.path.abspath(root))
    near = all(part == ".." for part in Path(relative).parts) or not relative.startswith("..")  # ., .., ../.., a/b
    shown = _ROOT.set(display_path(relative if near else os.path.abspath(root)))
    try:
        yield
    finally:
        _ALLOWED.reset(token)
        _ROOT.reset(shown)


def outside(path: str | Path) -> str | None:
    """Why ``path`` may not be read (it lies outside the root), or None when it may."""
    allowed = _ALLOWED.get()
    if allowed is None:
        return None
    try:
        real = os.path.realpath(path)
    except (OSError, ValueError):
        return None  # not a path that can be read at all: the reader says so
    if any(real == folder or real.startswith(folder.rstrip(os.sep) + os.sep) for folder in allowed):
        return None
    return f"lies outside the folder jxpj check may read ({_ROOT.get()}); it was not read (--root widens the folder)"
