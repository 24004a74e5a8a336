"""Typed parameters: `params:` declarations, the values a user gives, and `{{ params.NAME }}`.

A spec declares each param with a type (string, integer, number, boolean, date) and a
default. A value may be given on the command line (`-P NAME=VALUE`, text), in a params
file or a YAML variants file (a YAML value), in a CSV variants file (text) or through
the Python API (a Python value); each is read by its param's type, and a problem with
one is reported where it was given.

`{{ params.NAME }}` is replaced in the document's plain values before they are
validated, so every later check sees the variant's text and still points at the spec's
own lines. A value that stands alone in a field keeps its type there (`decimals:
"{{ params.digits }}"` is a number, `where: {year: "{{ params.year }}"}` compares as a
number); inside other text it is shown as text. Queries (`sql`, `db`, `password_env`)
never take params: a value spliced into a query could change what it does.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from reportgen.core.hints import describe, did_you_mean
from reportgen.errors import Problem
from reportgen.spec.placeholders import PLACEHOLDER
from reportgen.spec.source import (
    MAX_TEXT_CHARS,
    Located,
    Path_,
    Scalar,
)
from reportgen.text import refused_message

PARAM_TYPES = ("string", "integer", "number", "boolean", "date")
"""The types a param may have."""
PARAMS_KEY = "params"
"""The spec's top-level key that declares params."""
PREFIX = "params."
"""How a placeholder names a param: `{{ params.NAME }}`."""
MAX_VALUE_CHARS = 2_000
"""Longest text a param may hold."""
NO_PARAMS_IN = frozenset({"sql", "db", "password_env"})
"""Dataset keys where a placeholder is refused (queries and connections)."""

_INTEGER = re.compile(r"[-+]?[0-9]+")
_NUMBER = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TRUE = frozenset({"true", "yes", "on", "1"})
_FALSE = frozenset({"false", "no", "off", "0"})
_EXPECTED = {"string": "text", "integer": "a whole number", "number": "a number",
             "boolean": "true or false", "date": "a date as YYYY-MM-DD"}


@dataclass(frozen=True)
class Origin:
    """Where a value was given, to locate a problem with it."""

    file: str
    """The file (or the option, such as `-P year=x`) that gave it."""
    line: int = 0
    """1-based line, 0 when it has none."""
    col: int = 0
    """1-based column, 0 when it has none."""
    path: str = ""
    """The key path shown (the param's name)."""

    def problem(self, message: str) -> Problem:
        """A problem at this place."""
        return Problem(self.file, self.line, self.col, self.path, message)


@dataclass(frozen=True)
class Given:
    """One param value as a user gave it: text, a YAML value or a Python value."""

    value: Any
    """Text from the command line or a CSV cell; a YAML 1.2 value from a YAML file; any
    Python value from the API."""
    origin: Origin = field(default_factory=lambda: Origin("params"))
    """Where it was given."""
    text: str | None = None
    """For a YAML value: the scalar's text as typed."""
    from_yaml: bool = False
    """True for a YAML value: a number in quotes is then text, as in the spec."""

    def __str__(self) -> str:
        """The value as given, as text (how a rebuild key records it)."""
        if self.text is not None:
            return self.text
        return self.value.isoformat() if isinstance(self.value, dt.date) else str(self.value)


@dataclass(frozen=True)
class Value:
    """A param's value, read by its type."""

    value: str | int | float | bool
    """The value for JSON (a date as YYYY-MM-DD text)."""
    text: str
    """The value as text shows it."""


def _hint_unquote(text: str, kind: str) -> str:
    return ("; in quotes it is text: write it without the quotes"
            if read_text(text, kind) is not None else "")


def read_text(text: str, kind: str) -> Value | None:
    """A value of `kind` read from text (the command line, a CSV cell), or None."""
    stripped = text.strip()
    if kind == "string":
        return Value(text, text)
    if kind == "integer" and _INTEGER.fullmatch(stripped):
        return Value(int(stripped), str(int(stripped)))
    if kind == "number" and _NUMBER.fullmatch(stripped):
        number = float(stripped)
        if math.isfinite(number):
            shown: int | float = int(stripped) if _INTEGER.fullmatch(stripped) else number
            return Value(shown, stripped)
    if kind == "boolean" and stripped.lower() in _TRUE | _FALSE:
        flag = stripped.lower() in _TRUE
        return Value(flag, "true" if flag else "false")
    if kind == "date" and _DATE.fullmatch(stripped):
        try:
            return Value(dt.date.fromisoformat(stripped).isoformat(), stripped)
        except ValueError:
            return None
    return None


