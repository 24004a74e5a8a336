"""Native (editable) PowerPoint charts drawn from a figure's data, in the theme's palette.

Each chart carries its data in an embedded workbook; text from the data is written
there as plain strings, never as formulas or links.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

from pptx.chart.data import CategoryChartData, XyChartData
from pptx.chart.xlsx import CategoryWorkbookWriter, XyWorkbookWriter
from pptx.enum.chart import (
    XL_CHART_TYPE,
    XL_LABEL_POSITION,
    XL_LEGEND_POSITION,
    XL_MARKER_STYLE,
    XL_TICK_LABEL_POSITION,
)
from pptx.oxml.ns import qn
from pptx.util import Pt, lazyproperty
from xlsxwriter import Workbook
from xlsxwriter.worksheet import Worksheet

from reportgen.data.marks import ThemeInks, bar_colors, series_colors, slice_colors
from reportgen.data.series import ChartData, pie_slices
from reportgen.document.nodes import Figure
from reportgen.render.pptx.colors import BLACK, WHITE, readable_on, rgb
from reportgen.render.pptx.deck import Deck, SlideFrame
from reportgen.render.pptx.geometry import CHART_FONT_SIZE, CHART_VALUE_SIZE, Rect

CHART_TYPES = {
    "bar": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "barh": XL_CHART_TYPE.BAR_CLUSTERED,
    "stacked_bar": XL_CHART_TYPE.COLUMN_STACKED,
    "line": XL_CHART_TYPE.LINE_MARKERS,
    "area": XL_CHART_TYPE.AREA,
    "pie": XL_CHART_TYPE.PIE,
    "donut": XL_CHART_TYPE.DOUGHNUT,
    "scatter": XL_CHART_TYPE.XY_SCATTER,
}
ROUND = ("pie", "donut")
UNLABELLED = ("scatter", "area")
"""Types whose points are not labelled (no label position suits them)."""
LABEL_OUTSIDE = {
    "bar": XL_LABEL_POSITION.OUTSIDE_END,
    "barh": XL_LABEL_POSITION.OUTSIDE_END,
    "line": XL_LABEL_POSITION.ABOVE,
    "pie": XL_LABEL_POSITION.OUTSIDE_END,
}
MAX_LABELLED_POINTS = 24
"""Above this many points, data labels would crowd the chart and are left off."""
MAX_DECIMALS = 3
GAP_WIDTH = 60
LINE_WIDTH = Pt(2.25)
MARKER_SIZE = 8


LITERAL_WORKBOOK = {
    "in_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}
"""xlsxwriter options of the workbook behind a native chart: every text cell (category,
series name) is stored as the string typed, never as a live formula or a hyperlink,
whatever it starts with (`=cmd|' /C calc'!A0`, `=HYPERLINK(...)`, `https://...`)."""


class _LiteralWorkbook:
    """Opens the chart's workbook with LITERAL_WORKBOOK (python-pptx's own writers keep
    xlsxwriter's defaults, which turn a text starting with `=` into a formula)."""

    @contextmanager
    def _open_worksheet(self, xlsx_file: IO[bytes]) -> Iterator[tuple[Workbook, Worksheet]]:
        workbook = Workbook(xlsx_file, LITERAL_WORKBOOK)
        worksheet = workbook.add_worksheet()
        yield workbook, worksheet
        workbook.close()


class _LiteralCategoryWriter(_LiteralWorkbook, CategoryWorkbookWriter):
    """python-pptx's category workbook layout, with literal text cells."""


class _LiteralXyWriter(_LiteralWorkbook, XyWorkbookWriter):
    """python-pptx's XY workbook layout, with literal text cells."""


class LiteralCategoryChartData(CategoryChartData):
    """Category chart data whose workbook holds text only as text."""

    @lazyproperty
    def _workbook_writer(self) -> _LiteralCategoryWriter:
        return _LiteralCategoryWriter(self)


