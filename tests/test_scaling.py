"""Composing, validating, expanding references and scoring grow linearly with a spec's size.

Not timed (a loaded machine makes any wall-clock bound flaky): each step's function calls are
counted with cProfile at two sizes, and four times the indicators may cost at most six times the
calls. A step that walks the tree for every indicator (as composing and reference expansion did:
5,000 indicators took 28 s and 2.7 s) costs sixteen times as many.
"""

from __future__ import annotations

import cProfile
import pstats
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT

from jxpj.documents.yaml_reader import load_yaml
from jxpj.engine import evaluate
from jxpj.errors import ProblemsError
from jxpj.load import load_spec
from jxpj.models.evidence import Evidence
from jxpj.models.references import expand_references
from jxpj.models.validate import validate

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate_large

SMALL, LARGE = 300, 1200
BOUND = 6.0  # linear is about 4 (less, with fixed costs); quadratic about 16


def calls(step: Callable[[], Any]) -> tuple[int, Any]:
    profile = cProfile.Profile()
    result = profile.runcall(step)
    return pstats.Stats(profile).total_calls, result  # type: ignore[attr-defined]


def steps(folder: Path) -> dict[str, int]:
    """Function calls of each step of scoring the generated project in ``folder``."""
    counts: dict[str, int] = {}
    counts["compose and validate the spec"], spec = calls(lambda: load_spec(folder / "spec.yaml"))
    counts["read the evidence"], doc = calls(lambda: load_yaml(folder / "evidence.yaml"))
    counts["validate the evidence"], evidence = calls(lambda: validate(Evidence, doc))
    counts["expand fact references"], (expanded, problems) = calls(lambda: expand_references(spec, evidence, doc))
    assert problems == []
    counts["score"], result = calls(lambda: evaluate(spec, expanded))
    assert result.total is not None
    return counts


@pytest.fixture(scope="module")
def grown(tmp_path_factory) -> dict[str, tuple[int, int]]:
    root = tmp_path_factory.mktemp("scaling")
    steps(generate_large(root / "warm", 40).parent)  # models build their validators on first use
    small = steps(generate_large(root / "small", SMALL).parent)
    large = steps(generate_large(root / "large", LARGE).parent)
    return {name: (small[name], large[name]) for name in small}


@pytest.mark.parametrize(
    "step", ["compose and validate the spec", "read the evidence", "validate the evidence", "expand fact references", "score"]
)
def test_each_step_is_linear_in_the_number_of_indicators(grown, step):
    small, large = grown[step]
    assert large / small < BOUND, f"{step}: {small:,} calls for {SMALL} indicators, {large:,} for {LARGE}"


def test_the_generated_spec_places_entries_before_and_after_siblings(tmp_path):
    folder = generate_large(tmp_path, 40).parent
    spec = load_spec(folder / "spec.yaml")
    group = next(n for n in spec.walk() if n.code == "B00001")
    assert [c.code for c in group.children][:3] == ["B00001_07", "B00001_00", "B00001_05"]
    assert spec.total == sum(1 for _ in spec.leaves())


def wrong_parents(folder: Path, count: int) -> Path:
    """A derived spec of ``count`` entries, each under a parent that does not exist."""
    entries = [{"code": f"N{i}", "parent": f"A{i:04d}x", "name": "新增", "weight": 1, "rule": "ratio"} for i in range(count)]
    path = folder / "wrong.yaml"
    path.write_text(yaml.safe_dump({"extends": "base.yaml", "indicators": entries}), encoding="utf-8")
    return path


def problems_of(path: Path) -> list[Any]:
    with pytest.raises(ProblemsError) as caught:
        load_spec(path)
    return caught.value.problems


def test_thousands_of_mistaken_entries_are_reported_in_linear_time(tmp_path):
    # Each unknown parent was compared with every code in the spec for a did-you-mean: 8,000 of
    # them took 80 s. The first few still get one.
    generate_large(tmp_path, 400)
    counts = []
    for count in (200, 800):
        path = wrong_parents(tmp_path, count)
        counts.append(calls(lambda path=path: problems_of(path))[0])
        problems = problems_of(path)
        assert len(problems) == count and {p.check for p in problems} == {"unknown-code"}
        assert problems[0].message.startswith("parent A0000x of new indicator N0 is not in the spec; did you mean A000")
        assert problems[-1].message == f"parent A{count - 1:04d}x of new indicator N{count - 1} is not in the spec"
    assert counts[1] / counts[0] < BOUND


def test_many_unknown_evidence_codes_get_hints_for_the_first_few_only(monkeypatch):
    import difflib

    from jxpj import engine
    from jxpj.models.evidence import Evidence
    from jxpj.models.spec import Spec

    spec = Spec.model_validate({"title": "t", "total": 10, "indicators": [{"code": "A", "name": "a", "weight": 10, "rule": {"kind": "judgment"}}]})
    evidence = Evidence.model_validate({"spec": "s.yaml", "project": {"name": "p"}, "indicators": {f"X{i}": {} for i in range(500)}})
    calls = []
    real = difflib.get_close_matches
    monkeypatch.setattr(engine, "get_close_matches", lambda *a, **k: calls.append(1) or real(*a, **k))
    try:
        engine.evaluate(spec, evidence)
    except engine.EvidenceIssues as exc:
        assert len([i for i in exc.issues if i.check == "unknown-code"]) == 500  # every one is still named
    assert len(calls) == engine.HINTED_UNKNOWN
