"""Engine invariants under random specs and evidence (hypothesis).

Random indicator trees of random depth, weights with 0–2 decimals, every rule kind with random
valid parameters and random valid facts, random rounding. For every one of them:

* every node's score lies within [0, weight]; parents are the sums of their children;
* the total is the sum of the leaves (or their rescaled sum when some are not applicable);
* the grade is the band of the total;
* every explanation step's arithmetic, re-evaluated by :mod:`jxpj.rules.formula_language`, gives the value it
  states; its rounding is the spec's rounding; and the leaf's score follows from its last step;
* listing indicators (and evidence keys) in another order changes no score.

CI runs a fixed, derandomized profile; run ``python -m pytest tests/test_properties.py
--hypothesis-profile=long`` (or set ``JXPJ_HYPOTHESIS_PROFILE=long``) for a longer search.
"""

from __future__ import annotations

import re
from decimal import Decimal
from itertools import pairwise
from typing import Any

from hypothesis import assume, given, note
from hypothesis import strategies as st

from jxpj.engine import evaluate
from jxpj.explain import Step
from jxpj.models.evidence import Evidence
from jxpj.models.spec import Spec, system_problems
from jxpj.numbers import ZERO, fmt_num, quantize
from jxpj.result import NodeResult, Result, Status
from jxpj.rules.formula_language import evaluate_text

# ---- numbers -------------------------------------------------------------------------------


def decimals(low: int, high: int, places: int = 2) -> st.SearchStrategy[Decimal]:
    """Decimals in [low, high] with 0 to ``places`` decimals (as written in a spec)."""
    return st.integers(0, places).flatmap(
        lambda p: st.integers(low * 10**p, high * 10**p).map(lambda n: Decimal(n).scaleb(-p))
    )


shares = st.integers(0, 100).map(lambda n: Decimal(n) / 100)  # 0, 0.01, …, 1
rates = decimals(0, 150, 2)
positive = decimals(1, 10_000, 2)
counts = decimals(0, 10_000, 2)
names = st.text(alphabet="充分一般好差甲乙丙丁ABCxyz", min_size=1, max_size=4)

# ---- rules: (params, facts) given the leaf's weight --------------------------------------


@st.composite
def grade_rule(draw: st.DrawFn, weight: Decimal) -> tuple[dict[str, Any], dict[str, Any]]:
    unit = draw(st.sampled_from(["share", "points"]))
    values = shares if unit == "share" else decimals(0, 10, 2)
    levels = draw(st.dictionaries(names, values, min_size=1, max_size=4))
    level = draw(st.sampled_from(sorted(levels)))
    return {"kind": "grade", "levels": levels, "unit": unit}, {"level": level}


@st.composite
def threshold_rule(draw: st.DrawFn, weight: Decimal) -> tuple[dict[str, Any], dict[str, Any]]:
    per = draw(st.one_of(shares.map(lambda s: {"share": s}), decimals(0, 5, 2).map(lambda p: {"points": p})))
    params = {
        "kind": "threshold_deduction",
        "threshold": draw(decimals(1, 100, 2)),
        "per_point": per,
        "direction": draw(st.sampled_from(["at_least", "at_most"])),
    }
    if draw(st.integers(0, 3)) == 0:  # 预算执行率 computed from the evidence's budget lines
        return {**params, "source": "budget_execution_rate"}, {}
    actual = draw(st.one_of(rates, rates.map(lambda r: f"{fmt_num(r)}%")))
    return params, {"actual": actual}


@st.composite
def ratio_rule(draw: st.DrawFn, weight: Decimal) -> tuple[dict[str, Any], dict[str, Any]]:
    target = draw(positive)
    params: dict[str, Any] = {"kind": "ratio", "direction": draw(st.sampled_from(["at_least", "at_most"]))}
    facts: dict[str, Any] = {"actual": draw(st.one_of(counts, st.just(target)))}
    if draw(st.booleans()):
        params["target"] = target
    else:
        facts["target"] = target
    return params, facts


