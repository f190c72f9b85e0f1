"""``judgment``: the evaluator's own score within [0, weight], with a written justification.

Use it only where the evaluation itself scored by judgment; it is flagged wherever scores are
shown, so a reviewer sees at a glance which numbers rest on opinion rather than on a rule.

Spec::

    rule: {kind: judgment}

Evidence::

    facts:
      score: 1.5
      justification: 绩效目标未能涵盖各类考核指标，酌情扣0.5分

Explanation: ``evaluator's judgment → 1.5 of 2: 绩效目标未能涵盖…``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from jxpj.explain import Step
from jxpj.numbers import NonNegative, fmt_num
from jxpj.rules.base import Facts, Outcome, Rule, RuleContext, RuleInputError, RuleParams


class Params(RuleParams):
    kind: Literal["judgment"]


class JudgmentFacts(Facts):
    score: NonNegative
    justification: str = Field(
        min_length=1, pattern=r"\S", description="a judgment score needs the evaluator's written reasons"
    )


def score(params: Params, facts: JudgmentFacts, ctx: RuleContext) -> Outcome:
    if facts.score > ctx.weight:
        msg = f"score {fmt_num(facts.score)} exceeds the weight {fmt_num(ctx.weight)}"
        raise RuleInputError(msg, ("score",))
    rounded = ctx.round(facts.score)
    label = f"→ {fmt_num(rounded)} of {fmt_num(ctx.weight)}: {facts.justification.strip()}"
    return Outcome(rounded, (Step(prefix="evaluator's judgment", label=label),), judgment=True, reason=facts.justification.strip())


RULE = Rule("judgment", Params, JudgmentFacts, score, __doc__ or "", judged=True)
