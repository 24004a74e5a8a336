"""A chart's data drawn out of its table (once per chart), and a description for alt text."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from reportgen.core.format import format_number
from reportgen.data.tables import Table

ALT_MAX_POINTS = 24
"""Most data points spelled out in generated alt text."""


@dataclass(frozen=True)
class Series:
    """One named series of a chart."""

    name: str
    """Legend label (the column's display name)."""
    values: tuple[float, ...]
    """One value per category."""


@dataclass(frozen=True)
class ChartData:
    """A chart's categories and series: what every drawing of it and its native chart show."""

    categories: tuple[str, ...]
    """The x values as text (or numbers formatted) in order."""
    series: tuple[Series, ...]
    """One or more series."""
    x_values: tuple[float, ...] | None = None
    """Numeric x values, when the chart kind places x on a true numeric scale."""
    x_label: str | None = None
    """Axis label for x."""
    y_label: str | None = None
    """Axis label for y."""
    unit: str | None = None
    """Unit of the values, shown with value labels (e.g. `%`, `bn`)."""


def category_label(value: object) -> str:
    """A category as a label: numbers as written, without thousands separators (years!)."""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return "" if value is None else str(value)


def chart_data(
    table: Table,
    x: str,
    ys: Sequence[str],
    *,
    numeric_x: bool = False,
    labels: Mapping[str, str] | None = None,
    x_label: str | None = None,
    y_label: str | None = None,
    unit: str | None = None,
) -> ChartData:
    """Categories and series of a chart, in the table's row order.

    With `numeric_x` (kinds that place x on a true scale), an all-numeric x column is
    kept as numbers too.
    """
    labels = labels or {}
    x_cells = table.column(x)
    x_values = None
    if numeric_x and x_cells and all(isinstance(v, float) for v in x_cells):
        x_values = tuple(float(v) for v in x_cells)  # type: ignore[arg-type]
    series = tuple(
        Series(
            labels.get(name, name),
            tuple(v if isinstance(v, float) else float("nan") for v in table.column(name)),
        )
        for name in ys
    )
    return ChartData(
        categories=tuple(category_label(v) for v in x_cells),
        series=series,
        x_values=x_values,
        x_label=x_label,
        y_label=y_label,
        unit=unit,
    )


def describe_points(data: ChartData, *, pairs: bool = False) -> str:
    """The data in words for alt text: `Russia to Azerbaijan 3.621, ...` (at most 24 points)."""
    parts = []
    unit = data.unit or ""
    for series in data.series:
        points = list(zip(data.categories, series.values, strict=False))
        if pairs:
            shown = ", ".join(
                f"({c}, {format_number(v)}{unit})" for c, v in points[:ALT_MAX_POINTS]
            )
        else:
            shown = ", ".join(f"{c} {format_number(v)}{unit}" for c, v in points[:ALT_MAX_POINTS])
        if len(points) > ALT_MAX_POINTS:
            shown += f" and {len(points) - ALT_MAX_POINTS} more"
        parts.append(f"{series.name}: {shown}" if len(data.series) > 1 else shown)
    return "; ".join(parts)
