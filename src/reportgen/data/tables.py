"""Datasets as typed tables: named columns of cells, and where each cell came from.

A column is numeric when every cell in it is a number. A chart's value columns
must be numeric: a cell that is not, is empty, NaN or infinite is an error naming
its row and column, at its place in the spec or in its data file.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from reportgen.errors import Problem

MAX_MAGNITUDE = 1e15
"""Largest absolute value a chart accepts (beyond it, axes and sums overflow)."""


Cell = str | float | None


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
    """The file the rows are in (the spec or a CSV)."""
    row_marks: tuple[tuple[int, int], ...]
    """(line, col) of each row in its file."""
    source: str | None = None
    """Where the data comes from."""
    inline: bool = True
    """True for rows written in the spec, False for a CSV file."""
    cell_marks: dict[tuple[int, str], tuple[int, int]] | None = None
    """(line, col) of each inline cell by (row index, column)."""

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


def parse_number(text: str) -> float | None:
    """A CSV cell as a number, or None when it is not one (`1,234` and `4.4%` are not)."""
    try:
        return float(text.strip().replace("_", ""))
    except ValueError:
        return None


def check_values(table: Table, column: str, use: str) -> list[Problem]:
    """Problems with a column a chart needs as numbers: text, empty, NaN or infinite cells."""
    problems = []
    index = table.columns.index(column)
    for number, row in enumerate(table.rows):
        value = row[index]
        line, col = table.mark(number, column)
        where = (
            f"data.{table.id}.rows.{number}.{column}" if table.inline else f"data.{table.id}.csv"
        )
        if value is None:
            problem = "is empty"
        elif isinstance(value, str):
            problem = f"is {value!r}, not a number"
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
