from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from jxpj.cli import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "2018_dangjian"


class Cli:
    """Runs ``jxpj`` in-process and keeps stdout and stderr apart."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str | Path):
        return self.runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def cli() -> Cli:
    return Cli()


@pytest.fixture
def example() -> Path:
    return EXAMPLE
