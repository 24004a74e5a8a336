"""How much work one chart costs, as properties: one figure, few measurements, right sizes.

A chart's variants (framed for charts/, bare print size for the brief, bare slide size
for the deck) share one drawing; each layout measures its labels at most twice; each
file comes out at the size its use needs.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from lxml import etree
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.figure import Figure
from PIL import Image

import reportgen.charts.draw as chart_draw
from reportgen.charts.draw import DRAWERS, LAYOUT_DPI
from reportgen.charts.job import (
    CHART_WIDTH_IN,
    SLIDE_DPI,
    SLIDE_WIDTH_IN,
    figure_size,
    variants,
)
from reportgen.charts.render import draw_chart
from reportgen.theme import build_theme
from tests.charts.test_draw import make_job

POINTS_PER_INCH = 72
PROJECTOR_PX = 1920
"""Pixels across a full HD projector's picture."""
WIDE_SLIDE_IN = 40 / 3
"""Width of a 16:9 slide (13.33 in)."""
MEASURES_PER_LAYOUT = 2
"""Most measurements of the labels around the plot in one layout."""


@pytest.mark.parametrize("chart_type", sorted(DRAWERS))
def test_every_variant_comes_from_one_figure(
    tmp_path: Path, chart_type: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[Figure] = []

    class CountedFigure(Figure):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            made.append(self)

    monkeypatch.setattr(chart_draw, "Figure", CountedFigure)
    job = make_job(tmp_path, build_theme(), chart_type)
    result = draw_chart(job)
    assert len(variants(job)) == 3
    assert result.png and result.svg and result.pdf and result.bare_svg and result.bare_png
    assert len(made) == 1


@pytest.mark.parametrize("chart_type", sorted(DRAWERS))
def test_each_layout_measures_its_labels_at_most_twice(
    tmp_path: Path, chart_type: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    measured = 0
    original = Axes.get_tightbbox

    def counted(self: Axes, *args: object, **kwargs: object) -> object:
        nonlocal measured
        measured += 1
        return original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Axes, "get_tightbbox", counted)
    job = make_job(tmp_path, build_theme(), chart_type)
    draw_chart(job)
    # One measurement of the drawn chart, then at most two per variant's layout.
    assert measured <= 1 + MEASURES_PER_LAYOUT * len(variants(job))


@pytest.mark.parametrize("chart_type", sorted(DRAWERS))
def test_every_text_is_measured_once_for_all_layouts(
    tmp_path: Path, chart_type: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    measured: list[tuple[str, object]] = []
    original = RendererAgg.get_text_width_height_descent

    def counted(self: RendererAgg, text: str, prop: object, ismath: object) -> object:
        if self.dpi == LAYOUT_DPI:
            measured.append((text, prop))
        return original(self, text, prop, ismath)  # type: ignore[arg-type]

    monkeypatch.setattr(RendererAgg, "get_text_width_height_descent", counted)
    chart_draw.measuring_renderer.cache_clear()  # a new renderer: none measured yet
    job = make_job(tmp_path, build_theme(), chart_type)
    draw_chart(job)
    assert len(variants(job)) == 3
    # The three layouts (and the rewrapping, nudging and thinning between their passes)
    # measure a text in one font once: later ones reuse the size measured first.
    assert measured and len(measured) == len(set(measured))


@pytest.mark.parametrize("chart_type", sorted(DRAWERS))
def test_a_slide_picture_is_no_wider_than_a_projector_shows(
    tmp_path: Path, chart_type: str
) -> None:
    placed_in = (11.5, 4.2)
    job = make_job(tmp_path, build_theme(), chart_type, slide_size=placed_in)
    result = draw_chart(job)
    assert result.bare_png is not None
    with Image.open(result.bare_png) as slide:
        # A 1920-px projector shows a 16:9 slide (13.33 in) at 144 px per inch.
        needed = PROJECTOR_PX * placed_in[0] / WIDE_SLIDE_IN
        assert needed - 1 <= slide.size[0] <= needed + 1


def test_drawing_leaves_flushing_to_disk_to_the_publisher(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    flushed: list[int] = []
    monkeypatch.setattr(os, "fsync", flushed.append)
    result = draw_chart(make_job(tmp_path, build_theme(), "bar"))
    assert result.png is not None and result.png.stat().st_size > 0
    assert flushed == []  # the build makes a chart durable once, when it publishes it


@pytest.mark.parametrize("chart_type", sorted(DRAWERS))
def test_each_file_has_the_size_its_use_needs(tmp_path: Path, chart_type: str) -> None:
    job = make_job(tmp_path, build_theme(), chart_type)
    result = draw_chart(job)
    assert result.bare_svg is not None and result.bare_png is not None and result.png
    # The brief's vector chart at true size: 1 pt in the drawing is 1 pt on the page.
    root = etree.parse(str(result.bare_svg)).getroot()
    width, height = figure_size(chart_type)
    assert root.get("width") == f"{CHART_WIDTH_IN * POINTS_PER_INCH:g}pt"
    assert root.get("height") == f"{height * POINTS_PER_INCH:g}pt"
    assert width == CHART_WIDTH_IN
    # The deck's picture: about what a 1920-px projector shows of a chart across a slide.
    slide_width, slide_height = figure_size(chart_type, slide=True)
    with Image.open(result.bare_png) as slide:
        assert slide.size == (round(SLIDE_WIDTH_IN * SLIDE_DPI), round(slide_height * SLIDE_DPI))
        assert slide_width == SLIDE_WIDTH_IN
        assert slide.mode == "RGB"  # opaque: no alpha channel to store
    with Image.open(result.png) as framed:
        assert framed.mode == "RGB"
        assert framed.info.get("dpi") == pytest.approx((job.dpi, job.dpi), abs=0.01)
