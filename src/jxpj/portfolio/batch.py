"""Scoring many evidence files: finding them, loading each spec once, using every core that pays.

Each file gives one :data:`Outcome` (a :class:`~jxpj.portfolio.ProjectRow`, a :class:`Failure`
or a :class:`Skipped`), yielded in the order the files were found whatever the number of
processes, so output never depends on ``jobs``. A broken file is an outcome like any other: the
batch goes on. Only rows travel back from worker processes, never results or YAML node trees,
so memory stays flat however many files there are.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from jxpj.documents.discover import WORKBOOK_SUFFIX, Found, find_files, kind_of, leading_text
from jxpj.documents.document import Document
from jxpj.documents.yaml_reader import decode_text, parse_utf8, read_raw
from jxpj.errors import JxpjError, Problem, ProblemsError, UsageError, display_path, internal_error
from jxpj.load import load_spec, score_document
from jxpj.models.spec import Spec
from jxpj.portfolio.rows import Interner, ProjectRow, row_of

# Below this many files one process is faster: starting workers and shipping rows back costs
# more than it saves (measured in benchmarks/README.md).
AUTO_PARALLEL_MIN = 100
MAX_CHUNK = 64  # files per task sent to a worker: few enough that the cores finish together

Source = Found  # an evidence file to score; ``found`` when found in a folder rather than named


@dataclass(frozen=True, slots=True)
class Failure:
    """A file that could not be scored: located problems, or a message (unreadable file)."""

    path: str
    problems: tuple[Problem, ...] = ()
    message: str | None = None


@dataclass(frozen=True, slots=True)
class Skipped:
    """A YAML file in a folder that is not evidence: a ``spec`` or some ``other`` file."""

    path: str
    kind: str


Outcome = ProjectRow | Failure | Skipped


def find_evidence(paths: Iterable[str | Path]) -> list[Source]:
    """Named files as given, folders searched for ``*.yaml``/``*.yml`` (see :mod:`jxpj.documents.discover`)."""
    return find_files(paths)


class SpecCache:
    """Specs loaded and checked once per resolved path, their problems included."""

    def __init__(self) -> None:
        self._entries: dict[str, object] = {}
        # Each spelling of a path resolved once: realpath looks at every folder on the way, for
        # every file of a batch, to find the spec loaded for the first.
        self._real: dict[str | Path, str] = {}
        self.loads = 0  # how many spec files were actually read

    def get(self, path: str | Path) -> Spec:
        key = self._real.get(path)
        if key is None:
            key = self._real[path] = os.path.realpath(path)
        entry = self._entries.get(key)
        if entry is None:
            self.loads += 1
            try:
                entry = load_spec(path)
            except ProblemsError as exc:
                entry = exc.problems
            except UsageError as exc:
                entry = str(exc)
            self._entries[key] = entry
        if isinstance(entry, tuple):
            raise ProblemsError(entry)  # a fresh error each time: no traceback piles up
        if isinstance(entry, str):
            raise UsageError(entry)
        return entry  # type: ignore[return-value]


def score_source(source: Source, specs: SpecCache, spec_path: str | Path | None = None) -> Outcome:
    """Score one evidence file; any mistake in it (or its spec) becomes a :class:`Failure`, and so
    does a bug of jxpj's, so that one file never ends the batch."""
    try:
        doc: Document | None = None  # a workbook is read by score_document
        if not source.path.lower().endswith(WORKBOOK_SUFFIX):
            read = _yaml_evidence(source)
            if isinstance(read, Skipped):
                return read
            doc = read
        result, _doc = score_document(source.path, spec_path=spec_path, specs=specs.get, doc=doc)
        return row_of(result, source.path)
    except ProblemsError as exc:
        return Failure(source.path, exc.problems)
    except JxpjError as exc:
        return Failure(source.path, message=str(exc))
    except Exception as exc:  # a bug of ours: reported for this file, the batch goes on
        return Failure(source.path, message=internal_error(exc))


