"""A chart is drawn only in the variants some output uses: no slide PNG without a deck
that shows pictures, no print SVG without a brief."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_cli


def cached_files(dist: Path) -> list[str]:
    """The names of every chart file in the output folder's chart cache."""
    return sorted(p.name for p in (dist / ".cache" / "charts").rglob("*")
                  if p.is_file() and p.name != "result.json")


def with_outputs(spec: Path, old: str, new: str) -> None:
    text = spec.read_text()
    assert old in text
    spec.write_text(text.replace(old, new, 1))


def test_a_build_without_a_deck_draws_no_slide_png(sample_spec: Path) -> None:
    with_outputs(sample_spec, "  pptx: true", "  pptx: false")
    dist = sample_spec.parent / "dist"
    result = run_cli("build", sample_spec)
    assert result.returncode == 0, result.stderr
    files = cached_files(dist)
    assert any(name.endswith(".bare.svg") for name in files)
    assert not any(name.endswith(".slide.png") for name in files), files
    import pdfplumber

    with pdfplumber.open(dist / "azerbaijan-russia.pdf") as pdf:  # the brief has its charts
        assert sum(len(page.curves) + len(page.rects) for page in pdf.pages) > 20


def test_a_deck_of_native_charts_and_no_brief_draw_no_bare_variant(sample_spec: Path) -> None:
    with_outputs(sample_spec, "  pptx: true", "  pptx: {charts: native}")
    with_outputs(sample_spec, "  pdf: true", "  pdf: false")
    dist = sample_spec.parent / "dist"
    result = run_cli("build", sample_spec)
    assert result.returncode == 0, result.stderr
    files = cached_files(dist)
    assert files and all(not name.endswith((".slide.png", ".bare.svg")) for name in files)
    from pptx import Presentation

    deck = Presentation(str(dist / "azerbaijan-russia.pptx"))
    assert sum(1 for slide in deck.slides for shape in slide.shapes if shape.has_chart) == 5

