"""Deck metadata: every core property fits the 255 characters python-pptx allows."""

from __future__ import annotations

from pathlib import Path

from pptx import Presentation

from reportgen.render.pdf.typography import smart_quotes
from reportgen.render.pptx.package import CORE_PROPERTY_CHARS, core_text
from tests.hostile import build_spec, write_spec

LONG_TITLE = ("Azerbaijan and Russia after the AZAL crash: how Baku curbs Moscow's influence "
              "without breaking with it, through energy, transit, trade, remittances and "
              "media, and what the slow reordering of the South Caucasus means for Georgia, "
              "Armenia, Turkey and Iran in 2025")


def test_core_text_cuts_at_a_word_with_an_ellipsis() -> None:
    assert len(LONG_TITLE) > 255
    cut = core_text(LONG_TITLE)
    assert len(cut) <= CORE_PROPERTY_CHARS and cut.endswith("\u2026")
    assert LONG_TITLE.startswith(cut[:-1]) and LONG_TITLE[len(cut) - 1] == " "
    assert core_text("x" * 400) == "x" * 254 + "\u2026"
    assert core_text("short\ntitle") == "short title"


def test_a_260_character_title_keywords_and_authors_build(tmp_path: Path) -> None:
    """Before the fix, python-pptx raised ValueError (exit 1) for any of these."""
    def change(spec: dict) -> None:
        spec["report"].update(title=LONG_TITLE, subtitle="S" * 300, series="Series " * 50,
                              publisher="Publisher " * 40, keywords=["keyword"] * 60)
        spec["authors"] = [{"name": f"Author Number {i} With A Long Name"} for i in range(12)]

    _, pdf, deck = build_spec(write_spec(tmp_path, change))
    props = Presentation(str(deck)).core_properties
    for value in (props.title, props.author, props.subject, props.keywords, props.category,
                  props.last_modified_by):
        assert 0 < len(value) <= CORE_PROPERTY_CHARS
    assert props.title == core_text(LONG_TITLE)
    title_slide = Presentation(str(deck)).slides[0]
    shown = " ".join(title_slide.shapes.title.text_frame.text.split())
    assert shown == smart_quotes(LONG_TITLE)  # the slide carries the whole title (typeset)
