"""The Typer application and its command list."""

from __future__ import annotations

from typing import Annotated

import typer

from jxpj.cli import check, diff, importing, init, report, review, schema, score

app = typer.Typer(
    name="jxpj",
    help="Score Chinese public-spending performance evaluations (绩效评价) and write their reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
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


app.command("score")(score.score)
app.command("explain")(score.explain)
app.command("review")(review.review)
app.command("import")(importing.import_form)
app.command("diff")(diff.diff)
app.command("report")(report.report)
app.add_typer(report.templates_app, name="templates")
app.command("init")(init.init)
app.command("frameworks")(init.frameworks)
app.command("check")(check.check)
app.command("schema")(schema.schema)
