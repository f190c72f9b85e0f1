"""The strict pydantic base of everything a user writes: unknown keys are errors, values frozen."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Model(BaseModel):
    """Strict base for everything a user writes: unknown keys are errors, values are frozen."""

    # defer_build: a model's validator is built when first used, so start-up does not pay for
    # rule kinds a spec never uses
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