def describe_value(value: Any) -> str:
    """A value as messages show it (`describe`), a boolean as YAML writes it."""
    return str(value).lower() if isinstance(value, bool) else describe(value)


def read_value(given: Given, kind: str) -> Value | str:
    """A given value read as `kind`, or what is wrong with it."""
    value = given.value
    if isinstance(value, (dict, list)) or value is None:
        return f"expected {_EXPECTED[kind]} but got {describe_value(value)}"
    found: Value | None
    if kind == "string" and given.from_yaml:  # any scalar, as typed
        text = given.text if given.text is not None else str(value)
        found = Value(text, text)
    elif isinstance(value, str):
        if given.from_yaml and kind in ("integer", "number", "boolean"):
            return f"expected {_EXPECTED[kind]} but got {describe_value(value)}" + _hint_unquote(
                value, kind)
        found = read_text(value, kind)
    else:
        found = _read_typed(value, kind)
        if found is not None and given.text is not None and kind == "number":
            found = Value(found.value, given.text)
    if found is None:
        return f"expected {_EXPECTED[kind]} but got {describe_value(value)}"
    return _text_problem(found) or found


def _read_typed(value: Any, kind: str) -> Value | None:
    """A value of `kind` from a YAML or Python value that is not text."""
    if kind == "string":
        return Value(str(value), str(value))
    if isinstance(value, bool):
        return Value(value, str(value).lower()) if kind == "boolean" else None
    if kind == "integer" and isinstance(value, int):
        return Value(value, str(value))
    if kind == "number" and isinstance(value, (int, float)) and math.isfinite(value):
        return Value(value, str(value))
    if kind == "date" and isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return Value(value.isoformat(), value.isoformat())
    return None


def _text_problem(value: Value) -> str | None:
    """What is wrong with a value's text, or None (it is fine)."""
    if not isinstance(value.value, str):
        return None
    text = value.value
    if len(text) > MAX_VALUE_CHARS:
        return f"too long: at most {MAX_VALUE_CHARS:,} characters allowed"
    if "{{" in text or "}}" in text:
        return "a param's value may not hold '{{' or '}}'"
    refused = refused_message(text)
    return f"the value {refused}" if refused else None


@dataclass(frozen=True)
class Declared:
    """The params a spec declares, read defensively (the schema reports malformed ones)."""

    types: dict[str, str]
    """Each declared name and its type (None when the type is not one of PARAM_TYPES)."""
    defaults: dict[str, Given]
    """Each declared default, where the spec gives it."""


def declared(located: Located, file: str) -> Declared:
    """The params the spec declares, with their defaults located in the spec."""
    raw = located.value.get(PARAMS_KEY) if isinstance(located.value, dict) else None
    types: dict[str, str] = {}
    defaults: dict[str, Given] = {}
    if not isinstance(raw, dict):
        return Declared(types, defaults)
    for name, declaration in raw.items():
        if not isinstance(declaration, dict):
            types[name] = ""
            continue
        kind = declaration.get("type")
        types[name] = kind if isinstance(kind, str) and kind in PARAM_TYPES else ""
        if "default" in declaration:
            path = (PARAMS_KEY, name, "default")
            mark = located.mark(path)
            scalar = located.scalars.get(path)
            defaults[name] = Given(declaration["default"],
                                   Origin(file, mark.line, mark.col, ".".join(path)),
                                   scalar.text if scalar is not None else None, from_yaml=True)
    return Declared(types, defaults)


def _given(name: str, value: Any) -> Given:
    """A value given through the API: a Given as it is, else located at `params`."""
    if isinstance(value, Given):
        return value
    return Given(value, Origin("params", path=name))


def resolve(declared_params: Declared, given: Mapping[str, Any]
            ) -> tuple[dict[str, Value], list[Problem]]:
    """Each declared param's value (its default unless given) and the problems found."""
    problems: list[Problem] = []
    values: dict[str, Value] = {}
    for name, kind in declared_params.types.items():
        default = declared_params.defaults.get(name)
        if not kind or default is None:
            continue  # the schema says what is wrong with the declaration
        found = read_value(default, kind)
        if isinstance(found, str):
            if default.value is not None and not isinstance(default.value, (dict, list)):
                problems.append(default.origin.problem(found))
                # Its text stands in, so the rest of the spec is still checked.
                values[name] = Value(str(default), str(default))
            continue
        values[name] = found
    names = list(declared_params.types)
    for name, raw in given.items():
        item = _given(name, raw)
        if name not in declared_params.types:
            problems.append(item.origin.problem(_unknown(name, names)))
            continue
        kind = declared_params.types[name]
        if not kind:
            continue
        found = read_value(item, kind)
        if isinstance(found, str):
            # Reported here; the default stands in, so the rest of the spec is still checked.
            problems.append(item.origin.problem(found))
        else:
            values[name] = found
    return values, problems


