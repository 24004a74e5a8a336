"""A chart's data drawn out of its table, and a description of it for alt text."""

from __future__ import annotations

from reportgen.charts.datasets import Table
from reportgen.document.format import format_number
from reportgen.document.nodes import ChartData, Series
from reportgen.spec.models import Chart

TYPE_NAMES = {
    "bar": "Bar chart",
    "barh": "Horizontal bar chart",
    "stacked_bar": "Stacked bar chart",
    "line": "Line chart",
    "area": "Area chart",
    "pie": "Pie chart",
    "donut": "Donut chart",
    "scatter": "Scatter plot",
}
ALT_MAX_POINTS = 24
"""Most data points spelled out in generated alt text."""


NUMERIC_X_TYPES = ("line", "area", "scatter")
"""Chart types that place a numeric x column on a true numeric scale."""


def _label(value: object) -> str:
    """A category as a label: numbers as written, without thousands separators (years!)."""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return "" if value is None else str(value)


def chart_data(chart: Chart, table: Table) -> ChartData:
    """Categories and series of a chart, in the table's row order."""
    x = table.column(chart.x)
    numeric_x = None
    if chart.type in NUMERIC_X_TYPES and x and all(isinstance(v, float) for v in x):
        numeric_x = tuple(float(v) for v in x)  # type: ignore[arg-type]
    series = tuple(
        Series(
            chart.labels.get(name, name),
            tuple(v if isinstance(v, float) else float("nan") for v in table.column(name)),
        )
        for name in chart.y
    )
    return ChartData(
        categories=tuple(_label(v) for v in x),
        series=series,
        x_values=numeric_x,
        x_label=chart.x_label,
        y_label=chart.y_label,
        unit=chart.unit,
    )


def describe_chart(chart_type: str, data: ChartData, units: str | None) -> str:
    """Alt text from the data: `Bar chart: Russia to Azerbaijan 3.621, ... , USD bn`."""
    parts = []
    unit = data.unit or ""
    for series in data.series:
        points = list(zip(data.categories, series.values, strict=False))
        if chart_type == "scatter":
            shown = ", ".join(
                f"({c}, {format_number(v)}{unit})" for c, v in points[:ALT_MAX_POINTS]
            )
        else:
            shown = ", ".join(f"{c} {format_number(v)}{unit}" for c, v in points[:ALT_MAX_POINTS])
        if len(points) > ALT_MAX_POINTS:
            shown += f" and {len(points) - ALT_MAX_POINTS} more"
        parts.append(f"{series.name}: {shown}" if len(data.series) > 1 else shown)
    text = f"{TYPE_NAMES.get(chart_type, 'Chart')}: " + "; ".join(parts)
    return f"{text}, {units}" if units else text
