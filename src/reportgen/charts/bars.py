"""Bar charts: vertical, horizontal and stacked, with direct value labels where they fit."""

from __future__ import annotations

from collections.abc import Callable
from itertools import combinations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.text import Text

from reportgen.charts.axes import (
    CHAR_WIDTH_EM,
    LABEL_OFFSET_PT,
    POINTS_PER_INCH,
    Axis,
    Drawn,
    category_axis,
    category_wrap,
    chained,
    finite,
    hide_value_axis,
    line_heights,
    measured_width,
    patch_key,
    plot_height_pt,
    plot_width_pt,
    room_margin,
    text_width_pt,
    unit_to_axis,
    value_axis,
    zero_line,
)
from reportgen.charts.labels import chart_decimals, value_label, wrap_label
from reportgen.charts.mirror import y_labels_shown
from reportgen.charts.names import fit_names
from reportgen.charts.style import TICK_PAD_PT, TICK_PT, VALUE_LABEL_PT, ChartStyle
from reportgen.data.marks import bar_colors
from reportgen.data.orientation import names_crowd
from reportgen.data.series import ChartData

GROUP_WIDTH = 0.8
"""Share of a category slot taken by its bars (the rest is the gap between groups)."""
SINGLE_WIDTH = 0.66
"""Share of a category slot taken by a lone bar."""
BAR_FILL = 0.92
"""Share of a bar's slot within a group that is painted (a hairline gap between series)."""
BARH_WRAP_CHARS = (26, 32, 40, 50, 64)
"""Characters per line of a horizontal bar's category label: the narrowest whose lines
fit the bar's slot, so that long names never run into their neighbours."""
NAME_SHARE = 0.42
"""Most of a horizontal bar chart's width its category names take: the bars keep the rest."""
MAX_NAME_LINES = 3
"""Most lines of a horizontal bar's category name; a longer name ends in an ellipsis."""
MIN_NAME_CHARS = 6
"""Fewest characters per line of a category name, however narrow the chart."""
TICK_LINE_EM = 1.25
"""Height of one line of a category label, in ems."""
LABEL_HEIGHT_EM = 1.3
"""Height a one-line label needs, in ems."""
MAX_BAR_PT = 42.0
"""Thickest a bar is drawn, however few the categories."""
LABEL_GAP_PT = 4.0
"""Least space between the value labels of neighbouring bars."""
MAX_LABELLED_BARS = 12
"""Beyond this many bars (or stacks) side by side, value labels are noise: the axis
carries the values."""
MAX_LABELLED_ROWS = 40
"""Beyond this many horizontal bars, value labels are noise (each has a row of its own)."""


def _legend(drawn: Drawn, data: ChartData, style: ChartStyle) -> Drawn:
    if len(data.series) > 1:
        drawn.handles = [patch_key(style.color(i)) for i in range(len(data.series))]
        drawn.labels = [s.name for s in data.series]
    return drawn


def _slots(data: ChartData, plot_pt: float) -> tuple[np.ndarray, float, list[float]]:
    """Category positions, painted bar width, and each series' offset within its slot.

    With few categories the bars are narrowed to MAX_BAR_PT rather than drawn as slabs;
    the categories keep their full slots, so their names have room.
    """
    count = len(data.series)
    categories = len(data.categories)
    slot = (GROUP_WIDTH if count > 1 else SINGLE_WIDTH) / count
    slot *= min(1.0, MAX_BAR_PT / (plot_pt / categories * slot))
    offsets = [(i - (count - 1) / 2) * slot for i in range(count)]
    fill = BAR_FILL if count > 1 else 1.0
    return np.arange(categories, dtype=float), slot * fill, offsets


def _labels(data: ChartData, unit: str | None) -> list[list[str]]:
    """Every bar's value label, all with the chart's one number of decimals."""
    places = chart_decimals(data)
    return [[value_label(v, unit, places) for v in finite(s.values)] for s in data.series]


