"""The one exception family of jxpj, and the located problem it carries.

Every mistake a user can make in their files becomes a :class:`Problem` with the file, line and
column it points at; the CLI prints them and exits 1. Nothing here imports the rest of jxpj.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One thing wrong in a user's file, located as precisely as we can (1-based line and column)."""

    path: str
    line: int
    col: int
    message: str
    check: str = "schema"
    severity: Severity = field(default=Severity.ERROR, compare=False)

    def __str__(self) -> str:
        # One problem, one line: a key written "X\nY" must not split the message that quotes it.
        message = self.message.replace("\n", "\\n")
        return f"{self.path}:{self.line}:{self.col}: {self.severity}: {message} [{self.check}]"

    def as_warning(self) -> Problem:
        """The same problem, reported as a warning (legal, but almost certainly a slip)."""
        return replace(self, severity=Severity.WARNING)


class JxpjError(Exception):
    """Base class: the message is written for the user, ready to print."""


class UsageError(JxpjError):
    """A wrong command line or an unreadable path (exit code 2)."""


class ProblemsError(JxpjError):
    """One or more problems in the user's files (exit code 1)."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems: tuple[Problem, ...] = tuple(sorted(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


def internal_error(exc: BaseException) -> str:
    """The message for a bug of jxpj's met while reading one file, so a batch can go on past it."""
    return f"internal error ({type(exc).__name__}: {exc}); this is a bug in jxpj: please report it with this file"


def display_path(path: str | Path) -> str:
    """The path as the user typed it, with forward slashes, so messages are stable across OSes."""
    return Path(path).as_posix()


# Pydantic's wording names Python types; users write YAML. (pattern, replacement), first match
# wins; compiled when a message is first made plain, not by every command that imports this.
_PLAIN = (
    (r"^Value error, ", ""),
    (r"^Input should be a valid (?:tuple|list)\b.*", "expected a list"),
    (r"^Input should be a valid dictionary\b.*", "expected a mapping (key: value)"),
    (r"^Input should be a valid string\b.*", "expected text"),
    (r"^Input should be a valid boolean\b.*", "expected true or false"),
    (r"^Input should be a valid integer\b.*", "expected a whole number"),
    (r"^String should match pattern '\\S'$", "must not be blank"),
    (r"^String should have at least 1 character$", "must not be empty"),
    (r"^Input should be greater than or equal to (\S+)$", r"must be at least \1"),
    (r"^Input should be greater than (\S+)$", r"must be above \1"),
    (r"^Input should be less than or equal to (\S+)$", r"must be at most \1"),
    (r"^Input should be less than (\S+)$", r"must be below \1"),
)


def plain_message(message: str) -> str:
    """A pydantic error message in the words of a YAML file."""
    for pattern, replacement in _PLAIN:
        message, count = re.subn(pattern, replacement, message)  # compiled once, by re's cache
        if count and replacement:
            break
    return message
