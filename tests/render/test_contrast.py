"""Text contrast on real output: every character of the brief against the fill it is
printed on (a tinted box, a band, the page), in both presets, at least 4.5:1."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from reportgen.core.color import MIN_CONTRAST, contrast
from tests.conftest import copy_sample, run_cli

Rgb = tuple[float, float, float]


def hex_of(color: object) -> str | None:
    """A pdfplumber colour (grey, RGB or CMYK, each 0-1) as `#RRGGBB`."""
    if color is None:
        return None
    values = list(color) if isinstance(color, list | tuple) else [color]
    if len(values) == 1:
        values *= 3
    elif len(values) == 4:
        cyan, magenta, yellow, black = values
        values = [(1 - cyan) * (1 - black), (1 - magenta) * (1 - black),
                  (1 - yellow) * (1 - black)]
    return "#" + "".join(f"{round(float(v) * 255):02X}" for v in values[:3])


def low_contrast(pdf_path: Path) -> list[str]:
    """Characters under 4.5:1 against the topmost filled rectangle beneath them (or white)."""
    found = []
    with pdfplumber.open(pdf_path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            fills = [r for r in page.rects if r.get("fill") and hex_of(r["non_stroking_color"])]
            for char in page.chars:
                ink = hex_of(char.get("non_stroking_color"))
                if ink is None or not char["text"].strip():
                    continue
                x, y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
                ground = "#FFFFFF"
                for rect in fills:
                    if rect["x0"] <= x <= rect["x1"] and rect["top"] <= y <= rect["bottom"]:
                        ground = hex_of(rect["non_stroking_color"]) or ground
                ratio = contrast(ink, ground)
                if ratio < MIN_CONTRAST:
                    found.append(f"page {number}: {char['text']!r} {ink} on {ground} "
                                 f"{ratio:.2f}:1")
    return found


@pytest.mark.parametrize("preset", ["default", "civic"])
def test_every_character_of_the_brief_reads_on_its_fill(tmp_path: Path, preset: str) -> None:
    spec = copy_sample(tmp_path / "sample")
    spec.write_text(spec.read_text("utf-8").replace("theme:\n", f"theme:\n  preset: {preset}\n"),
                    "utf-8")
    result = run_cli("build", spec, "--only", "pdf", "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    (pdf,) = (tmp_path / "out").glob("*.pdf")
    with pdfplumber.open(pdf) as opened:
        assert sum(len(page.chars) for page in opened.pages) > 5000  # the text is seen
    assert low_contrast(pdf) == []


def test_the_measure_finds_pale_text(tmp_path: Path) -> None:
    """A pale accent as the masthead colour would print white on yellow: it is caught."""
    spec = copy_sample(tmp_path / "sample")
    spec.write_text(spec.read_text("utf-8").replace('  primary: "#0B3C5D"\n',
                                                    '  primary: "#F2E14C"\n'), "utf-8")
    result = run_cli("build", spec, "--only", "pdf", "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    (pdf,) = (tmp_path / "out").glob("*.pdf")
    assert low_contrast(pdf)
