"""A spec's plan (jxpj.engine.plan) is worked out once and reused: scoring many evidence files
against one spec object gives what scoring each against a spec of its own gives."""

from __future__ import annotations

import gc
import importlib.util
from decimal import Decimal
from pathlib import Path
from types import ModuleType

from conftest import EXAMPLE, ROOT

from jxpj.engine import EvidenceIssues, evaluate
from jxpj.engine.plan import _PLANS, SEEN_PER_LEAF, SEEN_PER_PLAN, Leaf, Parent, facts_key, plan_of
from jxpj.load import load_evidence, load_spec
from jxpj.models.evidence import Evidence
from jxpj.models.spec import Spec
from jxpj.numbers import dumps
from jxpj.result import Result, result_to_dict

EXAMPLES = ROOT / "examples"


def _everything(result: Result) -> str:
    """Every number and every explanation of a result, steps one by one included."""
    steps = [[(s.prefix, s.label, s.note, s.value, s.rounded, s.expr and (s.expr.shown, s.expr.calc)) for s in n.explanation.steps] for n in result.walk() if n.explanation]
    return dumps(result_to_dict(result)) + repr(steps)


def _evidence_files() -> list[tuple[Path, Path]]:
    pairs = []
    for folder in sorted(EXAMPLES.iterdir()):
        if (folder / "spec.yaml").exists() and (folder / "evidence.yaml").exists():
            pairs.append((folder / "spec.yaml", folder / "evidence.yaml"))
    return pairs


def test_a_plan_is_built_once_per_spec_object():
    spec = load_spec(EXAMPLE / "spec.yaml")
    assert plan_of(spec) is plan_of(spec)
    other = load_spec(EXAMPLE / "spec.yaml")
    assert plan_of(other) is not plan_of(spec)


def test_a_plan_goes_with_its_spec():
    spec = load_spec(EXAMPLE / "spec.yaml")
    plan_of(spec)
    key = id(spec)
    assert key in _PLANS
    del spec
    gc.collect()
    assert key not in _PLANS


def test_scores_against_a_reused_plan_equal_fresh_ones():
    for spec_path, evidence_path in _evidence_files():
        shared = load_spec(spec_path)
        evidence, _doc = load_evidence(evidence_path)
        first = _everything(evaluate(shared, evidence))
        again = _everything(evaluate(shared, evidence))  # the plan of the first, reused
        fresh = _everything(evaluate(load_spec(spec_path), evidence))
        assert first == again == fresh, evidence_path


def _generator() -> ModuleType:
    found = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks" / "generate.py")
    assert found is not None and found.loader is not None
    module = importlib.util.module_from_spec(found)
    found.loader.exec_module(module)
    return module


def test_one_plan_scores_many_evidence_files_like_fresh_plans(tmp_path):
    # the benchmark's files: the example's shape with its facts varied (grades, findings, budgets)
    paths = _generator().generate(tmp_path, 24, seed=17)
    spec = load_spec(tmp_path / "spec.yaml")
    evidence = [load_evidence(path)[0] for path in paths]
    shared = [_everything(evaluate(spec, e)) for e in evidence]
    fresh = [_everything(evaluate(load_spec(tmp_path / "spec.yaml"), e)) for e in evidence]
    assert shared == fresh
    assert len(set(shared)) > 20  # the files do differ


def test_facts_are_keyed_by_type_and_text():
    assert facts_key({"passed": True}) != facts_key({"passed": 1})
    assert facts_key({"actual": 1}) != facts_key({"actual": "1"})
    assert facts_key({"actual": Decimal("1.0")}) != facts_key({"actual": Decimal(1)})
    assert facts_key({"met": ["a"]}) != facts_key({"met": ("a",)})
    assert facts_key({"findings": [{"reason": "r", "points": 1}]}) == facts_key({"findings": [{"reason": "r", "points": 1}]})
    assert facts_key({"actual": 1.5}) is None  # refused by the rule anyway: never kept
    deep: dict[str, object] = {"a": 1}
    for _ in range(10):
        deep = {"a": deep}
    assert facts_key(deep) is None


def test_a_kept_outcome_is_given_only_for_the_same_facts(tmp_path):
    spec = load_spec(EXAMPLE / "spec.yaml")
    evidence, _doc = load_evidence(EXAMPLE / "evidence.yaml")
    code = next(c for c, entry in evidence.indicators.items() if entry.facts == {"passed": True})
    outcomes = []
    for passed in (True, 1, "是", True, False, 0, "否"):
        changed = evidence.model_copy(update={"indicators": {**evidence.indicators, code: evidence.indicators[code].model_copy(update={"facts": {"passed": passed}})}})
        outcomes.append((_outcome(spec, changed), _outcome(load_spec(EXAMPLE / "spec.yaml"), changed)))
    for shared, fresh in outcomes:
        assert shared == fresh


def _outcome(spec: Spec, evidence: Evidence) -> str:
    try:
        return _everything(evaluate(spec, evidence))
    except EvidenceIssues as exc:
        return repr(exc.issues)


def _leaves(nodes: tuple[Leaf | Parent, ...]) -> list[Leaf]:
    out: list[Leaf] = []
    for node in nodes:
        out.extend(_leaves(node.children) if isinstance(node, Parent) else [node])
    return out


def test_the_outcomes_kept_are_bounded_per_plan(tmp_path):
    small = _leaves(plan_of(load_spec(EXAMPLE / "spec.yaml")).roots)
    assert {leaf.room for leaf in small} == {SEEN_PER_LEAF}
    evidence_path = _generator().generate_large(tmp_path, 600)
    spec = load_spec(tmp_path / "spec.yaml")
    large = _leaves(plan_of(spec).roots)
    assert len(large) * SEEN_PER_LEAF > SEEN_PER_PLAN >= sum(leaf.room for leaf in large) > 0
    evaluate(spec, load_evidence(evidence_path)[0])
    assert all(len(leaf.seen) <= leaf.room for leaf in large)
