"""What the draw functions share: axis styling, legend keys, value labels that do not collide."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text, _get_text_metrics_with_cache
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
from reportgen.data.orientation import reads_as_sequence

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
SEQUENCE_GAP_EM = 1.0
"""Least space between two labels of a sequence (years, months), in ems."""
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
LABEL_LINE_SPACING = 1.25
"""Least vertical distance between stacked end labels, in their drawn heights (a
quarter of a label's height stays clear between two)."""

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
    adapt: Callable[[float], None] | None = None
    """Called with the figure's width in points before each layout: may trade labels on
    the plot for a legend (`handles`, `labels`) when the figure is narrow."""


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


Step = Callable[[RendererAgg], None]
"""A finishing step: labels placed once the plot area has its size (see Drawn.finish)."""


def category_axis(ax: Axes, names: Sequence[str], which: Axis,
                  wrap: int | None = None) -> Step | None:
    """Category tick labels in data order, wrapped; thinned or slanted when they would crowd.

    Labels that read as a sequence (years, months, quarters) are thinned to round
    intervals (see `sequence_ticks`), again for each size the plot is laid out at: the
    step that does so is returned. Names are never dropped, they are slanted instead.
    """
    count = len(names)
    texts = [wrap_label(n, wrap) if wrap else n for n in names]
    axis = ax.xaxis if which == "x" else ax.yaxis
    shown = list(range(count))
    if which == "x" and count > 1:
        if all(reads_as_sequence(n) for n in names):
            return _sequence_axis(ax, texts)
        widest = max(text_width_pt(t, TICK_PT) for t in texts) + TICK_LABEL_GAP_EM * TICK_PT
        fits = max(int(plot_width_pt(ax) // widest), 1)
        if count > fits:
            axis.set_ticks(shown, list(names), rotation=SLANT_DEGREES, ha="right",
                           rotation_mode="anchor")
            return None
    axis.set_ticks(shown, [texts[i] for i in shown])
    return None


def measured_width(renderer: RendererAgg, line: str, font: FontProperties) -> float:
    """Width in pixels of one line of text in `font`, through matplotlib's cache of text
    sizes (kept per renderer): a label measured as a tick is not measured again."""
    return _get_text_metrics_with_cache(renderer, line, font, False, renderer.dpi)[0]


def line_heights(ax: Axes, renderer: RendererAgg, font: FontProperties) -> tuple[float, float]:
    """Height in pixels of a one-line text in `font` as matplotlib lays it out, and how
    much each further line adds."""
    probe = Text(0, 0, "lp", fontproperties=font)
    probe.set_figure(ax.figure)
    one = probe.get_window_extent(renderer).height
    probe.set_text("lp\nlp")
    return one, probe.get_window_extent(renderer).height - one


def _sequence_axis(ax: Axes, texts: Sequence[str]) -> Step:
    """Thin a sequence's labels to what fits the plot's width now, and return the step
    that does it again at the width the plot is laid out at."""

    def thin(width_pt: float, measure: Callable[[str], float] | None = None) -> None:
        shown, labels = sequence_ticks(texts, width_pt, measure)
        ax.xaxis.set_ticks(shown, labels)

    thin(plot_width_pt(ax))

    def rethin(renderer: RendererAgg) -> None:
        pt = POINTS_PER_INCH / renderer.dpi
        ticks = ax.xaxis.get_ticklabels()
        font = ticks[0].get_fontproperties() if ticks else None

        def measure(text: str) -> float:  # as drawn, in the chart's font
            return max(measured_width(renderer, line, font) for line in text.split("\n")) * pt

        thin(ax.get_window_extent(renderer).width * pt, measure if font else None)

    return rethin


SHARED_UNIT = re.compile(r"\s+\(([^()]+)\)$")
"""A unit in brackets ending a series name (`To Europe (bcm)`, as columns are humanised)."""


def unit_to_axis(ax: Axes, names: list[str]) -> list[str]:
    """Series names without the unit in brackets they all end in, the unit moved to the
    value axis's title when it has none, so that legends and line-end names stay short
    (kept as they are when they differ, or for one series)."""
    found = [SHARED_UNIT.search(name) for name in names]
    units = {match.group(1) for match in found if match}
    if len(names) < 2 or not all(found) or len(units) != 1 or ax.get_ylabel():
        return names
    ax.set_ylabel(units.pop())
    return [SHARED_UNIT.sub("", name) for name in names]


def chained(*steps: Step | None) -> Step | None:
    """One finishing step running `steps` in order (None when there are none)."""
    found = [step for step in steps if step is not None]
    if not found:
        return None

    def run(renderer: RendererAgg) -> None:
        for step in found:
            step(renderer)

    return run


_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
"""A year inside a category (`Jan 2024`, `2024Q1`, `фев. 2024`)."""
PERIOD_STEPS = {
    1: (1, 2, 5, 10, 20, 25, 50, 100),
    4: (1, 2, 4, 8, 12, 20, 40),
    12: (1, 2, 3, 6, 12, 24, 36, 60, 120),
}
"""Round tick intervals, in periods, for yearly, quarterly and monthly sequences: every
year (or 2, 5, 10), every quarter, half year or year, every month, quarter (January,
April, July, October), half year (January, July) or year."""


def sequence_ticks(texts: Sequence[str], width_pt: float,
                   measure: Callable[[str], float] | None = None,
                   ) -> tuple[list[int], list[str]]:
    """Which labels of a sequence to show, and as what, so that they fit `width_pt` side
    by side: the first period of each round interval (January, or every fifth year);
    when whole years are shown, monthly and quarterly labels shrink to their year.

    A sequence whose labels hold no year (or no regular one) keeps its last label and
    every `step`-th before it, the fewest steps that fit. `measure` gives a label's
    width in points (estimated without it).
    """
    width_of = measure or (lambda text: text_width_pt(text, TICK_PT))
    count = len(texts)
    years = [_YEAR.search(t.replace("\n", " ")) for t in texts]
    gap = SEQUENCE_GAP_EM * TICK_PT

    def fits(shown: list[int], labels: list[str]) -> bool:
        widest = max((width_of(t) for t in labels), default=0.0)
        return len(shown) * (widest + gap) <= width_pt

    if all(years):
        numbers = [int(m.group(1)) for m in years if m]
        periods = _periods_per_year(numbers)
        if periods in PERIOD_STEPS:
            first_run = sum(1 for n in numbers if n == numbers[0])
            offset = periods - first_run if first_run < periods else 0
            index = [(n - numbers[0]) * periods for n in numbers]
            run_start = 0
            for i in range(count):
                if i and numbers[i] != numbers[i - 1]:
                    run_start = i
                index[i] += i - run_start + (offset if numbers[i] == numbers[0] else 0)
            base = numbers[0] * periods
            steps = PERIOD_STEPS[periods]
            for step in steps:
                shown = [i for i in range(count) if (base + index[i]) % step == 0]
                yearly = periods > 1 and step >= periods
                labels = [years[i].group(1) if yearly else texts[i]  # type: ignore[union-attr]
                          for i in shown]
                if shown and (fits(shown, labels) or step == steps[-1]):
                    return shown, labels
    for step in range(1, count + 1):
        shown = [i for i in range(count) if (count - 1 - i) % step == 0]
        if fits(shown, [texts[i] for i in shown]):
            break
    return shown, [texts[i] for i in shown]


def _periods_per_year(years: Sequence[int]) -> int:
    """How many consecutive labels share a year in a regular sequence: 12 (months), 4
    (quarters) or 1 (years); 0 when the sequence is not regular."""
    if len(set(years)) == len(years):
        return 1 if all(b > a for a, b in zip(years, years[1:], strict=False)) else 0
    runs: list[int] = []
    for i, year in enumerate(years):
        if i and year == years[i - 1]:
            runs[-1] += 1
        else:
            runs.append(1)
    inner = runs[1:-1] or [max(runs)]
    size = max(inner)
    return size if all(r == size for r in inner) and max(runs) <= size else 0


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
        tallest = max(t.get_window_extent(renderer).height for t in texts) * points_per_px
        placed = spread(targets, tallest * LABEL_LINE_SPACING)
        # Kept within the plot's height when they fit in it, so that they do not change
        # the room the plot is laid out in (and the layout settles at once).
        box = ax.get_window_extent(renderer)
        low = box.y0 * points_per_px + tallest / 2
        high = box.y1 * points_per_px - tallest / 2
        if placed and max(placed) - min(placed) <= high - low:
            shift = max(low - min(placed), 0.0) + min(high - max(placed), 0.0)
            placed = [where + shift for where in placed]
        for text, target, where in zip(texts, targets, placed, strict=True):
            text.xyann = (text.xyann[0], where - target)  # beside, on its side (mirror.py)

    return spread_apart


def finite(values: Sequence[float]) -> np.ndarray:
    """Values as a float array (missing values stay NaN)."""
    return np.asarray(values, dtype=float)