def _declared_hint(name: str, names: list[str]) -> str:
    """`; did you mean 'year'? (declared: country, year)`, or that there are none."""
    if not names:
        return ": the spec declares no params"
    return f"{did_you_mean(name, names)} (declared: {', '.join(names)})"


def _unknown(name: str, names: list[str]) -> str:
    return f"unknown param {name!r}" + _declared_hint(name, names)


def _strings(value: Any, path: Path_) -> Iterator[tuple[Path_, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if path or key != PARAMS_KEY:
                yield from _strings(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))


def _set(tree: Any, path: Path_, value: Any) -> Any:
    """A copy of `tree` with the value at `path` replaced (containers on the way copied)."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    copy = dict(tree) if isinstance(tree, dict) else list(tree)
    copy[head] = _set(tree[head], rest, value)  # type: ignore[index]
    return copy


@dataclass
class _Substitution:
    """The document with `{{ params.NAME }}` replaced, and what went wrong."""

    located: Located
    file: str
    declared: Declared
    values: dict[str, Value]
    problems: list[Problem] = field(default_factory=list)
    added_chars: int = 0

    def problem(self, path: Path_, offset: int, message: str) -> None:
        mark = self.located.mark_in(path, offset)
        self.problems.append(Problem(self.file, mark.line, mark.col,
                                     ".".join(str(p) for p in path), message))

    def run(self) -> Located:
        tree = self.located.value
        scalars = dict(self.located.scalars)
        for path, text in list(_strings(tree, ())):
            if "{{" not in text:
                continue
            replaced = self._text(path, text)
            if replaced is None:
                continue
            tree = _set(tree, path, replaced)
            if not isinstance(replaced, str):  # typed: read like a plain scalar of its text
                old = scalars.get(path)
                if old is not None:
                    scalars[path] = Scalar(self._whole_text(text), "plain", old.start, old.end,
                                           old.mark)
        if self.added_chars > MAX_TEXT_CHARS:
            self.problems.append(Problem(self.file, 1, 1, PARAMS_KEY, (
                f"with its params, the document holds more than {MAX_TEXT_CHARS:,} "
                "characters of text")))
        return replace(self.located, value=tree, scalars=scalars)

    def _whole_text(self, text: str) -> str:
        match = PLACEHOLDER.fullmatch(text.strip())
        assert match is not None
        return self.values[match.group(1)[len(PREFIX):]].text

    def _text(self, path: Path_, text: str) -> Any:
        """The text with its params replaced; the typed value when one stands alone; None
        when it names no param or one that could not be read."""
        matches = [m for m in PLACEHOLDER.finditer(text) if m.group(1).startswith(PREFIX)]
        if not matches:
            return None
        if any(str(part) in NO_PARAMS_IN for part in path[-1:]) and path[:1] == ("data",):
            self.problem(path, matches[0].start(), (
                f"{matches[0].group(0)}: params cannot be used in a query or a database "
                "address (a value spliced into a query could change what it does); filter "
                "rows by a param with `from` and `where` instead"))
            return None
        missing = False
        for match in matches:
            name = match.group(1)[len(PREFIX):]
            if name not in self.declared.types:
                names = list(self.declared.types)
                self.problem(path, match.start(),
                             f"{match.group(0)} names no param" + _declared_hint(name, names))
                missing = True
            elif name not in self.values:
                missing = True  # its value's problem is reported where it was given
        if missing:
            return None
        if len(matches) == 1 and PLACEHOLDER.fullmatch(text.strip()):
            value = self.values[matches[0].group(1)[len(PREFIX):]]
            self.added_chars += len(value.text)
            return value.value
        result = PLACEHOLDER.sub(
            lambda m: self.values[m.group(1)[len(PREFIX):]].text
            if m.group(1).startswith(PREFIX) else m.group(0), text)
        self.added_chars += max(0, len(result) - len(text))
        return result


def apply_params(located: Located, given: Mapping[str, Any], file: str
                 ) -> tuple[Located, dict[str, Any], list[Problem]]:
    """The document with its params in place, the params' values (for the manifest, in
    declaration order) and every problem found with them."""
    found = declared(located, file)
    values, problems = resolve(found, given)
    substitution = _Substitution(located, file, found, values)
    substituted = substitution.run()
    resolved = {name: values[name].value for name in found.types if name in values}
    return substituted, resolved, problems + substitution.problems
