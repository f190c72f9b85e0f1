"""Start-up imports only what a command needs: --help no models, score no Jinja."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import EXAMPLE, ROOT


def modules_after(argv: list[str]) -> set[str]:
    """The modules imported by running ``jxpj argv`` in a fresh interpreter."""
    code = (
        "import sys\n"
        f"sys.argv = ['jxpj', *{argv!r}]\n"
        "from jxpj.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('\\n'.join(sys.modules), file=sys.stderr)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "COLUMNS": "120"}
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return set(run.stderr.split())


def test_help_imports_neither_models_nor_yaml_nor_jinja():
    assert not {"pydantic.main", "yaml", "jinja2", "jxpj.engine", "jxpj.models.spec"} & modules_after(["--help"])


def test_command_help_imports_none_of_the_library():
    # (typer itself may bring pydantic in to describe options; jxpj's models stay out)
    assert not {"yaml", "jinja2", "jxpj.engine", "jxpj.models.spec", "jxpj.load"} & modules_after(["score", "--help"])


def test_score_imports_no_jinja_and_no_portfolio_for_one_file():
    loaded = modules_after(["score", str(EXAMPLE / "evidence.yaml")])
    assert "jxpj.engine" in loaded
    assert not {"jinja2", "jxpj.portfolio.batch", "concurrent.futures.process"} & loaded


def test_portfolio_markdown_imports_jinja_only_when_rendering():
    loaded = modules_after(["score", str(EXAMPLE.parent), "--format", "csv"])
    assert "jxpj.portfolio.batch" in loaded
    assert "jinja2" not in loaded
