"""What every command shares: error handling and exit codes, and the consoles.

Exit codes: 0 success, 1 problems in the user's files, 2 a wrong command line or unreadable path.
A traceback a user can trigger is a bug, so every :class:`JxpjError` ends here.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import typer

from jxpj.cli.collector import fewer_collections
from jxpj.errors import JxpjError, ProblemsError, UsageError

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def console(stderr: bool = False) -> Console:
    """A console whose output does not depend on the machine when it is not a terminal."""
    from rich.console import Console  # only when something is printed: --help does not need it

    stream = sys.stderr if stderr else sys.stdout
    tty = stream.isatty()
    width = None if tty else _columns()
    return Console(file=stream, width=width, no_color=not tty, highlight=False, soft_wrap=False)


def print_table(build: Callable[[int | None], Table]) -> None:
    """Print the table ``build(width)`` makes for standard output, ``width`` the cells it may use
    (None: a terminal's own). Output that is not a terminal is laid out without rich when the
    table allows (:mod:`jxpj.cli.plain_table`: the same text, about 30 ms sooner)."""
    stream = sys.stdout
    if not _terminal(stream):
        width = _columns()
        table = build(width)
        from jxpj.cli.plain_table import plain

        text = plain(table, width, getattr(stream, "encoding", None) or "utf-8")
        if text is not None:
            stream.write(text)
        else:
            console().print(table)
        return
    out = console()
    out.print(build(out.width))


def _terminal(stream: Any) -> bool:
    """Whether rich will treat ``stream`` as a terminal (and style what it prints)."""
    forced = os.environ.get("TTY_COMPATIBLE", "")
    if forced in ("0", "1"):
        return forced == "1"
    if os.environ.get("FORCE_COLOR") is not None:
        return os.environ["FORCE_COLOR"] != ""
    try:
        return bool(stream.isatty())
    except ValueError:  # closed
        return False


def _columns() -> int:
    """The table width COLUMNS asks for, or 120 when it is not a width a table can be read at
    (COLUMNS=abc was a traceback)."""
    text = os.environ.get("COLUMNS", "").strip()
    width = int(text) if text.isascii() and text.isdigit() and len(text) < 6 else 120
    return width if 20 <= width <= 1000 else 120


def handle_errors(func: F) -> F:
    """Turn the library's errors into messages on stderr and the documented exit codes."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        fewer_collections()
        try:
            return func(*args, **kwargs)
        except ProblemsError as exc:
            for problem in exc.problems:
                print(problem, file=sys.stderr)
            count = len(exc.problems)
            print(f"{count} problem{'s' if count != 1 else ''} found", file=sys.stderr)
            raise typer.Exit(EXIT_PROBLEMS) from None
        except UsageError as exc:
            print(f"error: {exc}", file=sys.stderr)
            raise typer.Exit(EXIT_USAGE) from None
        except JxpjError as exc:  # pragma: no cover - every error is one of the above
            print(f"error: {exc}", file=sys.stderr)
            raise typer.Exit(EXIT_PROBLEMS) from None

    return wrapper  # type: ignore[return-value]
