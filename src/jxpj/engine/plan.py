"""What scoring needs of a spec, worked out once per :class:`~jxpj.models.spec.Spec` object.

Every evidence file scored against a spec needs the same things of it: each leaf's rule and
parameters, how its scores are rounded, whether that rounding is said in words, the facts model's
validator, the parents' total weights, the list of codes. A batch scores thousands of files
against one spec, and working these out again for each file was a third of scoring one; a
:class:`Plan` holds them, built on the first :func:`plan_of` of a spec and reused while that
spec object lives. Specs are frozen models, so a plan cannot go stale.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from jxpj.explain import Explanation, rounding_words
from jxpj.models.evidence import IndicatorEvidence
from jxpj.models.spec import Indicator, Spec
from jxpj.numbers import RoundingMode
from jxpj.result import NodeResult, Status
from jxpj.rules import get as get_rule
from jxpj.rules.base import Facts, Rule
from jxpj.rules.units import MoneyUnit, money_unit

_HOUSE_ROUNDING = (2, "half_up")  # the rounding every form assumes; any other is said in words

# Outcomes kept per leaf: enough for every level of a judged scale and both answers of a check,
# few enough that memory stays flat however many files a batch scores (about 1 KiB each), and
# per plan, so that a spec of 5,000 indicators keeps no more than one of 60 does.
SEEN_PER_LEAF = 64
SEEN_PER_PLAN = 4096

Scored = tuple[Decimal, Decimal | None, Explanation, str | None]  # score, rate, working, reason


# Leaf and Parent are not frozen: a frozen dataclass's __init__ is several times slower, and a
# spec used once (jxpj score) builds its plan for that one file. Nothing changes one once built.
@dataclass(slots=True)
class Leaf:
    """A leaf indicator and everything about its rule that does not depend on the evidence."""

    indicator: Indicator
    level: int
    params: Any
    rule: Rule[Any, Any]
    validate: Callable[[Any], Facts]  # the facts model's validator: model_validate without its wrapper
    source: str | None  # the derived value the rule scores (budget_execution_rate), if any
    rate_places: int | None  # the rule's own rounding of that derived rate
    unit: MoneyUnit | None  # amounts in facts are converted into this money unit
    places: int
    mode: RoundingMode
    words: str  # how a score is rounded, said in the working; "" for the house rounding
    room: int  # how many outcomes it may keep
    seen: dict[Hashable, Scored] = field(default_factory=dict)  # outcomes by facts_key() of their facts

    def result(
        self,
        entry: IndicatorEvidence | None,
        value: str | None,
        status: Status,
        score: Decimal | None = None,
        rate: Decimal | None = None,
        explanation: Explanation | None = None,
        reason: str | None = None,
        not_applicable_reason: str | None = None,
    ) -> NodeResult:
        """This leaf's result as one evidence file scores it."""
        indicator = self.indicator
        assert indicator.weight is not None  # checked by the spec's system checks
        return NodeResult(
            code=indicator.code,
            name=indicator.name,
            level=self.level,
            weight=indicator.weight,
            score=score,
            rate=rate,
            status=status,
            kind=self.params.kind,
            judgment=self.rule.judged,
            explanation=explanation,
            standard=indicator.standard,
            value=value,
            planned=entry.planned if entry is not None else None,
            note=entry.note if entry is not None else None,
            deviation=entry.deviation if entry is not None else None,
            not_applicable_reason=not_applicable_reason,
            reason=reason,
        )


@dataclass(slots=True)
class Parent:
    """An indicator with children; its weight is theirs added up."""

    indicator: Indicator
    level: int
    weight: Decimal
    children: tuple[Leaf | Parent, ...]


@dataclass(frozen=True, slots=True)
class Plan:
    spec: weakref.ReferenceType[Spec]
    codes: frozenset[str]
    code_list: list[str]  # in the spec's order, for did-you-mean
    roots: tuple[Leaf | Parent, ...]


_PLANS: dict[int, Plan] = {}  # by id() of a live spec: pydantic models hash by value, slowly


def plan_of(spec: Spec) -> Plan:
    """The plan of ``spec``, built on first use and kept as long as ``spec`` lives."""
    key = id(spec)
    plan = _PLANS.get(key)
    if plan is not None and plan.spec() is spec:
        return plan

    def forget(ref: weakref.ReferenceType[Spec]) -> None:
        if (entry := _PLANS.get(key)) is not None and entry.spec is ref:
            del _PLANS[key]

    nodes = list(spec.walk())
    codes = list(dict.fromkeys(node.code for node in nodes))
    room = min(SEEN_PER_LEAF, SEEN_PER_PLAN // max(1, sum(1 for node in nodes if not node.children)))
    plan = Plan(weakref.ref(spec, forget), frozenset(codes), codes, tuple(_node(spec, i, 1, room) for i in spec.indicators))
    _PLANS[key] = plan
    return plan


def _node(spec: Spec, indicator: Indicator, level: int, room: int) -> Leaf | Parent:
    if indicator.children:
        return Parent(indicator, level, indicator.total_weight, tuple(_node(spec, c, level + 1, room) for c in indicator.children))
    params = spec.rule_of(indicator)
    rule = get_rule(params.kind)
    own = params.rounding
    places, mode = spec.rounding_of(params)
    # said in words when it is not the rounding a reader assumes, or when the rule chose its own
    said = (places, mode) != _HOUSE_ROUNDING or (own is not None and (own.places, own.mode) != (None, None))
    # not getattr(params, "source", None): a missing attribute on a pydantic model is slow
    fields = type(params).model_fields
    source = params.source if "source" in fields else None
    return Leaf(
        indicator=indicator,
        level=level,
        params=params,
        rule=rule,
        validate=_validator(rule.facts),
        source=source,
        rate_places=own.rate_places if own is not None else None,
        unit=money_unit(params.unit) if "unit" in fields else None,
        places=places,
        mode=mode,
        words=rounding_words(places, mode) if said else "",
        room=room,
    )


def _validator(model: type[Facts]) -> Callable[[Any], Facts]:
    """``model.model_validate`` without its keyword plumbing: the same validator, the same errors."""
    if not model.__pydantic_complete__:
        model.model_rebuild()  # the models are built on first use (defer_build)
    validate: Callable[[Any], Facts] = model.__pydantic_validator__.validate_python
    return validate


_SCALARS = (str, int, bool)  # exact types: True and 1 are equal, and so are 1 and Decimal("1.0")
_KEY_DEPTH = 6  # facts nested deeper than any rule's (findings: a list of mappings) are not kept


def facts_key(data: Any, depth: int = 0) -> Hashable | None:
    """``data`` as a key that equals another only for the very same facts (same types, same
    text), or None for facts too unusual to key (floats, dates, objects a Python caller passed)."""
    kind = type(data)
    if kind in _SCALARS or data is None:
        return (kind, data)
    if kind is Decimal:
        return (kind, str(data))  # 1.0 and 1 are equal Decimals, written differently
    if depth >= _KEY_DEPTH:
        return None
    parts: list[Hashable] = [kind.__name__]
    if kind is dict:
        for name, value in data.items():
            if type(name) is not str:
                return None
            if type(value) in _SCALARS:  # the usual fact, keyed without a call
                parts.append((name, type(value), value))
            elif (part := facts_key(value, depth + 1)) is not None:
                parts.append((name, part))
            else:
                return None
        return tuple(parts)
    if kind is list or kind is tuple:
        for value in data:
            if (part := facts_key(value, depth + 1)) is None:
                return None
            parts.append(part)
        return tuple(parts)
    return None