def _category_range(ax: Axes, count: int, which: str) -> None:
    """Each category gets a slot of width one; the first sits at the top or left."""
    if which == "x":
        ax.set_xlim(-0.5, count - 0.5)
    else:
        ax.set_ylim(count - 0.5, -0.5)


def draw_bar(ax: Axes, data: ChartData, style: ChartStyle, unit: str | None) -> Drawn:
    """Vertical bars, grouped when there are several series; horizontal bars when the
    category names would crowd under them (`data.orientation`, which `check` reports)."""
    if names_crowd(data.categories):
        # The axes turn with the bars: the value axis's title goes across, below.
        across, up = ax.get_xlabel(), ax.get_ylabel()
        ax.set_xlabel(up)
        ax.set_ylabel(across)
        return draw_barh(ax, data, style, unit)
    plot_w, plot_h = plot_width_pt(ax), plot_height_pt(ax)
    x, width, offsets = _slots(data, plot_w)
    texts = _labels(data, unit)
    # A label may be wider than its bar, as long as it stays clear of its neighbours'.
    room_pt = plot_w / len(x) / len(data.series) - LABEL_GAP_PT
    widest = max(text_width_pt(t) for row in texts for t in row)
    labelled = widest <= room_pt and len(x) * len(data.series) <= MAX_LABELLED_BARS
    values_drawn: list[Text] = []
    for i, series in enumerate(data.series):
        values = finite(series.values)
        ax.bar(x + offsets[i], np.nan_to_num(values), width, color=bar_colors(data, style, i),
               zorder=2)
        if not labelled:
            continue
        for xi, value, text in zip(x + offsets[i], values, texts[i], strict=True):
            if not text:
                continue
            up = value >= 0
            values_drawn.append(ax.annotate(
                text, (xi, value), xytext=(0, LABEL_OFFSET_PT if up else -LABEL_OFFSET_PT),
                textcoords="offset points", ha="center", va="bottom" if up else "top",
                fontsize=VALUE_LABEL_PT, color=style.text,
            ))
    thin = category_axis(ax, data.categories, "x", wrap=category_wrap(len(x), plot_w))
    value_axis(ax, "y", unit)
    ax.spines["bottom"].set_visible(False)
    zero_line(ax, style, "y")
    _category_range(ax, len(x), "x")
    hugged = _hugging(ax, data, "y")
    if labelled:
        ax.set_ymargin(room_margin(VALUE_LABEL_PT * LABEL_HEIGHT_EM, plot_h))
        hide_value_axis(ax, "y")
    else:
        ax.set_ylim(hugged)
    finish = chained(thin, _labels_or_axis(ax, values_drawn, "y", hugged))
    return _legend(Drawn(finish=finish), data, style)


def _hugging(ax: Axes, data: ChartData, which: Axis) -> tuple[float, float]:
    """Value axis limits that hug the data: the round ticks just beyond its lowest and
    highest values (and zero), never a whole step more (`0-40%` for data up to 38.2%)."""
    values = [v for s in data.series for v in finite(s.values) if np.isfinite(v)]
    low, high = min([0.0, *values]), max([0.0, *values])
    if low == high:
        return (low - 1.0, high + 1.0) if low else (0.0, 1.0)
    axis = ax.yaxis if which == "y" else ax.xaxis
    ticks = axis.get_major_locator().tick_values(low, high)
    below = [t for t in ticks if t <= low + 1e-12 * (high - low)]
    above = [t for t in ticks if t >= high - 1e-12 * (high - low)]
    return (float(max(below)) if below else low, float(min(above)) if above else high)


