"""Schema validation: pydantic's errors turned into located, readable problems."""

from __future__ import annotations

import types
import typing
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from reportgen.core.hints import describe, did_you_mean
from reportgen.errors import Problem
from reportgen.spec.models import UNION_TAGS, Spec
from reportgen.spec.source import Located, Path_, resolve_plain

# What a constrained string is, in the user's words, by the pattern pydantic reports.
_PATTERN_NAMES = {
    r"^[a-z0-9_]+$": "an id of lower-case letters, digits and underscores",
    r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$": "a colour as #RGB or #RRGGBB",
    r"^(https?://|mailto:)\S+$": "an http(s):// or mailto: address without spaces",
    r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$": "a language tag such as en, ru or ka",
    r"^[A-Za-z0-9][A-Za-z0-9._-]*$": "a file name of letters, digits, '.', '_' and '-'",
}

_TYPE_NAMES = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "finite_number": "a finite number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "date_type": "a date as YYYY-MM-DD",
    "date_parsing": "a date as YYYY-MM-DD",
    "date_from_datetime_parsing": "a date as YYYY-MM-DD",
    "date_from_datetime_inexact": "a date as YYYY-MM-DD",
}


def _unwrap(annotation: Any) -> Any:
    """The model or container inside Annotated/Optional wrappers."""
    while True:
        origin = get_origin(annotation)
        if origin is typing.Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            options = [a for a in get_args(annotation) if a is not type(None)]
            annotation = options[0]
        else:
            return annotation


def allowed_keys(loc: Path_) -> list[str]:
    """The keys the model at `loc` accepts (empty when not a model)."""
    current: Any = Spec
    for part in loc:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(part))
            if field is None:
                return []
            current = field.annotation
        elif get_origin(current) is list:
            current = get_args(current)[0]
        elif get_origin(current) is dict:
            current = get_args(current)[1]
        else:
            return []
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _data_path(loc: tuple[Any, ...], root: Any) -> tuple[Path_, bool]:
    """The path of `loc` in the user's data (dropping pydantic's union labels); is it a key?"""
    path: list[str | int] = []
    current = root
    for part in loc:
        if part == "[key]":
            return tuple(path), True
        if part in UNION_TAGS:
            continue  # which shape of a value was read, not a key
        if (
            isinstance(current, dict)
            and part in current
            or isinstance(current, list)
            and isinstance(part, int)
            and part < len(current)
        ):
            current = current[part]
        elif isinstance(current, (dict, list)):
            current = None  # a missing key or an extra one: keep the name
        else:
            continue  # a union or validator label, not part of the user's path
        path.append(part)
    return tuple(path), False


def _message(error: dict[str, Any], path: Path_) -> str:
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return f"missing required key {path[-1]!r}"
    if kind == "extra_forbidden":
        hint = did_you_mean(str(path[-1]), allowed_keys(path[:-1]))
        allowed = ", ".join(allowed_keys(path[:-1]))
        return f"unknown key {path[-1]!r}{hint}" + ("" if hint else f" (allowed: {allowed})")
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        choices = [c.strip().strip("'") for c in expected.replace(" or ", ", ").split(",")]
        return f"expected one of {', '.join(choices)} but got {describe(value)}" + did_you_mean(
            str(value), choices
        )
    if kind == "string_pattern_mismatch":
        what = _PATTERN_NAMES.get(ctx.get("pattern", ""), f"text matching {ctx.get('pattern')}")
        return f"expected {what} but got {describe(value)}"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bound = {
            "greater_than_equal": "at least",
            "less_than_equal": "at most",
            "greater_than": "more than",
            "less_than": "less than",
        }[kind]
        limit = next(iter(ctx.values()), "")
        return f"expected a number {bound} {limit} but got {describe(value)}"
    if kind in ("too_short", "string_too_short"):
        if isinstance(value, str):
            return "expected some text but got an empty string"
        return f"expected at least {ctx.get('min_length', 1)} item(s) but got {len(value or [])}"
    if kind in ("too_long", "string_too_long"):
        return f"too long: at most {ctx.get('max_length')} allowed"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind in _TYPE_NAMES:
        return f"expected {_TYPE_NAMES[kind]} but got {describe(value)}" + _quoted_hint(kind, value)
    return f"{error['msg']} (got {describe(value)})"


def _quoted_hint(kind: str, value: Any) -> str:
    """A hint when a number or true/false was written as text (in quotes, or not YAML 1.2)."""
    if not isinstance(value, str) or kind not in ("float_type", "int_type", "bool_type"):
        return ""
    meant = resolve_plain(value.strip())
    if isinstance(meant, bool) == (kind == "bool_type") and isinstance(meant, (int, float)):
        return "; in quotes it is text: write it without the quotes"
    return ""


def validate_spec(located: Located, file: str) -> tuple[Spec | None, list[Problem]]:
    """Validate plain values against the Spec model; located problems on failure."""
    try:
        return Spec.model_validate(located.value), []
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False):
            path, is_key = _data_path(error["loc"], located.value)
            kind = error["type"]
            if kind == "missing":
                mark = located.mark(path[:-1], key=True)
            else:
                mark = located.mark(path, key=is_key or kind == "extra_forbidden")
            dotted = ".".join(str(p) for p in path)
            message = _message(error, path)
            if is_key:
                message = f"key {describe(_last_key(error))}: {message}"
            problems.append(Problem(file, mark.line, mark.col, dotted, message))
        return None, _dedupe(problems)


def _last_key(error: dict[str, Any]) -> Any:
    return error.get("input")


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen: set[tuple[int, int, str, str]] = set()
    unique = []
    for p in problems:
        key = (p.line, p.col, p.path, p.message)
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique
