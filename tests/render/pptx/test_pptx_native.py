"""Native charts: one editable chart per figure, with its data, type, palette and alt text."""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE

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
        assert chart.chart_title.text_frame.text == figure.title
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
    assert colors == [c.lstrip("#").upper() for c in theme.palette[:2]]


def test_image_mode_has_no_charts(decks: dict[str, Path]) -> None:
    assert _charts(decks["default"]) == []


def test_bad_chart_mode(tmp_path: Path, document: Document, theme) -> None:
    with pytest.raises(ValueError, match="charts"):
        render_deck(document, theme, tmp_path / "d.pptx", charts="svg")


def test_number_format() -> None:
    assert number_format([1.0, 2.0]) == "#,##0"
    assert number_format([1.178, 3.5]) == "#,##0.000"
    assert number_format([4.4, 95.6]) == "#,##0.0"
