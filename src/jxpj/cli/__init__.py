"""The ``jxpj`` command: a thin layer over the library. Each command lives in its own module."""

from __future__ import annotations

from jxpj.cli.app import app
from jxpj.cli.common import collect_less


def main() -> None:
    collect_less()  # before typer and the command import what they need (see collect_less)
    app()


__all__ = ["app", "main"]
