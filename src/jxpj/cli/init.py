"""``jxpj init`` and ``jxpj frameworks``: start an evaluation from a bundled framework."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from jxpj.cli.common import handle_errors
from jxpj.cli.office import init_workbook
from jxpj.errors import display_path


@handle_errors
def init(
    folder: Annotated[Path, typer.Argument(help="The new evaluation's folder (created if missing).", show_default=False)],
    framework: Annotated[str, typer.Option("--framework", help="A bundled framework; `jxpj frameworks` lists them.", show_default=False)],
    force: Annotated[bool, typer.Option("--force", help="Overwrite spec.yaml and evidence.yaml in a folder that is not empty.")] = False,
    xlsx: Annotated[bool, typer.Option("--xlsx", help="Also write evidence.xlsx, an Excel workbook to fill in instead of evidence.yaml (drop-downs, one row per indicator).")] = False,
) -> None:
    """Start an evaluation: a spec that extends FRAMEWORK and an evidence skeleton to fill in."""
    from jxpj import scaffold

    spec, evidence = scaffold.init(folder, framework, force=force)
    typer.echo(f"wrote {display_path(spec)}")
    typer.echo(f"wrote {display_path(evidence)}")
    if xlsx:
        evidence = init_workbook(spec, folder / "evidence.xlsx", force=True, project=folder.resolve().name)
        typer.echo(f"wrote {display_path(evidence)}")
    typer.echo(f"next: give each indicator its facts in {display_path(evidence)}, then run: jxpj score {display_path(evidence)}")


@handle_errors
def frameworks() -> None:
    """List the bundled frameworks that specs can extend, with their sources."""
    from jxpj import scaffold
    from jxpj.numbers import fmt_num

    for item in scaffold.frameworks():
        spec = item.spec
        typer.echo(f"{item.name}: {spec.framework.name if spec.framework else spec.title}")
        if spec.framework and spec.framework.source:
            typer.echo(f"  source: {' '.join(spec.framework.source.split())}")
        leaves = sum(1 for _ in spec.leaves())
        weights = " / ".join(f"{i.name} {fmt_num(i.total_weight)}" for i in spec.indicators)
        typer.echo(f"  {weights}; {leaves} leaf indicators; layout {spec.layout}")
