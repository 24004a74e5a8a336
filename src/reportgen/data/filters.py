"""`where`: picking the rows of a table whose cells match given values, compared typed.

A wanted value is a number, text, a date or true/false, or a list of them (any may
match). A number matches a numeric cell of the same value, or a text cell that reads
as that number; text matches equal text, or a number it reads as; a date matches the
same date or its `YYYY-MM-DD` text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from reportgen.data.tables import Cell, Table, parse_number

Scalar = str | float | int | bool | dt.date
Wanted = Scalar | Sequence[Scalar]
"""What a `where` entry asks for: one value or a list of values."""


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    return parse_number(value) if isinstance(value, str) else None


def matches(cell: Cell, wanted: Scalar) -> bool:
    """Whether one cell holds one wanted value."""
    if cell is None:
        return False
    if isinstance(wanted, bool):
        return cell == str(wanted).lower()
    if isinstance(cell, dt.date):
        if isinstance(wanted, dt.date):
            return cell == wanted
        return isinstance(wanted, str) and cell.isoformat() == wanted.strip()
    if isinstance(wanted, dt.date):
        return isinstance(cell, str) and cell.strip() == wanted.isoformat()
    if isinstance(cell, str) and isinstance(wanted, str) and cell == wanted.strip():
        return True
    number = _number(wanted)
    return number is not None and _number(cell) == number


def select(table: Table, where: Mapping[str, Wanted]) -> list[int]:
    """The indexes of the rows whose every named column holds (one of) its wanted value(s)."""
    tests = []
    for column, wanted in where.items():
        options = list(wanted) if isinstance(wanted, (list, tuple)) else [wanted]
        tests.append((table.columns.index(column), options))
    return [
        index for index, row in enumerate(table.rows)
        if all(any(matches(row[at], w) for w in options) for at, options in tests)
    ]


def describe_where(where: Mapping[str, Wanted]) -> str:
    """A filter in words: `flow = 'Russia to Azerbaijan'`, `year in 2023, 2024`."""
    parts = []
    for column, wanted in where.items():
        if isinstance(wanted, (list, tuple)):
            parts.append(f"{column} in {', '.join(_shown(w) for w in wanted)}")
        else:
            parts.append(f"{column} = {_shown(wanted)}")
    return " and ".join(parts)


def _shown(value: Scalar) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    return repr(value) if isinstance(value, str) else str(value)
