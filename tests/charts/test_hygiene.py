"""Chart hygiene, measured on the drawn figure: labels that read on their fills, a highlight,
pies of many slices, labelled scatter points, one number format, round ticks, dates,
and long category names that never run into each other."""

from __future__ import annotations

import colorsys
import math
from dataclasses import replace
from itertools import combinations
from pathlib import Path

import matplotlib
import pytest
from matplotlib.colors import to_hex
from matplotlib.patches import Rectangle, Wedge
from matplotlib.text import Text

from reportgen.charts.draw import ChartFigure
from reportgen.charts.job import ChartJob, printed_text
from reportgen.charts.style import chart_style, rc_params
from reportgen.core.color import MIN_CONTRAST, contrast
from reportgen.data.series import OTHER, ChartData, Series, category_labels, humanise
from reportgen.theme import Theme, build_theme

MONTHS = tuple(f"2024-{m:02d}-01" for m in range(1, 13))
COUNTRIES = ("Azerbaijan", "Georgia", "Armenia", "Kazakhstan", "Uzbekistan", "Turkey",
             "Russia", "Iran", "Ukraine", "Kyrgyzstan", "Tajikistan", "Turkmenistan",
             "Moldova", "Belarus")
SHARES = (4.4, 13.0, 9.0, 6.0, 5.0, 10.0, 21.0, 3.0, 2.5, 1.0, 0.8, 1.1, 1.5, 1.2)
FEW_SMALL = (40.0, 20.0, 12.0, 10.0, 8.0, 4.0, 3.0, 3.0)
"""Shares of eight slices whose three smallest sum to less than the second biggest."""
LONG_NAMES = (
    "Migrant remittances from Azerbaijani workers in Russia (approximately, per year)",
    "Azerbaijan's exports of goods to the Russian Federation (2024)",
    "Russia's exports of goods to Azerbaijan in the year 2024 according to customs",
    "Transit fees",
    "Foreign direct investment stock held by Russian companies in Azerbaijan",
)


@pytest.fixture(scope="module")
def theme() -> Theme:
    return build_theme()


def job_of(theme: Theme, chart_type: str, data: ChartData, unit: str | None = None) -> ChartJob:
    return ChartJob(id="c", type=chart_type, title="A takeaway", subtitle="Units",
                    source="Test data", data=data, theme=theme, out_dir=Path("."), unit=unit)


def drawn(job: ChartJob, *, slide: bool = False) -> ChartFigure:
    """The chart drawn and laid out as the framed print (or slide) figure."""
    style = chart_style(job.theme)
    with matplotlib.rc_context(rc_params(style, printed_text(job))):
        chart = ChartFigure(job, style)
        chart.lay_out(bare=False, slide=slide).canvas.draw()
    return chart


def hex_of(artist_color: object) -> str:
    return to_hex(artist_color).upper()  # type: ignore[arg-type]


