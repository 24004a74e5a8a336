"""Native charts: one editable chart per figure, with its data, type, palette and alt text."""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.oxml.ns import qn

from reportgen.core.color import tint
from reportgen.document.nodes import Document
from reportgen.render.pptx.native import number_format
from reportgen.render.pptx.writer import render_deck
from tests.render.pptx.deck_checks import descr

TYPES = {
    "bar": XL_CHART_TYPE.COLUMN_CLUSTERED, "barh": XL_CHART_TYPE.BAR_CLUSTERED,
    "stacked_bar": XL_CHART_TYPE.COLUMN_STACKED, "line": XL_CHART_TYPE.LINE_MARKERS,
    "area": XL_CHART_TYPE.AREA, "pie": XL_CHART_TYPE.PIE, "donut": XL_CHART_TYPE.DOUGHNUT,
    "scatter": XL_CHART_TYPE.XY_SCATTER,
}


def _charts(path: Path) -> list:
    prs = Presentation(str(path))
    return [shape for slide in prs.slides for shape in slide.shapes if shape.has_chart]


def test_one_native_chart_per_figure(decks: dict[str, Path], document: Document) -> None:
    frames = _charts(decks["native"])
    assert len(frames) == len(document.figures)
    for frame, figure in zip(frames, document.figures, strict=True):
        chart = frame.chart
        assert chart.chart_type == TYPES[figure.chart_type]
        assert not chart.has_title  # the slide's title says it once
        assert descr(frame) == figure.alt
        plot = chart.plots[0]
        data = figure.data
        assert data is not None
        assert [s.name for s in plot.series] == [s.name for s in data.series]
        for series, wanted in zip(plot.series, data.series, strict=True):
            assert tuple(series.values) == pytest.approx(wanted.values)
        if figure.chart_type != "scatter":
            assert tuple(plot.categories) == data.categories


def test_native_chart_parts_are_in_the_package(decks: dict[str, Path]) -> None:
    import zipfile

    with zipfile.ZipFile(decks["native"]) as z:
        names = z.namelist()
    assert sum(n.startswith("ppt/charts/chart") for n in names) == 8
    assert sum(n.startswith("ppt/embeddings/") for n in names) == 8


def test_palette_on_series_and_points(decks: dict[str, Path], theme) -> None:
    frames = _charts(decks["native"])
    bar = frames[0].chart.plots[0].series[0]
    assert str(bar.format.fill.fore_color.rgb) == theme.palette[0].lstrip("#").upper()
    pie = next(f for f in frames if f.chart.chart_type == XL_CHART_TYPE.PIE).chart
    colors = [str(p.format.fill.fore_color.rgb) for p in pie.plots[0].series[0].points]
    # The drawn pie's calm colours: the first series colour, then a tint of it.
    drawn = (theme.palette[0], tint(theme.palette[0], 0.5))
    assert colors == [c.lstrip("#").upper() for c in drawn]


def test_image_mode_has_no_charts(decks: dict[str, Path]) -> None:
    assert _charts(decks["default"]) == []


def test_bad_chart_mode(tmp_path: Path, document: Document, theme) -> None:
    with pytest.raises(ValueError, match="charts"):
        render_deck(document, theme, tmp_path / "d.pptx", charts="svg")


def test_number_format() -> None:
    assert number_format([1.0, 2.0]) == "#,##0"
    assert number_format([1.178, 3.5]) == "#,##0.000"
    assert number_format([4.4, 95.6]) == "#,##0.0"


def test_barh_value_axis_at_the_bottom_and_axis_titles_where_they_belong(
        decks: dict[str, Path]) -> None:
    """A horizontal bar chart lists categories top-down with its value axis at the bottom
    (the value axis crosses the category axis at its maximum, which a reversed axis puts
    at the bottom); `x_label` names the horizontal axis."""
    frames = _charts(decks["native"])
    barh = next(f.chart for f in frames if f.chart.chart_type == XL_CHART_TYPE.BAR_CLUSTERED)
    assert barh.category_axis.reverse_order
    assert barh.value_axis._element.find(qn("c:crosses")).get("val") == "max"
    scatter = next(f.chart for f in frames if f.chart.chart_type == XL_CHART_TYPE.XY_SCATTER)
    assert scatter.category_axis.axis_title.text_frame.text == "Year"  # x, across
    assert scatter.value_axis.axis_title.text_frame.text == "USD"  # y, up


