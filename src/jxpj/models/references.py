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
    hints = [MAX_HINTS]  # unknown codes left that get a did-you-mean: each is compared with every code

    def expand(text: str, loc: Loc) -> str:
        def report(code: str, message: str) -> None:
            if code not in quiet:
                problems.append(doc.problem(loc, message, check="reference"))

        codes = _codes(spec)
        return _pattern().sub(lambda m: _value(m, codes, evidence, report, hints), text)

    # Only a text that holds a brace pays more than that one test, and only what a reference
    # changes is copied: copying every indicator of every file was most of a batch's expansion.
    update: dict[str, Any] = {}
    narrative, changed = evidence.narrative, {}
    for name in Narrative.model_fields:
        text = getattr(narrative, name)
        if text and "{" in text and (expanded := expand(text, ("narrative", name))) != text:
            changed[name] = expanded
    if changed:
        update["narrative"] = narrative.model_copy(update=changed)
    indicators: dict[str, IndicatorEvidence] | None = None
    for code, entry in evidence.indicators.items():
        note = entry.note
        if note and "{" in note and (expanded := expand(note, ("indicators", code, "note"))) != note:
            indicators = dict(evidence.indicators) if indicators is None else indicators
            indicators[code] = entry.model_copy(update={"note": expanded})
            update["indicators"] = indicators
    budget = evidence.budget
    if budget is not None and (note := budget.note) and "{" in note and (expanded := expand(note, ("budget", "note"))) != note:
        update["budget"] = budget.model_copy(update={"note": expanded})
    return (evidence.model_copy(update=update) if update else evidence), problems


@cache  # compiled at the first reference, not when the module is imported
def _pattern() -> re.Pattern[str]:
    return re.compile(REFERENCE)


_indexed: list[tuple[Spec, dict[str, Indicator]]] = []  # the last spec's, kept with the spec itself


def _codes(spec: Spec) -> dict[str, Indicator]:
    """The spec's indicators by code (the first of a code given twice). spec.find walks the tree:
    once per reference, 5,000 indicators took 2.7 s. A batch scores every file against one spec
    (specs are frozen, and loaded once), so the last spec's index serves the next file too."""
    if _indexed and _indexed[0][0] is spec:
        return _indexed[0][1]
    codes: dict[str, Indicator] = {}
    for node in spec.walk():
        codes.setdefault(node.code, node)
    _indexed[:] = [(spec, codes)]
    return codes


@cache
def _no_evidence() -> IndicatorEvidence:
    return IndicatorEvidence()  # frozen, so one serves every indicator the evidence leaves out


def _value(match: re.Match[str], codes: dict[str, Indicator], evidence: Evidence, report: Callable[[str, str], None], hints: list[int]) -> str:
    code, field, unit = match.group(1), match.group(2), match.group(3)
    indicator = codes.get(code)
    if indicator is None:
        hints[0] -= 1
        near = get_close_matches(code, list(codes), n=1) if hints[0] >= 0 else []
        report("", f"{match.group(0)} names indicator {code}, which is not in the spec" + (f"; did you mean {near[0]}?" if near else ""))
        return match.group(0)
    entry = evidence.indicators.get(code)
    if entry is None:
        entry = _no_evidence()
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
    if type(value) is int and not unit:
        return str(value)  # what fmt_num writes of any int, and str() of one too long to be a number
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
