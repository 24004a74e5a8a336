"""Datasets as typed tables: named columns of cells, and where each cell came from.

A column is numeric when every cell in it is a number. A chart's value columns
must be numeric: a cell that is not, is empty, NaN or infinite is an error naming
its row and column, at its place in the spec or in its data file.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from reportgen.errors import Problem

MAX_MAGNITUDE = 1e15
"""Largest absolute value a chart accepts (beyond it, axes and sums overflow)."""
MAX_TABLE_ROWS = 500
"""Most rows a table may show (the brief splits it over pages, the deck over slides)."""
MAX_TABLE_COLUMNS = 10
"""Most columns a table may show and stay legible on a page and a slide."""


Cell = str | float | dt.date | None
"""One value of a dataset: a number, text, a date (from a workbook or database) or empty."""

_DECIMAL_COMMA = re.compile(r"^[-+]?\d+,\d+$")


@dataclass(frozen=True)
class DataFile:
    """The file (or database) a dataset was read from, as a build's record names it."""

    path: str
    """Relative to the spec's folder (or a database URL without credentials)."""
    sha256: str | None
    """Hash of the file's bytes as read (None for a database server)."""


@dataclass(frozen=True)
class Table:
    """A dataset: named columns of cells, with where each row came from."""

    id: str
    """The dataset id."""
    columns: tuple[str, ...]
    """Column names in order."""
    rows: tuple[tuple[Cell, ...], ...]
    """Cells by row, in column order (numbers as float, text as str, empty as None)."""
    origin: str
    """The file the rows are in (the spec or a data file), as messages name it."""
    row_marks: tuple[tuple[int, int], ...]
    """(line, col) of each row in its file."""
    source: str | None = None
    """Where the data comes from."""
    inline: bool = True
    """True for rows written in the spec, False for a data file or a query."""
    cell_marks: dict[tuple[int, str], tuple[int, int]] | None = None
    """(line, col) of each cell by (row index, column), where known."""
    key: str | None = None
    """The spec key naming the data file (`data.ID.csv`), for messages about its cells."""
    file: DataFile | None = None
    """Where the rows were read from; None for rows written in the spec."""
    row_numbers: tuple[int, ...] | None = None
    """Index of each row in the dataset it was filtered from (None: not filtered)."""

    def mark(self, row: int, column: str) -> tuple[int, int]:
        """Where a cell is written: its own node for inline rows, its CSV line otherwise."""
        if self.cell_marks and (row, column) in self.cell_marks:
            return self.cell_marks[(row, column)]
        return self.row_marks[row]

    def column(self, name: str) -> list[Cell]:
        """All cells of one column."""
        index = self.columns.index(name)
        return [row[index] for row in self.rows]

    def is_numeric(self, name: str) -> bool:
        """True when every non-empty cell of the column is a number."""
        return all(isinstance(c, float) or c is None for c in self.column(name))

    def row_number(self, row: int) -> int:
        """The index of a row where it is written (in the dataset it was filtered from)."""
        return self.row_numbers[row] if self.row_numbers is not None else row

    def where(self, row: int, column: str) -> str:
        """The key path shown with a problem of one cell."""
        if self.inline:
            rows = self.key or f"data.{self.id}.rows"
            return f"{rows}.{self.row_number(row)}.{column}"
        return self.key or f"data.{self.id}"


def parse_number(text: str) -> float | None:
    """A CSV cell as a number, or None when it is not one (`1,234` and `4.4%` are not)."""
    try:
        return float(text.strip().replace("_", ""))
    except ValueError:
        return None


def check_values(
    table: Table, column: str, use: str, rows: Sequence[int] | None = None
) -> list[Problem]:
    """Problems with a column needed as numbers: text, empty, NaN or infinite cells.

    `rows` limits the check to those row indexes (the rows a filter selected).
    """
    problems = []
    index = table.columns.index(column)
    for number in range(len(table.rows)) if rows is None else rows:
        value = table.rows[number][index]
        line, col = table.mark(number, column)
        where = table.where(number, column)
        if value is None:
            problem = "is empty"
        elif isinstance(value, str):
            problem = f"is {value!r}, not a number"
            if _DECIMAL_COMMA.match(value.strip()):
                problem += " (write the decimal mark as a point: 1.5, not 1,5)"
        elif isinstance(value, dt.date):
            problem = f"is the date {value.isoformat()}, not a number"
        elif math.isnan(value) or math.isinf(value):
            problem = f"is {value}, not a finite number"
        elif abs(value) > MAX_MAGNITUDE:
            problem = f"is {value:g}, too large to chart (the limit is ±{MAX_MAGNITUDE:g})"
        else:
            continue
        problems.append(
            Problem(
                table.origin,
                line,
                col,
                where,
                f"row {number + 1}, column {column!r} {problem} (needed as numbers by {use})",
            )
        )
        if len(problems) >= 10:
            break
    return problems
