"""The base of every spec model and the value types shared by the spec and the writers'
option models (which cannot import `spec.models`: it imports them)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints


class Model(BaseModel):
    """Base of every spec model: unknown keys are errors; values are taken as they are.

    Strict: a number is never read from text (`value: "12"` is an error, as the schema
    says) and text never from a number. A field that wants text still gets what was
    typed (`title: 2024` is the text `2024`): `spec/values.py` hands it the source text.
    Dates are the exception: they are read from their text, YYYY-MM-DD.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


RelPath = Annotated[
    str,
    StringConstraints(min_length=1, max_length=1_000),
    Field(description="A file path relative to the spec's folder, inside it."),
]
