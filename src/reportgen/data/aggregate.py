"""Computed key figures: one number from a column of a dataset, and where it came from.

`{data, column, agg, where}` picks the rows (`where`), then aggregates the column.
The spec checks have made sure that the rows exist and that their cells are finite
numbers (except for `count`, which counts rows); `compute` trusts that.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from reportgen.core.format import decimals_as_written
from reportgen.data.filters import Wanted, describe_where
from reportgen.data.tables import Table

AGGREGATIONS = ("sum", "mean", "median", "min", "max", "first", "last", "count")
"""What a computed figure may do with its column, in the schema's order."""
AGG_WORDS = {
    "sum": "sum", "mean": "mean", "median": "median", "min": "smallest value",
    "max": "largest value", "first": "first value", "last": "last value",
    "count": "count",
}
"""Each aggregation as the sources list says it."""
ROUND_PLACES = 10
"""A computed value is rounded to this many decimals (float sums carry noise beyond)."""


@dataclass(frozen=True)
class Aggregate:
    """A computed figure's value, the rows it came from and the decimals its data has."""

    value: float
    """The result."""
    rows: int
    """How many rows were aggregated."""
    decimals: int
    """Decimals to show by default: as many as its data has (one more for a mean)."""


def compute(table: Table, column: str | None, agg: str, rows: Sequence[int]) -> Aggregate:
    """Aggregate the cells of `column` in the picked rows (which the checks found numeric)."""
    if agg == "count":
        return Aggregate(float(len(rows)), len(rows), 0)
    assert column is not None
    at = table.columns.index(column)
    values = [float(table.rows[i][at]) for i in rows]  # type: ignore[arg-type]
    result = {
        "sum": math.fsum,
        "mean": statistics.fmean,
        "median": statistics.median,
        "min": min,
        "max": max,
        "first": lambda v: v[0],
        "last": lambda v: v[-1],
    }[agg](values)
    places = max((decimals_as_written(v) for v in values), default=0)
    if agg in ("mean", "median"):
        places += 1
    return Aggregate(round(float(result), ROUND_PLACES) + 0.0, len(rows), min(places, 10))


@dataclass(frozen=True)
class FigureSource:
    """Where a computed figure came from: the provenance a build records."""

    data: str
    """The dataset id."""
    path: str
    """The file the rows were read from, relative to the spec's folder (or a database URL)."""
    sha256: str | None
    """Hash of that file's bytes as read."""
    column: str | None
    """The column aggregated (None when counting rows)."""
    agg: str
    """The aggregation."""
    rows: int
    """How many rows were aggregated."""
    where: Mapping[str, Wanted] = field(default_factory=dict)
    """The filter applied first, if any."""

    def record(self) -> dict[str, Any]:
        """The `from` entry of the figure in the build manifest."""
        out: dict[str, Any] = {"data": self.data, "path": self.path, "sha256": self.sha256,
                               "column": self.column, "agg": self.agg, "rows": self.rows}
        if self.where:
            out["where"] = {k: (list(v) if isinstance(v, (list, tuple)) else v)
                            for k, v in self.where.items()}
        return out

    def describe(self) -> str:
        """How the figure was derived, for the sources list."""
        rows = f"{self.rows:,} row{'s' if self.rows != 1 else ''}"
        where = f" where {describe_where(self.where)}" if self.where else ""
        if self.agg == "count":
            what = f"count of the {rows}{where}"
        else:
            what = f"{AGG_WORDS[self.agg]} of column {self.column!r} over {rows}{where}"
        return f"computed: {what} of dataset {self.data!r} ({self.path})"
