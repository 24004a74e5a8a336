"""Charts in the reader's language: the pie's grouped slice and date categories.

The pie is drawn as the chart job draws it (`speaking` the job's language), and the
dates come from a whole build of a spec, read back from the chart's SVG.
"""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib
import pytest

from reportgen.charts.draw import ChartFigure
from reportgen.charts.job import ChartJob, printed_text
from reportgen.charts.language import speaking
from reportgen.charts.style import chart_style, rc_params
from reportgen.data.series import OTHER, ChartData, Series
from reportgen.theme import build_theme
from tests.conftest import run_cli

SLICES = ("Azerbaijan", "Georgia", "Armenia", "Kazakhstan", "Uzbekistan", "Turkey", "Russia",
          "Iran")
SHARES = (4.4, 13.0, 9.0, 6.0, 5.0, 10.0, 21.0, 3.0)
"""Eight slices: the three smallest are grouped, a smaller slice than the two biggest
(a pie that would hide more is drawn as sorted bars, data/orientation.py)."""


@pytest.mark.parametrize(("tag", "other"), [("ru", "Прочие"), ("ka", "სხვა"), ("en", OTHER)])
def test_the_grouped_slice_is_named_in_the_charts_language(tag: str, other: str) -> None:
    job = ChartJob(id="c", type="pie", title="Shares", subtitle="%", source="Test",
                   data=ChartData(SLICES, (Series("Share", SHARES),)), theme=build_theme(),
                   out_dir=Path("."), unit="%", language=tag)
    style = chart_style(job.theme)
    with speaking(tag), matplotlib.rc_context(rc_params(style, printed_text(job))):
        chart = ChartFigure(job, style)
        chart.lay_out(bare=False, slide=False).canvas.draw()
    names = [t.get_text().split(" (")[0] for t in chart.ax.texts]
    assert names.count(other) == 1
    assert tag == "en" or OTHER not in names
    assert other in printed_text(job)  # its font is chosen for it (Georgian: the fallback)


SPEC = """\
report:
  title: "Prices by month"
  language: {language}
authors:
  - name: "A. Writer"
data:
  prices:
    source: "Test data"
    rows:
      - {{month: "2024-02", brent: 81.7}}
      - {{month: "2024-03", brent: 85.4}}
      - {{month: "2024-04", brent: 89.9}}
charts:
  - id: brent
    type: line
    data: prices
    x: month
    y: [brent]
    labels: {{brent: "Brent"}}
    title: "Brent rose in spring"
outputs:
  charts: {{formats: [svg]}}
"""


@pytest.mark.parametrize(("language", "month"), [("ru", "февр. 2024"), ("en", "Feb 2024")])
def test_chart_dates_are_written_in_the_reports_language(tmp_path: Path, language: str,
                                                         month: str) -> None:
    spec = tmp_path / "report.yaml"
    spec.write_text(SPEC.format(language=language), encoding="utf-8")
    result = run_cli("build", spec, "--only", "charts", "--out", tmp_path / "dist")
    assert result.returncode == 0, result.stderr
    svg = (tmp_path / "dist" / "charts" / "brent.svg").read_text(encoding="utf-8")
    shown = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert month in shown
    assert language == "en" or not any("Feb" in t for t in shown)


def _drawn_in(tag: str, chart_type: str, data: ChartData, slide: bool = False) -> ChartFigure:
    job = ChartJob(id="c", type=chart_type, title="T", subtitle="USD bn", source="Test",
                   data=data, theme=build_theme(), out_dir=Path("."), language=tag,
                   slide_size=(7.7651, 4.17) if slide else None)
    style = chart_style(job.theme)
    with speaking(tag), matplotlib.rc_context(rc_params(style, printed_text(job))):
        chart = ChartFigure(job, style)
        chart.lay_out(bare=True, slide=slide).canvas.draw()
    return chart


ARABIC_NAMES = ("تحويلات المهاجرين", "صادرات أذربيجان إلى روسيا", "الواردات")
LEVERS = ChartData(ARABIC_NAMES, (Series("USD bn", (0.5, 1.178, 3.621)),))


