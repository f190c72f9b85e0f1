"""The registry of rule kinds. Each kind lives in its own module; this is the only list of them."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from jxpj.rules import (
    banded_judgment,
    checklist,
    deductions,
    formula,
    grade,
    judgment,
    pass_fail,
    ratio,
    target,
    threshold_deduction,
    tiers,
)
from jxpj.rules.base import Facts, Outcome, Rule, RuleContext, RuleInputError, RuleParams

RULES: dict[str, Rule[Any, Any]] = {
    r.kind: r
    for r in (
        grade.RULE,
        threshold_deduction.RULE,
        ratio.RULE,
        tiers.RULE,
        target.RULE,
        pass_fail.RULE,
        deductions.RULE,
        checklist.RULE,
        judgment.RULE,
        banded_judgment.RULE,
        formula.RULE,
    )
}

# The spec's ``rule:`` field: one of these parameter models, chosen by ``kind``.
AnyParams = Annotated[
    grade.Params
    | threshold_deduction.Params
    | ratio.Params
    | tiers.Params
    | target.Params
    | pass_fail.Params
    | deductions.Params
    | checklist.Params
    | judgment.Params
    | banded_judgment.Params
    | formula.Params,
    Field(discriminator="kind"),
]


def get(kind: str) -> Rule[Any, Any]:
    """The rule of that kind; the spec schema has already refused unknown kinds."""
    return RULES[kind]


__all__ = ["RULES", "AnyParams", "Facts", "Outcome", "Rule", "RuleContext", "RuleInputError", "RuleParams", "get"]
