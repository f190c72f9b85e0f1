"""How often the garbage collector runs in a command: less than Python's default.

Kept apart from :mod:`jxpj.cli.common` because :func:`jxpj.cli.main` sets it before anything else is
imported, `jxpj --help` included, which needs none of the error handling.
"""

from __future__ import annotations

import functools

GC_THRESHOLD = 50_000  # allocations between collections of young objects (Python's default: 700)


def collect_less() -> None:
    """Collect young objects every :data:`GC_THRESHOLD` allocations instead of every 700.

    Start-up (typer, then the command's library: pydantic, the models) makes objects that live
    as long as the process, and the default thresholds walked them over and over while they were
    made: about 5 ms of a single score. :func:`jxpj.cli.main` calls this before anything is
    imported; garbage cycles are still collected.
    """
    import gc

    gc.set_threshold(GC_THRESHOLD, 20, 20)


def fewer_collections() -> None:
    """Collect cyclic garbage less often while a command runs.

    A command builds many objects that live until it ends (the YAML, the spec, the results);
    the collector's default thresholds walk them again every 700 allocations: a quarter of the
    CPU time of scoring a 5,000-indicator spec, a tenth of a batch's. What the imports made is
    frozen out of collection (once per process; forked workers inherit that), and young objects
    are collected as :func:`collect_less` says.
    """
    _freeze_imports()
    collect_less()


@functools.cache
def _freeze_imports() -> None:
    import gc

    gc.freeze()
