"""Which files are what: one walker for the files named or found in folders, one sniffer for their kind.

``check``, ``score``, ``report`` and ``review`` all find their files here, so they agree on what a
file is: a YAML file is **evidence** when it has a top-level ``spec:`` or ``project:`` (with only one
of them it is broken evidence, reported as such), a **spec** when it has ``indicators:`` or
``extends:`` (a spec may consist of ``extends:`` alone), and otherwise not jxpj's; the
``# yaml-language-server: $schema=…`` line editors use decides first. A jxpj evidence workbook
(``.xlsx``) is evidence. Only regular files are read: a FIFO or a device in a folder is skipped,
and named on the command line it is refused, since reading one blocks forever.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from jxpj.errors import UsageError

Kind = Literal["spec", "evidence"]
YAML_SUFFIXES = (".yaml", ".yml")
WORKBOOK_SUFFIX = ".xlsx"
# A top-level key: at the start of a line, unindented, optionally quoted.
_TOP_KEY = re.compile(r"""^["']?([A-Za-z_$][A-Za-z0-9_$-]*)["']?[ \t]*:""", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Found:
    """A file to read: its path as messages show it, and whether it was found in a folder
    (a file found there that is not of the wanted kind is skipped; one named is an error)."""

    path: str
    found: bool = False


def find_files(paths: Iterable[str | Path], suffixes: tuple[str, ...] = YAML_SUFFIXES) -> list[Found]:
    """Named files as given, folders searched for ``suffixes`` (sorted, hidden folders skipped);
    each file once, however it was reached. A path that does not exist, cannot be read or is not a
    regular file is a :class:`UsageError` (exit 2)."""
    out: list[Found] = []
    seen: set[str] = set()
    for raw in paths:
        path = Path(raw)
        try:
            info = path.stat()
        except OSError as exc:
            what = "no such file or folder" if isinstance(exc, FileNotFoundError) else f"cannot read: {exc.strerror or exc}"
            raise UsageError(f"{normal(path)}: {what}") from None
        if stat.S_ISDIR(info.st_mode):
            found = [Found(f, found=True) for f in _walk(path, suffixes)]
        elif stat.S_ISREG(info.st_mode):
            found = [Found(normal(path))]
        else:
            raise UsageError(f"{normal(path)}: not a regular file (a pipe or a device); give a file")
        for item in found:
            key = os.path.realpath(item.path)
            if key not in seen:
                seen.add(key)
                out.append(item)
    return out


def _walk(folder: Path, suffixes: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    try:
        for root, dirs, files in os.walk(folder, onerror=_raise):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))  # .git, .venv, …
            for name in sorted(files):
                full = os.path.join(root, name)
                if name.lower().endswith(suffixes) and not name.startswith("~$") and _regular(full):
                    out.append(normal(full))
    except OSError as exc:
        raise UsageError(f"{normal(exc.filename or folder)}: cannot read: {exc.strerror or exc}") from None
    return out


def _regular(path: str) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False  # a dangling link: nothing to read


def _raise(exc: OSError) -> None:
    raise exc


def normal(path: str | Path) -> str:
    """A path as messages show it: normalised, with forward slashes."""
    return Path(os.path.normpath(path)).as_posix()


def leading_text(utf8: bytes) -> str:
    """Of a file's UTF-8 bytes, what :func:`kind_of` reads when it has the parsed data: the text
    up to the end of its first line that is not blank (the rest is not decoded)."""
    body = utf8.removeprefix(b"\xef\xbb\xbf")
    start = len(body) - len(body.lstrip())
    if start < len(body) and (body[start] >= 0x80 or chr(body[start]).isspace()):
        return body.decode("utf-8")  # text strips more than bytes do: let it
    end = body.find(b"\n", start)
    return body[: len(body) if end < 0 else end].decode("utf-8")


def kind_of(path: str, text: str = "", data: Any = None) -> Kind | None:
    """Spec, evidence, or neither (None), from the ``$schema`` line and the top-level keys (of the
    parsed ``data`` when there is some, else read from the text without parsing it)."""
    if path.lower().endswith(WORKBOOK_SUFFIX):
        return "evidence"
    first = text.lstrip().split("\n", 1)[0]
    if first.startswith("#") and "$schema=" in first:
        if "spec.schema.json" in first:
            return "spec"
        if "evidence.schema.json" in first:
            return "evidence"
    keys = set(data) if isinstance(data, Mapping) else set(_TOP_KEY.findall(text)) if data is None else set()
    if "spec" in keys or "project" in keys:
        return "evidence"
    if "indicators" in keys or "extends" in keys:
        return "spec"
    return None
