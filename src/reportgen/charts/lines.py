"""Line, area and scatter charts: trends over ordered categories and numeric x against y."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter, MaxNLocator
from matplotlib.transforms import Bbox

from reportgen.charts.axes import (
    END_LABEL_OFFSET_PT,
    Drawn,
    EndLabel,
    Step,
    category_axis,
    chained,
    dot_key,
    end_labels,
    finite,
    line_key,
    patch_key,
    text_width_pt,
    unit_to_axis,
    value_axis,
    zero_line,
)
from reportgen.charts.labels import MINUS, chart_decimals, value_label, wrap_label
from reportgen.charts.language import current
from reportgen.charts.style import (
    LINE_WIDTH_PT,
    MARKER_SIZE_PT,
    SCATTER_AREA_PT2,
    VALUE_LABEL_PT,
    ChartStyle,
)
from reportgen.core.color import readable_on
from reportgen.data.marks import series_colors
from reportgen.data.series import ChartData

AREA_ALPHA = 0.85
"""Opacity of area fills (gridlines show faintly through)."""
LONE_POINT_HALF_WIDTH = 0.5
"""x half-range around a single category, so it sits in the middle."""
X_MARGIN = 0.02
"""Breathing room left and right of the first and last category."""
MAX_POINT_LABELS = 12
"""Scatter points are named only when there are at most this many."""
LONE_SCATTER_HALF_RANGE = 1.0
"""x half-range around points that all share one x."""
MAX_X_TICKS = 8
"""Most tick labels on a numeric x axis."""
POINT_ALPHA = 0.9
"""Opacity of scatter points (overlaps stay visible)."""
MAX_NAMED_LINES = 6
"""Most lines named at their ends; more get a legend."""
END_NAME_CHARS = 14
"""Most characters of a name at a line's end (one line, with its value), so that the
plot keeps most of the width even on a narrow slide; a longer one ends in an ellipsis."""
MAX_END_NAME_SHARE = 0.35
"""Most of the figure's width the names at the lines' ends may take: on a narrower
figure the ends show only their values and a legend names the lines, so that the plot
keeps the width for its x ticks."""



def _legend(drawn: Drawn, data: ChartData, keys: list) -> Drawn:
    if len(data.series) > 1:
        drawn.handles = keys
        drawn.labels = [s.name for s in data.series]
    return drawn


def _last(values: np.ndarray) -> int | None:
    """Index of the last finite value, if any."""
    found = np.flatnonzero(np.isfinite(values))
    return int(found[-1]) if found.size else None


def _x_range(ax: Axes, count: int) -> None:
    if count == 1:
        ax.set_xlim(-LONE_POINT_HALF_WIDTH, LONE_POINT_HALF_WIDTH)
    else:
        ax.set_xmargin(X_MARGIN)


def numeric_x(data: ChartData) -> np.ndarray | None:
    """x on a true scale when the x column holds increasing numbers (years), else None."""
    if data.x_values is None or len(data.x_values) != len(data.categories):
        return None
    x = np.array(data.x_values, dtype=float)
    return x if len(x) > 1 and bool(np.all(np.diff(x) > 0)) else None


def _x_axis(ax: Axes, data: ChartData, x: np.ndarray | None) -> Step | None:
    """Category labels for named x; a numeric axis without thousands separators otherwise.

    Returns the step that thins a sequence's labels at the size the plot is laid out at.
    """
    if x is None:
        return category_axis(ax, data.categories, "x")
    integral = bool(np.all(np.mod(x, 1) == 0))
    ax.xaxis.set_major_locator(
        MaxNLocator(nbins=MAX_X_TICKS, integer=integral, steps=[1, 2, 5, 10])
    )
    ax.xaxis.set_major_formatter(FuncFormatter(
        lambda v, _: current().numbers.apply(f"{v:g}").replace("-", MINUS)))
    return None


def draw_line(ax: Axes, data: ChartData, style: ChartStyle, unit: str | None) -> Drawn:
    """One line per series over x in order (spaced by value when x is numeric)."""
    scale = numeric_x(data)
    x = scale if scale is not None else np.arange(len(data.categories), dtype=float)
    rows = [finite(s.values) for s in data.series]
    ends: list[EndLabel] = []
    lasts = [_last(r) for r in rows]
    colors = series_colors(data, style)
    places = chart_decimals(data)
    names = end_names(data)
    if names is not None:
        names = unit_to_axis(ax, names)
    for i, values in enumerate(rows):
        color = colors[i]
        # Highlighted lines are drawn over the grey ones.
        ax.plot(x, values, color=color, linewidth=LINE_WIDTH_PT,
                zorder=3.5 if data.highlight and color == style.accent else 3)
        last = lasts[i]
        if last is not None:
            ax.plot(
                [x[last]], [values[last]], "o", color=color, markersize=MARKER_SIZE_PT, zorder=4
            )
            text = value_label(values[last], unit, places)
            if names is not None:
                text = f"{wrap_label(names[i], END_NAME_CHARS, 1)} {text}"
            ends.append(EndLabel(x[last], values[last], text, _label_color(color, style)))
    thin = _x_axis(ax, data, scale)
    value_axis(ax, "y", unit)
    _x_range(ax, len(x))
    low = np.nanmin([np.nanmin(r) if np.isfinite(r).any() else 0 for r in rows])
    high = np.nanmax([np.nanmax(r) if np.isfinite(r).any() else 0 for r in rows])
    if low < 0 < high:
        zero_line(ax, style, "y")

    finish = chained(thin, end_labels(ax, ends))
    keys = [line_key(c) for c in colors]
    if names is None:
        return _legend(Drawn(finish=finish), data, keys)
    drawn = Drawn(finish=finish)  # the lines are named at their ends: no legend
    drawn.adapt = _named_ends_or_legend(drawn, ax.texts[-len(ends):], names, keys)
    return drawn


def _named_ends_or_legend(drawn: Drawn, ends: list[Text], names: list[str],
                          keys: list) -> Callable[[float], None]:
    """The step that names the lines at their ends when the figure is wide enough for
    that (MAX_END_NAME_SHARE), and otherwise prints only the end values with a legend."""
    named = [end.get_text() for end in ends]
    values = [text.rsplit(" ", 1)[-1] for text in named]
    widest = max(text_width_pt(text) for text in named) + END_LABEL_OFFSET_PT

    def adapt(width_pt: float) -> None:
        narrow = widest > MAX_END_NAME_SHARE * width_pt
        for end, text in zip(ends, values if narrow else named, strict=True):
            end.set_text(text)
        drawn.handles = keys if narrow else []
        drawn.labels = names if narrow else []

    return adapt


def end_names(data: ChartData) -> list[str] | None:
    """The names a line chart prints at its lines' ends instead of a legend (units and
    all); None for one series, more than MAX_NAMED_LINES, or a line with no value."""
    names = [s.name for s in data.series]
    if not 2 <= len(names) <= MAX_NAMED_LINES:
        return None
    if any(_last(finite(s.values)) is None for s in data.series):
        return None
    return names


def _label_color(mark: str, style: ChartStyle) -> str:
    """A label in its mark's colour when that reads on the background, else the text colour."""
    return readable_on(style.background, mark, style.text)


