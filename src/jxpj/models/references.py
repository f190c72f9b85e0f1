"""Fact references in the evidence's prose: ``{C11.actual}人`` instead of a typed ``254人``.

Narrative sections and indicator notes are the evaluator's own text, but they often restate a
fact the evidence already holds (254 of 254 filmed, 关注量 23万 → 25.2万). Typed twice, the two
drift apart when one is corrected. A reference names the fact instead, and the report writes its
value:

* ``{CODE.fact}``: a fact of that indicator (``{C11.actual}`` → ``254``);
* ``{CODE.value}``: its 业绩值 text; ``{CODE.weight}``: its weight in the spec;
* ``{CODE.fact|万}``: a number shown in units of ten thousand (``{C21.actual|万}`` → ``25.2``).

References are replaced when an evidence file is scored (:func:`jxpj.load.score_document`), so
the report, the Word and Excel files and every other reader of the notes see the values. This is
plain substitution, not a template language: nothing in evidence text is ever evaluated.
Text in braces that does not have this shape is left as written; a reference to an indicator or
fact that does not exist is a located problem.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from difflib import get_close_matches
from functools import cache
from typing import Any

from jxpj.documents.document import Document
from jxpj.errors import Problem
from jxpj.models.evidence import Evidence, IndicatorEvidence, Narrative
from jxpj.models.spec import Indicator, Spec
from jxpj.numbers import fmt_num, parse_decimal, quantize

REFERENCE = r"\{([A-Za-z0-9\u4e00-\u9fff][^{}|\s]*)\.([A-Za-z]\w*)(?:\|(万))?\}"
TEN_THOUSAND = Decimal(10000)
MAX_HINTS = 20  # a did-you-mean for the first unknown codes; 8,000 of them would take minutes

Loc = tuple[str | int, ...]


def expand_references(
    spec: Spec, evidence: Evidence, doc: Document, *, quiet: frozenset[str] = frozenset()
) -> tuple[Evidence, list[Problem]]:
    """``evidence`` with every reference in its prose replaced (itself when there is none), and
    the problems found.

    A missing fact of an indicator in ``quiet`` is not reported (``jxpj check`` passes the
    indicators whose evidence is already reported as wrong or missing: one problem, told once).
    """
    problems: list[Problem] = []
    codes: dict[str, Indicator] = {}  # the spec's indicators by code, built at the first reference
    hints = [MAX_HINTS]  # unknown codes left that get a did-you-mean: each is compared with every code

    def expand(text: str | None, loc: Loc) -> str | None:
        if text is None or "{" not in text:
            return text
        def report(code: str, message: str) -> None:
            if code not in quiet:
                problems.append(doc.problem(loc, message, check="reference"))

        if not codes:
            # spec.find walks the tree: once per reference, 5,000 indicators took 2.7 s
            for node in spec.walk():
                codes.setdefault(node.code, node)
        return _pattern().sub(lambda m: _value(m, codes, evidence, report, hints), text)

    # Only what a reference changes is copied: copying every indicator of every file was most of
    # the cost of a batch's expansion.
    update: dict[str, Any] = {}
    sections = {name: expand(text, ("narrative", name)) for name in Narrative.model_fields if (text := getattr(evidence.narrative, name))}
    changed = {name: text for name, text in sections.items() if text != getattr(evidence.narrative, name)}
    if changed:
        update["narrative"] = evidence.narrative.model_copy(update=changed)
    indicators = dict(evidence.indicators)
    for code, entry in evidence.indicators.items():
        note = expand(entry.note, ("indicators", code, "note"))
        if note != entry.note:
            indicators[code] = entry.model_copy(update={"note": note})
            update["indicators"] = indicators
    if evidence.budget is not None and (note := expand(evidence.budget.note, ("budget", "note"))) != evidence.budget.note:
        update["budget"] = evidence.budget.model_copy(update={"note": note})
    return (evidence.model_copy(update=update) if update else evidence), problems


@cache  # compiled at the first reference, not when the module is imported
def _pattern() -> re.Pattern[str]:
    return re.compile(REFERENCE)


def _value(match: re.Match[str], codes: dict[str, Indicator], evidence: Evidence, report: Callable[[str, str], None], hints: list[int]) -> str:
    code, field, unit = match.group(1), match.group(2), match.group(3)
    indicator = codes.get(code)
    if indicator is None:
        hints[0] -= 1
        near = get_close_matches(code, list(codes), n=1) if hints[0] >= 0 else []
        report("", f"{match.group(0)} names indicator {code}, which is not in the spec" + (f"; did you mean {near[0]}?" if near else ""))
        return match.group(0)
    entry = evidence.indicators.get(code, IndicatorEvidence())
    if field == "weight":
        value: Any = indicator.total_weight
    elif field == "value":
        value = entry.value
    else:
        value = (entry.facts or {}).get(field)
    if value is None:
        facts = ", ".join(sorted(entry.facts or {})) or "none"
        report(code, f"{match.group(0)}: {code} has no {field} in the evidence (its facts: {facts}; or use value, weight)")
        return match.group(0)
    if isinstance(value, bool):
        return "是" if value else "否"
    try:
        number = parse_decimal(value)
    except ValueError:
        if unit:
            report(code, f"{match.group(0)}: {code}.{field} is not a number, so it cannot be shown in 万")
            return match.group(0)
        return str(value)
    if unit:
        return fmt_num(quantize(number / TEN_THOUSAND, 2))
    return fmt_num(number)
