"""The frame around a plot: title, subtitle and legend on top, source below, plot fitted between.

Everything is measured with the figure's own renderer and placed at fixed fractions of
the figure, so the same chart always lands in the same place and nothing is clipped.
"""

from __future__ import annotations

import textwrap
from dataclasses import astuple, dataclass
from typing import Any

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from reportgen.charts.axes import POINTS_PER_INCH, Drawn
from reportgen.charts.language import as_drawn, current
from reportgen.charts.style import (
    LEGEND_PT,
    SOURCE_PT,
    SUBTITLE_PT,
    TITLE_PT,
    ChartStyle,
)

MARGIN_PT = 2.0
"""White space kept inside the figure edge (the page supplies the real margin)."""
SUBTITLE_GAP_PT = 3.0
"""Between the title's last line and the subtitle."""
LEGEND_GAP_PT = 7.0
"""Between the subtitle and the legend row."""
PLOT_GAP_PT = 9.0
"""Between the header (title, subtitle, legend) and the plot."""
SOURCE_GAP_PT = 7.0
"""Between the plot and the source line."""
MAX_FIT_PASSES = 2
"""Most times the labels around the plot are measured in one layout."""
SETTLED_PX = 0.5
"""Labels needing within this (layout pixels) of the room left for them are settled."""
LINE_SPACING = 1.15
"""Line spacing of wrapped titles and sources."""
MIN_PLOT_SHARE = 0.2
"""The plot keeps at least this share of the figure, however long its labels."""
LEGEND_HANDLE_EM = 1.0
LEGEND_HANDLE_PAD_EM = 0.5
LEGEND_COLUMN_EM = 1.6


class Frame:
    """Places text in figure fractions measured in points from the figure's edges."""

    def __init__(self, fig: Figure, renderer: RendererAgg) -> None:
        self.fig = fig
        self.renderer = renderer
        self.px_per_pt = renderer.dpi / POINTS_PER_INCH
        self.width_pt = fig.bbox.width / self.px_per_pt
        self.height_pt = fig.bbox.height / self.px_per_pt

    def fraction(self, x_pt: float, y_pt: float) -> tuple[float, float]:
        """A point given in points from the bottom-left corner, as figure fractions."""
        return x_pt / self.width_pt, y_pt / self.height_pt

    def height(self, artist: Text | Legend) -> float:
        """An artist's drawn height in points."""
        return artist.get_window_extent(self.renderer).height / self.px_per_pt

    def _start(self) -> tuple[float, str]:
        """Where a line of the frame starts, in points from the left, and its alignment:
        the left margin, or the right one for a right-to-left reader."""
        if current().rtl:
            return self.width_pt - MARGIN_PT, "right"
        return MARGIN_PT, "left"

    def text(self, text: str, top_pt: float | None, bottom_pt: float | None,
             **props: Any) -> Text:
        """Text at the margin where lines start, wrapped to the figure width, by top or
        bottom."""
        y = top_pt if top_pt is not None else bottom_pt
        assert y is not None
        x, align = self._start()
        artist = self.fig.text(
            *self.fraction(x, y), as_drawn(text), ha=align,
            va="top" if top_pt is not None else "bottom",
            linespacing=LINE_SPACING, **props,
        )
        self._wrap(artist, text)
        return artist

    def _wrap(self, artist: Text, text: str) -> None:
        room = (self.width_pt - 2 * MARGIN_PT) * self.px_per_pt
        width = artist.get_window_extent(self.renderer).width
        chars = len(text)
        while width > room and chars > 1:
            chars = min(chars - 1, int(chars * room / width))
            artist.set_text(as_drawn(textwrap.fill(text, max(chars, 1),
                                                   break_long_words=False)))
            width = artist.get_window_extent(self.renderer).width

    def legend(self, drawn: Drawn, top_pt: float) -> Legend:
        """A frameless legend row at the margin where lines start, in as many columns as
        fit the width."""
        room = (self.width_pt - 2 * MARGIN_PT) * self.px_per_pt
        columns = len(drawn.labels)
        x, align = self._start()
        while True:
            # One row is read from where lines start: from the right, right to left.
            order = slice(None, None, -1 if align == "right" and columns == len(drawn.labels)
                          else 1)
            legend = self.fig.legend(
                drawn.handles[order], drawn.labels[order], loc=f"upper {align}",
                bbox_to_anchor=self.fraction(x, top_pt), ncols=columns,
                markerfirst=align == "left",  # a key stands where its name is read from
                frameon=False, borderpad=0, borderaxespad=0, fontsize=LEGEND_PT,
                handlelength=LEGEND_HANDLE_EM, handleheight=LEGEND_HANDLE_EM,
                handletextpad=LEGEND_HANDLE_PAD_EM, columnspacing=LEGEND_COLUMN_EM,
            )
            if columns == 1 or legend.get_window_extent(self.renderer).width <= room:
                return legend
            legend.remove()
            columns -= 1


@dataclass(frozen=True)
class Header:
    """The text a framed chart carries around its plot."""

    title: str | None
    """Takeaway headline, on top."""
    subtitle: str | None
    """Scope and units, under the title."""
    source: str | None
    """Source line text (without `Source:`), at the bottom."""


@dataclass(frozen=True)
class Arranged:
    """What laying out a figure placed."""

    room: Bbox
    """The area (figure fractions) the plot and its labels fill."""
    frame: list[Artist]
    """Header, legend and source: removed before the figure is laid out again."""


