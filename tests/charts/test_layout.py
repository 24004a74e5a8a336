"""Chart layout: every variant settles in one measured pass and clips nothing.

The plot is fitted to its labels once per variant (from what the labels needed on the
whole figure); these tests check what that buys is not paid for in quality: a further
pass would not move the plot, and every title, label, legend and tick lies inside the
figure, for every chart type, framed or bare, at print and slide size.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import matplotlib
import pytest

from reportgen.charts.draw import DRAWERS, ChartFigure, measuring_renderer
from reportgen.charts.job import ChartJob
from reportgen.charts.layout import Overhang, measure_overhang, place_plot
from reportgen.charts.style import chart_style, rc_params
from reportgen.data.series import ChartData, Series
from reportgen.theme import build_theme
from tests.charts.test_draw import DATA, make_job

SETTLED_PX = 1.0
"""A further pass may move the plot's edges by at most this (layout pixels, 0.72 pt)."""
INSIDE_PX = 0.5
"""Rounding allowed at the figure's edge."""
VARIANTS = {"framed": (False, False), "bare": (True, False), "slide": (True, True)}

LONG_NAMES = ("Azerbaijan and Georgia together", "Kazakhstan, Uzbekistan and Kyrgyzstan",
              "Russia", "European Union member states combined", "Türkiye", "Iran",
              "China", "All other partners")
STRESS: dict[str, ChartData] = {
    "long names": ChartData(LONG_NAMES, (Series("Exports", (9.5, -2.25, 14.0, 0.4, 3.3, 7.0,
                                                            1.1, 20000.0)),
                                         Series("Imports", (1.0, 2.0, 3.0, 4.0, 5.0, 6.0,
                                                            7.0, 8.0)))),
    "many series": ChartData(tuple(str(2013 + i) for i in range(12)), tuple(
        Series(f"Partner number {k}", tuple(float((i * (k + 3)) % 7 + 1) for i in range(12)))
        for k in range(6))),
}


@contextmanager
def _figure(job: ChartJob) -> Iterator[ChartFigure]:
    style = chart_style(job.theme)
    with matplotlib.rc_context(rc_params(style)):
        yield ChartFigure(job, style)


def _cases() -> list[tuple[str, str, ChartData]]:
    cases = [(t, "sample", DATA[t]) for t in sorted(DRAWERS)]
    for name, data in STRESS.items():
        for chart_type in sorted(DRAWERS):
            fitting = data
            if chart_type == "scatter":
                fitting = replace(data, x_values=tuple(float(i * 3 + 1)
                                                       for i in range(len(data.categories))))
            if chart_type in ("pie", "donut", "area"):  # shares and stacks of zero or more
                series = data.series[-1:] if chart_type != "area" else data.series
                fitting = replace(data, series=tuple(
                    replace(s, values=tuple(abs(v) for v in s.values)) for s in series))
            cases.append((chart_type, name, fitting))
    return cases


@pytest.mark.parametrize(("chart_type", "name", "data"), _cases(),
                         ids=[f"{t}-{n}" for t, n, _ in _cases()])
def test_each_variant_is_settled_and_inside_the_figure(
    tmp_path: Path, chart_type: str, name: str, data: ChartData
) -> None:
    job = make_job(tmp_path, build_theme(), chart_type, data=data,
                   title="A takeaway headline long enough that it has to wrap onto a second "
                         "line at the width of the brief's text column")
    with _figure(job) as chart:
        for variant, (bare, slide) in VARIANTS.items():
            fig = chart.lay_out(bare=bare, slide=slide)
            renderer = chart.canvas.get_renderer()
            drawn = fig.get_tightbbox(renderer).transformed(fig.dpi_scale_trans)
            bounds = fig.bbox
            assert drawn.x0 >= -INSIDE_PX and drawn.y0 >= -INSIDE_PX, (variant, drawn)
            assert drawn.x1 <= bounds.width + INSIDE_PX, (variant, drawn, bounds)
            assert drawn.y1 <= bounds.height + INSIDE_PX, (variant, drawn, bounds)
            assert chart.arranged is not None
            before = chart.ax.get_position().get_points() * (bounds.width, bounds.height)
            place_plot(chart.ax, chart.arranged.room, measure_overhang(chart.ax, renderer),
                       chart.drawn.square)
            after = chart.ax.get_position().get_points() * (bounds.width, bounds.height)
            assert abs(after - before).max() <= SETTLED_PX, (variant, before, after)


@pytest.mark.parametrize(("chart_type", "name", "data"), _cases(),
                         ids=[f"{t}-{n}" for t, n, _ in _cases()])
def test_the_overhang_measured_without_clipped_marks_is_the_whole_overhang(
    tmp_path: Path, chart_type: str, name: str, data: ChartData
) -> None:
    job = make_job(tmp_path, build_theme(), chart_type, data=data)
    with _figure(job) as chart:
        for bare, slide in VARIANTS.values():
            chart.lay_out(bare=bare, slide=slide)
            renderer = measuring_renderer()
            box, whole = chart.ax.get_window_extent(renderer), chart.ax.get_tightbbox(renderer)
            assert whole is not None
            assert measure_overhang(chart.ax, renderer) == Overhang(
                box.x0 - whole.x0, whole.x1 - box.x1, box.y0 - whole.y0, whole.y1 - box.y1)


@pytest.mark.parametrize("chart_type", sorted(DRAWERS))
def test_a_variant_is_the_same_whichever_variants_come_with_it(
    tmp_path: Path, chart_type: str
) -> None:
    from reportgen.charts.render import draw_chart

    theme = build_theme()
    alone = draw_chart(make_job(tmp_path / "alone", theme, chart_type, bare=False,
                                vector_pdf=False))
    together = draw_chart(make_job(tmp_path / "together", theme, chart_type, vector_pdf=False))
    assert alone.png is not None and together.png is not None
    assert alone.png.read_bytes() == together.png.read_bytes()
    assert alone.svg is not None and together.svg is not None
    assert alone.svg.read_bytes() == together.svg.read_bytes()
