"""Charts whose names, values or series would crowd, measured in the files they save.

A horizontal bar chart keeps about half its width for its bars whatever its names (they
wrap to at most three lines on word boundaries and end in an ellipsis beyond); a bar chart
whose names crowd is drawn as horizontal bars; line charts name their lines at their ends
instead of a legend that would eat the plot on a 4:3 slide, and those names never touch.
Measured at print size and at the sizes the deck places charts at on 4:3 and 16:9 slides.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import combinations
from pathlib import Path

import matplotlib
import numpy as np
import pytest
from matplotlib.legend import Legend
from matplotlib.text import Text
from PIL import Image

from reportgen.charts.draw import ChartFigure
from reportgen.charts.job import SLIDE_TEXT_SCALE, ChartJob, printed_text
from reportgen.charts.render import draw_chart
from reportgen.charts.style import chart_style, rc_params
from reportgen.data.series import ChartData, Series
from reportgen.theme import build_theme

ROUTES = (
    "Trans-Anatolian Natural Gas Pipeline (TANAP) through Türkiye",
    "Trans Adriatic Pipeline (TAP) to southern Italy via Greece and Albania",
    "South Caucasus Pipeline expansion (SCPx) across Georgia",
    "Baku-Novorossiysk",
    "Baku-Supsa Western Route Export Pipeline",
    "Caspian Sea interconnector (proposed)",
)
CAPACITY = (16.2, 10.0, 25.0, 5.0, 7.0, 30.0)
PRINT = (3.4036, 2.2778)
"""A barh in the brief's column on letter paper, inches."""
SLIDES = {"print": None, "4:3 beside points": (5.76, 3.7367),
          "16:9 beside points": (7.7651, 3.7367), "4:3 full": (9.0, 4.17)}
"""Where the deck places a chart, inches (None: the print chart)."""
LEAST_BAR_SHARE = 0.3
"""The longest bar spans at least this share of the picture's width (long names may take
up to 55% of it, the value labels some more)."""
MAX_LINES = 3
MAX_LEGEND_SHARE = 0.2


def _job(tmp_path: Path, chart_type: str, data: ChartData, slide: tuple[float, float] | None,
         ) -> ChartJob:
    return ChartJob(id="c", type=chart_type, title="SCPx is the corridor's widest link",
                    subtitle="Design capacity, bcm a year", source="Company filings",
                    data=data, theme=build_theme(), out_dir=tmp_path, png=False,
                    print_size=PRINT, slide_size=slide, for_print=slide is None,
                    for_slides=slide is not None)


def _saved(tmp_path: Path, job: ChartJob) -> np.ndarray:
    """The bare chart the brief (an SVG, drawn here as the PNG of the same layout) or the
    deck (its PNG) shows, as RGB pixels."""
    if job.slide_size is not None:
        result = draw_chart(job)
        assert result.bare_png is not None
        return np.asarray(Image.open(result.bare_png).convert("RGB"))
    from reportgen.charts.render import _png

    style = chart_style(job.theme)
    with matplotlib.rc_context(rc_params(style, printed_text(job))):
        fig = ChartFigure(job, style).lay_out(bare=True, slide=False)
        path = tmp_path / "print.png"
        path.write_bytes(_png(fig, 150))
    return np.asarray(Image.open(path).convert("RGB"))


def _runs(pixels: np.ndarray, color: str) -> list[int]:
    """The width in pixels of each horizontal band of `color` (one per bar), top down."""
    rgb = np.array([int(color[i:i + 2], 16) for i in (1, 3, 5)])
    mask = np.all(np.abs(pixels.astype(int) - rgb) <= 2, axis=2)
    widths = mask.sum(axis=1)
    bands, current = [], 0
    for width in widths:
        if width:
            current = max(current, int(width))
        elif current:
            bands.append(current)
            current = 0
    return [*bands, current] if current else bands


