"""The base of every spec model and the value types shared by the spec and the writers'
option models (which cannot import `spec.models`: it imports them)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints


class Model(BaseModel):
    """Base of every spec model: unknown keys are errors; numbers may stand for text."""

    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)


RelPath = Annotated[
    str,
    StringConstraints(min_length=1, max_length=1_000),
    Field(description="A file path relative to the spec's folder, inside it."),
]
