"""Pie and donut charts: the first series split across the categories, shares labelled."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.text import Text

from reportgen.charts.axes import Drawn, finite, spread
from reportgen.charts.bars import draw_barh
from reportgen.charts.labels import (
    format_share,
    format_value,
    share_decimals,
    shared_decimals,
    value_label,
    wrap_label,
)
from reportgen.charts.language import as_drawn, current
from reportgen.charts.style import DONUT_TOTAL_PT, TICK_PT, VALUE_LABEL_PT, ChartStyle
from reportgen.data.marks import slice_colors
from reportgen.data.orientation import pie_hides_too_much
from reportgen.data.series import ChartData, pie_slices

START_ANGLE = 90.0
"""Slices start at twelve o'clock and run clockwise, the way pies are read."""
NAME_RADIUS = 1.12
"""Where category names sit, as a share of the pie's radius."""
INSIDE_SHARE = 0.06
"""Slices at least this big print their share inside; smaller ones print it outside."""
PIE_SHARE_RADIUS = 0.65
"""Where a pie prints a slice's share, as a share of its radius."""
DONUT_WIDTH = 0.36
"""Ring thickness of a donut, as a share of its radius."""
SLICE_EDGE_PT = 1.0
"""White gap between slices."""
NAME_WRAP_CHARS = 18
"""Characters per line of a slice's name."""
NAME_SPACING = 1.15
"""Least distance between two slice names, in name heights."""
FULL_PERCENT = 100.0
PERCENT_TOLERANCE = 0.5
"""Percentages summing to 100 within this (rounding) are printed as given."""
LIMIT = 1.0
"""Axes half-range: the pie fills the plot area, labels spill beyond it."""


def pie_values(data: ChartData) -> np.ndarray:
    """The first series as slice sizes, checked: no negatives, not all zero, no gaps."""
    series = data.series[0]
    values = finite(series.values)
    for name, value in zip(data.categories, values, strict=True):
        if not math.isfinite(value):
            raise ValueError(f"a pie needs a value for every category; {name!r} has none")
        if value < 0:
            raise ValueError(
                f"a pie needs values of zero or more, but {name!r} is {format_value(value)}"
            )
    if values.sum() <= 0:
        raise ValueError("a pie needs at least one value above zero")
    return values


def percentages(values: np.ndarray, unit: str | None) -> bool:
    """Whether the values are percentages: unit `%`, or no unit and a sum of 100."""
    if unit == "%":
        return True
    return unit is None and abs(values.sum() - FULL_PERCENT) <= PERCENT_TOLERANCE


def share_texts(values: np.ndarray, unit: str | None) -> list[str]:
    """What each slice prints, all with one number of decimals: percentages as given (so
    they match the text), else shares of the whole."""
    if percentages(values, unit):
        places = shared_decimals(float(v) for v in values)
        return [value_label(float(v), "%", places) for v in values]
    shares = [float(v / values.sum()) for v in values]
    places = max(share_decimals(s) for s in shares)
    return [format_share(s, places) for s in shares]


def _draw(ax: Axes, data: ChartData, style: ChartStyle, unit: str | None, ring: bool) -> Drawn:
    data = pie_slices(data, as_drawn(current().labels.other))
    values = pie_values(data)
    shares = values / values.sum()
    colors = slice_colors(data, style)
    width = DONUT_WIDTH if ring else 1.0
    wedges, _ = ax.pie(
        values, colors=colors, startangle=START_ANGLE, counterclock=False, radius=1.0,
        wedgeprops={"width": width, "edgecolor": style.background, "linewidth": SLICE_EDGE_PT},
    )
    share_radius = 1.0 - width / 2 if ring else PIE_SHARE_RADIUS
    # A donut of shares prints the first share big in its hole, so not again on the ring.
    first_in_hole = ring and percentages(values, unit)
    names: list[Text] = []
    texts = share_texts(values, unit)
    for index, (wedge, name, share, color) in enumerate(
        zip(wedges, data.categories, shares, colors, strict=True)
    ):
        if share == 0:
            continue
        angle = math.radians((wedge.theta1 + wedge.theta2) / 2)
        cos, sin = math.cos(angle), math.sin(angle)
        if first_in_hole and index == 0:
            continue  # the hole names it, under its share
        label = wrap_label(name, NAME_WRAP_CHARS)
        if share < INSIDE_SHARE:
            label = f"{label} ({texts[index]})"
        else:
            ax.text(share_radius * cos, share_radius * sin, texts[index],
                    ha="center", va="center", fontsize=VALUE_LABEL_PT, fontweight="bold",
                    color=style.text_on(color))
        names.append(ax.text(NAME_RADIUS * cos, NAME_RADIUS * sin, label, fontsize=TICK_PT,
                             color=style.text, ha="left" if cos >= 0 else "right",
                             va="center"))
    if ring:
        _hole(ax, data, values, style, unit)
    ax.set_xlim(-LIMIT, LIMIT)
    ax.set_ylim(-LIMIT, LIMIT)
    ax.set_aspect("equal")
    ax.set_axis_off()

    homes = [name.get_position() for name in names]

    def finish(renderer: RendererAgg) -> None:
        _spread_names(ax, names, homes, renderer)

    return Drawn(square=True, finish=finish)