@st.composite
def tiers_rule(draw: st.DrawFn, weight: Decimal) -> tuple[dict[str, Any], dict[str, Any]]:
    cuts = sorted(draw(st.lists(decimals(0, 100, 2), min_size=1, max_size=4, unique=True)))
    open_low, open_high = draw(st.booleans()), draw(st.booleans())
    bounds: list[Decimal | None] = [None if open_low else cuts[0] - 10, *cuts, None if open_high else cuts[-1] + 10]
    bands = []
    low_inclusive = True
    for low, high in pairwise(bounds):
        high_inclusive = draw(st.booleans()) if high is not None else False
        band: dict[str, Any] = {"min_inclusive": low_inclusive, "max_inclusive": high_inclusive}
        if low is not None:
            band["min"] = low
        if high is not None:
            band["max"] = high
        if draw(st.booleans()):
            band["points"] = draw(decimals(0, 10, 2))
        else:
            band["share"] = draw(shares)
        bands.append(band)
        low_inclusive = not high_inclusive  # each boundary belongs to exactly one band
    lowest = bounds[0] if bounds[0] is not None else cuts[0] - 50
    highest = bounds[-1] if bounds[-1] is not None else cuts[-1] + 50

    def covered(value: Decimal) -> bool:
        return lowest <= value and (value < highest or (value == highest and bands[-1]["max_inclusive"]))

    actual = draw(st.one_of(st.sampled_from(cuts), decimals(int(lowest) - 1, int(highest) + 1, 2)).filter(covered))
    listed = draw(st.permutations(bands))  # bands may be written in any order
    return {"kind": "tiers", "bands": listed, "unit": draw(st.sampled_from(["", "%"]))}, {"actual": actual}


@st.composite
def target_rule(draw: st.DrawFn, weight: Decimal) -> tuple[dict[str, Any], dict[str, Any]]:
    op = draw(st.sampled_from([">=", "<=", "==", ">", "<", "increase", "decrease"]))
    params: dict[str, Any] = {
        "kind": "target",
        "op": op,
        "otherwise": draw(st.sampled_from(["zero", "ratio"])),
        "unit": draw(st.sampled_from(["", "%", "个"])),
    }
    facts: dict[str, Any] = {"actual": draw(counts)}
    if op in ("increase", "decrease"):
        facts["baseline"] = draw(counts)
    elif draw(st.booleans()):
        params["target"] = draw(counts)
    else:
        facts["target"] = draw(counts)
    return params, facts


@st.composite
def pass_fail_rule(draw: st.DrawFn, weight: Decimal) -> tuple[dict[str, Any], dict[str, Any]]:
    return {"kind": "pass_fail"}, {"passed": draw(st.sampled_from([True, False, "yes", "no", "是", "否", "True"]))}


@st.composite
def deductions_rule(draw: st.DrawFn, weight: Decimal) -> tuple[dict[str, Any], dict[str, Any]]:
    items: dict[str, Any] = {}
    for name in draw(st.lists(st.sampled_from(["no_ledger", "late", "discretionary"]), unique=True)):
        if name == "discretionary":
            items[name] = {"min_points": Decimal("0.5"), "max_points": Decimal(2)}
        else:
            items[name] = {"points": draw(decimals(0, 3, 2)), "per": draw(st.sampled_from(["finding", "occurrence"]))}
    findings = []
    for _ in range(draw(st.integers(0, 4))):
        finding: dict[str, Any] = {"reason": draw(st.sampled_from(["无台账", "迟报", " 资料不全 "])), "count": draw(st.integers(1, 3))}
        item = draw(st.sampled_from([None, *items]))
        if item is None:
            finding["points"] = draw(decimals(0, 3, 3))
        else:
            finding["item"] = item
            if item == "discretionary":
                finding["points"] = draw(decimals(0, 2, 2).filter(lambda p: p >= Decimal("0.5")))
        findings.append(finding)
    return {"kind": "deductions", "items": items}, {"findings": findings}


