"""Text contrast on real output: every character of the brief against the fill it is
printed on (a tinted box, a band, the page), in both presets, at least 4.5:1."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from matplotlib.path import Path as MplPath

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


def filled_shapes(page: pdfplumber.page.Page) -> list[tuple[float, MplPath | None, str]]:
    """Every filled rectangle and curve of a page: its area, its outline (None for a
    rectangle) and its colour, smallest first (the one drawn over the others)."""
    shapes = []
    for rect in page.rects:
        color = rect.get("fill") and hex_of(rect["non_stroking_color"])
        if color:
            box = [(rect["x0"], rect["top"]), (rect["x1"], rect["top"]),
                   (rect["x1"], rect["bottom"]), (rect["x0"], rect["bottom"])]
            shapes.append((rect["width"] * rect["height"], MplPath(box), color))
    for curve in page.curves:  # chart bars, slices and areas drawn as paths
        color = curve.get("fill") and hex_of(curve["non_stroking_color"])
        if color and len(curve["pts"]) >= 3:
            shapes.append((curve["width"] * curve["height"], MplPath(curve["pts"]), color))
    return sorted(shapes, key=lambda shape: shape[0])


def low_contrast(pdf_path: Path) -> list[str]:
    """Characters under 4.5:1 against the smallest filled shape beneath them (or white)."""
    found = []
    with pdfplumber.open(pdf_path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            shapes = filled_shapes(page)
            for char in page.chars:
                ink = hex_of(char.get("non_stroking_color"))
                if ink is None or not char["text"].strip():
                    continue
                x, y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
                ground = next((color for _, outline, color in shapes
                               if outline.contains_point((x, y))), "#FFFFFF")
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