def texts_on(chart: ChartFigure) -> list[tuple[Text, str]]:
    """Each text drawn inside a bar or wedge, with the fill it sits on."""
    ax = chart.ax
    renderer = chart.canvas.get_renderer()
    found = []
    fills = [p for p in ax.patches if isinstance(p, Rectangle | Wedge)]
    for text in ax.texts:
        if not text.get_visible() or not text.get_text():
            continue
        box = text.get_window_extent(renderer)
        centre = ((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2)
        under = [p for p in fills if p.contains_point(centre)]
        if under:
            found.append((text, hex_of(under[-1].get_facecolor())))
    return found


def six_series(categories: tuple[str, ...]) -> ChartData:
    return ChartData(categories, tuple(
        Series(f"S{i}", tuple(1.0 + (i + j) % 3 for j in range(len(categories))))
        for i in range(6)))


@pytest.mark.parametrize("preset", ["default", "civic"])
def test_value_labels_inside_stacked_bars_read_on_their_fill(preset: str) -> None:
    chart = drawn(job_of(build_theme(preset), "stacked_bar", six_series(("2023", "2024"))))
    pairs = texts_on(chart)
    assert len(pairs) == 12  # every segment is labelled: the test sees them all
    for text, fill in pairs:
        ratio = contrast(hex_of(text.get_color()), fill)
        assert ratio >= MIN_CONTRAST, (text.get_text(), fill, ratio)


def test_shares_inside_pie_slices_read_on_their_fill(theme: Theme) -> None:
    data = ChartData(("A", "B", "C", "D", "E", "F"),
                     (Series("Share", (30.0, 20.0, 15.0, 15.0, 10.0, 10.0)),))
    pairs = texts_on(drawn(job_of(theme, "pie", data, "%")))
    assert len(pairs) == 6
    for text, fill in pairs:
        assert contrast(hex_of(text.get_color()), fill) >= MIN_CONTRAST, (text.get_text(), fill)


def test_chart_text_reads_on_the_figure_background(theme: Theme) -> None:
    chart = drawn(job_of(theme, "bar", ChartData(COUNTRIES[:4], (Series("x", SHARES[:4]),))))
    ground = hex_of(chart.figure.get_facecolor())
    texts = [t for t in chart.figure.findobj(Text) if t.get_visible() and t.get_text()]
    assert len(texts) > 8
    for text in texts:
        assert contrast(hex_of(text.get_color()), ground) >= MIN_CONTRAST, text.get_text()


def test_a_pie_of_eight_slices_draws_six_the_rest_as_other(theme: Theme) -> None:
    data = ChartData(COUNTRIES[:8], (Series("Share of exports", FEW_SMALL),))
    chart = drawn(job_of(theme, "pie", data, "%"))
    wedges = [p for p in chart.ax.patches if isinstance(p, Wedge)]
    assert len(wedges) == 6
    names = [t.get_text() for t in chart.ax.texts]
    assert names.count(OTHER) == 1 and "Kazakhstan" in names and "Iran" not in names
    assert "10%" in names  # the three smallest, summed
    spans = [w.theta2 - w.theta1 for w in wedges[:5]]
    assert spans == sorted(spans, reverse=True)  # largest first, Other last


@pytest.mark.parametrize("chart_type", ["pie", "donut"])
def test_a_pie_that_would_hide_nine_slices_is_drawn_as_sorted_bars(theme: Theme,
                                                                    chart_type: str) -> None:
    data = ChartData(COUNTRIES, (Series("Share of exports", SHARES),))
    chart = drawn(job_of(theme, chart_type, data, "%"))
    assert not [p for p in chart.ax.patches if isinstance(p, Wedge)]
    bars = [p for p in chart.ax.patches if isinstance(p, Rectangle)]
    assert len(bars) == len(COUNTRIES)
    names = [t.get_text().replace("\n", " ") for t in chart.ax.yaxis.get_ticklabels()]
    assert names == [COUNTRIES[i] for i in sorted(range(len(SHARES)), key=lambda i: -SHARES[i])]
    widths = [bar.get_width() for bar in bars]
    assert widths == sorted(widths, reverse=True)
    values = [t.get_text() for t in chart.ax.texts]
    assert "21.0%" in values and OTHER not in values


def test_a_pie_whose_other_would_be_a_biggest_slice_is_drawn_as_bars(theme: Theme) -> None:
    shares = (30.0, 9.0, 8.0, 7.0, 6.0, 14.0, 13.0, 13.0)
    data = ChartData(COUNTRIES[:8], (Series("Share", shares),))
    chart = drawn(job_of(theme, "pie", data, "%"))
    assert not [p for p in chart.ax.patches if isinstance(p, Wedge)]
    assert len([p for p in chart.ax.patches if isinstance(p, Rectangle)]) == 8


def test_pie_slice_names_never_overlap(theme: Theme) -> None:
    data = ChartData(COUNTRIES[:8], (Series("Share", FEW_SMALL),))
    chart = drawn(job_of(theme, "donut", data))
    renderer = chart.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in chart.ax.texts
             if t.get_text() in (*COUNTRIES, OTHER)]
    assert len(boxes) == 6  # five slices outside, the first named in the hole
    assert not [pair for pair in combinations(boxes, 2) if pair[0].overlaps(pair[1])]


def test_a_donut_of_shares_names_its_first_slice_once_in_the_hole(theme: Theme) -> None:
    data = ChartData(("Russia", "Rest of world"), (Series("Share", (4.4, 95.6)),),
                     highlight=("Russia",))
    chart = drawn(job_of(theme, "donut", data, "%"))
    texts = [t.get_text() for t in chart.ax.texts if t.get_visible()]
    assert texts.count("Russia") == 1 and "4.4%" in texts and "Rest of world" in texts
    fills = [hex_of(p.get_facecolor()) for p in chart.ax.patches if isinstance(p, Wedge)]
    assert fills == [theme.accent, theme.quiet]


