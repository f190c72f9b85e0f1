"""The one Jinja environment, and rendering with every template error located in its template.

Templates are Markdown with Jinja placeholders; they format, they never compute (every number
arrives as a formatted string, see :mod:`jxpj.report.context`). The environment is sandboxed and
undefined names are errors, so a template can neither reach Python internals nor print a blank
where a number was meant. A user's folder shadows individual default files: one
:class:`~jinja2.ChoiceLoader` looks there first, then in the bundled ``templates/``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

from jinja2 import (
    ChoiceLoader,
    FileSystemLoader,
    StrictUndefined,
    TemplateNotFound,
    TemplateSyntaxError,
)
from jinja2.sandbox import SandboxedEnvironment

from jxpj.errors import Problem, ProblemsError, display_path
from jxpj.markdown import cell
from jxpj.report.sandbox import Sandbox, render_bounded
from jxpj.report.wording import cn_count, ordinal
from jxpj.resources import data_dir

REPORT_TEMPLATE = "report.md.j2"
SUMMARY_TEMPLATE = "summary.md.j2"


def bundled_templates() -> Path:
    """The folder of default templates shipped with jxpj."""
    return data_dir("templates")


def environment(templates: Path | None = None) -> SandboxedEnvironment:
    """The Jinja environment: the user's ``templates`` folder first, then the defaults."""
    loaders = [FileSystemLoader(str(templates))] if templates is not None else []
    loaders.append(FileSystemLoader(str(bundled_templates())))
    env = Sandbox(  # bounded work, nothing shared changed: see jxpj.report.sandbox
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # Markdown, not HTML; table cells are escaped by the cell filter
    )
    env.filters["cell"] = cell  # for a user's own table of evidence text
    env.filters["cn"] = cn_count  # 3 → 三
    env.filters["ordinal"] = ordinal  # 3 | ordinal("（一）") → （三）
    return env


def render(env: SandboxedEnvironment, name: str, context: Mapping[str, Any]) -> str:
    """Render one template; any error becomes a problem naming the template file and line."""
    try:
        return tidy(render_bounded(env.get_template(name), context))
    except TemplateSyntaxError as exc:
        where = exc.filename or exc.name or name
        raise ProblemsError([Problem(display_path(where), exc.lineno, 1, exc.message or "syntax error", "template")]) from None
    except TemplateNotFound as exc:
        path, line = _template_frame(exc.__traceback__) or (name, 1)
        message = f"template {exc.name!r} not found in the templates folder or the defaults"
        raise ProblemsError([Problem(path, line, 1, message, "template")]) from None
    except Exception as exc:
        path, line = _template_frame(exc.__traceback__) or (name, 1)
        raise ProblemsError([Problem(path, line, 1, _message(exc), "template")]) from None


def tidy(text: str) -> str:
    """One blank line between blocks and one newline at the end, so templates can space freely."""
    return _BLANKS.sub("\n\n", text).strip("\n") + "\n"


_BLANKS = re.compile(r"\n(?:[ \t]*\n){2,}")


def _message(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    if type(exc).__name__ == "UndefinedError":
        return f"{text}; the names a template can use are listed in templates/README.md"
    return text


def _template_frame(tb: TracebackType | None) -> tuple[str, int] | None:
    """The innermost template line of a traceback, as Jinja rewrites it (file, line)."""
    found = None
    while tb is not None:
        # Jinja replaces the frames of compiled template code with frames whose file is the
        # template and whose line is the template's line; this global marks them.
        if "__jinja_exception__" in tb.tb_frame.f_globals:
            found = (display_path(tb.tb_frame.f_code.co_filename), tb.tb_lineno)
        tb = tb.tb_next
    return found
