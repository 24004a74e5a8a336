"""Drawing charts: every type to PNG, SVG and PDF, deterministic bytes, errors named."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from reportgen.charts.draw import DRAWERS
from reportgen.charts.job import (
    CHART_HEIGHT_IN,
    CHART_WIDTH_IN,
    PIE_HEIGHT_IN,
    ChartDrawError,
    ChartJob,
)
from reportgen.charts.labels import format_share, format_value
from reportgen.charts.pool import draw_charts
from reportgen.charts.render import draw_chart
from reportgen.data.series import ChartData, Series
from reportgen.theme import Theme, build_theme

POINTS_PER_INCH = 72
YEARS = ("2019", "2020", "2021", "2022", "2023", "2024")
PARTNERS = ("Russia", "Türkiye", "China", "European Union member states combined")

DATA: dict[str, ChartData] = {
    "bar": ChartData(
        PARTNERS,
        (Series("Exports", (1.178, 0.62, -0.4, 2.5)), Series("Imports", (3.621, 2.1, 1.9, 2.7))),
        y_label="USD bn",
    ),
    "barh": ChartData(PARTNERS, (Series("Remittances", (20000, 5400, -300, 4.4)),)),
    "stacked_bar": ChartData(
        YEARS[:3],
        (Series("Russia", (0.6, 0.1, 0.2)), Series("EU", (0.5, 0.1, 0.15)),
         Series("Other", (1.8, 0.3, 0.7))),
    ),
    "line": ChartData(
        YEARS,
        (Series("Russia", (-0.3, -0.2, -0.4, -1.4, -1.9, -1.7)),
         Series("EU", (-1.6, -1.2, -1.5, -1.9, -2.2, -2.0))),
        x_label="Year", y_label="USD bn",
    ),
    "area": ChartData(YEARS, (Series("Wine", (37, 27, 44, 54, 61, 63)),
                              Series("Brandy", (5, 6, 7, 8, 8, 9)))),
    "pie": ChartData(PARTNERS, (Series("Share", (36.2, 14.1, 12.5, 37.2)),)),
    "donut": ChartData(("Russia", "Rest of world"), (Series("Share", (4.4, 95.6)),)),
    "scatter": ChartData(
        ("Russia", "Ukraine", "Poland"), (Series("Bottles per person", (0.45, 0.2, 0.3)),),
        x_values=(14000, 5000, 22000), x_label="GDP per capita", y_label="Bottles",
    ),
}
TYPES = sorted(DRAWERS)


@pytest.fixture(scope="module")
def theme() -> Theme:
    """The default theme (DejaVu Sans headings)."""
    return build_theme()


def make_job(out: Path, theme: Theme, chart_type: str, **changes: object) -> ChartJob:
    """A chart job of a type with sample data, writing PNG, SVG and PDF into `out`."""
    job = ChartJob(
        id=f"chart_{chart_type}",
        type=chart_type,
        title=f"Takeaway headline of the {chart_type} chart",
        subtitle="Bilateral goods trade, 2024, USD bn",
        source="Geostat; author's calculations",
        data=DATA[chart_type],
        theme=theme,
        out_dir=out,
        dpi=110,
        svg=True,
        vector_pdf=True,
        unit="%" if chart_type in ("pie", "donut") else None,
    )
    return replace(job, **changes)


def test_the_table_covers_every_type() -> None:
    assert set(DRAWERS) == set(DATA)


@pytest.mark.parametrize("chart_type", TYPES)
def test_every_type_writes_png_svg_and_pdf(tmp_path: Path, theme: Theme, chart_type: str) -> None:
    job = make_job(tmp_path, theme, chart_type)
    result = draw_chart(job)
    assert result.id == job.id
    assert result.png == tmp_path / f"{job.id}.png"
    assert result.svg == tmp_path / f"{job.id}.svg"
    assert result.pdf == tmp_path / f"{job.id}.pdf"
    height_in = PIE_HEIGHT_IN if chart_type in ("pie", "donut") else CHART_HEIGHT_IN
    assert result.aspect == pytest.approx(height_in / CHART_WIDTH_IN)
    with Image.open(result.png) as image:
        assert image.size == (round(CHART_WIDTH_IN * job.dpi), round(height_in * job.dpi))
    pdf = PdfReader(result.pdf)
    assert len(pdf.pages) == 1
    page = pdf.pages[0]
    assert float(page.mediabox.width) == pytest.approx(CHART_WIDTH_IN * POINTS_PER_INCH)
    assert not page.images  # vector: no embedded raster image
    assert job.title in page.extract_text()
    assert not list(tmp_path.glob(".*.tmp"))


@pytest.mark.parametrize("dpi", [72, 75, 100, 144, 333])
def test_png_size_follows_dpi(tmp_path: Path, theme: Theme, dpi: int) -> None:
    result = draw_chart(make_job(tmp_path, theme, "bar", dpi=dpi, svg=False, vector_pdf=False))
    assert result.svg is None and result.pdf is None
    with Image.open(result.png) as image:
        assert image.width == round(CHART_WIDTH_IN * dpi)
        assert image.height == round(CHART_HEIGHT_IN * dpi)


@pytest.mark.parametrize("chart_type", TYPES)
def test_svg_keeps_text_as_text_in_the_theme_font(
    tmp_path: Path, theme: Theme, chart_type: str
) -> None:
    job = make_job(tmp_path, theme, chart_type)
    svg = draw_chart(job).svg
    assert svg is not None
    text = svg.read_text(encoding="utf-8")
    assert f">{job.title}<" in text
    assert f"'{theme.heading_font.name}'" in text
    assert ">Source: Geostat; author" in text


def test_svg_uses_the_palette(tmp_path: Path, theme: Theme) -> None:
    svg = draw_chart(make_job(tmp_path, theme, "stacked_bar")).svg
    assert svg is not None
    text = svg.read_text(encoding="utf-8").lower()
    for color in theme.palette[:3]:
        assert color.lower() in text


def test_a_custom_palette_is_used(tmp_path: Path) -> None:
    theme = build_theme(palette=("#123456", "#ABCDEF", "#FEDCBA"))
    svg = draw_chart(make_job(tmp_path, theme, "line")).svg
    assert svg is not None
    text = svg.read_text(encoding="utf-8").lower()
    assert "#123456" in text and "#abcdef" in text


@pytest.mark.parametrize("chart_type", TYPES)
def test_drawing_twice_gives_identical_bytes(
    tmp_path: Path, theme: Theme, chart_type: str
) -> None:
    first = draw_chart(make_job(tmp_path / "one", theme, chart_type))
    second = draw_chart(make_job(tmp_path / "two", theme, chart_type))
    for a, b in ((first.png, second.png), (first.svg, second.svg), (first.pdf, second.pdf)):
        assert a is not None and b is not None
        assert a.read_bytes() == b.read_bytes(), a.name


def test_draw_charts_in_workers_keeps_input_order(tmp_path: Path, theme: Theme) -> None:
    types = ["pie", "bar", "line", "scatter"]
    jobs = [replace(make_job(tmp_path, theme, t), id=f"n{i}_{t}") for i, t in enumerate(types)]
    results = draw_charts(jobs, workers=2)
    assert [r.id for r in results] == [j.id for j in jobs]
    for result in results:
        assert result.png.is_file() and result.png.stat().st_size > 0
    sequential = draw_charts(
        [replace(j, out_dir=tmp_path / "seq") for j in jobs], workers=1
    )
    for parallel, alone in zip(results, sequential, strict=True):
        assert parallel.png.read_bytes() == alone.png.read_bytes()


def test_a_bad_chart_is_named(tmp_path: Path, theme: Theme) -> None:
    bad_data = ChartData(("Russia", "Rest"), (Series("Share", (-4.4, 95.6)),))
    bad = make_job(tmp_path, theme, "pie", id="trade_asymmetry", data=bad_data)
    with pytest.raises(ChartDrawError) as caught:
        draw_chart(bad)
    assert caught.value.chart_id == "trade_asymmetry"
    assert str(caught.value).startswith("chart 'trade_asymmetry': ")
    assert "negative" in caught.value.message


def test_a_bad_chart_among_workers_is_named(tmp_path: Path, theme: Theme) -> None:
    bad_data = ChartData(("Russia", "Rest"), (Series("Share", (-4.4, 95.6)),))
    jobs = [make_job(tmp_path, theme, t) for t in ("bar", "line", "area")]
    jobs.insert(1, make_job(tmp_path, theme, "pie", id="trade_asymmetry", data=bad_data))
    with pytest.raises(ChartDrawError, match="chart 'trade_asymmetry': ") as caught:
        draw_charts(jobs, workers=2)
    assert caught.value.chart_id == "trade_asymmetry"


@pytest.mark.parametrize(
    ("chart_type", "data", "message"),
    [
        ("bars", DATA["bar"], "unknown chart type 'bars'"),
        ("bar", ChartData(("A", "B"), (Series("s", (1.0,)),)), "1 value(s) for 2"),
        ("bar", ChartData(("A",), ()), "no series"),
        ("line", ChartData((), (Series("s", ()),)), "no categories"),
        ("pie", ChartData(("A", "B"), (Series("s", (0.0, 0.0)),)), "above zero"),
        ("scatter", ChartData(("A", "B"), (Series("s", (1.0, 2.0)),)), "numeric x"),
        ("area", ChartData(("A", "B"), (Series("s", (1.0, -1.0)), Series("t", (1.0, 1.0)))),
         "stacked area"),
    ],
)
def test_impossible_input_raises_a_clear_error(
    tmp_path: Path, theme: Theme, chart_type: str, data: ChartData, message: str
) -> None:
    job = make_job(tmp_path, theme, "bar", type=chart_type, data=data)
    with pytest.raises(ChartDrawError, match=message.replace("(", r"\(").replace(")", r"\)")):
        draw_chart(job)


@pytest.mark.parametrize("chart_type", TYPES)
def test_a_single_category_draws(tmp_path: Path, theme: Theme, chart_type: str) -> None:
    data = ChartData(("2024",), (Series("Only", (4.4,)),), x_values=(1.0,))
    result = draw_chart(make_job(tmp_path, theme, chart_type, data=data, source=None))
    assert result.png.is_file()


@pytest.mark.parametrize("chart_type", ["bar", "barh", "line", "stacked_bar"])
def test_negative_values_draw(tmp_path: Path, theme: Theme, chart_type: str) -> None:
    data = ChartData(("A", "B", "C"), (Series("Balance", (-3.0, -0.5, -12.25)),))
    assert draw_chart(make_job(tmp_path, theme, chart_type, data=data)).png.is_file()


def test_missing_values_draw(tmp_path: Path, theme: Theme) -> None:
    data = ChartData(YEARS[:3], (Series("a", (1.0, float("nan"), 3.0)),))
    for chart_type in ("bar", "line"):
        assert draw_chart(make_job(tmp_path, theme, chart_type, data=data)).png.is_file()


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (1.178, None, "1.178"),
        (20000, None, "20,000"),
        (4.4, None, "4.4"),
        (4.0, None, "4"),
        (-1234.5, None, "\u22121,234.5"),
        (12.5, "%", "12.5%"),
        (-3, "$", "\u2212$3"),
        (0.00123, None, "0.0012"),
        (float("nan"), None, ""),
    ],
)
def test_values_are_formatted_for_reading(value: float, unit: str | None, text: str) -> None:
    assert format_value(value, unit) == text


def test_shares_are_formatted_for_reading() -> None:
    assert [format_share(s) for s in (0.423, 0.044, 0.05, 1.0)] == ["42%", "4.4%", "5%", "100%"]


def test_importing_the_job_does_not_import_matplotlib() -> None:
    code = "import sys, reportgen.charts.job; print('matplotlib' in sys.modules)"
    src = Path(__file__).resolve().parents[2] / "src"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        env={"PYTHONPATH": str(src), "PATH": ""},
    )
    assert out.stdout.strip() == "False"


POOL_PROBE = """
import sys
from pathlib import Path
from reportgen.charts.job import ChartJob
from reportgen.charts.pool import draw_charts
from reportgen.data.series import ChartData, Series
from reportgen.theme import build_theme
data = ChartData(("a", "b", "c"), (Series("Exports", (1.0, 2.0, 3.0)),))
jobs = [ChartJob(id=f"c{i}", type="bar", title="Takeaway", subtitle=None, source=None,
                 data=data, theme=build_theme(), out_dir=Path(sys.argv[1]) / str(i), dpi=50)
        for i in range(3)]
assert "matplotlib" not in sys.modules
results = draw_charts(jobs, workers=2)
assert all(r.png is not None and r.png.is_file() for r in results)
print("matplotlib" in sys.modules)
"""


def test_forked_chart_workers_share_the_drawing_code_imported_once(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-c", POOL_PROBE, str(tmp_path)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-1] == "True"  # imported here, before the workers forked
