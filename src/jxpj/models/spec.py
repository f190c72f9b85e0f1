"""The indicator system (指标体系) as a validated model: the tree, its weights, rules and grades.

A spec is data: pydantic validates its shape, and the validators below check what makes it an
indicator system rather than any tree: codes unique, every leaf weighted and ruled, every
parent's weight the sum of its children's, the top level adding up to the stated total, named
rules that exist, grade bands that cover every score exactly once.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import suppress
from decimal import Decimal
from difflib import get_close_matches
from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag, model_validator

from jxpj.numbers import (
    HUNDRED,
    NonNegative,
    Number,
    RoundingMode,
    fmt_num,
    parse_decimal,
    quantize,
)
from jxpj.rules import RULES, AnyParams
from jxpj.rules.units import MoneyUnit
from jxpj.strict import Model

CODE_PATTERN = r"^[A-Za-z0-9\u4e00-\u9fff][A-Za-z0-9_.\-\u4e00-\u9fff]*$"


def _rule_branch(value: Any) -> str:
    return "ref" if isinstance(value, str) else "params"


# A leaf's rule is either written out (chosen by its ``kind``) or the name of a rule under
# ``rules:``. Choosing the branch up front means an error names only the branch the user meant.
RuleField = Annotated[
    Annotated[AnyParams, Tag("params")] | Annotated[str, Tag("ref")],
    Discriminator(_rule_branch),
]


class Framework(Model):
    """Which published framework the spec follows, and where that framework is written down."""

    name: str
    version: str | None = None
    source: str | None = None
    notes: str | None = None


class GradeBand(Model):
    """A grade (等级) and the lowest total that earns it (inclusive). Written ``min: 90%``, the bound
    is that share of the spec's total (resolved by :class:`Spec`), so a spec of 36 points grades
    32.4 and above 优 as the 100-point form grades 90."""

    name: str = Field(min_length=1)
    min: NonNegative


# The defaults are made with model_construct, not validated: they are valid as written, and
# validating them built three validators at import that a spec's own validation never uses.
DEFAULT_GRADES = (
    GradeBand.model_construct(name="优", min=Decimal(90)),
    GradeBand.model_construct(name="良", min=Decimal(80)),
    GradeBand.model_construct(name="中", min=Decimal(60)),
    GradeBand.model_construct(name="差", min=Decimal(0)),
)


class Rounding(Model):
    """Where and how numbers are rounded: each leaf score once, rates for display and rules."""

    places: int = Field(default=2, ge=0, le=6)
    mode: RoundingMode = "half_up"
    rate_places: int = Field(default=2, ge=0, le=6)


class NotApplicable(Model):
    """How weights re-scale when indicators are marked not applicable (不适用).

    ``total``: the applicable scores are summed and converted to the full total
    (适用指标得分汇总后按百分制折算), the practice documented in the domain notes.
    """

    rescale: Literal["total"] = "total"


class Indicator(Model):
    """One node of the tree (一级/二级/三级指标); a leaf carries a weight and a rule."""

    code: str = Field(pattern=CODE_PATTERN)
    name: str = Field(min_length=1)
    weight: NonNegative | None = None
    standard: str | None = None  # 评分标准, as the evaluator reads it
    standard_source: str | None = None  # where the 评分标准 comes from (据报告评分说明重构): the evaluator's note, never rendered
    description: str | None = None  # 指标解释
    nature: Literal["≥", "≤", "=", ">", "<", "定性", "定量"] | None = None  # 指标性质; else from the rule
    unit: str | None = None  # 度量单位 (个, 人次, %, 万元), for the self-evaluation form
    rule: RuleField | None = None
    allow_not_applicable: bool = False
    children: tuple[Indicator, ...] = ()

    @property
    def total_weight(self) -> Decimal:
        if self.weight is not None:
            return self.weight
        return sum((c.total_weight for c in self.children), Decimal(0))

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def walk(self) -> Iterator[Indicator]:
        yield self
        for child in self.children:
            yield from child.walk()


class SpecTest(Model):
    """A case carried by the spec: an evidence fragment and the scores it must give."""

    name: str
    evidence: dict[str, Any] = {}
    expect: dict[str, Number] = Field(min_length=1)
    total: Number | None = None


class Spec(Model):
    """A whole indicator system."""

    title: str
    extends: str | None = None  # the base it was composed from (see jxpj.documents.compose)
    framework: Framework | None = None
    total: NonNegative = Decimal(100)
    unit: MoneyUnit = "元"  # the form's money unit: budget lines and amounts without their own are in it
    grades: tuple[GradeBand, ...] = DEFAULT_GRADES
    rounding: Rounding = Rounding.model_construct()  # (see DEFAULT_GRADES)
    not_applicable: NotApplicable = NotApplicable.model_construct()
    # which report layout the spec calls for: the standard report, or the 项目支出绩效自评表
    layout: Literal["standard", "self_evaluation"] = "standard"
    rules: dict[str, AnyParams] = {}
    indicators: tuple[Indicator, ...] = Field(min_length=1)
    tests: tuple[SpecTest, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _grade_shares(cls, data: Any) -> Any:
        """``min: 90%`` → 90% of the total, before the bands are validated as numbers."""
        if not isinstance(data, dict) or not isinstance(data.get("grades"), list | tuple):
            return data
        try:
            total = parse_decimal(data.get("total", 100))
        except ValueError:
            return data  # the total's own problem is reported; the shares stay unresolved
        bands = []
        for band in data["grades"]:
            written = band.get("min") if isinstance(band, dict) else None
            if isinstance(written, str) and written.strip().endswith("%"):
                with suppress(ValueError):  # else reported by the band's own validation
                    band = {**band, "min": parse_decimal(written, percent=True) / HUNDRED * total}
            bands.append(band)
        return {**data, "grades": bands}

    def walk(self) -> Iterator[Indicator]:
        for indicator in self.indicators:
            yield from indicator.walk()

    def leaves(self) -> Iterator[Indicator]:
        return (i for i in self.walk() if i.is_leaf)

    def find(self, code: str) -> Indicator | None:
        return next((i for i in self.walk() if i.code == code), None)

    def rule_of(self, indicator: Indicator) -> Any:
        """The leaf's rule parameters, with a named rule resolved (None if it names no rule)."""
        if isinstance(indicator.rule, str):
            return self.rules.get(indicator.rule)
        return indicator.rule

    def rounding_of(self, params: Any) -> tuple[int, RoundingMode]:
        """(places, mode) a leaf's score is rounded with: its rule's own ``rounding``, key by key,
        else the spec's, so that one rule scored in whole points leaves the others at 2 places."""
        own = getattr(params, "rounding", None)
        places = own.places if own is not None and own.places is not None else self.rounding.places
        mode = own.mode if own is not None and own.mode is not None else self.rounding.mode
        return places, mode

    def grade_for(self, total: Decimal) -> str:
        for band in sorted(self.grades, key=lambda b: b.min, reverse=True):
            if total >= band.min:
                return band.name
        return self.grades[-1].name  # unreachable: the lowest band starts at 0