@pytest.mark.parametrize("chart_type", ["donut", "pie"])
@pytest.mark.parametrize("shares", [(4.4, 95.6), (30.0, 20.0, 15.0, 15.0, 10.0, 10.0)])
def test_slices_without_a_highlight_share_one_calm_hue(theme: Theme, chart_type: str,
                                                     shares: tuple[float, ...]) -> None:
    """No slice (the biggest least of all) shouts in a saturated second hue: the slices
    are the first series colour and ever lighter tints of it, in order."""
    names = ("Russia", "Rest of world", "C", "D", "E", "F")[:len(shares)]
    chart = drawn(job_of(theme, chart_type, ChartData(names, (Series("Share", shares),)), "%"))
    fills = [p.get_facecolor()[:3] for p in chart.ax.patches if isinstance(p, Wedge)]
    assert hex_of(fills[0]) == theme.palette[0].upper()
    hues = {round(colorsys.rgb_to_hsv(*fill)[0], 2) for fill in fills}
    assert len(hues) == 1, [hex_of(f) for f in fills]
    lightness = [sum(fill) for fill in fills]
    assert lightness == sorted(lightness) and len(set(lightness)) == len(fills)


def test_highlight_gives_the_named_bars_the_accent_and_the_rest_grey(theme: Theme) -> None:
    data = ChartData(COUNTRIES[:5], (Series("x", SHARES[:5]),), highlight=("Georgia",))
    chart = drawn(job_of(theme, "bar", data))
    fills = [hex_of(p.get_facecolor()) for p in chart.ax.patches if isinstance(p, Rectangle)]
    assert fills == [theme.quiet, theme.accent, theme.quiet, theme.quiet, theme.quiet]
    plain = drawn(job_of(theme, "bar", replace(data, highlight=())))
    assert {hex_of(p.get_facecolor()) for p in plain.ax.patches} == {theme.palette[0]}


def test_highlight_names_the_series_of_a_line_chart(theme: Theme) -> None:
    data = ChartData(MONTHS[:4], (Series("To Europe (bcm)", (1, 2, 3, 4)),
                                  Series("To China (bcm)", (2, 2, 3, 3))),
                     highlight=("To China (bcm)",))
    chart = drawn(job_of(theme, "line", data))
    lines = [line for line in chart.ax.get_lines() if len(line.get_xdata()) > 1]
    colors = [hex_of(line.get_color()) for line in lines]
    assert colors == [theme.quiet, theme.accent]


def test_scatter_points_are_named_by_the_label_column(theme: Theme) -> None:
    data = ChartData(tuple(str(v) for v in range(14)), (Series("Renewables", SHARES),),
                     x_values=tuple(float(v) for v in range(14)), point_labels=COUNTRIES,
                     highlight=("Russia",))
    chart = drawn(job_of(theme, "scatter", data))
    renderer = chart.canvas.get_renderer()
    shown = [t for t in chart.ax.texts if t.get_visible()]
    names = {t.get_text() for t in shown}
    assert "Russia" in names and len(names) >= 8
    russia = next(t for t in shown if t.get_text() == "Russia")
    assert russia.get_fontweight() == "bold"
    boxes = [t.get_window_extent(renderer) for t in shown]
    assert not [pair for pair in combinations(boxes, 2) if pair[0].overlaps(pair[1])]


@pytest.mark.parametrize("values,shown", [
    ((0.5, 1.178), ["0.5", "1.178"]),  # never more decimals than the data has
    ((16.2, 10.0, 25.0), ["10.0", "16.2", "25.0"]),  # one zero more lines them up
    ((1.25, 2.5, 3.0), ["1.25", "2.50", "3"]),
])
def test_value_labels_share_one_number_of_decimals(theme: Theme, values: tuple[float, ...],
                                                   shown: list[str]) -> None:
    names = ("Remittances", "Exports", "Imports")[:len(values)]
    data = ChartData(names, (Series("USD bn", values),))
    for chart_type in ("barh", "bar"):
        chart = drawn(job_of(theme, chart_type, data))
        assert sorted(t.get_text() for t in chart.ax.texts if t.get_visible()) == shown


@pytest.mark.parametrize("values", [(0.3, 1.7, 2.6, 4.1), (120, 480, 1900, 2600),
                                    (-2.443, 1.178, 3.621, 0.2)])
def test_value_ticks_are_round(theme: Theme, values: tuple[float, ...]) -> None:
    data = ChartData(("2021", "2022", "2023", "2024"), (Series("a", values), Series("b", values)))
    chart = drawn(job_of(theme, "line", data))
    ticks = chart.ax.get_yticks()
    step = ticks[1] - ticks[0]
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert round(mantissa, 6) in (1, 2, 5), ticks
    labels = [t.get_text() for t in chart.ax.get_yticklabels() if t.get_text()]
    assert len({len(t.split(".")[1]) if "." in t else 0 for t in labels}) == 1, labels


