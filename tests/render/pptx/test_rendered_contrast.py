"""Text contrast on slides as LibreOffice draws them: every character against what is
actually under it (the slide's picture or fill, a band, a tile), on dark templates too.

The deck is turned into a PDF; each character's colour comes from the PDF, and the
ground under it from the page drawn as a picture: the commonest colour just around the
character's box.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation
from pptx.dml.color import RGBColor

from reportgen.core.color import MIN_CONTRAST, contrast
from reportgen.document.nodes import Document
from reportgen.render.pptx.writer import render_deck
from tests.render.pptx.conftest import TEMPLATES
from tests.render.pptx.test_template_backgrounds import dark_picture_template
from tests.render.test_contrast import hex_of

pdfplumber = pytest.importorskip("pdfplumber")
needs_office = pytest.mark.skipif(
    shutil.which("soffice") is None and not os.environ.get("CI"),
    reason="LibreOffice is not installed (CI installs it and never skips)")

DPI = 72
"""One pixel a point: the page picture and the PDF's coordinates agree."""
RING = 2
"""Pixels around a character's box read as its ground."""
INK_DISTANCE = 48
"""Pixels this close to the ink's colour (summed over R, G, B) count as ink."""
DARK_FILL = "#20232A"


def dark_fill_template(folder: Path) -> Path:
    """The default template with a dark solid background on its master and layouts."""
    prs = Presentation(str(TEMPLATES / "default.pptx"))
    for slide in [prs.slide_masters[0], *prs.slide_layouts]:
        slide.background.fill.solid()
        slide.background.fill.fore_color.rgb = RGBColor.from_string(DARK_FILL[1:])
    out = folder / "dark_fill.pptx"
    prs.save(str(out))
    return out


def _ground(page: Image.Image, char: dict, ink: str) -> str:
    """The commonest colour in a thin ring just outside a character's box, leaving out
    the ink's own colour (a neighbouring letter, an underline); the ink itself when the
    ring holds nothing else (text the colour of its ground)."""
    x0, x1 = int(char["x0"]) - RING, int(char["x1"]) + RING
    top, bottom = int(char["top"]) - RING, int(char["bottom"]) + RING
    ring = [(x, y) for x in range(x0, x1 + 1) for y in (top, bottom)]
    ring += [(x, y) for y in range(top, bottom + 1) for x in (x0, x1)]
    own = tuple(int(ink[i:i + 2], 16) for i in (1, 3, 5))
    seen: Counter[tuple[int, int, int]] = Counter(
        pixel for pixel in (page.getpixel((x, y)) for x, y in ring
                            if 0 <= x < page.width and 0 <= y < page.height)
        if sum(abs(a - b) for a, b in zip(pixel, own, strict=True)) > INK_DISTANCE)
    if not seen:
        return ink
    r, g, b = seen.most_common(1)[0][0]
    return f"#{r:02X}{g:02X}{b:02X}"


def low_contrast(deck: Path, folder: Path) -> tuple[list[str], int]:
    """Characters under 4.5:1 against their ground, and how many were measured."""
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{folder}/profile",
         "--convert-to", "pdf", "--outdir", str(folder), str(deck)],
        check=True, capture_output=True, timeout=300)
    pdf = folder / f"{deck.stem}.pdf"
    subprocess.run(["pdftoppm", "-png", "-r", str(DPI), str(pdf), str(folder / "slide")],
                   check=True, capture_output=True, timeout=300)
    pictures = sorted(folder.glob("slide-*.png"))
    found, measured = [], 0
    with pdfplumber.open(pdf) as opened:
        for number, (page, picture) in enumerate(zip(opened.pages, pictures, strict=True), 1):
            with Image.open(picture) as img:
                drawn = img.convert("RGB")
            scale = drawn.width / float(page.width)
            for char in page.chars:
                ink = hex_of(char.get("non_stroking_color"))
                if ink is None or not char["text"].strip():
                    continue
                box = {k: char[k] * scale for k in ("x0", "x1", "top", "bottom")}
                ground = _ground(drawn, box, ink)
                measured += 1
                ratio = contrast(ink, ground)
                if ratio < MIN_CONTRAST:
                    found.append(f"slide {number}: {char['text']!r} {ink} on {ground} "
                                 f"{ratio:.2f}:1")
    return found, measured


@needs_office
@pytest.mark.parametrize("template", ["dark_picture", "dark_fill", "none"])
def test_every_character_on_a_slide_reads_on_its_ground(tmp_path: Path, document: Document,
                                                       theme, template: str) -> None:
    made = {"dark_picture": dark_picture_template, "dark_fill": dark_fill_template}
    chosen = made[template](tmp_path) if template in made else None
    out = tmp_path / "deck.pptx"
    render_deck(document, theme, out, template=chosen)
    found, measured = low_contrast(out, tmp_path)
    assert measured > 3000  # the text is seen
    assert found == []
