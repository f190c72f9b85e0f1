"""``jxpj import``: a filled-in 自评表 written as a jxpj spec and evidence."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from jxpj.cli.common import handle_errors
from jxpj.cli.score import SpecOpt


@handle_errors
def import_form(
    form: Annotated[Path, typer.Argument(help="A filled-in 项目支出绩效自评表 (.xlsx or .docx).", show_default=False)],
    output: Annotated[Path, typer.Option("--output", "-o", help="The folder to write spec.yaml and evidence.yaml into.", show_default=False)],
    spec: SpecOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite spec.yaml and evidence.yaml if they exist.")] = False,
) -> None:
    """Write a 自评表 as spec.yaml (its indicators and weights on the national form) and evidence.yaml
    (facts, 业绩值, 偏差原因, and the form's numbers as claims:), to go on with score, report, review."""
    from jxpj.forms.importer import import_form as write
    from jxpj.load import require_file

    (spec_file, evidence_file), warnings = write(require_file(form), output, spec_path=spec, force=force)
    for warning in warnings:
        typer.echo(str(warning), err=True)
    typer.echo(f"wrote {spec_file.as_posix()} and {evidence_file.as_posix()}")