class LiteralXyChartData(XyChartData):
    """XY chart data whose workbook holds text only as text."""

    @lazyproperty
    def _workbook_writer(self) -> _LiteralXyWriter:
        return _LiteralXyWriter(self)


def number_format(values: list[float], unit: str | None = None) -> str:
    """An Excel number format with as many decimals as the data shows (at most three),
    and the unit as literal text (quoted, so `%` does not multiply by 100)."""
    decimals = 0
    for v in values:
        text = f"{v:.{MAX_DECIMALS}f}".rstrip("0").rstrip(".")
        if "." in text:
            decimals = max(decimals, len(text.split(".")[1]))
    fmt = "#,##0" + ("." + "0" * decimals if decimals else "")
    if unit:
        fmt += '"' + unit.replace('"', "") + '"'
    return fmt


def chart_data(kind: str, data: ChartData, fmt: str) -> CategoryChartData | XyChartData:
    """python-pptx chart data for a figure's categories and series."""
    if kind == "scatter":
        xy = LiteralXyChartData(number_format=fmt)
        xs = data.x_values or tuple(float(i) for i in range(len(data.categories)))
        for series in data.series:
            points = xy.add_series(series.name, number_format=fmt)
            for x, y in zip(xs, series.values, strict=False):
                if math.isfinite(y):
                    points.add_data_point(x, y)
        return xy
    cats = LiteralCategoryChartData(number_format=fmt)
    cats.categories = data.categories
    for series in data.series:  # a missing value (NaN) is a gap, not a number
        cats.add_series(series.name, [v if math.isfinite(v) else None for v in series.values])
    return cats


def add_native_chart(deck: Deck, frame: SlideFrame, figure: Figure, rect: Rect):
    """An editable chart of the figure's data in `rect`; returns its graphic frame."""
    data = figure.data
    assert data is not None
    kind = figure.chart_type if figure.chart_type in CHART_TYPES else "bar"
    if kind in ROUND:  # more than six slices: the rest summed as `Other`, as drawn
        data = pie_slices(data)
    values = [v for s in data.series for v in s.values if math.isfinite(v)]
    fmt = number_format(values, data.unit)
    frame_shape: Any = frame.slide.shapes.add_chart(
        CHART_TYPES[kind], *rect.emu(), chart_data(kind, data, fmt))  # type: ignore[arg-type]
    chart = frame_shape.chart
    chart.font.name = deck.style.family.name
    chart.font.size = CHART_FONT_SIZE
    chart.font.color.rgb = rgb(deck.ink(frame.background))
    chart.has_title = False  # the slide's title (or the headline above) says it once
    chart.has_legend = len(data.series) > 1 or kind in ROUND
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
    plot = chart.plots[0]
    fills = mark_colors(kind, data, ThemeInks.of(deck.theme))
    if kind in ROUND:
        for point, color in zip(plot.series[0].points, fills[0], strict=False):
            point.format.fill.solid()
            point.format.fill.fore_color.rgb = rgb(color)
    else:
        plot.vary_by_categories = False
        if hasattr(plot, "gap_width"):
            plot.gap_width = GAP_WIDTH
        for series, colors in zip(plot.series, fills, strict=True):
            _color_series(series, kind, colors)
        _axis_titles(chart, kind, data, deck.style.family.name)
        if figure.chart_type == "barh":
            # PowerPoint lists bar categories bottom-up; the data (and the image) top-down.
            # Reversed, the value axis would cross at the top: it stays at the bottom.
            chart.category_axis.reverse_order = True
            _value_axis_crosses_at_max(chart)
        if kind != "scatter" and any(v < 0 for v in values):
            # Names at the low end of the axis, not on the zero line under the bars.
            chart.category_axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    if kind not in UNLABELLED and len(values) <= MAX_LABELLED_POINTS:
        _labels(plot, kind, fmt, fills, deck.ink(frame.background), deck.style.family.name)
    return frame_shape


