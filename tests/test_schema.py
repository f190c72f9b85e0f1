"""The JSON Schemas editors use: generated from the models, committed, and true to the validators."""

from __future__ import annotations

import json
from decimal import Decimal

import jsonschema
import pytest
from conftest import EXAMPLE, ROOT

from jxpj.documents.yaml_reader import load_yaml
from jxpj.models.schema import schema_text

SCHEMA_DIR = ROOT / "schema"


@pytest.mark.parametrize("kind", ["spec", "evidence"])
def test_the_committed_schema_matches_the_code(kind):
    committed = (SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(kind), (
        f"schema/{kind}.schema.json is out of date: run  jxpj schema {kind} > schema/{kind}.schema.json"
    )


@pytest.mark.parametrize("kind", ["spec", "evidence"])
def test_jxpj_schema_prints_it(cli, kind):
    run = cli("schema", kind)
    assert run.exit_code == 0
    assert run.stdout == (SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8")


def test_an_unknown_kind_is_a_usage_error(cli):
    assert cli("schema", "report").exit_code == 2


def validator(kind: str) -> jsonschema.protocols.Validator:
    schema = json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("kind", ["spec", "evidence"])
def test_the_example_files_name_and_pass_their_schema(kind):
    path = EXAMPLE / f"{kind}.yaml"
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema=../../schema/{kind}.schema.json"
    assert (path.parent / "../../schema" / f"{kind}.schema.json").resolve().is_file()
    errors = list(validator(kind).iter_errors(load_yaml(path).data))
    assert errors == []


def budget(**line: object) -> dict[str, object]:
    return {"spec": "s.yaml", "project": {"name": "p"}, "budget": {"lines": [{"name": "x", **line}]}}


@pytest.mark.parametrize("amount", [Decimal("1200000.00"), 1200000, "1,200,000.00", "1200000", " 84.05 "])
def test_numbers_are_accepted_in_every_spelling_the_validators_read(amount):
    assert validator("evidence").is_valid(budget(budget=amount, actual=0))


@pytest.mark.parametrize("amount", ["120万元", "1,20,000", "-5", -5, "abc", True])
def test_numbers_the_validators_refuse_are_refused(amount):
    assert not validator("evidence").is_valid(budget(budget=amount, actual=0))


def test_rates_may_carry_a_percent_sign_and_shares_stay_within_one():
    rule = {"kind": "threshold_deduction", "threshold": "95%", "per_point": {"share": 0.02}}
    spec = {"title": "t", "indicators": [{"code": "A", "name": "a", "weight": 100, "rule": rule}]}
    assert validator("spec").is_valid(spec)
    rule["per_point"] = {"share": Decimal("1.5")}
    assert not validator("spec").is_valid(spec)
    rule["per_point"] = {"share": Decimal("0.02")}
    rule["threshold"] = 0
    assert not validator("spec").is_valid(spec)


def test_unknown_keys_are_flagged_as_in_jxpj_check():
    spec = {"title": "t", "indicators": [{"code": "A", "name": "a", "wieght": 100, "rule": "x"}]}
    errors = list(validator("spec").iter_errors(spec))
    assert any("wieght" in e.message for e in errors)