Loc = tuple[str | int, ...]


def walk_with_locs(spec: Spec) -> Iterator[tuple[Indicator, Loc]]:
    """Every node with its path in the spec file, e.g. ``("indicators", 1, "children", 0)``."""
    stack: list[tuple[Indicator, Loc]] = [
        (node, ("indicators", i)) for i, node in reversed(list(enumerate(spec.indicators)))
    ]
    while stack:
        node, loc = stack.pop()
        yield node, loc
        stack.extend(
            (child, (*loc, "children", j)) for j, child in reversed(list(enumerate(node.children)))
        )


def system_problems(spec: Spec, *, rules: bool = True) -> list[tuple[Loc, str, str]]:
    """What makes a tree an indicator system, as (location, message, check id), all at once.

    Pydantic checks each value's shape; these checks need the whole tree, so they run after it
    and report every problem rather than stopping at the first. ``rules=False`` lets leaves go
    without a rule, for reviewing a report's claimed scores alone (``jxpj review --claims-only``).
    """
    problems: list[tuple[Loc, str, str]] = []
    first_seen: dict[str, Loc] = {}
    for node, loc in walk_with_locs(spec):
        if node.code in first_seen:
            problems.append(((*loc, "code"), f"code {node.code} is used twice; codes must be unique", "duplicate-code"))
        first_seen.setdefault(node.code, loc)
        if node.children:
            if node.rule is not None:
                problems.append(((*loc, "rule"), f"{node.code} has children, so it takes no rule; put rules on its leaves", "parent-rule"))
            total = sum((c.total_weight for c in node.children), Decimal(0))
            if node.weight is not None and node.weight != total and _all_weighted(node):
                problems.append(((*loc, "weight"), f"weight of {node.code} is {fmt_num(node.weight)} but its children add up to {fmt_num(total)}; make them agree", "weight-sum"))
            continue
        if node.weight is None:
            problems.append((loc, f"leaf {node.code} needs a weight", "leaf-weight"))
        elif node.weight != quantize(node.weight, places := spec.rounding_of(params := spec.rule_of(node))[0], "down"):
            # Scores are rounded to `places` (the rule's own, else the spec's); full marks of
            # weight 2.5 rounded to 0 places would be 3, more than the weight.
            own = params is not None and params.rounding is not None and params.rounding.places is not None
            key = "its rule's rounding.places" if own else "rounding.places"
            problems.append(((*loc, "weight"), f"weight of {node.code} is {fmt_num(node.weight)}, finer than {'its rule' if own else 'the spec'} rounds scores ({places} decimal{'s' if places != 1 else ''}); round the weight or raise {key}", "weight-places"))
        if node.rule is None and rules:
            problems.append((loc, f"leaf {node.code} needs a rule: a kind, or the name of a rule under rules:", "leaf-rule"))
        elif isinstance(node.rule, str) and node.rule not in spec.rules:
            near = get_close_matches(node.rule, list(spec.rules), n=1)
            hint = f"; did you mean {near[0]!r}?" if near else f" (defined: {', '.join(spec.rules) or 'none'})"
            problems.append(((*loc, "rule"), f"{node.code} uses rule {node.rule!r}, which rules: does not define{hint}", "unknown-rule"))
    root = sum((i.total_weight for i in spec.indicators), Decimal(0))
    if root != spec.total and all(_all_weighted(i) for i in spec.indicators):
        where: Loc = ("total",) if "total" in spec.model_fields_set else ("indicators",)
        problems.append((where, f"top-level weights add up to {fmt_num(root)}, not the total {fmt_num(spec.total)}", "weight-total"))
    problems.extend((("grades",), message, "grade-bands") for message in grade_problems(spec.grades))
    return problems


