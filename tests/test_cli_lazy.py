"""jxpj's command group builds each command on first use; what it prints is what typer prints for
the same commands registered up front (every help, every usage error)."""

from __future__ import annotations

import inspect

import pytest
import typer
from typer.testing import CliRunner

from jxpj.cli import app as cli_app
from jxpj.cli.app import COMMANDS, LazyGroup, _main, _target, app


def eager() -> typer.Typer:
    """The app as typer builds it when given every command: jxpj's before it built them lazily."""
    whole = typer.Typer(
        name="jxpj",
        help=app.info.help,
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )
    whole.callback()(_main)
    for name in COMMANDS:
        target = _target(name)
        if isinstance(target, typer.Typer):
            whole.add_typer(target, name=name)
        else:
            whole.command(name)(target)
    return whole


ARGVS = [
    [], ["--help"], ["-h"], ["--bogus"], ["scor"], ["chek", "."], ["templates"], ["templates", "--help"],
    ["templates", "export", "--help"], ["templates", "exprt"], ["score"], ["score", "--format", "xml", "x.yaml"],
    ["score", "--jobs", "0", "x.yaml"], ["init", "folder"], ["schema", "x"], ["explain", "x.yaml"],
    *([name, "--help"] for name in COMMANDS),
]  # fmt: skip


@pytest.mark.parametrize("argv", ARGVS, ids=" ".join)
def test_every_help_and_usage_error_is_typer_s_own(argv: list[str]) -> None:
    runner = CliRunner()
    lazy, whole = runner.invoke(cli_app, argv, prog_name="jxpj"), runner.invoke(eager(), argv, prog_name="jxpj")
    assert (lazy.exit_code, lazy.stdout, lazy.stderr) == (whole.exit_code, whole.stdout, whole.stderr)


@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_command_s_summary_is_the_first_paragraph_of_its_help(name: str) -> None:
    # what typer lists of a command (rich_utils: the first paragraph of its help)
    target = _target(name)
    help_text = target.info.help if isinstance(target, typer.Typer) else inspect.getdoc(target)
    assert COMMANDS[name].summary == inspect.cleandoc(help_text).split("\n\n")[0].strip()


def test_help_lists_every_command_without_building_one() -> None:
    group = typer.main.get_command(app)
    assert isinstance(group, LazyGroup)
    with pytest.raises(SystemExit):
        group.main(["--help"], prog_name="jxpj")
    assert not group.commands._built  # type: ignore[attr-defined]
    assert group.list_commands(None) == list(COMMANDS)  # type: ignore[arg-type]
    assert group.get_command(None, "nope") is None  # type: ignore[arg-type]


def test_a_run_builds_only_its_own_command() -> None:
    group = typer.main.get_command(app)
    with pytest.raises(SystemExit):
        group.main(["schema", "--help"], prog_name="jxpj")
    assert list(group.commands._built) == ["schema"]  # type: ignore[attr-defined]
