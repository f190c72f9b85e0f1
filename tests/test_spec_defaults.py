"""The spec's defaults, made without validation at import, are what validation makes of them."""

from __future__ import annotations

from decimal import Decimal

from jxpj.models.spec import DEFAULT_GRADES, GradeBand, NotApplicable, Rounding, Spec


def same(made: object, validated: object) -> bool:
    keys = ("__dict__", "__pydantic_fields_set__", "__pydantic_extra__", "__pydantic_private__")
    return type(made) is type(validated) and all(getattr(made, k) == getattr(validated, k) for k in keys)


def test_default_grades_rounding_and_not_applicable_are_the_validated_ones():
    bands = tuple(GradeBand(name=name, min=Decimal(low)) for name, low in (("优", 90), ("良", 80), ("中", 60), ("差", 0)))
    assert all(same(made, validated) for made, validated in zip(DEFAULT_GRADES, bands, strict=True))
    assert same(Spec.model_fields["rounding"].default, Rounding())
    assert same(Spec.model_fields["not_applicable"].default, NotApplicable())


def test_a_spec_without_them_gets_them():
    spec = Spec.model_validate({"title": "t", "indicators": [{"code": "A", "name": "a", "weight": 100, "rule": {"kind": "judgment"}}]})
    assert spec.grades == DEFAULT_GRADES and spec.rounding == Rounding() and spec.not_applicable == NotApplicable()
    assert Spec.model_validate(spec.model_dump()) == spec