def mark_colors(kind: str, data: ChartData, inks: ThemeInks) -> list[list[str]]:
    """The colour of each mark, series by series, by the drawn charts' rule: a bar's
    fill, a slice's, or a line's (one colour for all its points)."""
    if kind in ROUND:
        return [slice_colors(data, inks)]
    if kind in ("line", "area", "scatter"):
        return [[color] * len(data.categories) for color in series_colors(data, inks)]
    return [bar_colors(data, inks, i) for i in range(len(data.series))]


def _labels(plot, kind: str, fmt: str, fills: list[list[str]], ink: str,
            font_name: str) -> None:
    """Value labels, placed outside the marks where the chart type allows, else on them
    in a colour readable on the mark's fill."""
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format = fmt
    labels.number_format_is_linked = False
    labels.show_value = True
    labels.font.size = CHART_VALUE_SIZE
    labels.font.name = font_name
    if kind in LABEL_OUTSIDE:
        labels.position = LABEL_OUTSIDE[kind]
        labels.font.color.rgb = rgb(ink)
    elif kind == "stacked_bar":
        for series, colors in zip(plot.series, fills, strict=True):
            own = series.data_labels
            own.show_value = True
            own.number_format, own.number_format_is_linked = fmt, False
            own.position = XL_LABEL_POSITION.CENTER
            own.font.color.rgb = rgb(readable_on(colors[0], WHITE, BLACK))
            own.font.size, own.font.name = CHART_VALUE_SIZE, font_name
            if len(set(colors)) > 1:  # a highlight: each label reads on its own bar
                for point, color in zip(series.points, colors, strict=False):
                    point.data_label.font.color.rgb = rgb(readable_on(color, WHITE, BLACK))
                    point.data_label.font.size = CHART_VALUE_SIZE
    elif kind == "donut":
        for point, color in zip(plot.series[0].points, fills[0], strict=False):
            point.data_label.font.color.rgb = rgb(readable_on(color, WHITE, BLACK))
            point.data_label.font.size = CHART_VALUE_SIZE


def _color_series(series, kind: str, colors: list[str]) -> None:
    """A series' colour; bars a highlight sets apart get colours of their own."""
    color = colors[0] if colors else "#000000"
    if kind in ("line", "scatter"):
        series.format.line.color.rgb = rgb(color)
        series.format.line.width = LINE_WIDTH
        series.marker.style = XL_MARKER_STYLE.CIRCLE
        series.marker.size = MARKER_SIZE
        series.marker.format.fill.solid()
        series.marker.format.fill.fore_color.rgb = rgb(color)
        series.marker.format.line.color.rgb = rgb(color)
        series.smooth = False
        if kind == "scatter":
            series.format.line.fill.background()
    else:
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = rgb(color)
        if len(set(colors)) > 1:
            for point, own in zip(series.points, colors, strict=False):
                point.format.fill.solid()
                point.format.fill.fore_color.rgb = rgb(own)


def _value_axis_crosses_at_max(chart) -> None:
    """Put the value axis where the category axis ends (`c:valAx/c:crosses` = max):
    with the categories reversed, that is the bottom of the plot."""
    axis = chart.value_axis._element
    crosses = axis.find(qn("c:crosses"))
    if crosses is None:
        at = axis.find(qn("c:crossesAt"))
        if at is not None:
            axis.remove(at)
        crosses = axis.find(qn("c:crossAx")).addnext(axis.makeelement(qn("c:crosses"), {}))
        crosses = axis.find(qn("c:crosses"))
    crosses.set("val", "max")


def _axis_titles(chart, kind: str, data: ChartData, font_name: str) -> None:
    """`x_label` names the horizontal axis and `y_label` the vertical one, as in the
    drawn chart: in a horizontal bar chart those are the value and category axes."""
    across, up = chart.category_axis, chart.value_axis
    if kind == "barh":
        across, up = up, across
    for axis, label in ((across, data.x_label), (up, data.y_label)):
        if not label:
            continue
        axis.has_title = True
        axis.axis_title.text_frame.text = label
        run_font = axis.axis_title.text_frame.paragraphs[0].runs[0].font
        run_font.size, run_font.name = CHART_FONT_SIZE, font_name
