"""The ``jxpj`` command: a thin layer over the library. Each command lives in its own module."""

from __future__ import annotations

from jxpj.cli.app import app


def main() -> None:
    app()


__all__ = ["app", "main"]
