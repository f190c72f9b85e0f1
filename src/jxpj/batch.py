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
import re
import signal
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from jxpj.errors import JxpjError, Problem, ProblemsError, UsageError, display_path
from jxpj.evidence import Evidence
from jxpj.load import existing_spec_path, load_spec, score, validate
from jxpj.portfolio import Interner, ProjectRow, row_of
from jxpj.spec import Spec
from jxpj.yamlio import parse_yaml, read_text

# Below this many files one process is faster: starting workers and shipping rows back costs
# more than it saves (measured in benchmarks/README.md).
AUTO_PARALLEL_MIN = 100
MAX_CHUNK = 64  # files per task sent to a worker: few enough that the cores finish together

YAML_SUFFIXES = (".yaml", ".yml")
# Top-level keys, read from the text without parsing it: evidence has spec: and project:, a spec
# has indicators:. The search stops at the first match, usually the file's first line.
_EVIDENCE_KEY = re.compile(r"""^["']?(?:spec|project)["']?[ \t]*:""", re.MULTILINE)
_SPEC_KEY = re.compile(r"""^["']?indicators["']?[ \t]*:""", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Source:
    """An evidence file to score; ``found`` when found in a folder rather than named."""

    path: str
    found: bool = False


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
    """Named files as given, folders searched for ``*.yaml``/``*.yml`` (sorted, hidden folders
    skipped); each file once. A path that does not exist is a :class:`UsageError` (exit 2)."""
    sources: list[Source] = []
    seen: set[str] = set()
    for path in paths:
        if os.path.isdir(path):
            found = [Source(display_path(f), found=True) for f in _walk(str(path))]
        elif os.path.exists(path):
            found = [Source(display_path(path))]
        else:
            raise UsageError(f"{display_path(path)}: no such file or folder")
        for source in found:
            key = os.path.realpath(source.path)
            if key not in seen:
                seen.add(key)
                sources.append(source)
    return sources


def _walk(folder: str) -> Iterator[str]:
    for top, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        yield from (os.path.join(top, f) for f in sorted(files) if f.endswith(YAML_SUFFIXES))


def file_kind(text: str) -> str:
    """``evidence``, ``spec`` or ``other``, from the file's top-level keys."""
    if _EVIDENCE_KEY.search(text):
        return "evidence"  # a file with only one of the two is broken evidence, reported as such
    return "spec" if _SPEC_KEY.search(text) else "other"


class SpecCache:
    """Specs loaded and checked once per resolved path, their problems included."""

    def __init__(self) -> None:
        self._entries: dict[str, object] = {}
        self.loads = 0  # how many spec files were actually read

    def get(self, path: str | Path) -> Spec:
        key = os.path.realpath(path)
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
    """Score one evidence file; any mistake in it (or its spec) becomes a :class:`Failure`."""
    try:
        text = read_text(source.path)
        if source.found and (kind := file_kind(text)) != "evidence":
            return Skipped(source.path, kind)
        doc = parse_yaml(text, source.path)
        evidence = validate(Evidence, doc)
        spec = specs.get(spec_path if spec_path is not None else existing_spec_path(source.path, evidence, doc))
        return row_of(score(spec, evidence, doc), source.path)
    except ProblemsError as exc:
        return Failure(source.path, exc.problems)
    except JxpjError as exc:
        return Failure(source.path, message=str(exc))


def score_sources(
    sources: Sequence[Source],
    *,
    spec_path: str | Path | None = None,
    jobs: int | None = None,
    specs: SpecCache | None = None,
) -> Iterator[Outcome]:
    """Score every source, yielding outcomes in the sources' order; ``jobs=None`` decides."""
    specs = specs if specs is not None else SpecCache()
    jobs = auto_jobs(len(sources)) if jobs is None else max(1, jobs)
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
    pool = ProcessPoolExecutor(jobs, mp_context=_context(), initializer=_start_worker, initargs=(specs, spec_path))
    try:
        for outcomes in pool.map(_score_chunk, chunks):
            yield from (_compact(outcome, shared) for outcome in outcomes)
    finally:  # also when the caller stops early (Ctrl-C): drop the chunks not yet started
        pool.shutdown(wait=True, cancel_futures=True)


def _compact(outcome: Outcome, shared: Interner) -> Outcome:
    return shared.row(outcome) if isinstance(outcome, ProjectRow) else outcome


def auto_jobs(count: int) -> int:
    """One process for small batches; every usable core for large ones."""
    if count < AUTO_PARALLEL_MIN:
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        cores = os.cpu_count() or 1
    return max(1, cores)


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
