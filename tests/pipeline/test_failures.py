"""Builds that cannot finish end with a clean error (exit 2) and leave earlier outputs."""

from __future__ import annotations

import shutil
from pathlib import Path

from reportgen.fonts import find_family
from tests.conftest import run_cli
from tests.pipeline.test_publish import snapshot


def starter(tmp_path: Path) -> Path:
    """A fresh `reportgen init` spec."""
    assert run_cli("init", tmp_path / "s").returncode == 0
    return tmp_path / "s" / "report.yaml"


def test_output_folder_that_is_a_file_is_a_located_error(tmp_path: Path) -> None:
    spec = starter(tmp_path)
    spec.write_text(spec.read_text().replace("  dir: dist", "  dir: data/exports.csv"))
    result = run_cli("build", spec)
    assert result.returncode == 2, result.stderr
    assert "outputs.dir: the output folder 'data/exports.csv' cannot be made" in result.stderr
    assert "Traceback" not in result.stderr


def test_out_below_a_file_is_a_clean_error(tmp_path: Path) -> None:
    spec = starter(tmp_path)
    result = run_cli("build", spec, "--out", spec.parent / "data" / "exports.csv" / "x")
    assert result.returncode == 2, result.stderr
    assert "cannot create the output folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_folder_in_the_way_of_an_output_replaces_nothing(tmp_path: Path) -> None:
    spec = starter(tmp_path)
    out = spec.parent / "dist"
    assert run_cli("build", spec).returncode == 0
    deck = out / "regional-trade-at-a-glance.pptx"
    deck.unlink()
    deck.mkdir()
    before = snapshot(out)
    spec.write_text(spec.read_text().replace("almost half", "nearly half"))
    result = run_cli("build", spec)
    assert result.returncode == 2, result.stderr
    assert "a folder of that name is in the way" in result.stderr
    assert snapshot(out) == before
    assert not list(out.rglob("*.tmp"))


def test_placeholders_in_titles_reach_the_chart_image(tmp_path: Path) -> None:
    spec = starter(tmp_path)
    text = spec.read_text().replace('"Exports rose by almost half in three years"',
                                    '"Exports reached {{ key_figures.exports_2024 }}"')
    spec.write_text(text)
    assert run_cli("build", spec).returncode == 0
    svg = (spec.parent / "dist" / "charts" / "exports_by_year.png").with_suffix(".svg")
    assert "Exports reached $14.2bn" in svg.read_text()


def test_a_changed_font_file_redraws_the_charts(tmp_path: Path) -> None:
    spec = starter(tmp_path)
    sans, serif = find_family("DejaVu Sans"), find_family("DejaVu Serif")
    assert sans is not None and serif is not None
    fonts = spec.parent / "fonts"
    fonts.mkdir()
    shutil.copy(sans.regular, fonts / "Brand.ttf")
    spec.write_text(spec.read_text().replace("outputs:", "theme: {font: fonts/Brand.ttf}\n"
                                                         "outputs:"))
    assert run_cli("build", spec, "--only", "charts").returncode == 0
    shutil.copy(serif.regular, fonts / "Brand.ttf")
    again = run_cli("build", spec, "--only", "charts")
    assert again.returncode == 0, again.stderr
    assert "(1 chart drawn)" in again.stderr


def test_a_template_without_the_needed_layouts_fails_before_drawing(tmp_path: Path) -> None:
    from pptx import Presentation

    spec = starter(tmp_path)
    template = Presentation(str(Path(__file__).resolve().parents[2] / "assets" / "templates"
                                / "default.pptx"))
    master = template.slide_masters[0]
    for layout in list(master.slide_layouts):
        if layout.name != "Blank":
            master.slide_layouts.remove(layout)
    template.save(str(spec.parent / "bare.pptx"))
    spec.write_text(spec.read_text().replace("  pptx: true", "  pptx: {template: bare.pptx}"))
    result = run_cli("build", spec)
    assert result.returncode == 2, result.stderr
    assert "outputs.pptx.template: template bare.pptx lacks" in result.stderr
    assert "(for chart, key-figures and timeline slides)" in result.stderr
    assert not (spec.parent / "dist").exists()  # nothing drawn, nothing written
