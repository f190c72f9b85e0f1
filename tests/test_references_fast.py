"""Fact references written as they always were, however the expansion was made cheaper.

A whole number is written with ``str`` instead of being read as a decimal first; an indicator the
evidence leaves out shares one empty entry; the last spec's codes are indexed once. Each is checked
against what the general path writes.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from jxpj.documents.document import Document
from jxpj.models.evidence import Evidence
from jxpj.models.references import expand_references
from jxpj.models.spec import Spec
from jxpj.numbers import fmt_num, parse_decimal

SPEC = {
    "title": "t",
    "indicators": [
        {"code": "A", "name": "a", "children": [{"code": "A1", "name": "a1", "weight": 10, "rule": {"kind": "pass_fail"}}]},
        {"code": "B1", "name": "b1", "weight": 5, "rule": {"kind": "pass_fail"}},
    ],
}


def written(value: object) -> str:
    """How the general path writes a fact: as a decimal when it reads as one, else as text."""
    try:
        return fmt_num(parse_decimal(value))
    except ValueError:
        return str(value)


def expand(spec: Spec, facts: dict[str, object], note: str) -> tuple[str | None, list[str]]:
    data = {"spec": "s.yaml", "project": {"name": "p"}, "indicators": {"A1": {"facts": facts, "note": note}}}
    evidence = Evidence.model_validate(data)
    expanded, problems = expand_references(spec, evidence, Document("e.yaml", data))
    return expanded.indicators["A1"].note, [p.message for p in problems]


@pytest.mark.parametrize("value", [0, 7, -3, 2500, 10**20, 10**40, -(10**40), Decimal("1.50"), Decimal("1.2E+3"), "254人"])
def test_a_fact_is_written_as_the_general_path_writes_it(value):
    spec = Spec.model_validate(SPEC)
    assert expand(spec, {"n": value}, "共{A1.n}") == (f"共{written(value)}", [])


def test_whole_numbers_in_units_of_ten_thousand_and_yes_no():
    spec = Spec.model_validate(SPEC)
    assert expand(spec, {"n": 252000, "ok": True}, "{A1.n|万}万，{A1.ok}") == ("25.2万，是", [])


def test_an_indicator_without_evidence_and_a_second_spec_are_reported_by_their_own_codes():
    first, second = Spec.model_validate(SPEC), Spec.model_validate({**SPEC, "indicators": SPEC["indicators"][:1]})
    assert expand(first, {}, "{B1.n}")[1] == ["{B1.n}: B1 has no n in the evidence (its facts: none; or use value, weight)"]
    assert expand(second, {}, "{B1.n}")[1] == ["{B1.n} names indicator B1, which is not in the spec"]
    assert expand(first, {}, "{B1.weight}分") == ("5分", [])