def _laid_out(job: ChartJob, slide: bool) -> ChartFigure:
    style = chart_style(job.theme)
    with matplotlib.rc_context(rc_params(style, printed_text(job))):
        chart = ChartFigure(job, style)
        chart.lay_out(bare=True, slide=slide).canvas.draw()
    return chart


def _overlaps(texts: list[Text], chart: ChartFigure) -> list[tuple[str, str]]:
    renderer = chart.canvas.get_renderer()
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in texts]
    return [(a, b) for (a, box_a), (b, box_b) in combinations(boxes, 2) if box_a.overlaps(box_b)]


@pytest.mark.parametrize("chart_type", ["barh", "bar"])
@pytest.mark.parametrize("place", list(SLIDES))
def test_long_names_leave_the_bars_room(tmp_path: Path, chart_type: str,
                                                  place: str) -> None:
    data = ChartData(ROUTES, (Series("Capacity", CAPACITY),))
    job = _job(tmp_path, chart_type, data, SLIDES[place])
    pixels = _saved(tmp_path, job)
    bars = _runs(pixels, job.theme.palette[0])
    assert len(bars) == len(ROUTES)  # every bar drawn, across (a bar chart turned barh)
    assert max(bars) >= LEAST_BAR_SHARE * pixels.shape[1]
    # The longest bar is the biggest value: bars keep their proportions.
    assert bars.index(max(bars)) == CAPACITY.index(max(CAPACITY))

    chart = _laid_out(job, slide=SLIDES[place] is not None)
    names = [t for t in chart.ax.yaxis.get_ticklabels() if t.get_text()]
    assert len(names) == len(ROUTES)
    for label, name in zip(names, ROUTES, strict=True):
        text = label.get_text()
        assert text.count("\n") < MAX_LINES
        cut = text.endswith("\u2026")
        lines = text.removesuffix("\u2026").split("\n")
        squeezed = "".join(lines).replace(" ", "")
        # The name as written, or its start cut with an ellipsis: never clipped unmarked.
        assert name.replace(" ", "").startswith(squeezed)
        assert cut or squeezed == name.replace(" ", "")
        # Lines break on words (a space or a hyphen of the name), never inside one.
        at = 0
        for line in lines[:-1]:
            at = name.index(line, at) + len(line)
            assert name[at] == " " or line.endswith("-"), (name, text)
    assert not _overlaps(names, chart)
    width = chart.figure.bbox.width
    renderer = chart.canvas.get_renderer()
    assert max(t.get_window_extent(renderer).width for t in names) <= 0.55 * width


WHOLE_NAMES_AT = {"print": None, "4:3 full": (9.0, 4.17)}
"""Where long names have the room to be printed whole: the brief's letter column, a full
4:3 slide (beside points a slide chart is too small for names of 60 characters at 18 pt:
they are cut there, as a last resort)."""


@pytest.mark.parametrize("place", list(WHOLE_NAMES_AT))
def test_long_names_are_printed_whole_at_a_legal_size(tmp_path: Path, place: str) -> None:
    """Names get more of the width, and a smaller legal size, before any is cut."""
    data = ChartData(ROUTES, (Series("Capacity", CAPACITY),))
    slide = WHOLE_NAMES_AT[place]
    chart = _laid_out(_job(tmp_path, "barh", data, slide), slide=slide is not None)
    names = [t for t in chart.ax.yaxis.get_ticklabels() if t.get_text()]
    assert [" ".join(t.get_text().split()) for t in names] == list(ROUTES)
    assert not _overlaps(names, chart)
    # Never below 7 pt in print, nor 18 pt on the slide (the slide chart is enlarged).
    least = 7.0 if slide is None else 18.0 / SLIDE_TEXT_SCALE
    assert min(t.get_fontsize() for t in names) >= least