def _yaml_evidence(source: Source) -> Document | Skipped:
    """The file's document, parsed once, or why it is skipped: a spec or other YAML found in a
    folder, told from its top-level keys as `jxpj check` tells them."""
    shown = display_path(source.path)
    raw = read_raw(source.path)
    try:
        doc = parse_utf8(raw, shown)
    except ProblemsError:
        # Not YAML that jxpj reads: a spec or another file found in a folder is still skipped,
        # told from its text (unless that is the problem), and broken evidence is reported.
        text = decode_text(raw, shown)
        if source.found and (kind := kind_of(source.path, text)) != "evidence":
            return Skipped(source.path, kind or "other")
        raise
    if source.found:
        text = leading_text(raw) if doc.data is not None else decode_text(raw, shown)  # all kind_of reads
        if (kind := kind_of(source.path, text, doc.data)) != "evidence":
            return Skipped(source.path, kind or "other")
    return doc


def score_sources(
    sources: Sequence[Source],
    *,
    spec_path: str | Path | None = None,
    jobs: int | None = None,
    specs: SpecCache | None = None,
) -> Iterator[Outcome]:
    """Score every source, yielding outcomes in the sources' order; ``jobs=None`` decides."""
    specs = specs if specs is not None else SpecCache()
    jobs = auto_jobs(len(sources)) if jobs is None else capped_jobs(jobs)
    shared = Interner()
    if jobs == 1 or len(sources) < 2:
        for source in sources:
            yield _compact(score_source(source, specs, spec_path), shared)
        return
    # The first file is scored here, so its spec (usually everyone's) is loaded once, before the
    # workers start: forked workers inherit the cache instead of each loading it again.
    yield _compact(score_source(sources[0], specs, spec_path), shared)
    rest = sources[1:]
    size = max(1, min(MAX_CHUNK, len(rest) // (jobs * 16)))  # small enough to end together
    chunks = [rest[i : i + size] for i in range(0, len(rest), size)]
    pool = ProcessPoolExecutor(min(jobs, len(chunks)), mp_context=_context(), initializer=_start_worker, initargs=(specs, spec_path))
    try:
        for outcomes in pool.map(_score_chunk, chunks):
            yield from (_compact(outcome, shared) for outcome in outcomes)
    finally:  # also when the caller stops early (Ctrl-C): drop the chunks not yet started
        pool.shutdown(wait=True, cancel_futures=True)


def _compact(outcome: Outcome, shared: Interner) -> Outcome:
    return shared.row(outcome) if isinstance(outcome, ProjectRow) else outcome


def auto_jobs(count: int) -> int:
    """One process for small batches; every usable core for large ones."""
    return 1 if count < AUTO_PARALLEL_MIN else usable_cores()


def usable_cores() -> int:
    """The cores this process may run on (a container or ``taskset`` may allow fewer than exist)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        cores = os.cpu_count() or 1
    return max(1, cores)


def capped_jobs(jobs: int) -> int:
    """``--jobs`` within 1 and the usable cores: more processes than cores only cost memory
    (``--jobs 100000`` started 1,110 workers and took 3 GB)."""
    return max(1, min(jobs, usable_cores()))


def _context() -> multiprocessing.context.BaseContext:
    # fork shares the loaded modules and the spec cache with the workers at no cost; where fork
    # is unavailable the workers import jxpj themselves and receive the cache pickled.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


_worker: tuple[SpecCache, str | Path | None] | None = None


def _start_worker(specs: SpecCache, spec_path: str | Path | None) -> None:
    global _worker
    _worker = (specs, spec_path)
    # Ctrl-C is the parent's to handle; workers would each print a traceback of their own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _score_chunk(chunk: Sequence[Source]) -> list[Outcome]:
    assert _worker is not None, "started by _start_worker"
    specs, spec_path = _worker
    return [score_source(source, specs, spec_path) for source in chunk]
