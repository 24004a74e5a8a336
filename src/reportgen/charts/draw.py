"""One draw function per chart type, picked from a table, and the figure around it."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import matplotlib
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from reportgen.charts.axes import POINTS_PER_INCH, Drawn
from reportgen.charts.bars import draw_bar, draw_barh, draw_stacked_bar
from reportgen.charts.job import ROUND_TYPES, ChartJob, figure_size, printed_text
from reportgen.charts.language import current
from reportgen.charts.layout import Arranged, Header, arrange, measure_overhang
from reportgen.charts.lines import draw_area, draw_line, draw_scatter
from reportgen.charts.mirror import mirror
from reportgen.charts.names import laid_out_for_slides
from reportgen.charts.pies import draw_donut, draw_pie
from reportgen.charts.style import ChartStyle, font_families
from reportgen.data.kinds import kind_of
from reportgen.data.series import ChartData

LAYOUT_DPI = 100
"""Resolution text is measured at while laying out; fixed, so every output shares one layout."""

Drawer = Callable[[Axes, ChartData, ChartStyle, "str | None"], Drawn]

DRAWERS: dict[str, Drawer] = {
    "bar": draw_bar,
    "barh": draw_barh,
    "stacked_bar": draw_stacked_bar,
    "line": draw_line,
    "area": draw_area,
    "pie": draw_pie,
    "donut": draw_donut,
    "scatter": draw_scatter,
}
"""Chart type -> the function that draws its data on an axes."""


@cache
def measuring_renderer() -> RendererAgg:
    """The renderer every layout in this process measures text with, at LAYOUT_DPI.

    matplotlib caches the size of a text per renderer, and a figure's canvas makes a
    new renderer whenever the figure changes size: one renderer kept for measuring
    lets every variant of a chart, and every chart a worker draws, reuse the sizes of
    the texts measured before (tick labels, names, values). A text's size depends
    only on its font and the resolution, never on the figure or the renderer's canvas,
    so the canvas is a single pixel.
    """
    return RendererAgg(1, 1, LAYOUT_DPI)


def drawer_for(chart_type: str) -> Drawer:
    """The draw function of a chart type; ValueError naming the known types otherwise."""
    try:
        return DRAWERS[chart_type]
    except KeyError:
        known = ", ".join(DRAWERS)
        raise ValueError(f"unknown chart type {chart_type!r}; expected one of {known}") from None


def check_data(chart_type: str, data: ChartData) -> None:
    """Raise ValueError when the data breaks a rule of its kind (the spec loader has
    checked them already: this only guards callers that skip the loader)."""
    problems = kind_of(chart_type).check(data)
    if problems:
        raise ValueError(problems[0].message)


class ChartFigure:
    """One chart drawn once on a figure, then laid out for each variant in turn.

    The marks, ticks and labels are drawn once; each layout only sets the figure's
    size, puts the header, legend and source around the plot and refits the plot.
    """

    def __init__(self, job: ChartJob, style: ChartStyle) -> None:
        """Draw the job's data (call inside the house style's rc context)."""
        drawer = drawer_for(job.type)
        check_data(job.type, job.data)
        self.job = job
        self.style = style
        self.figure = Figure(figsize=figure_size(job.type, print_size=job.print_size),
                             dpi=LAYOUT_DPI)
        self.canvas = FigureCanvasAgg(self.figure)
        self.ax = self.figure.add_axes((0, 0, 1, 1))
        if job.type not in ROUND_TYPES:
            self.ax.set_xlabel(job.data.x_label or "")
            self.ax.set_ylabel(job.data.y_label or "")
        self.drawn = drawer(self.ax, job.data, style, job.unit)
        if current().rtl and not self.drawn.square and job.type != "scatter":
            mirror(self.ax)
        self.arranged: Arranged | None = None
        """What the last layout placed."""
        printed = printed_text(job)
        self._fonts = {False: font_families(style, printed),
                       True: font_families(style.for_slides(), printed)}
        """`font.family` of a print and of a slide layout (the deck's font on slides)."""
        self._font: list[str] = self._fonts[False]
        """The families the figure's texts are set in now (drawn in the print ones)."""
        # Measured once: every layout starts from what the labels need here, whichever
        # variants come before it, so each variant comes out the same in any company.
        self._overhang = measure_overhang(self.ax, measuring_renderer())

    def lay_out(self, *, bare: bool, slide: bool) -> Figure:
        """The figure laid out as one variant: bare or framed, print or slide size.

        A bare figure leaves out the title, subtitle and source line (the documents
        set those as text); a slide figure is drawn at slide size.
        """
        if self.arranged is not None:
            for artist in self.arranged.frame:
                artist.remove()
        self.figure.set_size_inches(figure_size(self.job.type, slide=slide,
                                                 print_size=None if not bare or slide
                                                 else self.job.print_size,
                                                 slide_size=self.job.slide_size))
        job = self.job
        header = None if bare else Header(job.title, job.subtitle, job.source)
        self._set_font(self._fonts[slide])
        if self.drawn.adapt is not None:
            self.drawn.adapt(self.figure.get_figwidth() * POINTS_PER_INCH)
        with matplotlib.rc_context({"font.family": self._font}), laid_out_for_slides(slide):
            self.arranged = arrange(self.figure, self.ax, measuring_renderer(), self.drawn,
                                    self.style, header, self._overhang)
        return self.figure

    def _set_font(self, families: list[str]) -> None:
        """Set every text of the drawing, and the ticks still to come, in `families`."""
        if families == self._font:
            return
        self._font = families
        self.ax.tick_params(labelfontfamily=families)
        for text in self.figure.findobj(Text):
            text.set_fontfamily(families)