def _spread_names(ax: Axes, names: list[Text], homes: list[tuple[float, float]],
                  renderer: RendererAgg) -> None:
    """Move slice names apart vertically from their homes beside their slices, per side
    of the pie, so none overlap at the pie's current size (repeatable after a resize)."""
    to_px, from_px = ax.transData.transform, ax.transData.inverted().transform
    for side in ("left", "right"):
        group = [(t, home) for t, home in zip(names, homes, strict=True)
                 if t.get_horizontalalignment() == side]
        if not group:
            continue
        heights = [t.get_window_extent(renderer).height for t, _ in group]
        targets = [float(to_px(home)[1]) for _, home in group]
        placed = spread(targets, max(heights) * NAME_SPACING)
        for (text, (x, _)), y_px in zip(group, placed, strict=True):
            y = float(from_px((0, y_px))[1])
            # Keep a moved name outside the circle rather than over the slices.
            hug = math.sqrt(max(NAME_RADIUS**2 - y**2, 0.0))
            text.set_position((math.copysign(max(abs(x), hug), x), y))


def _hole(ax: Axes, data: ChartData, values: np.ndarray, style: ChartStyle,
          unit: str | None) -> None:
    """A donut's centre: the total, or for percentages the first category's, as given."""
    if percentages(values, unit):
        figure = value_label(float(values[0]), "%", shared_decimals(float(v) for v in values))
        caption = data.categories[0]
    else:
        figure = format_value(float(values.sum()), unit)
        caption = current().labels.total
    ax.text(0, 0, figure, ha="center", va="bottom", fontsize=DONUT_TOTAL_PT,
            fontweight="bold", color=style.text)
    ax.text(0, 0, caption, ha="center", va="top", fontsize=TICK_PT, color=style.muted)


def draw_pie(ax: Axes, data: ChartData, style: ChartStyle, unit: str | None) -> Drawn:
    """A pie of the first series, slices named outside and shares printed inside; a
    sorted bar chart when grouping would hide too much (`data.orientation`)."""
    if pie_hides_too_much(data):
        return draw_sorted_bars(ax, data, style, unit)
    return _draw(ax, data, style, unit, ring=False)


def draw_donut(ax: Axes, data: ChartData, style: ChartStyle, unit: str | None) -> Drawn:
    """A ring of the first series with the total (or the first share) in the hole; a
    sorted bar chart when grouping would hide too much (`data.orientation`)."""
    if pie_hides_too_much(data):
        return draw_sorted_bars(ax, data, style, unit)
    return _draw(ax, data, style, unit, ring=True)


def draw_sorted_bars(ax: Axes, data: ChartData, style: ChartStyle, unit: str | None) -> Drawn:
    """The slices of a pie as horizontal bars, largest first, every category named (the
    values of a pie of percentages are labelled as percentages)."""
    values = pie_values(data)
    order = sorted(range(len(values)), key=lambda i: (-values[i], i))
    series = replace(data.series[0], values=tuple(float(values[i]) for i in order))
    ranked = replace(data, categories=tuple(data.categories[i] for i in order),
                     series=(series,), x_values=None)
    return draw_barh(ax, ranked, style, "%" if percentages(values, unit) else unit)
