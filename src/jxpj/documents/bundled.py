"""The bundled framework specs by name, and where an ``extends:`` or ``spec:`` reference points."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jxpj.resources import data_dir


@cache  # the folder is part of the installation: listed once per process, not at every lookup
def bundled_specs() -> dict[str, Path]:
    """The bundled frameworks by name (the file name without ``.yaml``), sorted."""
    return {p.stem: p for p in sorted(data_dir("specs").glob("*.yaml"))}


def is_name(ref: str) -> bool:
    """A bundled framework's name, as opposed to a path (which has a slash or a YAML suffix)."""
    return not ("/" in ref or "\\" in ref or ref.endswith((".yaml", ".yml")))


def resolve(ref: str, folder: Path) -> Path:
    """Where ``ref`` points: a bundled framework by name, else a path relative to ``folder``."""
    bundled = bundled_specs().get(ref) if is_name(ref) else None
    return bundled if bundled is not None else folder / ref