def _all_weighted(node: Indicator) -> bool:
    # A sum over a leaf without a weight says nothing; the missing weight is reported instead.
    return all(leaf.weight is not None for leaf in node.walk() if leaf.is_leaf)


def grade_problems(grades: tuple[GradeBand, ...]) -> list[str]:
    """Grade bands must have distinct names and lower bounds, the lowest starting at 0."""
    problems = []
    names = [g.name for g in grades]
    if len(set(names)) != len(names):
        problems.append("grade names must be distinct")
    mins = [g.min for g in grades]
    if len(set(mins)) != len(mins):
        problems.append("two grades start at the same score; each band needs its own lower bound")
    if grades and min(mins) != 0:
        problems.append(f"the lowest grade starts at {fmt_num(min(mins))}; it must start at 0 so every total has a grade")
    if not grades:
        problems.append("at least one grade is needed")
    return problems


def rule_warnings(spec: Spec) -> list[tuple[Loc, str, str]]:
    """What is legal but almost certainly a slip: rule parameters that can give more than the
    leaf's weight (points above it, …), named rules nothing uses, grades no total can reach."""
    warnings: list[tuple[Loc, str, str]] = []
    for node, loc in walk_with_locs(spec):
        params = spec.rule_of(node) if node.is_leaf else None
        if params is None or isinstance(params, str) or node.weight is None:
            continue
        for message in RULES[params.kind].checks(params, node.weight):
            warnings.append(((*loc, "rule"), f"{node.code}: {message}", "rule-range"))
    used = {node.rule for node in spec.walk() if isinstance(node.rule, str)}
    # A misspelt reference is reported as an unknown rule with this one suggested: not unused too.
    used |= {near for name in used for near in get_close_matches(name, list(spec.rules), n=1)}
    for name in spec.rules:
        if name not in used:
            warnings.append((("rules", name), f"rule {name!r} is defined but no indicator uses it; use it or remove it", "unused-rule"))
    for index, band in enumerate(spec.grades):
        if band.min > spec.total:
            warnings.append((("grades", index, "min"), f"grade {band.name} starts at {fmt_num(band.min)}, above the total {fmt_num(spec.total)}; no total can reach it", "grade-bands"))
    return warnings
