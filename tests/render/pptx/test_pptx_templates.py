"""Templates: the two shipped ones, a non-presentation, one without the layouts needed."""

from __future__ import annotations

import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.util import Inches

from reportgen.document.nodes import Document, KeyFigure, KeyFigures
from reportgen.render.pptx.template import map_roles, open_template
from reportgen.render.pptx.writer import TemplateError, render_deck
from tests.render.pptx.conftest import TEMPLATES
from tests.render.pptx.deck_checks import slide_text, title_of


@pytest.mark.parametrize("name", ["default.pptx", "civic.pptx"])
def test_shipped_templates_map_every_role(name: str) -> None:
    prs = open_template(TEMPLATES / name)
    roles = map_roles(prs, name)
    assert set(roles) == {"title", "section", "chart", "key_figures", "bio", "timeline",
                          "see_also"}
    assert len(prs.slides) == 0
    assert abs(prs.slide_width / prs.slide_height - 16 / 9) < 0.01


def test_civic_template_was_saved_by_libreoffice() -> None:
    with zipfile.ZipFile(TEMPLATES / "civic.pptx") as z:
        app = z.read("docProps/app.xml").decode()
    assert "LibreOffice" in app


def test_template_mapping_is_reported(tmp_path: Path, document: Document, theme) -> None:
    messages: list[str] = []
    render_deck(document, theme, tmp_path / "d.pptx", template=TEMPLATES / "civic.pptx",
                verbose=messages.append)
    assert "slide role 'chart' -> layout 'Title, Content'" in messages
    assert "slide role 'title' -> layout 'Title Slide'" in messages


def test_template_slides_are_removed_for_good(decks: dict[str, Path]) -> None:
    prs = Presentation(str(decks["civic"]))
    assert not any("Sample slide" in slide_text(s) for s in prs.slides)
    with zipfile.ZipFile(decks["civic"]) as z:
        slide_parts = [n for n in z.namelist()
                       if n.startswith("ppt/slides/slide") and n.endswith(".xml")]
    assert len(slide_parts) == len(prs.slides)


def test_template_keeps_its_masters_and_theme(decks: dict[str, Path]) -> None:
    deck = Presentation(str(decks["civic"]))
    template = Presentation(str(TEMPLATES / "civic.pptx"))
    assert [lay.name for lay in deck.slide_layouts] == [lay.name for lay in template.slide_layouts]
    assert deck.slide_width == template.slide_width


def test_not_a_presentation(tmp_path: Path, document: Document, theme) -> None:
    fake = tmp_path / "brand.pptx"
    fake.write_text("this is not a presentation")
    with pytest.raises(TemplateError, match="not a PowerPoint presentation"):
        render_deck(document, theme, tmp_path / "d.pptx", template=fake)
    assert not (tmp_path / "d.pptx").exists()


def test_template_without_needed_layouts(tmp_path: Path, document: Document, theme) -> None:
    prs = Presentation()
    for layout in [lay for lay in prs.slide_layouts if lay.name != "Blank"]:
        prs.slide_layouts.remove(layout)
    path = tmp_path / "blank_only.pptx"
    prs.save(str(path))
    with pytest.raises(TemplateError) as info:
        render_deck(document, theme, tmp_path / "d.pptx", template=path)
    message = str(info.value)
    assert "title placeholder" in message and "'Blank'" in message


def test_template_without_body_layouts(tmp_path: Path, document: Document, theme) -> None:
    prs = Presentation()
    for layout in [lay for lay in prs.slide_layouts if lay.name != "Title Only"]:
        prs.slide_layouts.remove(layout)
    path = tmp_path / "title_only.pptx"
    prs.save(str(path))
    with pytest.raises(TemplateError, match="body/content placeholder"):
        render_deck(document, theme, tmp_path / "d.pptx", template=path)


def test_powerpoint_default_template_works(tmp_path: Path, document: Document, theme) -> None:
    """python-pptx's untouched default (4:3, eleven layouts) as a template."""
    path = tmp_path / "plain.pptx"
    Presentation().save(str(path))
    out = tmp_path / "d.pptx"
    render_deck(document, theme, out, template=path)
    prs = Presentation(str(out))
    assert prs.slide_width == Presentation().slide_width
    assert all(title_of(s).text_frame.text for s in prs.slides)


CORPORATE_FIGURES = [
    ("12.9", " billion cubic metres a year", "Gas exported to Europe via TAP in 2024", None),
    ("4.3", "%", "Share of EU gas imports", "Up from 2.1% in 2021"),
    ("3,500", " km", "Total corridor length", None),
    ("$28", "bn", "Investment in Shah Deniz Stage 2", None),
    ("20", " billion cubic metres per year by 2027", "Target set by the 2022 EU memorandum",
     None),
    ("$250,000,000", " a year (estimate)", "Transit fees earned by Georgia", None),
    ("20,000", " barrels per day", "Baku-Novorossiysk throughput", None),
    ("\u22123.5", "% a year", "Field decline rate", None),
    ("10", "", "Countries supplied", None),
    ("13.6", " bcm", "Domestic consumption", None),
    ("30", "% of electricity generation capacity", "Renewables target, 2030", None),
    ("0.05", "% of marketed gas", "Methane intensity", None),
]
"""Twelve key figures of a corporate review spec: long units, one very long number."""


def test_key_figures_fill_layouts_drawn_for_a_narrower_slide(tmp_path: Path,
                                                             document: Document,
                                                             theme) -> None:
    """A corporate template whose layouts were drawn for a 10-inch slide but whose slide
    is 16:9 (python-pptx's default made wide): its content area is 8.9 x 4.95 in. Twelve
    figures still go three or four to a slide (two by two), at 40 pt or more, each
    unit on a line of its own (it went two to a slide: six slides)."""
    template = tmp_path / "corporate.pptx"
    wide = Presentation()
    wide.slide_width = Inches(13.333)
    wide.save(str(template))
    figures = KeyFigures(tuple(
        KeyFigure(id=f"k{i}", value=number + unit, label=label, note=note, suffix=unit)
        for i, (number, unit, label, note) in enumerate(CORPORATE_FIGURES, 1)))
    doc = replace(document, body=tuple(figures if isinstance(n, KeyFigures) else n
                                       for n in document.body))
    out = tmp_path / "d.pptx"
    render_deck(doc, theme, out, template=template)
    slides = [s for s in Presentation(str(out)).slides
              if title_of(s).text_frame.text.startswith("Key figures")]
    tiles = [[t for t in s.shapes if t.name.startswith("Key figure ")] for s in slides]
    assert len(slides) <= 4
    assert all(3 <= len(page) <= 4 for page in tiles)
    for tile in (t for page in tiles for t in page):
        number, *rest = tile.text_frame.paragraphs
        assert min(r.font.size.pt for r in number.runs) >= 40
        figure = next(f for f in figures.items if f"Key figure {f.id}" == tile.name)
        if figure.suffix.startswith(" "):  # a unit of words: on its own line, smaller
            assert rest[0].text == figure.suffix.strip()
            assert rest[0].runs[0].font.size.pt < number.runs[0].font.size.pt
