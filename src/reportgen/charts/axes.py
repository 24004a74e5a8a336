"""What the draw functions share: axis styling, legend keys, value labels that do not collide."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from reportgen.charts.job import CHART_HEIGHT_IN, CHART_WIDTH_IN
from reportgen.charts.labels import ValueFormatter, wrap_label
from reportgen.charts.style import (
    LINE_WIDTH_PT,
    MARKER_SIZE_PT,
    TICK_PT,
    VALUE_LABEL_PT,
    ZERO_LINE_WIDTH_PT,
    ChartStyle,
)

POINTS_PER_INCH = 72.0
PLOT_WIDTH_SHARE = 0.88
"""About the share of the chart's width the plot area gets (the rest: axis labels)."""
PLOT_HEIGHT_SHARE = 0.6
"""About the share of the chart's height the plot area gets (the rest: header, source)."""
NOMINAL_PLOT_WIDTH_PT = CHART_WIDTH_IN * POINTS_PER_INCH * PLOT_WIDTH_SHARE
"""About how wide the plot area comes out (for fit estimates made before layout)."""
NOMINAL_PLOT_HEIGHT_PT = CHART_HEIGHT_IN * POINTS_PER_INCH * PLOT_HEIGHT_SHARE
"""About how tall the plot area comes out."""


def plot_width_pt(ax: Axes) -> float:
    """About how wide this chart's plot area comes out, from the size it is drawn at."""
    return ax.figure.get_figwidth() * POINTS_PER_INCH * PLOT_WIDTH_SHARE


def plot_height_pt(ax: Axes) -> float:
    """About how tall this chart's plot area comes out, from the size it is drawn at."""
    return ax.figure.get_figheight() * POINTS_PER_INCH * PLOT_HEIGHT_SHARE
CHAR_WIDTH_EM = 0.62
"""Average width of a digit or letter, in ems, for fit estimates."""
NARROW_CHARS = frozenset(".,:;'|!il1 \u2009")
NARROW_CHAR_EM = 0.32
"""Width of punctuation and narrow letters, in ems."""
TICK_LABEL_GAP_EM = 1.5
"""Least space between two category labels, in ems."""
VALUE_TICKS = 6
"""About how many ticks a value axis gets."""
TICK_STEPS = (1, 2, 5, 10)
"""Tick intervals a value axis may use (times a power of ten): round numbers only."""
SLANT_DEGREES = 45.0
"""Slant of category names too many to sit side by side."""
LABEL_OFFSET_PT = 3.0
"""Gap between a mark and its value label."""
END_LABEL_OFFSET_PT = 4.5
"""Gap between the last point of a line and its label (clear of the end dot)."""
MAX_LABEL_SHARE = 0.3
"""Most of a value axis given over to room for labels beyond the bars."""
LABEL_LINE_SPACING = 1.3
"""Least vertical distance between stacked end labels, in label heights."""

Axis = Literal["x", "y"]


@dataclass
class Drawn:
    """What a draw function leaves for the layout: legend entries and a finishing step."""

    handles: list[Artist] = field(default_factory=list)
    """Legend keys, one per series (empty for a single series)."""
    labels: list[str] = field(default_factory=list)
    """Legend texts."""
    square: bool = False
    """The plot area must stay square (pie, donut)."""
    finish: Callable[[RendererAgg], None] | None = None
    """Labels placed once the plot area has its final size (e.g. line ends)."""


def text_width_pt(text: str, size: float = VALUE_LABEL_PT) -> float:
    """Estimated width of the longest line of `text`, in points."""

    def ems(line: str) -> float:
        return sum(NARROW_CHAR_EM if c in NARROW_CHARS else CHAR_WIDTH_EM for c in line)

    return max((ems(line) for line in text.splitlines()), default=0.0) * size


def room_margin(label_pt: float, plot_pt: float) -> float:
    """The axis margin (fraction of the data range) that leaves `label_pt` beyond a bar end."""
    share = min(label_pt / plot_pt, MAX_LABEL_SHARE)
    return share / (1 - 2 * share)


def patch_key(color: str) -> Patch:
    """A legend key for bars and areas."""
    return Patch(facecolor=color, edgecolor="none")


def line_key(color: str) -> Line2D:
    """A legend key for a line."""
    return Line2D([], [], color=color, linewidth=LINE_WIDTH_PT)


def dot_key(color: str) -> Line2D:
    """A legend key for scatter points."""
    return Line2D([], [], color=color, marker="o", linestyle="none", markersize=MARKER_SIZE_PT)


def value_axis(ax: Axes, which: Axis, unit: str | None) -> None:
    """A value axis: light gridlines across the plot, formatted ticks, no spine."""
    axis = ax.yaxis if which == "y" else ax.xaxis
    axis.set_major_locator(MaxNLocator(nbins=VALUE_TICKS, steps=list(TICK_STEPS)))
    axis.set_major_formatter(ValueFormatter(unit))
    ax.grid(True, axis=which)
    ax.spines["left" if which == "y" else "bottom"].set_visible(False)


