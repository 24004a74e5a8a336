"""The size a chart is printed at in the brief: its column's width, a height by content.

The brief places every chart in one column, unscaled, so the chart job draws it at
exactly this size (1 pt in matplotlib is 1 pt on paper). The height follows what the
chart shows: a horizontal bar chart gets a fixed pitch per bar, a pie or donut a
squarish box no taller than half the measure, other charts a landscape box.
This module imports no renderer: the pipeline asks it for sizes before drawing.
"""

from __future__ import annotations

from reportgen.render.pdf.geometry import page_geometry

POINTS_PER_INCH = 72.0
BAR_PITCH = 20.0
"""Height in points per bar of a horizontal bar chart."""
BARH_CHROME = 44.0
"""Height of a horizontal bar chart beyond its bars: value axis, padding."""
LEGEND_ROW = 16.0
"""Height of a legend row above a chart with more than one series."""
LANDSCAPE = 0.66
"""Height over width of column, line, area and scatter charts."""
SMALL_LANDSCAPE = 0.6
"""Height over width of a chart with at most `SMALL_CATEGORIES` categories."""
SMALL_CATEGORIES = 3
"""A chart with this many categories or fewer is a small chart."""
ROUND = 0.78
"""Height over width of a pie or donut (room for labels around the circle)."""
MIN_HEIGHT = 110.0
"""The shortest chart, in points."""
ROUND_TYPES = ("pie", "donut")
BAR_TYPES = ("barh",)


def chart_box(chart_type: str, categories: int, series: int, page_size: str
              ) -> tuple[float, float]:
    """Width and height in points a chart is printed at on a paper size."""
    geometry = page_geometry(page_size)
    width = geometry.column
    legend = LEGEND_ROW if series > 1 else 0.0
    if chart_type in BAR_TYPES:
        bars = categories * (series if series > 1 else 1)
        height = BAR_PITCH * bars + BARH_CHROME + legend
    elif chart_type in ROUND_TYPES:
        height = min(width * ROUND, geometry.measure / 2)
    else:
        share = SMALL_LANDSCAPE if categories <= SMALL_CATEGORIES else LANDSCAPE
        height = width * share + legend
    most = geometry.text_height / 2
    return width, round(max(MIN_HEIGHT, min(height, most)), 1)


def chart_size_in(chart_type: str, categories: int, series: int, page_size: str
                  ) -> tuple[float, float]:
    """`chart_box` in inches, as the chart job takes it."""
    width, height = chart_box(chart_type, categories, series, page_size)
    return round(width / POINTS_PER_INCH, 4), round(height / POINTS_PER_INCH, 4)
