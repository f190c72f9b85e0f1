"""Writing output files whole or not at all, as one set, and never through a symbolic link.

Every file jxpj writes goes through :func:`write_files`. Each is first written to a temporary file
beside its target; only when all of them are complete are they renamed into place, so an error (a
full disk, a missing permission, a writer that fails half-way) leaves the previous files as they
were and no temporary file behind. A rename replaces a symbolic link at the target rather than
writing to where it points, so ``-o r.md`` cannot overwrite a file outside the output folder.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Mapping
from contextlib import suppress
from pathlib import Path

from jxpj.errors import UsageError, display_path

Content = bytes | Callable[[Path], object]  # the bytes, or a writer that writes the file at a path


def write_files(files: Mapping[Path, Content]) -> None:
    """Write every file (bytes, or by calling its writer on a temporary path), then rename each into place."""
    staged: list[tuple[Path, Path]] = []
    current = next(iter(files), Path("."))
    try:
        for path, content in files.items():
            current = path
            path.parent.mkdir(parents=True, exist_ok=True)
            # the temporary file keeps the suffix: writers such as matplotlib choose the format by it
            fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.tmp.", suffix=path.suffix)
            tmp = Path(name)
            staged.append((tmp, path))
            if isinstance(content, bytes):
                with os.fdopen(fd, "wb") as stream:
                    stream.write(content)
            else:
                os.close(fd)
                content(tmp)
            os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; an output is an ordinary file
        for tmp, path in staged:
            current = path
            os.replace(tmp, path)
    except OSError as exc:
        raise UsageError(f"cannot write {display_path(current)}: {exc.strerror or exc}") from None
    finally:
        for tmp, _path in staged:  # after the renames none is left; after a failure, all are
            with suppress(OSError):
                tmp.unlink()


def write_file(path: Path, content: Content) -> Path:
    """One file, written as :func:`write_files` writes a set."""
    write_files({path: content})
    return path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