def test_a_bar_chart_turned_across_keeps_its_axis_titles_on_their_axes(tmp_path: Path) -> None:
    data = replace(ChartData(ROUTES, (Series("Capacity", (-3.0, *CAPACITY[1:])),)),
                   x_label="Route", y_label="bcm")
    chart = _laid_out(_job(tmp_path, "bar", data, None), slide=False)
    assert chart.ax.get_ylabel() == "Route"  # the names run down the side
    assert chart.ax.get_xlabel() in ("bcm", "")  # the values across (dropped when labelled)


def test_bars_whose_names_fit_stay_vertical(tmp_path: Path) -> None:
    data = ChartData(("Azerbaijan to Russia", "Russia to Azerbaijan"),
                     (Series("USD bn", (1.178, 3.621)),))
    chart = _laid_out(_job(tmp_path, "bar", data, (5.76, 3.7367)), slide=True)
    assert [t.get_text() for t in chart.ax.xaxis.get_ticklabels() if t.get_text()]
    assert not [t for t in chart.ax.yaxis.get_ticklabels() if t.get_text()]


MONTHS = tuple(f"{m} {y}" for y in (2022, 2023, 2024)
               for m in ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                         "Nov", "Dec"))
FLOWS = ChartData(MONTHS, tuple(
    Series(name, tuple(base + 0.3 * ((i * (k + 3)) % 5) / 5 for i in range(36)))
    for k, (name, base) in enumerate((("To Europe (bcm)", 1.0), ("To Turkey (bcm)", 0.95),
                                      ("To Georgia (bcm)", 0.3),
                                      ("Domestic Use (bcm)", 0.9)))))


@pytest.mark.parametrize("place", list(SLIDES))
def test_line_names_at_the_ends_never_touch_and_no_legend_eats_the_plot(
        tmp_path: Path, place: str) -> None:
    job = replace(_job(tmp_path, "line", FLOWS, SLIDES[place]), title="Flows")
    chart = _laid_out(job, slide=SLIDES[place] is not None)
    legends = [a for a in chart.figure.findobj(Legend)]
    renderer = chart.canvas.get_renderer()
    height = chart.figure.bbox.height
    assert sum(g.get_window_extent(renderer).height for g in legends) <= (
        MAX_LEGEND_SHARE * height)
    ends = [t for t in chart.ax.texts if t.get_text()]
    assert len(ends) == 4
    named = [t.get_text() for t in legends[0].get_texts()] if legends else []
    for end, series in zip(ends, FLOWS.series, strict=True):
        # Named at its end, or (on a narrow figure) in the legend, its end value alone.
        if named:
            assert series.name.split()[0] in " ".join(named) and " " not in end.get_text()
        else:
            assert end.get_text().replace("\n", " ").startswith(series.name.split()[0])
    # Apart, with a gap: each box grown by a tenth of its height still overlaps none.
    boxes = [t.get_window_extent(renderer).expanded(1.0, 1.1) for t in ends]
    assert not [pair for pair in combinations(boxes, 2) if pair[0].overlaps(pair[1])]
    ticks = [t for t in chart.ax.get_xticklabels() if t.get_text()]
    assert not _overlaps(ticks, chart)
    assert plot_share(chart) >= 1 / 3  # the narrowest: beside points on a 4:3 slide


def plot_share(chart: ChartFigure) -> float:
    """The share of the figure's width the plot area takes."""
    return chart.ax.get_position().width


def test_chart_text_is_in_the_deck_and_brief_sans_with_curly_quotes(tmp_path: Path) -> None:
    data = ChartData(("Baku's share", 'The "corridor"'), (Series("Europe's imports", (1.0, 2.0)),
                                                          Series("Other", (2.0, 1.0))))
    job = replace(_job(tmp_path, "bar", data, None), svg=True, png=False, title="Baku's bet",
                  for_print=True, for_slides=False)
    result = draw_chart(job)
    assert result.svg is not None
    svg = result.svg.read_text(encoding="utf-8")
    assert "IBM Plex Sans" in svg
    assert "Baku\u2019s share" in svg and "\u201ccorridor\u201d" in svg
    assert "Europe\u2019s imports" in svg and "Baku\u2019s bet" in svg
    assert "Baku's" not in svg and "Baku&#39;s" not in svg


