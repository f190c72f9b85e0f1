"""``jxpj report`` on many projects: each project's report in its own folder, and ``portfolio.md``.

Projects are reported one after another; a project whose files have problems is listed with
them and the others are still written, as ``jxpj score`` does for a portfolio.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from jxpj.documents.discover import kind_of
from jxpj.documents.yaml_reader import read_text
from jxpj.errors import ProblemsError, UsageError
from jxpj.portfolio.batch import Failure, find_evidence
from jxpj.portfolio.rows import Portfolio, row_of
from jxpj.report import build_report, write_report
from jxpj.report.output import targets
from jxpj.report.portfolio import write_portfolio_markdown

_UNSAFE = re.compile(r"[^\w.-]+")


@dataclass(frozen=True, slots=True)
class Written:
    """What a portfolio report run wrote, and what it could not."""

    folders: tuple[Path, ...]  # one per reported project
    portfolio: Path  # portfolio.md
    failures: tuple[Failure, ...]


def write_reports(
    paths: list[Path], output: Path, *, spec: Path | None = None, templates: Path | None = None, strict: bool = False
) -> Written:
    """Report every evidence file under ``paths`` into ``output/<project>/``, then ``portfolio.md``."""
    if output.exists() and not output.is_dir():
        raise UsageError(f"{output.as_posix()} is a file; give -o a folder for a portfolio")
    rows, folders, failures = [], [], []
    taken: set[str] = set()
    for source in find_evidence(paths):
        try:
            if source.found and kind_of(source.path, read_text(source.path)) != "evidence":
                continue  # a spec (or other YAML) beside the evidence in a folder
            built = build_report(Path(source.path), spec=spec, templates=templates, strict=strict)
        except ProblemsError as exc:
            failures.append(Failure(source.path, exc.problems))
            continue
        except UsageError as exc:
            failures.append(Failure(source.path, message=str(exc)))
            continue
        folder = output / _folder_name(Path(source.path), taken)
        write_report(built, targets(Path(source.path), folder))
        rows.append(row_of(built.result, source.path))
        folders.append(folder)
    portfolio = Portfolio.of(rows, failed=len(failures))
    summary = write_portfolio_markdown(portfolio, output, templates)
    return Written(tuple(folders), summary, tuple(failures))


def _folder_name(evidence: Path, taken: set[str]) -> str:
    """The evidence's folder name (examples/2018_dangjian/evidence.yaml → 2018_dangjian), or its
    file name when several share a folder; made unique with a number, stable for one input."""
    parent = evidence.resolve().parent.name
    base = parent if evidence.stem in ("evidence", "佐证") else f"{parent}-{evidence.stem}"
    name = _UNSAFE.sub("_", base).strip("_") or "project"
    candidate, n = name, 2
    while candidate in taken:
        candidate, n = f"{name}-{n}", n + 1
    taken.add(candidate)
    return candidate
