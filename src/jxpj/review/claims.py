"""Claims that cannot be checked as written: unknown codes, grades and budget lines, all at once."""

from __future__ import annotations

from collections import Counter
from difflib import get_close_matches
from typing import TYPE_CHECKING

from jxpj.models.claims import Claims

if TYPE_CHECKING:
    from jxpj.models.evidence import Evidence
    from jxpj.models.spec import Spec


Loc = tuple[str | int, ...]


def claim_problems(claims: Claims, spec: Spec, evidence: Evidence) -> list[tuple[Loc, str, str]]:
    """Claims that cannot be checked as written, as (location, message, check id), all at once."""
    problems: list[tuple[Loc, str, str]] = []
    codes = [node.code for node in spec.walk()]
    for code in claims.scores:
        if code not in codes:
            near = get_close_matches(code, codes, n=1)
            hint = f"; did you mean {near[0]}?" if near else ""
            problems.append((("claims", "scores", code), f"claimed indicator {code} is not in the spec{hint}", "unknown-code"))
    grades = [band.name for band in spec.grades]
    if claims.grade is not None and claims.grade not in grades:
        problems.append((("claims", "grade"), f"grade {claims.grade!r} is not one of the spec's grades ({', '.join(grades)})", "unknown-grade"))
    if evidence.budget is None:
        if claims.execution_rate is not None or claims.line_rates:
            where: Loc = ("claims", "execution_rate") if claims.execution_rate is not None else ("claims", "line_rates")
            problems.append((where, "a claimed execution rate is checked against the budget lines; add budget: lines with budget and actual", "no-budget"))
        return problems
    names = [line.name for line in evidence.budget.lines]
    twice = {name for name, n in Counter(names).items() if n > 1}
    for name in claims.line_rates:
        if name in twice:
            problems.append((("claims", "line_rates", name), f"budget line {name!r} appears more than once; give the lines distinct names", "ambiguous-line"))
        elif name not in names:
            near = get_close_matches(name, names, n=1)
            hint = f"; did you mean {near[0]!r}?" if near else f"; lines: {', '.join(names)}"
            problems.append((("claims", "line_rates", name), f"budget line {name!r} is not in budget: lines{hint}", "unknown-line"))
    return problems
