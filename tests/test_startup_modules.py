"""What start-up costs, as the set of heavy modules each entry point pulls in (not a timing).

Every module imported at start-up is paid by every command; the heavy ones (pydantic, PyYAML,
rich, Jinja, the office libraries, jxpj's models and engine) only by the commands that use them.
"""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import EXAMPLE, ROOT

HEAVY = (
    "typer", "pydantic", "pydantic_core", "yaml", "rich", "jinja2", "openpyxl", "docx", "matplotlib",
    "markdown_it", "pygments", "annotated_types", "importlib.metadata", "email",
)  # fmt: skip
LIBRARY = ("jxpj.models", "jxpj.engine", "jxpj.load", "jxpj.documents", "jxpj.rules", "jxpj.numbers", "jxpj.result", "jxpj.report")


def loaded(code: str) -> set[str]:
    """The modules in ``sys.modules`` after running ``code`` in a fresh interpreter."""
    code += "\nimport sys\nprint('\\n'.join(sys.modules), file=sys.stderr)\n"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "COLUMNS": "120"}
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return set(run.stderr.split())


def command(*argv: str) -> set[str]:
    return loaded(
        f"import sys, io, contextlib\nsys.argv = ['jxpj', *{list(argv)!r}]\nfrom jxpj.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n    try:\n        main()\n    except SystemExit:\n        pass"
    )


def heavy(modules: set[str]) -> set[str]:
    return {name for name in HEAVY if name in modules}


def library(modules: set[str]) -> set[str]:
    return {name for name in modules if name.startswith(LIBRARY)}


COMMAND_MODULES = {f"jxpj.cli.{name}" for name in ("check", "diff", "importing", "init", "report", "review", "schema", "score")}


def jxpj_modules(modules: set[str]) -> set[str]:
    return {name for name in modules if name == "jxpj" or name.startswith("jxpj.")}


def test_importing_the_cli_pulls_in_typer_and_none_of_the_commands():
    modules = loaded("import jxpj.cli")
    assert heavy(modules) == {"typer"}
    assert jxpj_modules(modules) == {"jxpj", "jxpj.cli", "jxpj.cli.app", "jxpj.cli.collector"}


def test_help_adds_only_typer_s_rich_help():
    # typer draws --help with rich (and imports rich's Markdown and syntax support to do it)
    modules = command("--help")
    assert heavy(modules) == {"typer", "rich", "markdown_it", "pygments"}
    assert library(modules) == set()
    # the commands are listed by their summaries, not imported, let alone built
    assert jxpj_modules(modules) == {"jxpj", "jxpj.cli", "jxpj.cli.app", "jxpj.cli.collector"}
    assert not {"json", "tempfile", "typer._adapters"} & modules


def test_a_command_imports_its_own_module_and_no_other_command_s():
    assert jxpj_modules(command("score", "--help")) & COMMAND_MODULES == {"jxpj.cli.score"}
    assert jxpj_modules(command("schema", "spec")) & COMMAND_MODULES == {"jxpj.cli.schema"}
    assert jxpj_modules(command("check", str(EXAMPLE))) & COMMAND_MODULES == {"jxpj.cli.check"}


def test_a_command_leaves_pydantic_plugins_off_unless_the_user_set_them():
    code = "\nimport os\nprint('PLUGINS=' + os.environ.get('PYDANTIC_DISABLE_PLUGINS', '<unset>'))"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    env.pop("PYDANTIC_DISABLE_PLUGINS", None)
    script = "import sys\nsys.argv = ['jxpj', 'frameworks']\nfrom jxpj.cli import main\ntry:\n    main()\nexcept SystemExit:\n    pass" + code
    run = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    assert run.stdout.splitlines()[-1] == "PLUGINS=__all__"
    run = subprocess.run([sys.executable, "-c", script], env={**env, "PYDANTIC_DISABLE_PLUGINS": ""}, capture_output=True, text=True, check=True)
    assert run.stdout.splitlines()[-1] == "PLUGINS="


def test_json_score_needs_no_rich_and_the_table_no_help_machinery():
    evidence = str(EXAMPLE / "evidence.yaml")
    as_json = command("score", evidence, "--format", "json")
    assert heavy(as_json) == {"typer", "pydantic", "pydantic_core", "yaml", "annotated_types", "importlib.metadata", "email"}
    table = command("score", evidence)
    assert heavy(table) == heavy(as_json) | {"rich"}
    # to a pipe or a file the table is laid out without rich's console (jxpj.cli.plain_table)
    assert not {"rich.console", "typer.rich_utils", "rich.markdown", "rich.syntax", "rich.traceback"} & table
    assert {"jxpj.engine", "jxpj.models.spec"} <= library(table)
    assert not {"jxpj.report", "jxpj.portfolio.batch", "jxpj.check.checker"} & table