def test_barh_x_label_names_the_value_axis(tmp_path: Path, document: Document, theme) -> None:
    from dataclasses import replace

    from reportgen.document.nodes import Section

    barh = next(f for f in document.figures if f.chart_type == "barh")
    assert barh.data is not None
    labelled = replace(barh, data=replace(barh.data, x_label="Employees", y_label="Period"))
    doc = replace(document, body=tuple(
        replace(n, items=tuple(labelled if i is barh else i for i in n.items))
        if isinstance(n, Section) else n for n in document.body))
    render_deck(doc, theme, tmp_path / "d.pptx", charts="native")
    chart = next(f.chart for f in _charts(tmp_path / "d.pptx")
                 if f.chart.chart_type == XL_CHART_TYPE.BAR_CLUSTERED)
    assert chart.value_axis.axis_title.text_frame.text == "Employees"
    assert chart.category_axis.axis_title.text_frame.text == "Period"


def test_native_chart_text_reads_in_a_room(decks: dict[str, Path]) -> None:
    """Axis text at 18 pt, value labels at 20 pt."""
    from reportgen.render.pptx.geometry import CHART_FONT_SIZE, CHART_VALUE_SIZE

    for frame in _charts(decks["native"]):
        chart = frame.chart
        assert chart.font.size >= CHART_FONT_SIZE and CHART_FONT_SIZE.pt >= 18
        labels = [e for tag in ("c:dLbls", "c:dLbl") for e in chart._chartSpace.iter(qn(tag))]
        sizes = [int(d.get("sz")) / 100 for e in labels for d in e.iter(qn("a:defRPr"))
                 if d.get("sz")]
        assert all(size >= CHART_VALUE_SIZE.pt >= 20 for size in sizes), sizes


def _one_figure_deck(tmp_path: Path, document: Document, theme, figure) -> object:
    """A native deck whose first section shows `figure` alone; its chart."""
    from dataclasses import replace

    section = replace(document.sections[1], items=(figure,), points=())
    render_deck(replace(document, body=(section,)), theme, tmp_path / "d.pptx",
                charts="native")
    (frame,) = _charts(tmp_path / "d.pptx")
    return frame.chart


def _fills(points) -> list[str]:
    return [f"#{p.format.fill.fore_color.rgb}" for p in points]


def test_highlight_paints_native_bars_like_the_drawn_chart(tmp_path: Path,
                                                          document: Document, theme) -> None:
    """`highlight` gives the named categories the accent and the rest grey, bar by bar,
    in the native chart as in the picture (one rule: charts/marks.py)."""
    from dataclasses import replace

    figure = next(f for f in document.figures if f.chart_type == "bar"
                  and f.data is not None and len(f.data.series) == 1)
    data = replace(figure.data, highlight=(figure.data.categories[1],))
    chart = _one_figure_deck(tmp_path, document, theme, replace(figure, data=data))
    wanted = [theme.quiet.upper()] * len(data.categories)
    wanted[1] = theme.accent.upper()
    assert _fills(chart.plots[0].series[0].points) == wanted


def test_a_pie_of_many_slices_groups_the_rest_as_other(tmp_path: Path, document: Document,
                                                       theme) -> None:
    """Nine slices: the native pie shows the five largest and `Other`, as the drawn pie
    does, each in the drawn pie's colour."""
    from dataclasses import replace

    from reportgen.data.marks import ThemeInks, slice_colors
    from reportgen.data.series import ChartData, Series, pie_slices

    figure = next(f for f in document.figures if f.chart_type == "pie")
    names = tuple(f"Country {i}" for i in range(9))
    data = ChartData(categories=names, series=(Series("Share", tuple(
        float(v) for v in (5, 30, 2, 20, 3, 15, 10, 4, 11))),), unit="%")
    chart = _one_figure_deck(tmp_path, document, theme, replace(figure, data=data))
    shown = pie_slices(data)
    plot = chart.plots[0]
    assert tuple(plot.categories) == shown.categories
    assert shown.categories[-1] == "Other" and len(shown.categories) == 6
    assert tuple(plot.series[0].values) == pytest.approx(shown.series[0].values)
    assert _fills(plot.series[0].points) == [
        c.upper() for c in slice_colors(shown, ThemeInks.of(theme))]
