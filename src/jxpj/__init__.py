"""jxpj (绩效评价): score performance evaluations of public spending from YAML specs and evidence."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jxpj.engine import evaluate
    from jxpj.errors import JxpjError, Problem, ProblemsError, UsageError
    from jxpj.load import load_evidence, load_spec, score_file
    from jxpj.result import NodeResult, Result, Status

__version__ = "0.1.0"

# The API is imported on first use (PEP 562): `jxpj --help` needs none of it, and modules that
# need only the errors do not pay for pydantic and the models.
_LAZY = {
    "JxpjError": "errors",
    "Problem": "errors",
    "ProblemsError": "errors",
    "UsageError": "errors",
    "evaluate": "engine",
    "load_evidence": "load",
    "load_spec": "load",
    "score_file": "load",
    "NodeResult": "result",
    "Result": "result",
    "Status": "result",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "JxpjError",
    "NodeResult",
    "Problem",
    "ProblemsError",
    "Result",
    "Status",
    "UsageError",
    "__version__",
    "evaluate",
    "load_evidence",
    "load_spec",
    "score_file",
]