@st.composite
def checklist_rule(draw: st.DrawFn, weight: Decimal) -> tuple[dict[str, Any], dict[str, Any]]:
    element_names = draw(st.lists(names, min_size=1, max_size=5, unique=True))
    style = draw(st.sampled_from(["equal", "share", "points"]))
    elements: list[dict[str, Any]] = [{"name": n} for n in element_names]
    if style == "points":
        for element in elements:
            element["points"] = draw(decimals(0, 3, 2))
    elif style == "share":
        cents = sorted(draw(st.lists(st.integers(0, 100), min_size=len(elements) - 1, max_size=len(elements) - 1)))
        for element, low, high in zip(elements, [0, *cents], [*cents, 100]):
            element["share"] = Decimal(high - low) / 100
    met = draw(st.lists(st.sampled_from(element_names), unique=True))
    return {"kind": "checklist", "elements": elements}, {"met": met}


@st.composite
def judgment_rule(draw: st.DrawFn, weight: Decimal) -> tuple[dict[str, Any], dict[str, Any]]:
    percent = draw(st.integers(0, 100))
    value = quantize(weight * percent / 100, 2, "down")  # at most the weight
    return {"kind": "judgment"}, {"score": value, "justification": "酌情扣分"}


NATIONAL_BANDS = {
    "达成": {"min": "0.8", "max": 1, "max_inclusive": True},
    "部分达成": {"min": "0.6", "max": "0.8"},
    "未达成": {"min": 0, "max": "0.6"},
}


@st.composite
def banded_judgment_rule(draw: st.DrawFn, weight: Decimal) -> tuple[dict[str, Any], dict[str, Any]]:
    # Whole points, so that no rounding policy (0–2 places) moves the score out of its band.
    value = quantize(weight * draw(st.integers(0, 100)) / 100, 0, "down")
    share = value / weight if weight else Decimal(0)
    # The band is the one the value falls in, so every drawn case is valid evidence.
    band = "达成" if share >= Decimal("0.8") else "部分达成" if share >= Decimal("0.6") else "未达成"
    facts = {"band": band, "score": value, "justification": "按档次酌情评分"}
    return {"kind": "banded_judgment", "bands": NATIONAL_BANDS}, facts


FORMULAS = [
    "min(a / b, 1) * weight",
    "(b - a) / b * 100 / 2",
    "max(0, weight - a * 0.5)",
    "a if a > b else b",
    "abs(a - b) / (a + b + 1)",
    "(a / b) ** 2 * weight",
    "-a + b * 3",
    "(-a) ** 2 / (b * b)",
    "weight * (1 - a / (a + b))",
    "+a / b ** 3",
    "a * (a <= b) if a <= b else weight",
]


@st.composite
def formula_rule(draw: st.DrawFn, weight: Decimal) -> tuple[dict[str, Any], dict[str, Any]]:
    expression = draw(st.sampled_from(FORMULAS))
    if "(a <= b)" in expression:  # a yes/no used as a number is refused: keep it valid
        expression = "a * 1 if a <= b else weight"
    facts = {"a": draw(decimals(0, 200, 2)), "b": draw(positive)}
    return {"kind": "formula", "expression": expression, "facts": ["a", "b"]}, facts


RULE_KINDS = {
    "grade": grade_rule,
    "threshold_deduction": threshold_rule,
    "ratio": ratio_rule,
    "tiers": tiers_rule,
    "target": target_rule,
    "pass_fail": pass_fail_rule,
    "deductions": deductions_rule,
    "checklist": checklist_rule,
    "judgment": judgment_rule,
    "banded_judgment": banded_judgment_rule,
    "formula": formula_rule,
}


