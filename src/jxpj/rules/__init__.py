"""The registry of rule kinds. Each kind lives in its own module; this is the only list of them.

A kind's module is imported the first time the kind is asked for (:func:`get`), so a spec pays
for the kinds it uses: the union of all eleven kinds' parameters that the spec's ``rule:`` was
imported every one, with their models and the formula language, and built a validator for each
(about 8 ms more than the seven of the example). :data:`AnyParams` validates a rule by its
kind's model alone, with the union's every error; the union itself (:func:`any_params`) is built
for the JSON Schema.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache
from importlib import import_module
from typing import Annotated, Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler, TypeAdapter
from pydantic_core import PydanticKnownError, core_schema

from jxpj.rules.base import Facts, Outcome, Rule, RuleContext, RuleInputError, RuleParams

# kind → the module under jxpj.rules that defines it; the order is the order error messages list
KINDS: dict[str, str] = {
    "grade": "grade",
    "threshold_deduction": "threshold_deduction",
    "ratio": "ratio",
    "tiers": "tiers",
    "target": "target",
    "pass_fail": "pass_fail",
    "deductions": "deductions",
    "checklist": "checklist",
    "judgment": "judgment",
    "banded_judgment": "banded_judgment",
    "formula": "formula",
}


@cache
def get(kind: str) -> Rule[Any, Any]:
    """The rule of that kind (its module imported now if it was not); KeyError for an unknown kind."""
    rule: Rule[Any, Any] = import_module(f"jxpj.rules.{KINDS[kind]}").RULE
    return rule


class _Registry(Mapping[str, "Rule[Any, Any]"]):
    """Every kind by name, each imported when it is first looked up."""

    def __getitem__(self, kind: str) -> Rule[Any, Any]:
        return get(kind)

    def __contains__(self, kind: object) -> bool:
        return kind in KINDS

    def __iter__(self) -> Iterator[str]:
        return iter(KINDS)

    def __len__(self) -> int:
        return len(KINDS)


RULES: Mapping[str, Rule[Any, Any]] = _Registry()


@cache
def any_params() -> Any:
    """The union of every kind's parameters, chosen by ``kind``, as the spec's ``rule:`` was (it
    imports every kind): what the JSON Schema shows, and what :data:`AnyParams` validates as."""
    from typing import Union

    from pydantic import Field

    members = tuple(get(kind).params for kind in KINDS)
    return Annotated[Union[members], Field(discriminator="kind")]  # noqa: UP007 - built from a tuple


class _ByKind:
    """A written-out rule, validated by the model of its kind alone; every error is the union's:
    an unknown or a missing kind, and each parameter's, located under its kind."""

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(_by_kind)

    def __get_pydantic_json_schema__(self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler) -> Any:
        return handler(TypeAdapter(any_params()).core_schema)


_EXPECTED = ", ".join(f"'{kind}'" for kind in KINDS)  # as the union's errors list its tags


def _by_kind(value: Any) -> RuleParams:
    if isinstance(value, RuleParams) and value.kind in KINDS and type(value) is get(value.kind).params:
        return value
    if not isinstance(value, dict):
        raise PydanticKnownError("model_attributes_type")
    if "kind" not in value:
        raise PydanticKnownError("union_tag_not_found", {"discriminator": "'kind'"})
    kind = value["kind"]
    if not isinstance(kind, str) or kind not in KINDS:
        raise PydanticKnownError("union_tag_invalid", {"discriminator": "'kind'", "tag": str(kind), "expected_tags": _EXPECTED})
    # validated under its kind's name, as the union locates the errors inside a kind
    params: RuleParams = _keyed(kind).validate_python({kind: value})[kind]
    return params


@cache
def _keyed(kind: str) -> TypeAdapter[dict[str, RuleParams]]:
    keyed: Any = dict[str, get(kind).params]  # type: ignore[misc]  # a type made at run time
    return TypeAdapter(keyed)


# The spec's ``rule:`` field: one kind's parameters, chosen by ``kind``.
AnyParams = Annotated[RuleParams, _ByKind()]


__all__ = ["KINDS", "RULES", "AnyParams", "Facts", "Outcome", "Rule", "RuleContext", "RuleInputError", "RuleParams", "get"]
