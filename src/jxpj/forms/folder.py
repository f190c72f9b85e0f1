"""A year's submitted 自评表 at once: every form in a folder reviewed, one row each, unreadable files named.

Rows come back in the order the files were found whatever the number of processes, so the output
never depends on ``jobs``; only rows travel back from worker processes.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from jxpj.documents.discover import Found, find_files
from jxpj.errors import JxpjError, ProblemsError, internal_error
from jxpj.review.findings import KINDS, Finding

# What a bureau looks at first, most serious first: the total and grade, then the funds, then rows.
SEVERITY = ("over-maximum", "total-sum", "grade-band", "funds-total", "rate", "over-weight", "score", "no-reason", "subtotal", "total", "grade")
# Files a folder review names: the forms it reads, and the old formats it says it cannot.
SUFFIXES = (".xlsx", ".docx", ".xls", ".doc", ".et", ".wps")
MAX_CHUNK = 16


@dataclass(frozen=True, slots=True)
class FormRow:
    """One form of a folder: who and what, the stated and recomputed totals, its findings by kind."""

    path: str
    unit: str | None = None
    project: str | None = None
    stated_total: Decimal | None = None
    recomputed_total: Decimal | None = None
    counts: tuple[tuple[str, int], ...] = ()  # (kind, number of findings), in KINDS order
    notes: int = 0
    worst: str | None = None  # the most serious finding, in words, with its cell
    error: str | None = None  # why the file could not be reviewed
    error_check: str | None = None  # the check id of that reason (form-file, form-layout, …)

    @property
    def findings(self) -> int:
        return sum(n for _, n in self.counts)


def find_forms(paths: Iterable[str | Path]) -> list[Found]:
    """The forms named, and those in folders (.xlsx/.docx, and the old formats to refuse by name)."""
    return find_files(paths, SUFFIXES)


def review_row(path: str, spec_path: str | None = None) -> FormRow:
    """One form reviewed into its row; a form that cannot be read is a row with the reason."""
    from jxpj.forms.review import review_form  # in the worker: the Office readers load on first use

    try:
        done = review_form(path, spec_path=spec_path)
    except ProblemsError as exc:
        first, more = exc.problems[0], len(exc.problems) - 1
        return FormRow(path, error=f"{first.message}" + (f" (and {more} more)" if more else ""), error_check=first.check)
    except JxpjError as exc:
        return FormRow(path, error=str(exc), error_check="unreadable")
    except Exception as exc:  # a bug of ours: reported for this form, the folder goes on
        return FormRow(path, error=internal_error(exc), error_check="internal")
    review, form = done.review, done.form
    counts = Counter(f.kind for f in review.findings)
    return FormRow(
        path=path,
        unit=form.unit.text if form.unit is not None and form.unit.text else None,
        project=form.project.text if form.project is not None and form.project.text else None,
        stated_total=review.evidence.claims.total if review.evidence.claims is not None else None,
        recomputed_total=done.result.total,
        counts=tuple((kind, counts[kind]) for kind in KINDS if counts[kind]),
        notes=len(review.notes),
        worst=_worst(review.findings),
    )


def _worst(findings: Sequence[Finding]) -> str | None:
    if not findings:
        return None
    rank = {kind: i for i, kind in enumerate(SEVERITY)}
    worst = min(findings, key=lambda f: (rank.get(f.kind, len(SEVERITY)), -abs(f.difference if f.difference is not None else Decimal(0))))
    where = f"{worst.where}: " if worst.where else ""
    return f"{where}{KINDS[worst.kind][1]}（{worst.code}）"


def review_forms(sources: Sequence[Found], *, spec_path: str | None = None, jobs: int = 1) -> Iterator[FormRow]:
    """Every form reviewed, rows in the sources' order; ``jobs`` processes (capped at the sources)."""
    jobs = max(1, min(jobs, len(sources)))
    if jobs == 1:
        yield from (review_row(s.path, spec_path) for s in sources)
        return
    size = max(1, min(MAX_CHUNK, len(sources) // (jobs * 8)))
    chunks = [[s.path for s in sources[i : i + size]] for i in range(0, len(sources), size)]
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_quiet)
    try:
        for rows in pool.map(_chunk, chunks, [spec_path] * len(chunks)):
            yield from rows
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _quiet() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle


def _chunk(paths: list[str], spec_path: str | None) -> list[FormRow]:
    return [review_row(path, spec_path) for path in paths]


def slips_by_kind(rows: Iterable[FormRow]) -> dict[str, tuple[int, int]]:
    """kind → (findings, forms with at least one), in KINDS order, for kinds found at all."""
    findings: Counter[str] = Counter()
    forms: Counter[str] = Counter()
    for row in rows:
        for kind, n in row.counts:
            findings[kind] += n
            forms[kind] += 1
    return {kind: (findings[kind], forms[kind]) for kind in KINDS if findings[kind]}