def _labels_or_axis(ax: Axes, labels: list[Text], which: Axis,
                    hugged: tuple[float, float]) -> Callable[[RendererAgg], None] | None:
    """The step that keeps the bars' value labels where they stand clear of each other at
    the size the chart is laid out at, and otherwise hides them all and shows the value
    axis instead (a slide may be narrower than the page): values never collide. The
    labels keep the room made for them beyond the bars; the axis hugs the data (`hugged`)."""
    if not labels:
        return None
    labelled = sorted(ax.get_ylim() if which == "y" else ax.get_xlim())

    def choose(renderer: RendererAgg) -> None:
        for label in labels:
            label.set_visible(True)
        boxes = [label.get_window_extent(renderer) for label in labels]
        clear = not any(a.overlaps(b) for a, b in combinations(boxes, 2))
        for label in labels:
            label.set_visible(clear)
        ax.grid(not clear, axis=which)
        if which == "y":
            y_labels_shown(ax, not clear)
        else:
            ax.tick_params(axis="x", labelbottom=not clear)
        low, high = labelled if clear else hugged
        inverted = ax.yaxis_inverted() if which == "y" else ax.xaxis_inverted()
        (ax.set_ylim if which == "y" else ax.set_xlim)(*((high, low) if inverted else (low, high)))

    return choose


