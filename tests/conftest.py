from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from typer.testing import CliRunner

from jxpj.cli import app

ROOT = Path(__file__).resolve().parent.parent

# Tables are as wide as COLUMNS says when output is not a terminal. pytest-xdist's workers inherit
# COLUMNS=80 from execnet, which cut the tables the tests read; they are read at 120 everywhere.
os.environ["COLUMNS"] = "120"

# Property tests: CI runs a fixed, derandomized search (same examples every run, so a failure
# is reproducible and the suite's time is stable); `--hypothesis-profile=long` or
# JXPJ_HYPOTHESIS_PROFILE=long searches much longer, by hand.
_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large]
settings.register_profile("ci", max_examples=1000, derandomize=True, deadline=None, print_blob=True, suppress_health_check=_QUIET)
settings.register_profile("long", max_examples=20_000, deadline=None, print_blob=True, suppress_health_check=_QUIET)
settings.load_profile(os.environ.get("JXPJ_HYPOTHESIS_PROFILE", "ci"))
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