def test_dates_read_as_months(theme: Theme) -> None:
    assert category_labels(MONTHS[:3]) == ("Jan 2024", "Feb 2024", "Mar 2024")
    assert category_labels(("2022-01-01", "2023-01-01")) == ("2022", "2023")
    assert category_labels(("2024-02-05", "2024-03-01")) == ("5 Feb 2024", "1 Mar 2024")
    assert category_labels(("2024", "Q2")) == ("2024", "Q2")
    data = ChartData(category_labels(MONTHS), (Series("x", tuple(range(12))),))
    chart = drawn(job_of(theme, "line", data))
    shown = [t.get_text() for t in chart.ax.get_xticklabels() if t.get_text()]
    assert shown and all(len(t) == 8 and t[:3].isalpha() for t in shown)
    assert shown[0] == "Jan 2024"  # thinned from January, at a round interval


THREE_YEARS = category_labels(tuple(f"{y}-{m:02d}" for y in (2022, 2023, 2024)
                                    for m in range(1, 13)))


@pytest.mark.parametrize("chart_type", ["line", "stacked_bar", "bar"])
@pytest.mark.parametrize("slide", [False, True])
def test_month_ticks_fall_at_round_intervals_and_never_collide(
        theme: Theme, chart_type: str, slide: bool) -> None:
    series = tuple(Series(f"Series {k}", tuple(1.0 + (i * (k + 2)) % 5 for i in range(36)))
                   for k in range(2))
    chart = drawn(job_of(theme, chart_type, ChartData(THREE_YEARS, series)), slide=slide)
    renderer = chart.canvas.get_renderer()
    labels = [t for t in chart.ax.get_xticklabels() if t.get_visible() and t.get_text()]
    shown = [t.get_text().replace("\n", " ") for t in labels]
    assert len(shown) >= 2
    # Whole years, or January and July (quarters) with their year: never Sep, Jun, Mar.
    assert all(t in ("2022", "2023", "2024") or t[:3] in ("Jan", "Apr", "Jul", "Oct")
               for t in shown), shown
    boxes = [t.get_window_extent(renderer) for t in labels]
    assert not [pair for pair in combinations(boxes, 2) if pair[0].overlaps(pair[1])]


def test_stacked_bars_of_36_months_carry_no_value_labels(theme: Theme) -> None:
    series = tuple(Series(f"Series {k}", tuple(1.0 + (i * (k + 2)) % 5 for i in range(36)))
                   for k in range(2))
    chart = drawn(job_of(theme, "stacked_bar", ChartData(THREE_YEARS, series)))
    assert not [t for t in chart.ax.texts if t.get_text()]
    assert [t for t in chart.ax.get_yticklabels() if t.get_text()]  # the axis reads instead
    few = ChartData(THREE_YEARS[:12], tuple(replace(s, values=s.values[:12]) for s in series))
    assert [t for t in drawn(job_of(theme, "stacked_bar", few)).ax.texts if t.get_text()]


@pytest.mark.parametrize("column,name", [
    ("to_europe_bcm", "To Europe (bcm)"), ("usd_bn", "USD bn"), ("share_pct", "Share (%)"),
    ("gdp_growth_pct", "GDP Growth (%)"), ("exports", "Exports"),
    ("Exports to the EU", "Exports to the EU"), ("amu_darya_km3", "Amu Darya (km³)")])
def test_column_names_are_humanised(column: str, name: str) -> None:
    assert humanise(column) == name


@pytest.mark.parametrize("chart_type", ["barh", "bar"])
@pytest.mark.parametrize("slide", [False, True])
def test_long_category_names_wrap_and_never_collide(theme: Theme, chart_type: str,
                                                    slide: bool) -> None:
    data = ChartData(LONG_NAMES, (Series("USD bn", (0.5, 1.178, 3.621, 0.2, 2.1)),))
    chart = drawn(job_of(theme, chart_type, data), slide=slide)
    renderer = chart.canvas.get_renderer()
    # A bar chart of names this long is drawn as horizontal bars (check says so).
    labels = [t for t in chart.ax.yaxis.get_ticklabels() if t.get_text()]
    assert len(labels) == 5
    for label, name in zip(labels, LONG_NAMES, strict=True):
        text = label.get_text()
        assert text.count("\n") <= 2  # three lines at most
        shown = text.replace("\n", " ")
        # Wrapped on words; a name too long for three lines ends in an ellipsis.
        assert shown == name or (shown.endswith("\u2026") and name.startswith(shown[:-1]))
    assert max(t.get_text().count("\n") for t in labels) >= 1
    boxes = [t.get_window_extent(renderer) for t in labels]
    assert not [pair for pair in combinations(boxes, 2) if pair[0].overlaps(pair[1])]