def draw_area(ax: Axes, data: ChartData, style: ChartStyle, unit: str | None) -> Drawn:
    """A filled area for one series, stacked areas for several; end values labelled."""
    scale = numeric_x(data)
    x = scale if scale is not None else np.arange(len(data.categories), dtype=float)
    rows = [np.nan_to_num(finite(s.values)) for s in data.series]
    if len(rows) > 1 and any((r < 0).any() for r in rows):
        raise ValueError("a stacked area chart needs values of zero or more; use a line chart")
    colors = series_colors(data, style)
    places = chart_decimals(data)
    lone = len(x) == 1
    plot_x = np.array([-LONE_POINT_HALF_WIDTH, LONE_POINT_HALF_WIDTH]) if lone else x
    plot_rows = [np.repeat(r, 2) for r in rows] if lone else rows
    ax.stackplot(plot_x, *plot_rows, colors=colors, alpha=AREA_ALPHA, linewidth=0, zorder=2)
    tops = np.cumsum(plot_rows, axis=0)
    ax.plot(plot_x, tops[-1], color=colors[-1], linewidth=LINE_WIDTH_PT / 2, zorder=3)
    ends = []
    for i, row in enumerate(rows):
        # One area is labelled at its top, like a line; stacked bands at their middle.
        where = float(tops[i][-1] - (row[-1] / 2 if len(rows) > 1 else 0))
        ends.append(EndLabel(plot_x[-1], where, value_label(row[-1], unit, places),
                             _label_color(colors[i], style)))
    thin = _x_axis(ax, data, scale)
    value_axis(ax, "y", unit)
    if lone:
        ax.set_xlim(-LONE_POINT_HALF_WIDTH, LONE_POINT_HALF_WIDTH)
    else:
        ax.set_xlim(x[0], x[-1])
    if (tops[-1] < 0).any():
        zero_line(ax, style, "y")
    ax.set_ylim(bottom=min(0.0, float(tops[-1].min())))

    finish = chained(thin, end_labels(ax, ends))
    drawn = _legend(Drawn(finish=finish), data, [patch_key(c) for c in colors])
    drawn.labels = unit_to_axis(ax, drawn.labels)
    return drawn


