"""``jxpj schema spec|evidence``: print the JSON Schema editors validate and complete with."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from jxpj.cli.common import handle_errors


class FileKind(StrEnum):
    spec = "spec"
    evidence = "evidence"


@handle_errors
def schema(
    kind: Annotated[FileKind, typer.Argument(help="spec or evidence.", show_default=False)],
) -> None:
    """Print the JSON Schema of a spec or an evidence file (the copies under schema/ are these)."""
    from jxpj.models.schema import schema_text

    typer.echo(schema_text(kind.value), nl=False)
