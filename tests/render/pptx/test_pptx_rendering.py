"""The deck as LibreOffice renders it: every slide's title is in the PDF."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.util import Emu

from tests.render.pptx.deck_checks import norm, title_of

pypdf = pytest.importorskip("pypdf")


@pytest.mark.skipif(shutil.which("soffice") is None and not os.environ.get("CI"),
                    reason="LibreOffice is not installed (CI installs it and never skips)")
@pytest.mark.parametrize("variant", ["default", "civic"])
def test_titles_render(tmp_path: Path, decks: dict[str, Path], variant: str) -> None:
    deck = decks[variant]
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(deck)],
        check=True, capture_output=True, timeout=300)
    reader = pypdf.PdfReader(str(tmp_path / f"{deck.stem}.pdf"))
    slides = list(Presentation(str(deck)).slides)
    assert len(reader.pages) == len(slides)
    for n, (page, slide) in enumerate(zip(reader.pages, slides, strict=True), start=1):
        title = norm(title_of(slide).text_frame.text)
        assert title in norm(page.extract_text()), f"slide {n}: {title!r}"


@pytest.mark.skipif(shutil.which("soffice") is None and not os.environ.get("CI"),
                    reason="LibreOffice is not installed (CI installs it and never skips)")
@pytest.mark.parametrize("variant", ["default", "4x3", "civic"])
def test_rendered_words_stay_in_their_boxes(tmp_path: Path, decks: dict[str, Path],
                                            variant: str) -> None:
    """Measurement agrees with a real renderer: no word is drawn outside its text box."""
    pdfplumber = pytest.importorskip("pdfplumber")
    deck = decks[variant]
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(deck)],
        check=True, capture_output=True, timeout=300)
    prs = Presentation(str(deck))
    slide_pt = Emu(prs.slide_width).pt
    outside = []
    with pdfplumber.open(str(tmp_path / f"{deck.stem}.pdf")) as pdf:
        for n, (slide, page) in enumerate(zip(prs.slides, pdf.pages, strict=True), start=1):
            boxes = [_box(s) for s in slide.shapes]
            scale = page.width / slide_pt
            for word in page.extract_words():
                if word["text"] == "\u2022":  # a bullet's font box may reach into the inset
                    continue
                x0, x1 = word["x0"] / scale, word["x1"] / scale
                top, bottom = word["top"] / scale, word["bottom"] / scale
                if not any(b[0] - 1 <= x0 and x1 <= b[2] + 1 and b[1] - 1 <= top
                           and bottom <= b[3] + 1 for b in boxes):
                    outside.append((n, word["text"]))
    assert not outside


def _box(shape) -> tuple[float, float, float, float]:
    return (Emu(shape.left).pt, Emu(shape.top).pt, Emu(shape.left + shape.width).pt,
            Emu(shape.top + shape.height).pt)