def arrange(fig: Figure, ax: Axes, renderer: RendererAgg, drawn: Drawn, style: ChartStyle,
            header: Header | None, guess: Overhang) -> Arranged:
    """Put the header, legend and source on the figure and fit the plot area between them.

    Without a header (a bare chart) the plot and its legend fill the figure. `guess`
    is how far the plot's labels reach beyond it (see `fit_plot`).
    """
    frame = Frame(fig, renderer)
    placed: list[Artist] = []
    top = frame.height_pt - MARGIN_PT
    header = header or Header(None, None, None)
    if header.title:
        heading = frame.text(header.title, top, None, fontsize=TITLE_PT, fontweight="bold",
                             color=style.text)
        placed.append(heading)
        top -= frame.height(heading)
    if header.subtitle:
        under = frame.text(header.subtitle, top - SUBTITLE_GAP_PT, None, fontsize=SUBTITLE_PT,
                           color=style.muted)
        placed.append(under)
        top -= SUBTITLE_GAP_PT + frame.height(under)
    if drawn.labels:
        legend = frame.legend(drawn, top - LEGEND_GAP_PT)
        placed.append(legend)
        top -= LEGEND_GAP_PT + frame.height(legend)
    bottom = MARGIN_PT
    if header.source:
        line = frame.text(current().labels.source_line(header.source), None, MARGIN_PT,
                          fontsize=SOURCE_PT,
                          color=style.muted)
        placed.append(line)
        bottom += frame.height(line) + SOURCE_GAP_PT
    room = Bbox.from_extents(
        *frame.fraction(MARGIN_PT, bottom),
        *frame.fraction(frame.width_pt - MARGIN_PT, top - PLOT_GAP_PT),
    )
    fit_plot(ax, room, frame.renderer, drawn, guess)
    return Arranged(room, placed)


@dataclass(frozen=True)
class Overhang:
    """How far a plot's labels reach beyond its edges, in layout pixels."""

    left: float
    right: float
    below: float
    above: float

    def within(self, other: Overhang, tolerance: float) -> bool:
        """Whether every side differs from `other`'s by at most `tolerance` pixels."""
        return all(abs(a - b) <= tolerance
                   for a, b in zip(astuple(self), astuple(other), strict=True))


def measure_overhang(ax: Axes, renderer: RendererAgg) -> Overhang:
    """How far the plot's tick labels, axis labels and texts reach beyond it, as it is now."""
    ax.apply_aspect()
    box = ax.get_window_extent(renderer)
    tight = ax.get_tightbbox(renderer, bbox_extra_artists=reaching_out(ax))
    if tight is None:
        return Overhang(0.0, 0.0, 0.0, 0.0)
    return Overhang(box.x0 - tight.x0, tight.x1 - box.x1, box.y0 - tight.y0, tight.y1 - box.y1)


def reaching_out(ax: Axes) -> list[Artist]:
    """The artists on a plot that may reach beyond it: those not clipped to a box.

    An artist clipped to a box (bars, lines, points, gridlines: clipped to the plot)
    never reaches beyond the plot, so measuring it would not change the overhang;
    skipping the bars and points saves most of what measuring costs.
    """
    return [artist for artist in ax.get_default_bbox_extra_artists()
            if not (artist.get_clip_on() and artist.get_clip_box() is not None)]


def fit_plot(ax: Axes, room: Bbox, renderer: RendererAgg, drawn: Drawn,
             guess: Overhang) -> None:
    """Size the axes so that they and all their labels fill `room` (figure fractions).

    The plot is placed leaving the room `guess` says its labels need (what they
    needed on the whole figure), its finishing labels are placed, and what the labels
    need at that size is measured. When that is what was left for them the layout is
    settled (tick labels and axis titles need the same at any size); otherwise (labels
    that move with the plot: pie names, line ends) it is placed, finished and measured
    once more, then placed a last time: two measured passes at most.
    """
    overhang = guess
    for _ in range(MAX_FIT_PASSES):
        place_plot(ax, room, overhang, drawn.square)
        if drawn.finish is not None:
            drawn.finish(renderer)
        measured = measure_overhang(ax, renderer)
        if measured.within(overhang, SETTLED_PX):
            return
        overhang = measured
    place_plot(ax, room, overhang, drawn.square)
    if drawn.finish is not None:
        drawn.finish(renderer)


def place_plot(ax: Axes, room: Bbox, overhang: Overhang, square: bool) -> None:
    """Put the plot where it and labels reaching `overhang` beyond it just fill `room`."""
    fig = ax.get_figure()
    assert fig is not None
    width_px, height_px = fig.bbox.width, fig.bbox.height
    x0, x1 = room.x0 + overhang.left / width_px, room.x1 - overhang.right / width_px
    y0, y1 = room.y0 + overhang.below / height_px, room.y1 - overhang.above / height_px
    x1 = max(x1, x0 + MIN_PLOT_SHARE * room.width)
    y1 = max(y1, y0 + MIN_PLOT_SHARE * room.height)
    if square:
        side = min((x1 - x0) * width_px, (y1 - y0) * height_px)
        centre_x, centre_y = (x0 + x1) / 2, (y0 + y1) / 2
        half_w, half_h = side / width_px / 2, side / height_px / 2
        x0, x1 = centre_x - half_w, centre_x + half_w
        y0, y1 = centre_y - half_h, centre_y + half_h
    ax.set_position(Bbox.from_extents(x0, y0, x1, y1))