def barh_names(names: tuple[str, ...], room_pt: float, slot_pt: float) -> list[str]:
    """Horizontal bars' category names as printed: wrapped on words to lines that fit
    `room_pt` across, as narrow as lets every name fit its `slot_pt` tall slot, at most
    MAX_NAME_LINES lines, names too long for that ending in an ellipsis (never clipped)."""
    widest = max(int(room_pt / (TICK_PT * CHAR_WIDTH_EM)), MIN_NAME_CHARS)
    lines = int(min(max(slot_pt // (TICK_PT * TICK_LINE_EM), 1), MAX_NAME_LINES))
    for width in sorted({*(w for w in BARH_WRAP_CHARS if w < widest), widest}):
        if all(wrap_label(name, width).count("\n") < lines for name in names):
            return [wrap_label(name, width) for name in names]
    return [wrap_label(name, widest, lines) for name in names]


def draw_barh(ax: Axes, data: ChartData, style: ChartStyle, unit: str | None) -> Drawn:
    """Horizontal bars, categories top to bottom in data order."""
    plot_w = plot_width_pt(ax) * (1 - NAME_SHARE)
    plot_h = plot_height_pt(ax)
    y, height, offsets = _slots(data, plot_h)
    texts = _labels(data, unit)
    # Whether the labels stand clear of each other is decided at each size the chart is
    # laid out at (`_labels_or_axis`).
    labelled = len(y) * len(data.series) <= MAX_LABELLED_ROWS
    values_drawn: list[Text] = []
    for i, series in enumerate(data.series):
        values = finite(series.values)
        ax.barh(y + offsets[i], np.nan_to_num(values), height,
                color=bar_colors(data, style, i), zorder=2)
        if not labelled:
            continue
        for yi, value, text in zip(y + offsets[i], values, texts[i], strict=True):
            if not text:
                continue
            right = value >= 0
            values_drawn.append(ax.annotate(
                text, (value, yi), xytext=(LABEL_OFFSET_PT if right else -LABEL_OFFSET_PT, 0),
                textcoords="offset points", ha="left" if right else "right", va="center",
                fontsize=VALUE_LABEL_PT, color=style.text,
            ))
    room = ax.figure.get_figwidth() * POINTS_PER_INCH * NAME_SHARE
    ax.yaxis.set_ticks(list(range(len(y))),
                       barh_names(data.categories, room, plot_h / max(len(y), 1)))
    value_axis(ax, "x", unit)
    ax.spines["left"].set_visible(False)
    zero_line(ax, style, "x")
    _category_range(ax, len(y), "y")
    hugged = _hugging(ax, data, "x")
    if labelled:
        widest = max(text_width_pt(t) for row in texts for t in row) + LABEL_OFFSET_PT
        ax.set_xmargin(room_margin(widest, plot_w * GROUP_WIDTH))
        hide_value_axis(ax, "x")
    else:
        ax.set_xlim(hugged)
    finish = chained(_rewrap(ax, data.categories),
                     _labels_or_axis(ax, values_drawn, "x", hugged))
    return _legend(Drawn(finish=finish), data, style)


def _rewrap(ax: Axes, names: tuple[str, ...]) -> Callable[[RendererAgg], None]:
    """The step that fits horizontal bars' category names to the figure as laid out
    (print and slide differ; see names.py): each word measured once, as drawn."""

    def rewrap(renderer: RendererAgg) -> None:
        pt = POINTS_PER_INCH / renderer.dpi
        ticks = ax.yaxis.get_ticklabels()
        if not ticks:
            return
        font = ticks[0].get_fontproperties().copy()
        font.set_size(TICK_PT)

        def width_of(text: str) -> float:
            return measured_width(renderer, text, font) * pt

        line, pitch = (size * pt for size in line_heights(ax, renderer, font))
        slot = ax.get_window_extent(renderer).height * pt / max(len(names), 1)
        fitted = fit_names(names, width_of, line, pitch, TICK_PT,
                           ax.figure.bbox.width * pt, slot, TICK_PAD_PT)
        ax.yaxis.set_ticklabels(fitted.texts)
        ax.tick_params(axis="y", labelsize=fitted.size)

    return rewrap


def draw_stacked_bar(ax: Axes, data: ChartData, style: ChartStyle, unit: str | None) -> Drawn:
    """Vertical bars with each series stacked on the last; negatives stack below zero."""
    plot_w, plot_h = plot_width_pt(ax), plot_height_pt(ax)
    x = np.arange(len(data.categories), dtype=float)
    width = min(SINGLE_WIDTH, MAX_BAR_PT * len(x) / plot_w)
    texts = _labels(data, unit)
    rows = [np.nan_to_num(finite(s.values)) for s in data.series]
    totals_up = np.sum([np.clip(r, 0, None) for r in rows], axis=0)
    totals_down = np.sum([np.clip(r, None, 0) for r in rows], axis=0)
    span = float(totals_up.max() - totals_down.min()) or 1.0
    bar_pt = plot_w / len(x) * width
    up, down = np.zeros(len(x)), np.zeros(len(x))
    labelled = len(x) <= MAX_LABELLED_BARS
    for i, values in enumerate(rows):
        base = np.where(values >= 0, up, down)
        colors = bar_colors(data, style, i)
        ax.bar(x, values, width, bottom=base, color=colors, zorder=2)
        for xi, b, value, text, color in zip(x, base, values, texts[i], colors, strict=True):
            tall = abs(value) / span * plot_h >= VALUE_LABEL_PT * LABEL_HEIGHT_EM
            if labelled and text and value != 0 and tall and text_width_pt(text) <= bar_pt:
                ax.text(xi, b + value / 2, text, ha="center", va="center",
                        fontsize=VALUE_LABEL_PT, color=style.text_on(color), zorder=3)
        up, down = np.where(values >= 0, up + values, up), np.where(values < 0, down + values, down)
    if labelled and len(rows) > 1 and not (totals_down < 0).any():
        for xi, total in zip(x, totals_up, strict=True):
            ax.annotate(value_label(float(total), unit, chart_decimals(data)), (xi, total),
                        xytext=(0, LABEL_OFFSET_PT), textcoords="offset points", ha="center",
                        va="bottom", fontsize=VALUE_LABEL_PT, fontweight="bold", color=style.text)
        ax.set_ymargin(room_margin(VALUE_LABEL_PT * LABEL_HEIGHT_EM, plot_h))
    thin = category_axis(ax, data.categories, "x", wrap=category_wrap(len(x), plot_w))
    value_axis(ax, "y", unit)
    ax.spines["bottom"].set_visible(False)
    zero_line(ax, style, "y")
    _category_range(ax, len(x), "x")
    drawn = _legend(Drawn(finish=thin), data, style)
    drawn.labels = unit_to_axis(ax, drawn.labels)  # the value axis always shows here
    return drawn
