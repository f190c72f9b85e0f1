"""``jxpj check``: lint specs and evidence files for CI, editors and pre-commit."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from jxpj.cli.common import EXIT_OK, EXIT_PROBLEMS, handle_errors


class CheckFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


@handle_errors
def check(
    paths: Annotated[list[Path], typer.Argument(help="Spec and evidence files, or folders to search for *.yaml / *.yml.", show_default=False)],
    format: Annotated[CheckFormat, typer.Option("--format", "-f", help="text, json, or github (workflow annotations).")] = CheckFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too (e.g. indicators without evidence), and check what a report needs before it is handed over (its report_date).")] = False,
    root: Annotated[Path | None, typer.Option("--root", help="Read nothing outside this folder: an extends: or spec: pointing elsewhere is an error. Default: the Git repository of the current folder, else the current folder (the paths named are always read).", show_default=False)] = None,
) -> None:
    """Check specs and evidence: every problem at once, as file:line:col: severity: message [check]."""
    from jxpj.check.checker import check_paths
    from jxpj.check.output import FORMATS, summary

    report = check_paths(paths, root=root, strict=strict)
    sys.stdout.write(FORMATS[format.value](report))
    print(summary(report), file=sys.stderr)
    raise typer.Exit(EXIT_PROBLEMS if report.failed(strict=strict) else EXIT_OK)
