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
