"""Templates: the two shipped ones, a non-presentation, one without the layouts needed."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from pptx import Presentation

from reportgen.document.nodes import Document
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
