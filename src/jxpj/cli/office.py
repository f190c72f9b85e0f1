"""The office outputs as the CLI writes them: ``jxpj report --format docx|xlsx`` and
``jxpj init --xlsx`` call these (argument checks, where files go, writing them whole or not at all);
the work is in :mod:`jxpj.office`."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from jxpj.errors import UsageError, display_path
from jxpj.files import exists, is_dir, write_file

if TYPE_CHECKING:
    from jxpj.result import Result

Format = Literal["md", "docx", "xlsx"]  # jxpj report --format
DEFAULT_NAMES = {"docx": "report.docx", "xlsx": "score.xlsx"}


def office_target(evidence: Path, output: Path | None, fmt: Literal["docx", "xlsx"]) -> Path:
    """``-o`` is a file ending in ``.docx``/``.xlsx``, or a folder (report.docx / score.xlsx inside);
    without it the file goes beside the evidence."""
    if output is not None and output.suffix.lower() == f".{fmt}" and not is_dir(output):
        return output
    folder = evidence.parent if output is None else output
    if exists(folder) and not is_dir(folder):  # never raises: a name too long is found by the writer
        raise UsageError(f"{display_path(folder)} is a file; give -o a folder or a file name ending in .{fmt}")
    return folder / DEFAULT_NAMES[fmt]


def check_docx_template(template: Path | None, fmt: str) -> None:
    """Refuse ``--docx-template`` without ``--format docx``, or naming a missing file (exit 2)."""
    if template is None:
        return
    if fmt != "docx":
        raise UsageError("--docx-template applies to --format docx only")
    if not template.is_file():
        raise UsageError(f"{display_path(template)}: no such Word template")


def write_office(
    fmt: Literal["docx", "xlsx"], result: Result, target: Path, *, markdown: str = "", docx_template: Path | None = None
) -> Path:
    """Write the Word report (from the rendered ``markdown``) or the Excel score sheet to ``target``."""
    if fmt == "docx":
        from jxpj.office.docx import write_docx

        return write_file(target, lambda tmp: write_docx(result, tmp, markdown=markdown, template=docx_template))
    from jxpj.office.xlsx import write_xlsx

    return write_file(target, lambda tmp: write_xlsx(result, tmp))


def draw_charts(result: Result, folder: Path) -> list[Path]:
    """The charts the Markdown report links (``--charts``), drawn into ``folder``."""
    from jxpj.office.charts import write_charts

    try:
        return [chart.path for chart in write_charts(result, folder)]
    except OSError as exc:
        raise UsageError(f"cannot write the charts into {display_path(folder)}: {exc.strerror or exc}") from None


def init_workbook(spec_path: Path, target: Path, *, force: bool = False, project: str | None = None) -> Path:
    """``jxpj init --xlsx``: the evidence-entry workbook for a spec, its spec cell relative to it."""
    from jxpj.load import load_spec
    from jxpj.office.entry.write import write_entry_workbook

    if target.exists() and not force:
        raise UsageError(f"{display_path(target)} already exists; pass --force to overwrite")
    spec = load_spec(spec_path)
    ref = Path(os.path.relpath(spec_path.resolve(), target.resolve().parent)).as_posix()
    return write_file(target, lambda tmp: write_entry_workbook(spec, tmp, spec_ref=ref, project=project))
