"""The stable JSON form of a result (``jxpj score --format json``).

Numbers are JSON numbers written with their exact decimal digits (no float ever touches them);
keys come in a fixed, documented order::

    {"project": {...}, "spec": {...}, "total": 85.12, "weight": 100, "rate": 85.12, "grade": "良",
     "status": "scored", "budget": {...} | null,
     "indicators": [{"code", "name", "level", "weight", "score", "rate", "status", "kind",
                     "judgment", "value", "explanation", "children": [...]}]}
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from jxpj.numbers import fmt_num
from jxpj.result import NodeResult, Result


def result_to_dict(result: Result) -> dict[str, Any]:
    project = result.evidence.project
    budget = result.budget
    return {
        "project": {
            "name": project.name,
            "year": project.year,
            "unit": project.unit,
            "department": project.department,
            "evaluator": project.evaluator,
        },
        "spec": {"title": result.spec.title, "framework": result.spec.framework.name if result.spec.framework else None},
        "total": result.total,
        "weight": result.weight,
        "rate": result.rate,
        "grade": result.grade,
        "status": str(result.status),
        "total_explanation": str(result.total_explanation) if result.total_explanation else None,
        "budget": None
        if budget is None
        else {
            "budget": budget.budget,
            "actual": budget.actual,
            "execution_rate": budget.rate,
            "lines": [{"name": r.name, "budget": r.budget, "actual": r.actual, "execution_rate": r.rate} for r in budget.rows],
        },
        "indicators": [_node(n) for n in result.indicators],
    }


def _node(node: NodeResult) -> dict[str, Any]:
    return {
        "code": node.code,
        "name": node.name,
        "level": node.level,
        "weight": node.weight,
        "score": node.score,
        "rate": node.rate,
        "status": str(node.status),
        "kind": node.kind,
        "judgment": node.judgment,
        "value": node.value,
        "explanation": str(node.explanation) if node.explanation else None,
        "children": [_node(c) for c in node.children],
    }


def dumps(value: Any, indent: int = 2) -> str:
    """JSON text with Decimals as exact numbers; everything else as :mod:`json` writes it."""
    return _dump(value, indent, 0)


def _dump(value: Any, indent: int, depth: int) -> str:
    if isinstance(value, Decimal):
        return fmt_num(value)
    if isinstance(value, dict):
        if not value:
            return "{}"
        pad, inner = " " * indent * depth, " " * indent * (depth + 1)
        items = [f"{inner}{json.dumps(str(k), ensure_ascii=False)}: {_dump(v, indent, depth + 1)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + f"\n{pad}}}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        pad, inner = " " * indent * depth, " " * indent * (depth + 1)
        return "[\n" + ",\n".join(f"{inner}{_dump(v, indent, depth + 1)}" for v in value) + f"\n{pad}]"
    return json.dumps(value, ensure_ascii=False)
