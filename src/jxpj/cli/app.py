"""The Typer application and its command list.

typer turns every command it is given into a click command up front (reading the function's
signature and building each parameter: about a millisecond a command, paid by every run of every
command). jxpj's group instead builds a command when it is looked up to be run, so a run pays
for the one it invokes; ``--help`` lists each command by its summary without importing it.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from importlib import import_module
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple

import typer
from typer.core import TyperCommand, TyperGroup
from typer.main import get_command_from_info, get_group_from_info
from typer.models import CommandInfo, TyperInfo

if TYPE_CHECKING:
    from typer._click import Command, Context, HelpFormatter

class Entry(NamedTuple):
    """Where a command lives, and what `jxpj --help` lists it as."""

    module: str  # in jxpj.cli
    attribute: str  # a command function, or a Typer of subcommands
    # The first paragraph of the command's help, which is all the list shows of it: kept here so
    # that `jxpj --help` imports no command module (tests/test_cli_lazy.py holds it to the
    # docstring, and compares the whole help with typer's).
    summary: str


# The order is the order of `jxpj --help` (typer lists the sub-Typers after the commands).
COMMANDS: dict[str, Entry] = {
    "score": Entry("score", "score", "Score one evidence file (every indicator, the total, the grade), or a portfolio of many:\nseveral files or folders give one ranked row per project and the grade distribution."),
    "explain": Entry("score", "explain", "Show how one indicator's score was computed."),
    "review": Entry("review", "review", "Recompute a report's or a 自评表's claimed scores, total, grade and rates, and list every disagreement (exit 1)."),
    "import": Entry("importing", "import_form", "Write a 自评表 as spec.yaml (its indicators and weights on the national form) and evidence.yaml\n(facts, 业绩值, 偏差原因, and the form's numbers as claims:), to go on with score, report, review."),
    "diff": Entry("diff", "diff", "Compare two evidence files: each indicator's 业绩值 and score, the total and the grade."),
    "report": Entry("report", "report", "Write the evaluation report (report.md) and its summary table (summary.md, summary.csv), or with --format the Word report or the Excel score sheet."),
    "init": Entry("init", "init", "Start an evaluation: a spec that extends FRAMEWORK and an evidence skeleton to fill in."),
    "frameworks": Entry("init", "frameworks", "List the bundled frameworks that specs can extend, with their sources."),
    "check": Entry("check", "check", "Check specs and evidence: every problem at once, as file:line:col: severity: message [check]."),
    "schema": Entry("schema", "schema", "Print the JSON Schema of a spec or an evidence file (the copies under schema/ are these)."),
    "templates": Entry("report", "templates_app", "The report templates: export the defaults to start your own."),
}


def _target(name: str) -> Any:
    entry = COMMANDS[name]
    return getattr(import_module(f"jxpj.cli.{entry.module}"), entry.attribute)


def build(name: str) -> Command:
    """The click command typer makes of ``name``, exactly as it would for the whole app."""
    target = _target(name)
    if isinstance(target, typer.Typer):
        return get_group_from_info(
            TyperInfo(target, name=name),
            pretty_exceptions_short=app.pretty_exceptions_short,
            rich_markup_mode=app.rich_markup_mode,
            suggest_commands=app.suggest_commands,
        )
    info = CommandInfo(name=name, callback=target)
    return get_command_from_info(info, pretty_exceptions_short=app.pretty_exceptions_short, rich_markup_mode=app.rich_markup_mode)


def _listed(name: str) -> Command:
    """What a command list shows of ``name``: its name and the first paragraph of its help."""
    return TyperCommand(name=name, help=COMMANDS[name].summary)


class _Commands(MutableMapping[str, "Command"]):
    """The group's commands by name, each built the first time it is asked for."""

    def __init__(self) -> None:
        self._built: dict[str, Command] = {}

    def __getitem__(self, name: str) -> Command:
        if name not in self._built:
            if name not in COMMANDS:
                raise KeyError(name)
            self._built[name] = build(name)
        return self._built[name]

    def __setitem__(self, name: str, command: Command) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        del self._built[name]

    def __contains__(self, name: object) -> bool:  # without building it, as Mapping's would
        return name in COMMANDS or name in self._built

    def __iter__(self) -> Iterator[str]:
        yield from COMMANDS
        yield from (name for name in self._built if name not in COMMANDS)  # added by add_command

    def __len__(self) -> int:
        return sum(1 for _ in self)


class LazyGroup(TyperGroup):
    """The ``jxpj`` group: its commands built on first use (see the module's docstring)."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = _Commands()
        self._listing = False

    def list_commands(self, ctx: Context) -> list[str]:
        return list(self.commands)

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        if cmd_name not in self.commands:
            return None
        return _listed(cmd_name) if self._listing else self.commands[cmd_name]

    def format_help(self, ctx: Context, formatter: HelpFormatter) -> None:
        self._listing = True  # the commands are looked up here only to be listed
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False


app = typer.Typer(
    name="jxpj",
    help="Score Chinese public-spending performance evaluations (绩效评价) and write their reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    cls=LazyGroup,
)

def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version("jxpj")
        except PackageNotFoundError:  # run from a source tree that is not installed
            number = "(not installed: no version recorded)"
        typer.echo(f"jxpj {number}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show jxpj's version and exit.")] = False,
) -> None:
    """Score Chinese public-spending performance evaluations (绩效评价) and write their reports."""
