"""Chart text prints as typed: `$`, `^`, `_` and `\\` are never read as mathtext.

"Oil rose from $50 to $80" must keep its dollar signs (not italicise "50 to "), and a
malformed `$x^{2$` must draw rather than stop the build with a parser error.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from reportgen.charts.draw import DRAWERS
from reportgen.charts.job import ChartJob
from reportgen.charts.render import draw_chart
from reportgen.data.series import ChartData, Series
from reportgen.theme import build_theme

TITLE = "Oil rose from $50 to $80"
SUBTITLE = r"Index a_b^c, \alpha and $\sqrt{2}$"
SOURCE = r"Survey $x^{2$ \frac{1}{2}"
X_LABEL = r"C:\data_dir $k$"
Y_LABEL = "$ per unit^2 $"
CATEGORIES = ("$A_1$", "B^2 $", r"C\D_e", "$x^{2$")
SERIES = ("Ex$ports_1$", r"Im\ports^2")
NUMBERS = (1.5, 2.0, 3.25, 4.0)
SVG = "{http://www.w3.org/2000/svg}"

AXIS_LABELS = {
    "bar": (X_LABEL,),
    "barh": (Y_LABEL,),
    "stacked_bar": (X_LABEL, Y_LABEL),
    "line": (X_LABEL, Y_LABEL),
    "area": (X_LABEL, Y_LABEL),
    "scatter": (X_LABEL, Y_LABEL),
    "pie": (),
    "donut": (),
}
"""Axis labels each type keeps (a value axis whose bars are all labelled drops its own)."""
ROUND = ("pie", "donut")


def _job(chart_type: str, out: Path) -> ChartJob:
    values = tuple(Series(name, NUMBERS) for name in SERIES)
    data = ChartData(
        CATEGORIES,
        values[:1] if chart_type in ROUND else values,
        x_values=(10.0, 20.0, 30.0, 40.0) if chart_type == "scatter" else None,
        x_label=X_LABEL,
        y_label=Y_LABEL,
    )
    return ChartJob(id=f"literal_{chart_type}", type=chart_type, title=TITLE, subtitle=SUBTITLE,
                    source=SOURCE, data=data, theme=build_theme(), out_dir=out, dpi=60,
                    png=True, svg=True, bare=True, unit="$")


def _texts(svg: Path) -> list[str]:
    """Every text the SVG shows, one per text element (lines of wrapped text joined)."""
    root = etree.parse(str(svg)).getroot()
    return ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]


def _expected(chart_type: str) -> list[str]:
    wanted = [*CATEGORIES, *AXIS_LABELS[chart_type]]
    if chart_type not in ROUND:
        wanted += SERIES  # the legend
    return wanted


@pytest.mark.parametrize("chart_type", sorted(DRAWERS))
def test_every_text_field_prints_literally(tmp_path: Path, chart_type: str) -> None:
    result = draw_chart(_job(chart_type, tmp_path))
    assert result.svg is not None and result.bare_svg is not None
    framed, bare = _texts(result.svg), _texts(result.bare_svg)
    for text in (TITLE, SUBTITLE, f"Source: {SOURCE}"):
        assert text in framed, (text, framed)
    for text in _expected(chart_type):
        assert any(text in shown for shown in framed), (text, framed)
        assert any(text in shown for shown in bare), (text, bare)
    if chart_type not in ("pie", "scatter"):  # the rest label values in the `$` unit
        # (a line's value follows its name at the line's end: `Ex$ports_1$ $4`)
        assert any(re.search(r"(^| )\$\d", shown) for shown in framed), framed


@pytest.mark.parametrize("chart_type", sorted(DRAWERS))
def test_no_text_is_set_as_math(tmp_path: Path, chart_type: str) -> None:
    """Mathtext would set glyphs as paths or in italic (cmmi) fonts; none may appear."""
    result = draw_chart(_job(chart_type, tmp_path))
    assert result.svg is not None
    svg = result.svg.read_text(encoding="utf-8")
    assert "cmmi" not in svg.lower() and "dejavusans-oblique" not in svg.lower()
    assert "font-style: italic" not in svg and "font-style:italic" not in svg