@pytest.mark.parametrize("slide", [False, True])
def test_right_to_left_horizontal_bars_grow_leftwards_from_names_at_the_right(
        slide: bool) -> None:
    chart = _drawn_in("ar", "barh", LEVERS, slide)
    renderer = chart.canvas.get_renderer()
    plot = chart.ax.get_window_extent(renderer)
    names = [t for t in chart.ax.yaxis.get_ticklabels() if t.get_visible() and t.get_text()]
    assert len(names) == 3
    assert all(t.get_window_extent(renderer).x0 >= plot.x1 - 1 for t in names)
    for bar in chart.ax.patches:
        box = bar.get_window_extent(renderer)
        assert abs(box.x1 - chart.ax.transData.transform((0, 0))[0]) < 1  # starts at zero
        assert box.x1 >= plot.x1 - 1 - 0.5 and box.x0 < box.x1  # at the right, leftwards
    values = [t for t in chart.ax.texts if t.get_visible() and t.get_text()]
    for value in values:  # each value at the left end of its bar
        assert value.get_window_extent(renderer).x1 <= min(
            b.get_window_extent(renderer).x1 for b in chart.ax.patches)
    english = _drawn_in("en", "barh", ChartData(("a", "b", "c"), LEVERS.series), slide)
    plot = english.ax.get_window_extent(english.canvas.get_renderer())
    assert all(t.get_window_extent(english.canvas.get_renderer()).x1 <= plot.x0 + 1
               for t in english.ax.yaxis.get_ticklabels() if t.get_text())


@pytest.mark.parametrize("chart_type", ["bar", "line", "stacked_bar"])
def test_right_to_left_categories_read_from_the_right_with_the_values_at_the_right(
        chart_type: str) -> None:
    years = ("2021", "2022", "2023", "2024")
    data = ChartData(years, (Series("USD bn", (1.0, 2.5, 1.5, 3.0)),
                             Series("Other", (0.5, 0.7, 0.9, 1.1))))
    chart = _drawn_in("ar", chart_type, data)
    renderer = chart.canvas.get_renderer()
    plot = chart.ax.get_window_extent(renderer)
    ticks = {t.get_text(): t.get_window_extent(renderer)
             for t in chart.ax.xaxis.get_ticklabels() if t.get_visible() and t.get_text()}
    assert ticks["2021"].x0 > ticks["2024"].x1  # the first year at the right
    values = [t for t in chart.ax.yaxis.get_ticklabels() if t.get_visible() and t.get_text()]
    texts = [t for t in chart.ax.texts if t.get_visible() and t.get_text()]
    assert values or texts
    assert all(t.get_window_extent(renderer).x0 >= plot.x1 - 1 for t in values)
    if chart_type == "line":  # the line's end (its latest value) is labelled at its left
        last = chart.ax.transData.transform((3, 3.0))[0]
        assert all(t.get_window_extent(renderer).x1 <= last for t in texts)


def test_a_right_to_left_frame_starts_its_title_and_legend_at_the_right() -> None:
    data = ChartData(("2024",), (Series("Azerbaijan to Russia", (1.178,)),
                                 Series("Russia to Azerbaijan", (3.621,))))
    job = ChartJob(id="c", type="stacked_bar", title="Three quarters from Russia",
                   subtitle="USD bn", source="Test", data=data, theme=build_theme(),
                   out_dir=Path("."), language="ar")
    style = chart_style(job.theme)
    with speaking("ar"), matplotlib.rc_context(rc_params(style, printed_text(job))):
        chart = ChartFigure(job, style)
        chart.lay_out(bare=False, slide=False).canvas.draw()
    renderer = chart.canvas.get_renderer()
    right = chart.figure.bbox.x1
    title = next(t for t in chart.figure.texts if t.get_text() == job.title)
    assert right - title.get_window_extent(renderer).x1 < 5
    legend = chart.figure.legends[0]
    assert right - legend.get_window_extent(renderer).x1 < 5
    names = [t.get_text() for t in legend.get_texts()]
    assert names == ["Russia to Azerbaijan", "Azerbaijan to Russia"]  # the first at the right
