"""jxpj (绩效评价): score performance evaluations of public spending from YAML specs and evidence."""

from __future__ import annotations

from .engine import evaluate
from .errors import JxpjError, Problem, ProblemsError, UsageError
from .load import load_evidence, load_spec, score_file
from .result import NodeResult, Result, Status

__version__ = "0.1.0"

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
