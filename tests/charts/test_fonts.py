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
