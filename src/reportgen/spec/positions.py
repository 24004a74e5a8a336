"""Where things are in a YAML document: key paths, marks, and positions inside text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

Path_ = tuple[str | int, ...]
"""A key path from the top of the document: mapping keys and list indices."""

BREAKS = re.compile("\r\n|[\n\r\x85\u2028\u2029]")
"""Line breaks as YAML counts them."""


@dataclass(frozen=True)
class Mark:
    """A 1-based position in a file."""

    line: int
    col: int


@dataclass(frozen=True, slots=True)
class Scalar:
    """Where one scalar's text came from."""

    text: str
    """The scalar's text as YAML reads it (quotes, escapes and block indentation gone)."""
    style: str
    """`plain`, `'`, `"`, `|` or `>`."""
    start: int
    """Index in the document of its first character (a quote or block indicator)."""
    end: int
    """Index in the document just after its last character."""
    mark: Mark
    """Position of `start`."""


class YamlProblem(Exception):
    """A YAML document that cannot be read, or a part of it that is refused; carries where."""

    def __init__(
        self, message: str, mark: Mark, path: Path_ = (), *, replaced: bool = False
    ) -> None:
        super().__init__(message)
        self.message = message
        self.mark = mark
        self.path = path
        self.replaced = replaced
        """Whether the refused value was replaced (by its plain text) to read on."""


@dataclass
class Located:
    """Plain values from a YAML document plus the position of each node, key and text."""

    value: Any
    """The document as dicts, lists and scalars."""
    nodes: dict[Path_, Mark] = field(default_factory=dict)
    """Position of the value at each key path."""
    keys: dict[Path_, Mark] = field(default_factory=dict)
    """Position of the key (in its mapping) at each key path."""
    scalars: dict[Path_, Scalar] = field(default_factory=dict)
    """Source text and style of the scalar at each key path."""
    text: str = ""
    """The whole document."""
    problems: list[YamlProblem] = field(default_factory=list)
    """Parts of the document that were refused (it was read all the same)."""

    def mark(self, path: Path_, *, key: bool = False) -> Mark:
        """The position of `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        while True:
            if key and path in self.keys:
                return self.keys[path]
            if path in self.nodes:
                return self.nodes[path]
            if not path:
                return Mark(1, 1)
            path = path[:-1]

    def mark_in(self, path: Path_, offset: int) -> Mark:
        """The position of character `offset` of the text at `path`.

        Exact for plain, quoted and block (`|`, `>`) text on any line: a problem inside
        line 5 of a body is shown there, not at the `|`. Falls back to `mark(path)`.
        """
        scalar = self.scalars.get(tuple(path))
        if scalar is None or not 0 <= offset <= len(scalar.text):
            return self.mark(path)
        return self._mark_at(scalar, _source_index(self.text, scalar, offset))

    def _mark_at(self, scalar: Scalar, index: int) -> Mark:
        line, line_start = scalar.mark.line, scalar.start - (scalar.mark.col - 1)
        for found in BREAKS.finditer(self.text, scalar.start, index):
            line, line_start = line + 1, found.end()
        return Mark(line, index - line_start + 1)


_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v",
            "f": "\f", "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\",
            "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029"}
"""The escapes of a double-quoted YAML scalar and the character each stands for."""
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}
"""Escapes by code point, and how many hex digits follow each."""


def _units(text: str, scalar: Scalar) -> list[tuple[str, int]]:
    """Each character a scalar's source stands for, with the index where it is written.

    Quotes and block headers are left out, and escapes (`\\x07`, `\\u00e9`, `''`) are read
    as the one character each stands for, at the index of its backslash or quote.
    """
    at, end = scalar.start, scalar.end
    if scalar.style in "|>":  # the text starts on the line after the indicator
        found = BREAKS.search(text, at, end)
        at = found.end() if found else at
    elif scalar.style in "'\"":
        at, end = at + 1, end - 1
    units = []
    while at < end:
        char = text[at]
        if scalar.style == '"' and char == "\\" and at + 1 < end:
            kind = text[at + 1]
            if kind in _HEX_ESCAPES:
                digits = text[at + 2 : at + 2 + _HEX_ESCAPES[kind]]
                units.append((chr(int(digits, 16)) if _is_hex(digits) else "\ufffd", at))
                at += 2 + len(digits)
                continue
            if kind in _ESCAPES:
                units.append((_ESCAPES[kind], at))
            at += 2  # an escape, or an escaped line break (which stands for nothing)
            continue
        if scalar.style == "'" and char == "'" and text[at + 1 : at + 2] == "'":
            units.append(("'", at))
            at += 2
            continue
        units.append((char, at))
        at += 1
    return units


def _is_hex(digits: str) -> bool:
    try:
        return 0 <= int(digits, 16) <= 0x10FFFF
    except ValueError:
        return False


def _source_index(text: str, scalar: Scalar, offset: int) -> int:
    """The index in the document of character `offset` of a scalar's text.

    The scalar's characters appear in its source in the same order; what YAML changes
    is whitespace (folding, indentation) and escapes. So each character but whitespace
    is found in turn among the characters the source stands for (one that is not found,
    such as half of an escaped surrogate pair, keeps the place).
    """
    units = _units(text, scalar)
    next_unit = 0
    for index, char in enumerate(scalar.text[: offset + 1]):
        if char.isspace() and index != offset:
            continue
        found = next((k for k in range(next_unit, len(units)) if units[k][0] == char), None)
        if found is None:
            continue
        if index == offset:
            return units[found][1]
        next_unit = found + 1
    while next_unit < len(units) and units[next_unit][0] in " \t":  # the next text instead
        next_unit += 1
    if next_unit < len(units):
        return units[next_unit][1]
    return max(scalar.start, scalar.end - 1)