DESTINATIONS = ("Italy", "Türkiye", "Greece", "Bulgaria", "Georgia", "Israel", "Croatia",
                "Czech Republic", "Germany", "Portugal", "Spain", "India", "Indonesia",
                "Other Asian and Pacific destinations combined")
SHARES_14 = (38.2, 14.1, 9.0, 6.3, 5.5, 4.8, 4.1, 3.2, 3.0, 2.6, 2.4, 2.2, 2.1, 2.5)


def _value_axis_hugs(ax_lim: tuple[float, float], ticks: list[float], most: float) -> None:
    """The axis ends at the first round tick at or above the data, not a step later."""
    step = ticks[1] - ticks[0]
    assert most <= ax_lim[1] < most + step, (ax_lim, ticks, most)


@pytest.mark.parametrize("place", ["4:3 full", "print"])
def test_fourteen_bar_names_never_touch_and_the_axis_hugs_the_data(tmp_path: Path,
                                                                    place: str) -> None:
    data = ChartData(DESTINATIONS, (Series("Share", SHARES_14),))
    job = replace(_job(tmp_path, "barh", data, SLIDES[place]), unit="%")
    chart = _laid_out(job, slide=SLIDES[place] is not None)
    renderer = chart.canvas.get_renderer()
    names = [t for t in chart.ax.yaxis.get_ticklabels() if t.get_text()]
    assert len(names) == 14
    boxes = [t.get_window_extent(renderer) for t in names]
    # A gap between neighbours: every box grown by a tenth of its height overlaps none.
    grown = [box.expanded(1.0, 1.1) for box in boxes]
    assert not [pair for pair in combinations(grown, 2) if pair[0].overlaps(pair[1])]
    ticks = [t for t in chart.ax.xaxis.get_ticklabels() if t.get_visible() and t.get_text()]
    values = [t for t in chart.ax.texts if t.get_visible() and t.get_text()]
    assert bool(ticks) != bool(values)  # the value axis, or value labels: never both
    if ticks:
        located = [tick for tick in chart.ax.get_xticks()
                   if chart.ax.get_xlim()[0] <= tick <= chart.ax.get_xlim()[1]]
        _value_axis_hugs(chart.ax.get_xlim(), located, max(SHARES_14))


def test_an_unlabelled_bar_chart_axis_hugs_the_data(tmp_path: Path) -> None:
    years = tuple(str(y) for y in range(2010, 2024))
    data = ChartData(years, (Series("Share", SHARES_14),))
    chart = _laid_out(_job(tmp_path, "bar", data, None), slide=False)
    assert [t for t in chart.ax.yaxis.get_ticklabels() if t.get_text()]  # the axis reads
    _value_axis_hugs(chart.ax.get_ylim(), list(chart.ax.get_yticks()), max(SHARES_14))


@pytest.mark.parametrize("size", [(5.4, 3.97), (5.76, 3.7367), (7.7651, 3.7367), None])
def test_a_line_chart_gets_three_round_x_ticks_at_any_size(tmp_path: Path,
                                                          size: tuple[float, float] | None,
                                                          ) -> None:
    """Beside points on a 4:3 slide the names at the lines' ends would leave the plot a
    third of the width and one x tick: there a legend names them instead."""
    chart = _laid_out(_job(tmp_path, "line", FLOWS, size), slide=size is not None)
    ticks = [t for t in chart.ax.get_xticklabels() if t.get_visible() and t.get_text()]
    assert len(ticks) >= 3, [t.get_text() for t in ticks]
    assert all(t.get_text() in ("2022", "2023", "2024") or t.get_text()[:3] in
               ("Jan", "Apr", "Jul", "Oct") for t in ticks)
    assert not _overlaps(ticks, chart)
    assert plot_share(chart) >= 0.5
