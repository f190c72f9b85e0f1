"""Where the report goes, and writing it so that a failed run never leaves a half-written file.

``-o`` names a folder (``report.md``, ``summary.md``, ``summary.csv`` inside, the folder created if
needed) or a file ending in ``.md`` (the report there, ``<name>.summary.md`` and
``<name>.summary.csv`` beside it). Without ``-o`` the files go beside the evidence file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jxpj.errors import UsageError, display_path
from jxpj.files import exists, is_dir


@dataclass(frozen=True, slots=True)
class Targets:
    report: Path
    summary: Path
    summary_csv: Path


def targets(evidence: Path, output: Path | None) -> Targets:
    """The three output paths for ``-o output`` (or beside the evidence without it)."""
    if output is not None and output.suffix.lower() == ".md" and not is_dir(output):
        return Targets(output, output.with_name(f"{output.stem}.summary.md"), output.with_name(f"{output.stem}.summary.csv"))
    folder = evidence.parent if output is None else output
    if exists(folder) and not is_dir(folder):  # never raises: a name too long is found by the writer
        raise UsageError(f"{display_path(folder)} is a file; give -o a folder or a file name ending in .md")
    return Targets(folder / "report.md", folder / "summary.md", folder / "summary.csv")
