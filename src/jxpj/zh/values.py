"""The 业绩值 a table shows: the evidence's own text when it writes one, else, for a quantitative
indicator, the value its facts give (``98.43%`` for 250 of 254 filmed, ``84.05%``, ``上升``).

A typed ``完成`` beside facts that say 250 of 254 was the report contradicting itself; a value
derived from the facts changes when they do. Only rules whose facts are measurements derive one;
levels, findings and judgments keep the evaluator's own words.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from jxpj.numbers import HUNDRED, fmt_num, fmt_pct, parse_decimal, quantize
from jxpj.result import NodeResult, Result, Status


def performance_value(result: Result, node: NodeResult) -> str | None:
    """``node``'s 业绩值: written in the evidence, derived from its facts, or none."""
    if node.value or not node.is_leaf or node.status != Status.SCORED:
        return node.value
    indicator = result.spec.find(node.code)
    entry = result.evidence.indicators.get(node.code)
    if indicator is None or entry is None or entry.facts is None:
        return None
    params = result.spec.rule_of(indicator)
    try:
        return _derived(params, entry.facts, result.spec.rounding.rate_places)
    except (ValueError, ArithmeticError):  # facts the rule refused are reported by the engine
        return None


def values_by_code(result: Result) -> dict[str, str | None]:
    """Every node's 业绩值, by code."""
    return {n.code: performance_value(result, n) for n in result.walk()}


def _field(params: Any, name: str) -> Any:
    return getattr(params, name) if name in type(params).model_fields else None


def _number(facts: dict[str, Any], name: str) -> Decimal | None:
    value = facts.get(name)
    return None if value is None else parse_decimal(value)


def _derived(params: Any, facts: dict[str, Any], places: int) -> str | None:
    kind = params.kind
    actual = _number(facts, "actual")
    if actual is None:
        return None
    unit = _field(params, "unit") or ""
    if kind == "ratio":
        target = _field(params, "target")
        target = target if target is not None else _number(facts, "target")
        if params.direction == "at_least" and target:
            return fmt_pct(quantize(actual / target * HUNDRED, places))  # 完成率
        return fmt_num(actual)
    if kind == "target":
        if params.op in ("increase", "decrease"):
            baseline = _number(facts, "baseline")
            if baseline is None:
                return None
            up = params.op == "increase"
            met = actual > baseline if up else actual < baseline
            word = "上升" if up else "下降"
            return word if met else f"未{word}"
        return f"{fmt_num(actual)}{unit}"
    if kind == "threshold_deduction":
        return fmt_pct(actual)
    if kind == "tiers":
        return f"{fmt_num(actual)}{unit}"
    return None
