"""Writing output files whole or not at all, as one set, and never through a symbolic link.

Every file jxpj writes goes through :func:`write_files`. Each is first written to a temporary file
beside its target (``.<name>.tmp.<pid>.<random>``); only when all of them are complete are they
renamed into place, so an error (a full disk, a missing permission, a writer that fails half-way)
leaves the previous files as they were and no temporary file behind. A rename replaces a
symbolic link at the target rather than writing to where it points, so ``-o r.md`` cannot
overwrite a file outside the output folder.

A process killed outright (``kill -9``) cannot clean up after itself, so the next write into the
same folder does: temporary files of ours whose process is gone are removed, and a set killed
half-way through its renames is completed from its journal (``.jxpj-set.<pid>.<random>``, written
before the first rename), so a folder never keeps a new report beside an old summary.

The probes :func:`exists`, :func:`is_dir` and :func:`is_file` answer for any path a user can type:
pathlib's raise on a name too long for the file system (a traceback, before).
"""

from __future__ import annotations

import errno
import os
import re
import stat
import time
from collections.abc import Callable, Iterable, Mapping
from contextlib import suppress
from pathlib import Path

from jxpj.errors import UsageError, display_path

Content = bytes | Callable[[Path], object]  # the bytes, or a writer that writes the file at a path

_JOURNAL = ".jxpj-set."
# Only names of our own making are ever removed: `.report.md.tmp.<pid>.<random>[suffix]`.
_TEMP = re.compile(r"\.(?P<name>.+)\.tmp\.(?P<pid>[0-9]+)\.[A-Za-z0-9_]+")
_STALE_AGE = 24 * 3600  # seconds: a temporary file this old is stale whoever wrote it
_RECOVERED: set[str] = set()


def write_files(files: Mapping[Path, Content]) -> None:
    """Write every file (bytes, or by calling its writer on a temporary path), then rename each into place."""
    import tempfile  # here, not at the top: every command imports this module, few write

    staged: list[tuple[Path, Path]] = []
    current = next(iter(files), Path("."))
    journal: Path | None = None
    try:
        for folder in dict.fromkeys(path.parent for path in files):
            current = folder
            folder.mkdir(parents=True, exist_ok=True)
            recover(folder)
        for path, content in files.items():
            current = path
            # the temporary file keeps the suffix: writers such as matplotlib choose the format by it
            fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.tmp.{os.getpid()}.", suffix=path.suffix)
            tmp = Path(name)
            staged.append((tmp, path))
            if isinstance(content, bytes):
                with os.fdopen(fd, "wb") as stream:
                    stream.write(content)
            else:
                os.close(fd)
                content(tmp)
            os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; an output is an ordinary file
        if len(staged) > 1:
            journal = _write_journal(staged)
        for tmp, path in staged:
            current = path
            os.replace(tmp, path)
    except OSError as exc:
        raise UsageError(f"cannot write {shown(current)}: {exc.strerror or exc}") from None
    finally:
        for tmp, _path in staged:  # after the renames none is left; after a failure, all are
            with suppress(OSError):
                tmp.unlink()
        if journal is not None:
            with suppress(OSError):
                journal.unlink()


def write_file(path: Path, content: Content) -> Path:
    """One file, written as :func:`write_files` writes a set."""
    write_files({path: content})
    return path


def recover(folder: Path) -> None:
    """Finish what a killed jxpj left in ``folder``: complete each journalled set, remove stale
    temporary files of ours. Files of other names, and those of a live process, are left alone.
    Once per folder and process: a batch writing thousands of files lists each folder once."""
    key = os.path.abspath(folder)
    if key in _RECOVERED:
        return
    _RECOVERED.add(key)
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in sorted(n for n in names if n.startswith(_JOURNAL)):
        journal = folder / name
        pid = name[len(_JOURNAL) :].split(".", 1)[0]
        if pid.isdigit() and not _gone(int(pid), journal):
            continue
        for tmp, path in _read_journal(journal, folder):
            with suppress(OSError):
                os.replace(tmp, path)
        with suppress(OSError):
            journal.unlink()
    for name in names:
        found = _TEMP.match(name)
        if found and _gone(int(found.group("pid")), folder / name):
            with suppress(OSError):
                (folder / name).unlink()


def _write_journal(staged: list[tuple[Path, Path]]) -> Path:
    """Before the first rename: which temporary file becomes which target, for :func:`recover`."""
    import json
    import tempfile

    folder = staged[0][1].parent
    fd, name = tempfile.mkstemp(dir=folder, prefix=f"{_JOURNAL}{os.getpid()}.", suffix=".part")
    pairs = [[os.path.abspath(tmp), os.path.abspath(path)] for tmp, path in staged]
    with os.fdopen(fd, "w", encoding="utf-8") as stream:
        json.dump(pairs, stream)
    journal = Path(name.removesuffix(".part"))
    os.replace(name, journal)  # whole or absent: a half-written journal is never read
    return journal


def _read_journal(journal: Path, folder: Path) -> Iterable[tuple[Path, Path]]:
    """The journal's renames still to do. Only a temporary file of ours onto the target it was
    named after, both in this folder, is ever renamed: a journal planted in an output folder
    must not move files anywhere else."""
    import json

    try:
        pairs = json.loads(journal.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    here = os.path.abspath(folder)
    out = []
    for pair in pairs if isinstance(pairs, list) else []:
        if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) for p in pair)):
            continue
        tmp, path = Path(pair[0]), Path(pair[1])
        found = _TEMP.match(tmp.name)
        if str(tmp.parent) == here == str(path.parent) and found and found.group("name") == path.name and tmp.exists():
            out.append((tmp, path))
    return out


def _gone(pid: int, path: Path) -> bool:
    """Whether the process that made ``path`` has ended (or the file is a day old)."""
    with suppress(OSError):
        if time.time() - path.lstat().st_mtime > _STALE_AGE:
            return True
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # alive, someone else's
        return False
    return False


def shown(path: str | Path, limit: int = 100) -> str:
    """A path for a message, cut in the middle when longer than ``limit`` characters: a name of
    10,000 characters is still recognisable by its start and its end."""
    text = display_path(path)
    return text if len(text) <= limit else f"{text[: limit * 2 // 3]}…{text[-(limit // 3) :]}"


def unreadable(path: str | Path) -> str | None:
    """Why ``path`` cannot be read as a file (``not found``, ``is a folder``…), or None."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return "not found"
    except OSError as exc:
        return "has a name too long for the file system" if exc.errno == errno.ENAMETOOLONG else f"cannot be read ({exc.strerror or exc})"
    except ValueError:  # a NUL character in the name
        return "not found"
    if stat.S_ISDIR(info.st_mode):
        return "is a folder"
    return None if stat.S_ISREG(info.st_mode) else "is not a regular file (a pipe or a device)"


def exists(path: str | Path) -> bool:
    """Whether something is at ``path``; False for a name the file system cannot even look up."""
    try:
        os.stat(path)
    except (OSError, ValueError):
        return False
    return True


def is_dir(path: str | Path) -> bool:
    """:meth:`Path.is_dir`, but False rather than an exception for a name too long."""
    try:
        return Path(path).is_dir()
    except (OSError, ValueError):
        return False


def is_file(path: str | Path) -> bool:
    """:meth:`Path.is_file`, but False rather than an exception for a name too long."""
    try:
        return Path(path).is_file()
    except (OSError, ValueError):
        return False


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