def test_every_registered_rule_kind_is_drawn():
    from jxpj.rules import RULES

    assert set(RULE_KINDS) == set(RULES)

# ---- trees ---------------------------------------------------------------------------------


@st.composite
def tree(draw: st.DrawFn, prefix: str, depth: int, places: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """One indicator (spec dict) and the evidence entries of its leaves."""
    leaf = depth >= 3 or draw(st.integers(0, 2)) == 0
    if leaf:
        weight = draw(decimals(0, 20, places))
        kind = draw(st.sampled_from(sorted(RULE_KINDS)))
        params, facts = draw(RULE_KINDS[kind](weight))
        node = {"code": prefix, "name": f"指标{prefix}", "weight": weight, "rule": params}
        entry: dict[str, Any] = {"facts": facts}
        if draw(st.integers(0, 9)) == 0:
            node["allow_not_applicable"] = True
            entry = {"not_applicable": "本年度未发生"}
        return node, {prefix: entry}
    children, evidence = [], {}
    for i in range(draw(st.integers(1, 3))):
        child, entries = draw(tree(f"{prefix}{i + 1}", depth + 1, places))
        children.append(child)
        evidence.update(entries)
    node = {"code": prefix, "name": f"指标{prefix}", "children": children}
    if draw(st.booleans()):
        node["weight"] = sum((_weight(c) for c in children), ZERO)
    return node, evidence


def _weight(node: dict[str, Any]) -> Decimal:
    if "weight" in node:
        return node["weight"]
    return sum((_weight(c) for c in node["children"]), ZERO)


@st.composite
def cases(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    places = draw(st.integers(0, 4))
    mode = draw(st.sampled_from(["half_up", "half_even", "down"]))
    indicators, evidence = [], {}
    for code in "ABC"[: draw(st.integers(1, 3))]:
        node, entries = draw(tree(code, 1, min(places, 2)))
        indicators.append(node)
        evidence.update(entries)
    rules: dict[str, Any] = {}
    for leaf in _leaves(indicators):  # some rules are named under rules: and referred to
        if draw(st.integers(0, 3)) == 0:
            name = f"rule_{leaf['code']}"
            rules[name], leaf["rule"] = leaf["rule"], name
    spec = {
        "title": "随机指标体系",
        "total": sum((_weight(n) for n in indicators), ZERO),
        "rounding": {"places": places, "mode": mode, "rate_places": draw(st.integers(0, 4))},
        "rules": rules,
        "indicators": indicators,
    }
    lines = draw(st.lists(st.tuples(positive, counts), min_size=1, max_size=4))
    budget = {"lines": [{"name": f"支出{i}", "budget": b, "actual": a} for i, (b, a) in enumerate(lines)]}
    return spec, {"spec": "spec.yaml", "project": {"name": "随机项目"}, "budget": budget, "indicators": evidence}


def _leaves(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found = []
    for node in nodes:
        found.extend(_leaves(node["children"]) if "children" in node else [node])
    return found


def score(spec_data: dict[str, Any], evidence_data: dict[str, Any]) -> Result:
    spec = Spec.model_validate(spec_data)
    assert system_problems(spec) == []
    return evaluate(spec, Evidence.model_validate(evidence_data))


# ---- the invariants ------------------------------------------------------------------------


def check_step(step: Step, places: int, mode: str) -> None:
    if step.expr is None or step.value is None:
        return
    recomputed = evaluate_text(step.expr.calc)
    assert recomputed == step.value, f"{step.expr.calc} = {recomputed}, explained as {step.value}"
    if step.rounded is not None:
        assert step.rounded == quantize(step.value, places, mode), step  # type: ignore[arg-type]


_ARROW = re.compile(r"→ (?:full marks )?(-?[0-9.]+)")


def check_leaf(node: NodeResult, places: int, mode: str) -> None:
    assert node.explanation is not None and node.score is not None
    steps = node.explanation.steps
    for step in steps:
        check_step(step, places, mode)
    worked = [i for i, s in enumerate(steps) if s.expr is not None]
    if worked:
        last = steps[worked[-1]]
        after = " ".join(str(s) for s in steps[worked[-1] + 1 :])
        if "capped at the weight" in after:
            expected = quantize(node.weight, places, mode)  # type: ignore[arg-type]
        elif "floor 0" in after:
            expected = ZERO
        else:
            assert not after, after
            final = last.rounded if last.rounded is not None else last.value
            assert final is not None
            expected = quantize(final, places, mode)  # type: ignore[arg-type]
        assert node.score == expected, f"{node.explanation} gives {node.score}"
    else:  # a statement: the number after its arrow is the score
        found = _ARROW.search(str(steps[-1]))
        assert found, str(node.explanation)
        assert Decimal(found.group(1)) == node.score, f"{node.explanation} gives {node.score}"


def band(spec: Spec, total: Decimal) -> str:
    eligible = [g for g in spec.grades if g.min <= total]
    return max(eligible, key=lambda g: g.min).name


def check_result(result: Result) -> None:
    spec = result.spec
    places, mode = spec.rounding.places, spec.rounding.mode
    assert result.status == Status.SCORED
    for node in result.walk():
        note(f"{node.code} {node.status} {node.score}/{node.weight} {node.explanation}")
        if node.status == Status.NOT_APPLICABLE:
            assert node.score is None
            continue
        assert node.score is not None
        assert ZERO <= node.score <= node.weight, f"{node.code}: {node.score} not in [0, {node.weight}]"
        # 得分率: the score over the (applicable) weight, in percent
        applicable_weight = sum((c.weight for c in node.children if c.status != Status.NOT_APPLICABLE), ZERO) if node.children else node.weight
        rate_places = spec.rounding.rate_places
        assert node.rate == (quantize(node.score / applicable_weight * 100, rate_places) if applicable_weight else None)
        if node.is_leaf:
            check_leaf(node, places, mode)
        else:
            assert node.score == sum((c.score for c in node.children if c.score is not None), ZERO)
    leaves = list(result.leaves())
    applicable = [leaf for leaf in leaves if leaf.status == Status.SCORED]
    leaf_sum = sum((leaf.score for leaf in applicable if leaf.score is not None), ZERO)
    assert result.score_sum == leaf_sum
    assert result.total is not None
    if len(applicable) == len(leaves):
        assert result.total == leaf_sum
    else:
        applicable_weight = sum((leaf.weight for leaf in applicable), ZERO)
        if applicable_weight > 0:
            assert result.total_explanation is not None
            for step in result.total_explanation.steps:
                check_step(step, places, mode)
            assert result.total == quantize(leaf_sum / applicable_weight * result.weight, places, mode)  # type: ignore[arg-type]
    assert result.grade == band(spec, result.total)
    budget = result.budget
    if budget is not None:  # 预算执行率 = 实际支出 ÷ 预算 × 100%, from the lines' sums
        assert budget.budget == sum((row.budget for row in budget.rows), ZERO)
        assert budget.actual == sum((row.actual for row in budget.rows), ZERO)
        rate_places = spec.rounding.rate_places
        assert budget.rate == quantize(budget.actual / budget.budget * 100, rate_places)


@given(cases())
def test_engine_invariants(case):
    spec_data, evidence_data = case
    check_result(score(spec_data, evidence_data))


def _shuffled(node: dict[str, Any], order: st.DrawFn) -> dict[str, Any]:
    if "children" not in node:
        return node
    children = [_shuffled(c, order) for c in node["children"]]
    return {**node, "children": order(st.permutations(children))}


@given(cases(), st.data())
def test_scores_do_not_depend_on_the_order_of_indicators_or_evidence(case, data):
    spec_data, evidence_data = case
    result = score(spec_data, evidence_data)
    indicators = data.draw(st.permutations([_shuffled(n, data.draw) for n in spec_data["indicators"]]))
    entries = data.draw(st.permutations(list(evidence_data["indicators"].items())))
    again = score({**spec_data, "indicators": indicators}, {**evidence_data, "indicators": dict(entries)})
    scores = {n.code: (n.score, n.status) for n in result.walk()}
    assert {n.code: (n.score, n.status) for n in again.walk()} == scores
    assert (again.total, again.grade) == (result.total, result.grade)


# ---- extreme magnitudes: the largest and finest numbers the loaders accept ---------------------

extreme = st.decimals(
    min_value=Decimal("-999999999999999.9999999999"),
    max_value=Decimal("999999999999999.9999999999"),
    places=10,
    allow_nan=False,
    allow_infinity=False,
)
extreme_positive = extreme.map(abs).filter(lambda d: d > 0)


@st.composite
def extreme_leaf(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    kind = draw(st.sampled_from(["threshold_deduction", "ratio", "tiers", "target", "deductions", "formula", "grade"]))
    rule: dict[str, Any]
    facts: dict[str, Any]
    if kind == "threshold_deduction":
        per = draw(st.one_of(shares.map(lambda s: {"share": s}), extreme_positive.map(lambda p: {"points": p})))
        rule = {"kind": kind, "threshold": draw(extreme_positive), "per_point": per, "direction": draw(st.sampled_from(["at_least", "at_most"]))}
        facts = {"actual": draw(extreme)}
    elif kind == "ratio":
        rule = {"kind": kind, "direction": draw(st.sampled_from(["at_least", "at_most"]))}
        facts = {"actual": draw(extreme_positive), "target": draw(extreme_positive)}
    elif kind == "tiers":
        cut = draw(extreme)
        rule = {"kind": kind, "bands": [{"max": cut, "points": draw(extreme_positive)}, {"min": cut, "share": draw(shares)}]}
        facts = {"actual": draw(extreme)}
    elif kind == "target":
        rule = {"kind": kind, "op": draw(st.sampled_from([">=", "<=", ">", "<"])), "otherwise": "ratio"}
        facts = {"actual": draw(extreme), "target": draw(extreme)}
    elif kind == "deductions":
        rule = {"kind": kind}
        facts = {"findings": [{"reason": "x", "points": draw(extreme_positive), "count": draw(st.integers(1, 10_000))} for _ in range(draw(st.integers(1, 5)))]}
    elif kind == "formula":
        rule = {"kind": kind, "expression": draw(st.sampled_from(FORMULAS)).replace("(a <= b)", "1"), "facts": ["a", "b"]}
        facts = {"a": draw(extreme_positive), "b": draw(extreme_positive)}
    else:
        rule = {"kind": kind, "unit": "points", "levels": {"x": draw(extreme_positive)}}
        facts = {"level": "x"}
    return rule, facts


@given(extreme_leaf(), st.sampled_from(["1", "100", "999999999999999", "0.01", "123456789012345.67"]), st.integers(0, 6))
def test_extreme_numbers_score_or_are_refused_never_crash(leaf, weight, places):
    from jxpj.engine import EvidenceIssues

    rule, facts = leaf
    w = Decimal(weight)
    assume(w == quantize(w, places))
    spec = {"title": "t", "total": w, "rounding": {"places": places}, "indicators": [{"code": "A", "name": "a", "weight": w, "rule": rule}]}
    evidence = {"spec": "s", "project": {"name": "p"}, "indicators": {"A": {"facts": facts}}}
    try:
        result = score(spec, evidence)
    except EvidenceIssues as issues:  # e.g. a formula's result too large: said, not crashed
        assert all(i.message for i in issues.issues)
        return
    node = result.find("A")
    assert node is not None and node.score is not None
    assert ZERO <= node.score <= node.weight
    check_leaf(node, places, "half_up")
