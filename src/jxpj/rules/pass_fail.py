"""``pass_fail``: yes earns the full weight, no earns nothing (是/否).

Spec::

    rule: {kind: pass_fail}

Evidence (``yes``/``no``, ``true``/``false`` or ``是``/``否``)::

    facts: {passed: yes}

Explanation: ``yes → full marks 2`` or ``no → 0``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator

from jxpj.explain import Step
from jxpj.numbers import ZERO
from jxpj.rules.base import Facts, Outcome, Rule, RuleContext, RuleParams, full_marks

_WORDS = {"是": True, "否": False, "yes": True, "no": False, "true": True, "false": False}


def _yes_no(value: Any) -> Any:
    if isinstance(value, str) and value.strip().lower() in _WORDS:
        return _WORDS[value.strip().lower()]
    if isinstance(value, bool):
        return value
    raise ValueError("expected yes or no (是/否)")


YesNo = Annotated[bool, BeforeValidator(_yes_no)]


class Params(RuleParams):
    kind: Literal["pass_fail"]


class PassFailFacts(Facts):
    passed: YesNo


def score(params: Params, facts: PassFailFacts, ctx: RuleContext) -> Outcome:
    if facts.passed:
        return full_marks(ctx, "yes")
    return Outcome(ctx.round(ZERO), (Step(prefix="no", label="→ 0"),))


RULE = Rule("pass_fail", Params, PassFailFacts, score, __doc__ or "")