def hide_value_axis(ax: Axes, which: Axis) -> None:
    """Drop the ticks, gridlines and label of a value axis whose marks are all labelled.

    The units stay in the chart's subtitle.
    """
    ax.grid(False, axis=which)
    if which == "y":
        ax.tick_params(axis="y", labelleft=False)
        ax.set_ylabel("")
    else:
        ax.tick_params(axis="x", labelbottom=False)
        ax.set_xlabel("")


def category_axis(ax: Axes, names: Sequence[str], which: Axis, wrap: int | None = None) -> None:
    """Category tick labels in data order, wrapped; thinned or slanted when they would crowd.

    Labels that read as a sequence (years, quarters) are thinned, keeping the last;
    names are never dropped, they are slanted instead.
    """
    count = len(names)
    texts = [wrap_label(n, wrap) if wrap else n for n in names]
    axis = ax.xaxis if which == "x" else ax.yaxis
    shown = list(range(count))
    if which == "x" and count > 1:
        widest = max(text_width_pt(t, TICK_PT) for t in texts) + TICK_LABEL_GAP_EM * TICK_PT
        fits = max(int(plot_width_pt(ax) // widest), 1)
        if count > fits and all(reads_as_sequence(n) for n in names):
            step = math.ceil(count / fits)
            shown = [i for i in range(count) if (count - 1 - i) % step == 0]
        elif count > fits:
            axis.set_ticks(shown, list(names), rotation=SLANT_DEGREES, ha="right",
                           rotation_mode="anchor")
            return
    axis.set_ticks(shown, [texts[i] for i in shown])


def reads_as_sequence(name: str) -> bool:
    """Whether a category reads as a point in a sequence (`2024`, `2024Q1`, `Jan 2024`)."""
    chars = name.replace(" ", "")
    return bool(chars) and sum(c.isdigit() for c in chars) * 2 >= len(chars)


def category_wrap(count: int, plot_pt: float = NOMINAL_PLOT_WIDTH_PT) -> int:
    """Characters per line for x category labels so `count` of them fit side by side
    across a plot `plot_pt` wide."""
    per_label = plot_pt / max(count, 1) - TICK_LABEL_GAP_EM * TICK_PT
    return max(int(per_label / (TICK_PT * CHAR_WIDTH_EM)), 6)


def zero_line(ax: Axes, style: ChartStyle, which: Axis = "y") -> None:
    """A darker line at zero on the value axis (the baseline of bars)."""
    draw = ax.axhline if which == "y" else ax.axvline
    draw(0, color=style.text, linewidth=ZERO_LINE_WIDTH_PT, zorder=2.5)


def spread(targets: Sequence[float], gap: float) -> list[float]:
    """Positions near `targets` that are at least `gap` apart (clusters are centred)."""
    order = sorted(range(len(targets)), key=lambda i: targets[i])
    clusters: list[tuple[float, list[int]]] = []
    for index in order:
        clusters.append((targets[index], [index]))
        while len(clusters) > 1:
            (low_sum, low), (high_sum, high) = clusters[-2], clusters[-1]
            low_top = low_sum / len(low) + (len(low) - 1) * gap / 2
            high_bottom = high_sum / len(high) - (len(high) - 1) * gap / 2
            if high_bottom - low_top >= gap:
                break
            clusters[-2:] = [(low_sum + high_sum, low + high)]
    placed = [0.0] * len(targets)
    for total, members in clusters:
        start = total / len(members) - (len(members) - 1) * gap / 2
        for offset, index in enumerate(members):
            placed[index] = start + offset * gap
    return placed


@dataclass(frozen=True)
class EndLabel:
    """A value printed to the right of a point (the end of a line or band)."""

    x: float
    y: float
    text: str
    color: str


def end_labels(ax: Axes, labels: Sequence[EndLabel]) -> Callable[[RendererAgg], None]:
    """Print labels right of their points; returns the step that nudges them apart.

    The step moves the labels vertically so that none overlap at the plot's current
    size; it may run again after the plot is resized (each layout runs it).
    """
    texts = [
        ax.annotate(
            label.text,
            xy=(label.x, label.y),
            xytext=(END_LABEL_OFFSET_PT, 0.0),
            textcoords="offset points",
            ha="left",
            va="center",
            fontsize=VALUE_LABEL_PT,
            fontweight="bold",
            color=label.color,
            annotation_clip=False,
        )
        for label in labels
    ]

    def spread_apart(renderer: RendererAgg) -> None:
        if not labels:
            return
        points_per_px = POINTS_PER_INCH / renderer.dpi
        to_px = ax.transData.transform
        targets = [float(to_px((lab.x, lab.y))[1]) * points_per_px for lab in labels]
        placed = spread(targets, VALUE_LABEL_PT * LABEL_LINE_SPACING)
        for text, target, where in zip(texts, targets, placed, strict=True):
            text.xyann = (END_LABEL_OFFSET_PT, where - target)

    return spread_apart


def finite(values: Sequence[float]) -> np.ndarray:
    """Values as a float array (missing values stay NaN)."""
    return np.asarray(values, dtype=float)
