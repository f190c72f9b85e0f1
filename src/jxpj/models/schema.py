"""JSON Schema of the spec and evidence files, generated from the pydantic models.

Editors (through ``# yaml-language-server: $schema=…``) use it to complete keys and flag mistakes
as the user types; ``jxpj check`` remains the authority. Two things differ from pydantic's
default output, both so the schema accepts exactly what the validators accept:

* every number jxpj reads (:data:`~jxpj.numbers.Number`, ``NonNegative``, ``Rate``) may be a
  YAML number or a string in one of the spellings :func:`~jxpj.numbers.parse_decimal` reads
  (``"1,200,000.00"``, and ``"84.05%"`` for rates), where pydantic would allow only plain digits;
* bounds such as ``le=1`` on those numbers become ``minimum``/``maximum`` on the number branch,
  where pydantic would leave a keyword JSON Schema does not know.

The text is deterministic (sorted keys, two-space indent) so the committed copies under
``schema/`` can be compared with the code byte for byte.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from jxpj import numbers
from jxpj.models.evidence import Evidence
from jxpj.models.spec import Spec

Kind = Literal["spec", "evidence"]
MODELS: dict[str, type[BaseModel]] = {"spec": Spec, "evidence": Evidence}
DIALECT = "https://json-schema.org/draft/2020-12/schema"

# The validators behind our number types, and whether each accepts a sign and a percent sign.
_READERS: dict[Any, tuple[bool, bool]] = {
    numbers._number: (True, False),
    numbers._non_negative: (False, False),
    numbers._rate: (True, True),
}
_BOUNDS = {"ge": "minimum", "gt": "exclusiveMinimum", "le": "maximum", "lt": "exclusiveMaximum"}


def _text_pattern(*, signed: bool, percent: bool) -> str:
    body = f"(?:{numbers._PLAIN.pattern}|{numbers._GROUPED.pattern})"
    if not signed:
        body = body.replace("[+-]?", r"\+?")
    tail = r"(?:\s*%)?" if percent else ""
    return rf"^\s*{body}{tail}\s*$"


def _bound(value: Any) -> Any:
    # Bounds in the models are small literals (0, 1); keep integers integral in the output.
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


class _Generator(GenerateJsonSchema):
    def function_before_schema(self, schema: core_schema.BeforeValidatorFunctionSchema) -> JsonSchemaValue:
        reader = _READERS.get(schema["function"]["function"])
        if reader is None:
            return super().function_before_schema(schema)
        signed, percent = reader
        number: dict[str, Any] = {"type": "number"}
        if not signed:
            number["minimum"] = 0
        inner = schema["schema"]
        for key, name in _BOUNDS.items():
            if key in inner:
                number[name] = _bound(inner.get(key))
        text = {"type": "string", "pattern": _text_pattern(signed=signed, percent=percent)}
        return {"anyOf": [number, text]}

    def generate(self, schema: core_schema.CoreSchema, mode: Any = "validation") -> JsonSchemaValue:
        result = super().generate(schema, mode=mode)
        _move_bounds(result)
        return result


def _move_bounds(node: Any) -> None:
    """Constraints pydantic hung beside an ``anyOf`` go onto its number branch."""
    if isinstance(node, dict):
        stray = {k: node.pop(k) for k in list(node) if k in _BOUNDS and "anyOf" in node}
        for key, value in stray.items():
            for branch in node["anyOf"]:
                if branch.get("type") == "number":
                    branch[_BOUNDS[key]] = _bound(value)
        for value in node.values():
            _move_bounds(value)
    elif isinstance(node, list):
        for value in node:
            _move_bounds(value)


def json_schema(kind: Kind) -> dict[str, Any]:
    """The JSON Schema of a spec or an evidence file."""
    result = MODELS[kind].model_json_schema(schema_generator=_Generator)
    return {"$schema": DIALECT, **result}


def schema_text(kind: Kind) -> str:
    """The schema as committed under ``schema/``: sorted keys, UTF-8, newline at the end."""
    return json.dumps(json_schema(kind), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