def _number(text: str) -> float | None:
    """A category read as a number (`1,200`, `−3.5`), or None when it is a name."""
    cleaned = text.replace(",", "").replace("\u2009", "").replace(MINUS, "-").strip()
    try:
        return float(cleaned)
    except ValueError:
        return None


def scatter_x(data: ChartData) -> np.ndarray:
    """The numeric x of a scatter chart: `x_values`, or categories that read as numbers."""
    if data.x_values is not None:
        return finite(data.x_values)
    numbers = [_number(c) for c in data.categories]
    for name, number in zip(data.categories, numbers, strict=True):
        if number is None:
            raise ValueError(
                f"a scatter chart needs numeric x values, but category {name!r} is text"
            )
    return np.array(numbers, dtype=float)


def point_names(data: ChartData, x: np.ndarray) -> list[str] | None:
    """The name of each point: the `label` column's, or categories that are names (not
    x repeated as text); None when the points have none."""
    if data.point_labels is not None and len(data.point_labels) == len(x):
        return list(data.point_labels)
    named = data.x_values is not None and len(data.categories) == len(x)
    if named and not all(_number(c) is not None for c in data.categories):
        return [c if _number(c) is None else "" for c in data.categories]
    return None


def draw_scatter(ax: Axes, data: ChartData, style: ChartStyle, unit: str | None) -> Drawn:
    """Each series as points at numeric x; points are named by the `label` column (or by
    their category), all of them when asked for, else when there are few."""
    x = scatter_x(data)
    names = point_names(data, x)
    keys = [style.color(i) for i in range(len(data.series))]
    for i, series in enumerate(data.series):
        colors = [keys[i]] * len(x)
        if data.highlight and names is not None:
            colors = style.highlighted(tuple(names), data.highlight, colors)
        ax.scatter(
            x,
            finite(series.values),
            s=SCATTER_AREA_PT2,
            color=colors,
            alpha=POINT_ALPHA,
            linewidths=0,
            zorder=3,
        )
    asked = data.point_labels is not None
    placed: list[Text] = []
    if names is not None and (asked or len(x) * len(data.series) <= MAX_POINT_LABELS):
        for series in data.series:
            for xi, yi, name in zip(x, finite(series.values), names, strict=True):
                if math.isfinite(yi) and name:
                    marked = bool(data.highlight) and name in data.highlight
                    text = ax.annotate(
                        name,
                        (xi, yi),
                        xytext=(END_LABEL_OFFSET_PT, 0),
                        textcoords="offset points",
                        va="center",
                        ha="left",
                        fontsize=VALUE_LABEL_PT,
                        fontweight="bold" if marked else "normal",
                        color=style.text if marked else style.muted,
                        zorder=4,
                    )
                    # Highlighted names are placed first, so a crowd never hides them.
                    placed.insert(0, text) if marked else placed.append(text)
    value_axis(ax, "y", unit)
    value_axis(ax, "x", None)
    ax.grid(False, axis="x")
    ax.spines["bottom"].set_visible(True)
    if len(x) == 1 or np.ptp(x) == 0:
        ax.set_xlim(x[0] - LONE_SCATTER_HALF_RANGE, x[0] + LONE_SCATTER_HALF_RANGE)
    return _legend(Drawn(finish=_uncrowd(placed)), data, [dot_key(c) for c in keys])


def _uncrowd(names: list[Text]) -> Callable[[RendererAgg], None]:
    """The step that hides each point name overlapping one shown before it (repeatable
    after the plot is resized: every name is shown again first)."""

    def hide_overlaps(renderer: RendererAgg) -> None:
        shown: list[Bbox] = []
        for name in names:
            name.set_visible(True)
            box = name.get_window_extent(renderer)
            if any(box.overlaps(other) for other in shown):
                name.set_visible(False)
            else:
                shown.append(box)

    return hide_overlaps
