"""Problems written for people (text), programs (json) and GitHub Actions (annotations)."""

from __future__ import annotations

from collections.abc import Callable

from jxpj.check.checker import CheckReport
from jxpj.errors import Problem
from jxpj.numbers import dumps


def text(report: CheckReport) -> str:
    """``file:line:col: error|warning: message [check-id]``, one a line."""
    return "".join(f"{p}\n" for p in report.problems)


def json(report: CheckReport) -> str:
    """A stable JSON document: the files checked (with their kind), the problems and the counts."""
    value = {
        "files": [{"path": f.path, "kind": f.kind} for f in report.files],
        "problems": [_problem(p) for p in report.problems],
        "errors": report.errors,
        "warnings": report.warnings,
    }
    return dumps(value) + "\n"


def _problem(p: Problem) -> dict[str, object]:
    return {
        "path": p.path,
        "line": p.line,
        "col": p.col,
        "severity": str(p.severity),
        "message": p.message,
        "check": p.check,
    }


def github(report: CheckReport) -> str:
    """Workflow commands GitHub Actions turns into annotations on the pull request's files."""
    lines = []
    for p in report.problems:
        props = f"file={_prop(p.path)},line={p.line},col={p.col},title={_prop(p.check)}"
        lines.append(f"::{p.severity}{' ' + props}::{_data(p.message)}\n")
    return "".join(lines)


def _data(value: str) -> str:
    # The escaping GitHub's runner applies (actions/toolkit, command.ts).
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


def summary(report: CheckReport) -> str:
    """One line for the end of a run: what was checked and what was found."""
    files = len(report.files)
    checked = f"{files} file{'s' if files != 1 else ''} checked"
    if not report.problems:
        return f"{checked}, no problems"
    e, w = report.errors, report.warnings
    return f"{checked}: {e} error{'s' if e != 1 else ''}, {w} warning{'s' if w != 1 else ''}"


FORMATS: dict[str, Callable[[CheckReport], str]] = {"text": text, "json": json, "github": github}
