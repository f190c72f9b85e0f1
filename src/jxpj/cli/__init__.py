"""The ``jxpj`` command: a thin layer over the library. Each command lives in its own module."""

from __future__ import annotations

import os

from jxpj.cli.app import app
from jxpj.cli.collector import collect_less


def main() -> None:
    collect_less()  # before typer and the command import what they need (see collect_less)
    # jxpj's validation is its own: no third-party pydantic plugin hooks into it, and pydantic
    # does not scan every installed package's entry points for one when the first model is
    # validated (about 3 ms here, more where more is installed). PYDANTIC_DISABLE_PLUGINS is
    # pydantic's documented switch; one set by the user (even empty) is left as it is.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    app()


__all__ = ["app", "main"]
