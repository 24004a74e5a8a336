"""Plain YAML values as the schema reads them: a field that wants text gets what was typed.

YAML decides a plain scalar's type from its text alone: `2024` is a number, `true` a
boolean. A field of the spec that wants text (a title, an id, a column name, a date)
must not see that guess: `title: 1.50` is the text `1.50`, not the number 1.5 printed
back as `1.5`. So, before validation, every plain scalar that YAML read as a number or a
boolean and that sits where the schema wants text is replaced by its source text. Where
the schema wants a number, the YAML 1.2 value stays, and text (`"12"`, `1_000`) is an
error there, located like any other.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from reportgen.spec.models import Spec
from reportgen.spec.source import Located, Path_


def as_schema_reads(located: Located) -> Any:
    """The document's values with plain scalars turned back into text where text is wanted."""
    return _walk(Spec, located.value, (), located)


def _walk(annotation: Any, value: Any, path: Path_, located: Located) -> Any:
    annotation = _strip(annotation)
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        return _walk(_pick(get_args(annotation), value), value, path, located)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if not isinstance(value, dict):
            return value
        fields = annotation.model_fields
        return {
            key: _walk(fields[key].annotation, item, (*path, key), located)
            if key in fields else item
            for key, item in value.items()
        }
    if origin is list:
        (item_type,) = get_args(annotation) or (Any,)
        if isinstance(value, list):
            return [_walk(item_type, item, (*path, i), located) for i, item in enumerate(value)]
        return _walk(item_type, value, path, located)  # one value where a list may be
    if origin is dict:
        value_type = get_args(annotation)[1] if get_args(annotation) else Any
        if isinstance(value, dict):
            return {k: _walk(value_type, v, (*path, k), located) for k, v in value.items()}
        return value
    if _wants_text(annotation) and isinstance(value, (bool, int, float)):
        scalar = located.scalars.get(path)
        if scalar is not None and scalar.style == "plain":
            return scalar.text
    return value


def _strip(annotation: Any) -> Any:
    """The type inside `Annotated[...]`."""
    while get_origin(annotation) is typing.Annotated:
        annotation = get_args(annotation)[0]
    return annotation


def _pick(options: tuple[Any, ...], value: Any) -> Any:
    """The member of a union that fits the shape of `value` (a list, a mapping or a scalar)."""
    members = [_strip(o) for o in options if o is not type(None)]
    if value is None and len(members) < len(options):
        return type(None)
    for member in members:
        origin = get_origin(member)
        if isinstance(value, list) and origin is list:
            return member
        if isinstance(value, dict) and (
            origin is dict or isinstance(member, type) and issubclass(member, BaseModel)
        ):
            return member
    for member in members:  # a union that takes this kind of value keeps it
        if isinstance(value, bool) and member is bool or (
            isinstance(value, (int, float)) and not isinstance(value, bool)
            and member in (int, float)
        ):
            return member
    for member in members:
        if _wants_text(member):
            return member
    return members[0] if members else Any


def _wants_text(annotation: Any) -> bool:
    """Whether a field of this type reads its value from text."""
    if annotation in (str, dt.date):
        return True
    if get_origin(annotation) is Literal:
        return all(isinstance(choice, str) for choice in get_args(annotation))
    return False
