"""Long unbreakable words in every text field: the brief and the deck break or shrink
them, and nothing crashes, overflows a page or a slide, or is lost from the brief."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest
from pptx import Presentation

from reportgen.render.pdf.template import fit_line
from tests.hostile import build_spec, write_spec

WORD = 5000
"""Characters of each unbroken word (a key-figure label of this length was a LayoutError)."""


def long_words(spec: dict) -> None:
    """Put a long word, each of its own letter, into every text field of the spec."""
    def w(letter: str) -> str:
        return letter * WORD

    spec["report"].update(title="Title " + w("T"), subtitle=w("S"), series=w("R"),
                          publisher=w("P"), keywords=[w("K"), "short"],
                          summary=["Judgment " + w("J")])
    spec["authors"] = [{"name": w("N"), "role": w("O"), "affiliation": w("A"),
                        "bio": "Bio " + w("B"),
                        "links": [{"label": w("L"), "url": "https://example.org/" + "u" * 1500}]}]
    spec["key_figures"] = [{"id": "exports", "label": w("l"), "value": 1.5, "prefix": "$" * 20,
                            "suffix": "s" * 40, "note": w("n"), "source": w("s")}]
    spec["data"]["trade"]["source"] = "Data " + w("D")
    spec["data"]["trade"]["rows"][0]["flow"] = w("x")
    spec["charts"][0].update(title=w("C"), subtitle=w("c"), caption=w("p"), x_label=w("X"),
                             y_label=w("Y"), source=w("Z"), alt=w("a"), labels={"usd_bn": w("V")})
    spec["sections"] = [{"heading": w("H"), "charts": ["trade_bar"], "callout": w("Q"),
                         "body": "Body " + w("b") + " and [a link " + w("q") + "](https://x.org)",
                         "points": [w("i")], "notes": w("z")}]
    spec["timeline"] = [{"date": "2024-01-02", "title": w("E"), "detail": w("e")},
                        {"date": 2025, "title": "Short"}]
    spec["see_also"] = [{"title": w("W"), "url": "https://example.org"}]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Before the fix: LayoutError (exit 1) from the key-figure row and the timeline."""
    folder = tmp_path_factory.mktemp("long-words")
    _, pdf, deck = build_spec(write_spec(folder, long_words))
    return pdf, deck


def test_the_brief_shows_every_long_word_in_full(built: tuple[Path, Path]) -> None:
    pdf, _ = built
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in pypdf.PdfReader(pdf).pages))
    for letter in "TSNOABJlnsbqHQEeWDZ":  # a word broken across pages is read in pieces
        assert text.count(letter) >= WORD, letter


def test_every_shape_of_the_deck_stays_on_its_slide(built: tuple[Path, Path]) -> None:
    _, deck = built
    prs = Presentation(str(deck))
    width, height = prs.slide_width, prs.slide_height
    for number, slide in enumerate(prs.slides, 1):
        for shape in slide.shapes:
            assert shape.width >= 0 and shape.height >= 0, (number, shape.name)
            assert shape.left >= 0 and shape.left + shape.width <= width, (number, shape.name)
            assert shape.top >= 0 and shape.top + shape.height <= height, (number, shape.name)


def test_what_the_deck_cuts_short_is_in_the_notes(built: tuple[Path, Path]) -> None:
    _, deck = built
    prs = Presentation(str(deck))
    notes = " ".join(s.notes_slide.notes_text_frame.text for s in prs.slides
                     if s.has_notes_slide)
    shown = " ".join(sh.text_frame.text for s in prs.slides for sh in s.shapes
                     if sh.has_text_frame)
    for letter in "HlEC":  # heading, key-figure label, event title, chart title
        assert letter * WORD not in shown and "\u2026" in shown
        assert letter * WORD in notes, letter


def test_page_decorations_shrink_then_cut() -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from reportgen.fonts import find_family
    from reportgen.render.pdf.fonts import register_family

    faces = register_family(find_family("DejaVu Sans"))
    text, size = fit_line("Short", faces.regular, 9, 200)
    assert (text, size) == ("Short", 9)
    text, size = fit_line("P" * 5000, faces.regular, 9, 200)
    assert text.endswith("\u2026") and stringWidth(text, faces.regular, size) <= 200
    assert size == pytest.approx(9 * 0.8)
