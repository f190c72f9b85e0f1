"""Where the report goes, and writing it so that a failed run never leaves a half-written file.

``-o`` names a folder (``report.md``, ``summary.md``, ``summary.csv`` inside, the folder created if
needed) or a file ending in ``.md`` (the report there, ``<name>.summary.md`` and
``<name>.summary.csv`` beside it). Without ``-o`` the files go beside the evidence file.
"""

from __future__ import annotations

import os
import tempfile
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from jxpj.errors import UsageError, display_path


@dataclass(frozen=True, slots=True)
class Targets:
    report: Path
    summary: Path
    summary_csv: Path


def targets(evidence: Path, output: Path | None) -> Targets:
    """The three output paths for ``-o output`` (or beside the evidence without it)."""
    if output is not None and output.suffix.lower() == ".md" and not output.is_dir():
        return Targets(output, output.with_name(f"{output.stem}.summary.md"), output.with_name(f"{output.stem}.summary.csv"))
    folder = evidence.parent if output is None else output
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{display_path(folder)} is a file; give -o a folder or a file name ending in .md")
    return Targets(folder / "report.md", folder / "summary.md", folder / "summary.csv")


def write_atomically(files: dict[Path, bytes]) -> None:
    """Write every file to a temporary file beside it, then rename each into place.

    Nothing is renamed until every file is fully written, so an error (a full disk, a missing
    permission) leaves the previous report, if any, as it was.
    """
    staged: list[tuple[str, Path]] = []
    current = next(iter(files), Path("."))
    try:
        for path, data in files.items():
            current = path
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            staged.append((tmp, path))
            with os.fdopen(fd, "wb") as stream:
                stream.write(data)
            os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a report is an ordinary file
        for tmp, path in staged:
            current = path
            os.replace(tmp, path)
    except OSError as exc:
        for tmp, _path in staged:
            with suppress(OSError):
                os.unlink(tmp)
        raise UsageError(f"cannot write {display_path(current)}: {exc.strerror or exc}") from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
