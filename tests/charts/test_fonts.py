"""A chart lists the fallback fonts its text needs, and only those.

Every family in matplotlib's `font.family` costs a font lookup each time a text is
measured or drawn, so a chart in Latin script names no fallback font, and a chart with
Chinese names or a manat sign names the ones that draw them.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from reportgen.charts.render import draw_chart
from reportgen.data.series import ChartData, Series
from reportgen.glyphs import fallback_fonts
from reportgen.theme import build_theme
from tests.charts.test_draw import make_job

FALLBACK_FAMILIES = {font.family for font in fallback_fonts()}


def _families(svg: Path) -> set[str]:
    named = re.findall(r"font-family: ([^;\"]+)", svg.read_text(encoding="utf-8"))
    return {name.strip().strip("'") for entry in named for name in entry.split(",")}


def test_a_latin_chart_names_no_fallback_font(tmp_path: Path) -> None:
    result = draw_chart(make_job(tmp_path, build_theme(), "bar"))
    assert result.svg is not None and result.bare_svg is not None
    for svg in (result.svg, result.bare_svg):
        assert _families(svg) == {"IBM Plex Sans", "DejaVu Sans"}  # the chart font, DejaVu


def test_a_chart_names_the_fallback_fonts_its_text_needs(tmp_path: Path) -> None:
    data = ChartData(("中国", "Azərbaycan"), (Series("Exports", (1.0, 2.0)),))
    job = replace(make_job(tmp_path, build_theme(), "bar"), data=data,
                  title="Trade in ₼ bn")
    result = draw_chart(job)
    assert result.svg is not None
    families = _families(result.svg)
    assert {"Noto Sans CJK SC", "Noto Sans"} <= families
    assert not families & (FALLBACK_FAMILIES - {"Noto Sans CJK SC", "Noto Sans"})
    text = result.svg.read_text(encoding="utf-8")
    assert "中国" in text and "₼" in text


def _drawn_in(chart_type: str, slide: bool) -> dict[str, str]:
    """The font file each visible text of a laid-out chart is drawn from, by its text."""
    import matplotlib
    from matplotlib import font_manager
    from matplotlib.text import Text

    from reportgen.charts.draw import ChartFigure
    from reportgen.charts.job import printed_text
    from reportgen.charts.style import chart_style, rc_params

    job = make_job(Path("."), build_theme(), chart_type)
    style = chart_style(job.theme)
    with matplotlib.rc_context(rc_params(style, printed_text(job))):
        chart = ChartFigure(job, style)
        chart.lay_out(bare=False, slide=False)
        chart.lay_out(bare=True, slide=True)
        if not slide:
            chart.lay_out(bare=False, slide=False)  # and back to print
        chart.figure.canvas.draw()
        return {t.get_text(): Path(font_manager.findfont(t.get_fontproperties())).name
                for t in chart.figure.findobj(Text) if t.get_visible() and t.get_text()}


def test_slide_charts_are_drawn_in_the_decks_font_and_print_charts_in_plex() -> None:
    """A slide's chart picture is set in the font the deck measures its own text with
    (Liberation Sans, Arial's metric twin); the brief's charts stay in IBM Plex Sans."""
    deck_files = {p.name for p in (build_theme().slide_font.regular,
                                   build_theme().slide_font.bold)}
    for chart_type in ("line", "bar", "pie"):
        on_slide = _drawn_in(chart_type, slide=True)
        assert on_slide and set(on_slide.values()) <= deck_files, (chart_type, on_slide)
        in_print = _drawn_in(chart_type, slide=False)
        assert all(name.startswith("IBMPlexSans") for name in in_print.values()), in_print
