"""One draw function per chart type, picked from a table, and the figure around it."""

from __future__ import annotations

from collections.abc import Callable

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from reportgen.charts.axes import Drawn
from reportgen.charts.bars import draw_bar, draw_barh, draw_stacked_bar
from reportgen.charts.job import ROUND_TYPES, ChartJob, figure_size
from reportgen.charts.layout import arrange
from reportgen.charts.lines import draw_area, draw_line, draw_scatter
from reportgen.charts.pies import draw_donut, draw_pie
from reportgen.charts.style import ChartStyle
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


def draw_figure(job: ChartJob, style: ChartStyle, *, bare: bool = False,
                slide: bool = False) -> Figure:
    """The finished figure of a job (call inside the house style's rc context).

    A bare figure leaves out the title, subtitle and source line; a slide figure is
    drawn at slide size.
    """
    drawer = drawer_for(job.type)
    check_data(job.type, job.data)
    fig = Figure(figsize=figure_size(job.type, slide=slide), dpi=LAYOUT_DPI)
    renderer = FigureCanvasAgg(fig).get_renderer()
    ax = fig.add_axes((0, 0, 1, 1))
    if job.type not in ROUND_TYPES:
        ax.set_xlabel(job.data.x_label or "")
        ax.set_ylabel(job.data.y_label or "")
    drawn = drawer(ax, job.data, style, job.unit)
    if bare:
        arrange(fig, ax, renderer, drawn, style, None, None, None)
    else:
        arrange(fig, ax, renderer, drawn, style, job.title, job.subtitle, job.source)
    return fig
