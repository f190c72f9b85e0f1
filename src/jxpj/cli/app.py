"""The Typer application and its command list.

typer turns every command it is given into a click command up front (reading the function's
signature and building each parameter: about a millisecond a command, paid by every run of every
command). jxpj's group instead builds a command when it is looked up to be run, so a run pays
for the one it invokes; ``--help`` lists each command by its docstring without building it.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator, MutableMapping
from importlib import import_module
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup
from typer.main import get_command_from_info, get_group_from_info
from typer.models import CommandInfo, TyperInfo

if TYPE_CHECKING:
    from typer._click import Command, Context, HelpFormatter

# name → (module in jxpj.cli, attribute): a command function, or a Typer of subcommands.
# The order is the order of `jxpj --help` (typer lists the sub-Typers after the commands).
COMMANDS: dict[str, tuple[str, str]] = {
    "score": ("score", "score"),
    "explain": ("score", "explain"),
    "review": ("review", "review"),
    "import": ("importing", "import_form"),
    "diff": ("diff", "diff"),
    "report": ("report", "report"),
    "init": ("init", "init"),
    "frameworks": ("init", "frameworks"),
    "check": ("check", "check"),
    "schema": ("schema", "schema"),
    "templates": ("report", "templates_app"),
}


def _target(name: str) -> Any:
    module, attribute = COMMANDS[name]
    return getattr(import_module(f"jxpj.cli.{module}"), attribute)


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
    """What a command list shows of ``name`` (its name and help), without building its parameters."""
    target = _target(name)
    if isinstance(target, typer.Typer):
        return build(name)  # a group's help is typer's to work out; there is one, of one command
    return TyperCommand(name=name, help=inspect.getdoc(target))


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
