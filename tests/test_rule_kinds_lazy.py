"""A rule is validated by its own kind's model, the kind imported on first use; what it gives, and
every error, is what the union of every kind gives (as the spec validated rules before)."""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import EXAMPLE, ROOT
from pydantic import TypeAdapter, ValidationError

from jxpj.models.spec import AnyParams
from jxpj.rules import KINDS, any_params

LAZY: TypeAdapter[Any] = TypeAdapter(dict[str, AnyParams])
EAGER: TypeAdapter[Any] = TypeAdapter(dict[str, any_params()])


def written_rules(paths: list[Path]) -> list[dict[str, Any]]:
    """Every rule written out in these YAML files."""
    found: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("kind"), str) and node["kind"] in KINDS:
                found.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in paths:
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return found


RULES = [*written_rules(sorted([*(ROOT / "specs").glob("*.yaml"), *(ROOT / "examples").rglob("spec.yaml")])), {"kind": "judgment"}]
WRONG: list[Any] = [
    5, "x", None, [1], [{"kind": "ratio"}], {}, {"kind": 5}, {"kind": None}, {"kind": ["ratio"]}, {"kind": "raito"},
    {"kind": "Ratio"}, {"kind": ""}, {"rounding": {"places": 1}}, {"kind": "ratio", "targte": 1},
    {"kind": "ratio", "rounding": {"places": 9}}, {"kind": "ratio", "rounding": {"rate_places": 1}},
    {"kind": "grade", "levels": "x"}, {"kind": "grade"}, {"kind": "formula", "expression": "a +"},
    {"kind": "formula", "expression": 5}, {"kind": "tiers", "tiers": [{"min": "x"}]}, {"kind": "judgment", "x": {"y": 1}},
    *({**rule, "unknown": 1} for rule in RULES[:8]), *({**rule, "rounding": "x"} for rule in RULES[:8]),
]  # fmt: skip


def outcome(adapter: TypeAdapter[Any], value: Any) -> Any:
    try:
        return adapter.validate_python({"r": value})
    except ValidationError as exc:
        return [(e["type"], e["loc"], e["msg"], e.get("ctx"), e["input"]) for e in exc.errors(include_url=False)]


def test_the_corpus_has_every_kind():
    assert {rule["kind"] for rule in RULES} == set(KINDS)


@pytest.mark.parametrize("value", [*RULES, *WRONG], ids=repr)
def test_a_rule_validates_as_the_union_of_every_kind(value: Any) -> None:
    assert repr(outcome(LAZY, value)) == repr(outcome(EAGER, value))


def test_a_validated_rule_passes_through():
    rule = EAGER.validate_python({"r": {"kind": "ratio"}})["r"]
    assert LAZY.validate_python({"r": rule})["r"] is rule
    assert LAZY.validate_python({"r": {"kind": "judgment", "rounding": {"places": 0}}})["r"].rounding.places == 0
    assert EAGER.validate_python({"r": {"kind": "ratio", "target": "90"}})["r"] == LAZY.validate_python({"r": {"kind": "ratio", "target": "90"}})["r"]
    assert isinstance(LAZY.validate_python({"r": {"kind": "ratio", "target": 90}})["r"].target, Decimal)


def test_scoring_the_example_imports_only_the_kinds_its_spec_uses():
    code = (
        "import sys\nfrom jxpj.load import score_file\n"
        f"score_file({str(EXAMPLE / 'evidence.yaml')!r})\n"
        "print(' '.join(sorted(m.removeprefix('jxpj.rules.') for m in sys.modules if m.startswith('jxpj.rules.'))))"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    used = {rule["kind"] for rule in written_rules([EXAMPLE / "spec.yaml", ROOT / "specs" / "shanghai-project.yaml"])}
    helpers = {"base", "units", "lateness"}  # what the kinds themselves import
    assert set(run.stdout.split()) == {KINDS[kind] for kind in used} | helpers
