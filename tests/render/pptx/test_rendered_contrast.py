"""Contrast on slides as LibreOffice draws them: every character against what is
actually under it (the slide's picture or fill, a band, a tile), and every graphic that
carries meaning (timeline dots, key-figure rules, callout rules, the logo) against the
ground it stands on, on dark templates too.

The deck is turned into a PDF; each character's colour comes from the PDF, and the
ground under it from the page drawn as a picture: the commonest colour just around the
character's box. A graphic's colour and ground are read from the picture too, at the
place python-pptx says the shape is.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Emu

from reportgen.core.color import MIN_CONTRAST, contrast
from reportgen.document.nodes import Document
from reportgen.render.pptx.colors import MIN_GRAPHIC_CONTRAST
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


def _drawn(deck: Path, folder: Path) -> tuple[Path, list[Path]]:
    """The deck as LibreOffice draws it: its PDF and a picture of every slide."""
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{folder}/profile",
         "--convert-to", "pdf", "--outdir", str(folder), str(deck)],
        check=True, capture_output=True, timeout=300)
    pdf = folder / f"{deck.stem}.pdf"
    if not sorted(folder.glob("slide-*.png")):
        subprocess.run(["pdftoppm", "-png", "-r", str(DPI), str(pdf), str(folder / "slide")],
                       check=True, capture_output=True, timeout=300)
    return pdf, sorted(folder.glob("slide-*.png"))


def low_contrast(deck: Path, folder: Path) -> tuple[list[str], int]:
    """Characters under 4.5:1 against their ground, and how many were measured."""
    pdf, pictures = _drawn(deck, folder)
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


GRAPHICS = ("Timeline marker", "Tile rule", "Callout rule", "Logo")
"""Names of the shapes that carry meaning without text."""


def _hex(pixel: tuple[int, ...]) -> str:
    return "#" + "".join(f"{c:02X}" for c in pixel[:3])


def _commonest(page: Image.Image, box: tuple[int, int, int, int],
               leave_out: str | None = None) -> str | None:
    """The commonest colour in a box of a picture (other than `leave_out`)."""
    region = page.crop(box)
    seen = Counter({_hex(p): n for n, p in region.getcolors(region.width * region.height)})
    seen.pop(leave_out or "", None)
    return seen.most_common(1)[0][0] if seen else None


def low_contrast_graphics(deck: Path, folder: Path) -> tuple[list[str], int]:
    """Graphics under 3:1 against the ground just above them (a rule's or a dot's), or,
    for a logo, its commonest colour against the ground around it; and how many were
    measured."""
    _, pictures = _drawn(deck, folder)
    slides = Presentation(str(deck)).slides
    found, measured = [], 0
    for number, (slide, picture) in enumerate(zip(slides, pictures, strict=True), 1):
        with Image.open(picture) as img:
            page = img.convert("RGB")
        for shape in slide.shapes:
            if not shape.name.startswith(GRAPHICS):
                continue
            x0, y0 = round(Emu(shape.left).pt), round(Emu(shape.top).pt)
            x1, y1 = x0 + round(Emu(shape.width).pt), y0 + round(Emu(shape.height).pt)
            inner = (x0 + 1, y0 + 1, max(x1 - 1, x0 + 2), max(y1 - 1, y0 + 2))
            if shape.name == "Logo":
                ring = _commonest(page, (x0 - 6, y0 - 6, x1 + 6, y0 - 2))
                color = _commonest(page, inner, leave_out=ring)
            else:
                color = _commonest(page, inner)
                ring = _commonest(page, (x0, y0 - 6, x1, y0 - 2), leave_out=color)
            if color is None or ring is None:
                continue
            measured += 1
            if contrast(color, ring) < MIN_GRAPHIC_CONTRAST:
                found.append(f"slide {number}: {shape.name} {color} on {ring} "
                             f"{contrast(color, ring):.2f}:1")
    return found, measured


def navy_logo(folder: Path) -> Path:
    """A logo as publishers draw them: a navy block on a transparent ground."""
    path = folder / "logo.png"
    logo = Image.new("RGBA", (400, 120), (0, 0, 0, 0))
    logo.paste((11, 60, 93, 255), (0, 0, 110, 120))
    logo.save(path)
    return path


@needs_office
@pytest.mark.parametrize("template", ["dark_picture", "dark_fill", "none"])
def test_every_character_on_a_slide_reads_on_its_ground(tmp_path: Path, document: Document,
                                                       theme, template: str) -> None:
    made = {"dark_picture": dark_picture_template, "dark_fill": dark_fill_template}
    chosen = made[template](tmp_path) if template in made else None
    out = tmp_path / "deck.pptx"
    render_deck(document, replace(theme, logo=navy_logo(tmp_path)), out, template=chosen)
    found, measured = low_contrast(out, tmp_path)
    assert measured > 3000  # the text is seen
    assert found == []
    found, measured = low_contrast_graphics(out, tmp_path)
    assert measured > 20  # dots, rules and logos are seen
    assert found == []
