"""The chart kinds: one record each, with the rules its data must meet.

A kind's rules are checked once, by `reportgen check` and by every build before any
chart is drawn (the spec loader runs them); the drawing code trusts them. Adding a
kind is one record here plus one drawer registered in `charts/draw.py`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from reportgen.core.language import Language
from reportgen.data.series import ChartData, describe_points


@dataclass(frozen=True)
class DataProblem:
    """A chart's data breaks a rule of its kind; where, as indexes into the chart's data."""

    message: str
    """What is wrong, in the user's words."""
    series: int | None = None
    """Index of the series (the chart's y column) at fault, if one is."""
    point: int | None = None
    """Index of the point (the dataset's row) at fault, if one is."""
    columns: bool = False
    """The problem is the number of value columns (shown at the chart's `y`)."""


@dataclass(frozen=True)
class ChartKind:
    """What a chart kind is called, how it reads its data, and what data it can show."""

    name: str
    """The `type` a spec gives: `bar`, `pie`, ..."""
    noun: str
    """How alt text names it: `Bar chart`."""
    max_points: int
    """Most categories (rows) it can show legibly and draw in reasonable time."""
    max_series: int
    """Most series (y columns) it can show."""
    one_series: bool = False
    """It shows exactly one value column (pie, donut)."""
    round: bool = False
    """It is drawn as a circle (a squarer figure)."""
    numeric_x: bool = False
    """An all-numeric x column is placed on a true numeric scale."""
    needs_numeric_x: bool = False
    """Its x column must hold finite numbers (scatter)."""
    nonnegative: bool = False
    """Its values must be zero or more, and not all zero (slices of a whole)."""
    stacked_nonnegative: bool = False
    """With more than one series its values must be zero or more (stacked areas)."""

    def check(self, data: ChartData) -> list[DataProblem]:
        """Every way the data breaks this kind's rules (at most one problem per rule)."""
        problems = []
        count = len(data.x_values) if data.x_values is not None else len(data.categories)
        what = "rows"
        if not data.series:
            problems.append(DataProblem(f"a {self.name} chart has no series (value columns)"))
        if count == 0:
            problems.append(DataProblem(f"a {self.name} chart has no categories (rows)"))
        if count > self.max_points:
            problems.append(DataProblem(
                f"a {self.name} chart shows at most {self.max_points:,} {what} but the data "
                f"has {count:,}; filter or aggregate the data, or pick another chart type"))
        if self.one_series and len(data.series) > 1:
            problems.append(DataProblem(
                f"a {self.name} chart shows one column but got {len(data.series)}", columns=True))
        elif len(data.series) > self.max_series:
            problems.append(DataProblem(
                f"a {self.name} chart shows at most {self.max_series} value columns but got "
                f"{len(data.series)}", columns=True))
        for index, series in enumerate(data.series):
            if len(series.values) != count:
                problems.append(DataProblem(
                    f"series {series.name!r} has {len(series.values)} value(s) for {count} rows",
                    index))
        if self.nonnegative and data.series:
            problems.extend(self._slices(data))
        if self.stacked_nonnegative and len(data.series) > 1:
            problems.extend(_first_negative(
                data, f"a stacked {self.name} chart needs values of zero or more; "
                "use a line chart for values below zero"))
        return problems

    def _slices(self, data: ChartData) -> list[DataProblem]:
        values = data.series[0].values
        negative = _first_negative(data, f"a {self.name} chart cannot show negative values",
                                   series_count=1)
        if negative:
            return negative
        if values and all(not math.isfinite(v) or v == 0 for v in values):
            return [DataProblem(f"a {self.name} chart needs at least one value above zero, "
                                "but every value is zero", 0)]
        return []


def _first_negative(data: ChartData, message: str,
                    series_count: int | None = None) -> list[DataProblem]:
    for index, series in enumerate(data.series[:series_count]):
        for point, value in enumerate(series.values):
            if value < 0:
                return [DataProblem(f"{message} (row {point + 1} is {value:g})", index, point)]
    return []


KINDS: dict[str, ChartKind] = {
    kind.name: kind
    for kind in (
        ChartKind("bar", "Bar chart", max_points=200, max_series=12),
        ChartKind("barh", "Horizontal bar chart", max_points=200, max_series=12),
        ChartKind("stacked_bar", "Stacked bar chart", max_points=200, max_series=20),
        ChartKind("line", "Line chart", max_points=5_000, max_series=20, numeric_x=True),
        ChartKind("area", "Area chart", max_points=5_000, max_series=12, numeric_x=True,
                  stacked_nonnegative=True),
        ChartKind("pie", "Pie chart", max_points=24, max_series=1, one_series=True,
                  round=True, nonnegative=True),
        ChartKind("donut", "Donut chart", max_points=24, max_series=1, one_series=True,
                  round=True, nonnegative=True),
        ChartKind("scatter", "Scatter plot", max_points=5_000, max_series=12, numeric_x=True,
                  needs_numeric_x=True),
    )
}
"""Every chart kind by its name, in the order the schema lists them."""
CHART_TYPES = tuple(KINDS)
"""The names of the chart kinds."""


def kind_of(name: str) -> ChartKind:
    """The kind of a chart type; ValueError naming the known types otherwise."""
    try:
        return KINDS[name]
    except KeyError:
        known = ", ".join(KINDS)
        raise ValueError(f"unknown chart type {name!r}; expected one of {known}") from None


def describe_chart(kind_name: str, data: ChartData, units: str | None,
                   language: Language | None = None) -> str:
    """Alt text from the data: `Bar chart: Russia to Azerbaijan 3.621, ... , USD bn`
    (in `language`, English by default)."""
    kind = KINDS.get(kind_name)
    noun = kind.noun if kind else "Chart"
    if language is not None:
        noun = language.labels.chart_kind(kind_name)
    text = f"{noun}: " + describe_points(data, pairs=kind_name == "scatter", language=language)
    return f"{text}, {units}" if units else text
