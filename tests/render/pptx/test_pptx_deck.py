"""The deck of a hard, realistic document, opened with python-pptx, in every variant."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any, cast

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Inches

from reportgen.document.nodes import AuthorBio, Cover, Document
from reportgen.render.pptx.colors import contrast
from reportgen.render.pptx.fit import font_metrics
from reportgen.render.pptx.geometry import BODY_MIN, SOURCE_SIZE, TITLE_MIN
from reportgen.render.pptx.template import layout_background
from reportgen.render.pptx.text import measure_shape
from reportgen.render.pptx.writer import render_deck
from reportgen.theme import build_theme
from tests.render.pptx.deck_checks import (
    TITLE_TYPES,
    descr,
    expected_texts,
    hidden_texts,
    is_decorative,
    norm,
    notes_text,
    on_slide_texts,
    own_fill,
    pictures_and_frames,
    run_colors,
    slide_text,
    title_of,
)

VARIANTS = ("default", "4x3", "native", "default_template", "civic")


@pytest.fixture(params=VARIANTS)
def variant(request: pytest.FixtureRequest, decks: dict[str, Path]) -> tuple[str, Any]:
    """Each variant's deck, opened."""
    return request.param, Presentation(str(decks[request.param]))


def test_every_text_is_on_a_slide_or_in_its_notes(variant, document: Document) -> None:
    """Slides carry the headlines, points, numbers and names; condensed judgments, bios
    cut short and tile notes are whole in the speaker notes."""
    _, prs = variant
    shown = norm(" ".join(slide_text(s) for s in prs.slides))
    everything = norm(" ".join(slide_text(s) + " " + notes_text(s) for s in prs.slides))
    assert not [t for t in expected_texts(document) if norm(t) not in everything]
    assert not [t for t in on_slide_texts(document) if norm(t) not in shown]
    assert not [t for t in hidden_texts(document) if norm(t) in everything]


def test_markup_like_text_is_literal(variant) -> None:
    _, prs = variant
    everything = " ".join(slide_text(s) for s in prs.slides)
    assert "energy links & <transit> fees" in everything
    assert "{{ literal }}" in everything


def test_every_slide_has_a_title(variant) -> None:
    _, prs = variant
    for n, slide in enumerate(prs.slides, start=1):
        title = title_of(slide)
        assert title is not None, f"slide {n} has no title placeholder"
        assert title.text_frame.text.strip(), f"slide {n} has an empty title"


def test_no_empty_placeholders_left(variant) -> None:
    _, prs = variant
    for n, slide in enumerate(prs.slides, start=1):
        for ph in slide.placeholders:
            assert ph.has_text_frame and ph.text_frame.text.strip(), (n, ph.name)


def test_every_shape_is_inside_the_slide(variant) -> None:
    _, prs = variant
    width, height = prs.slide_width, prs.slide_height
    for n, slide in enumerate(prs.slides, start=1):
        for shape in slide.shapes:
            box = (shape.left, shape.top, shape.left + shape.width, shape.top + shape.height)
            assert box[0] >= 0 and box[1] >= 0, (n, shape.name, box)
            assert box[2] <= width and box[3] <= height, (n, shape.name, box)


def test_pictures_and_charts_have_alt_text(variant) -> None:
    _, prs = variant
    found = 0
    for slide in prs.slides:
        for shape in pictures_and_frames(slide):
            found += 1
            assert descr(shape).strip(), shape.name
    assert found >= 9  # eight figures and a photo on each of two bio slides


def test_content_slides_have_notes(variant) -> None:
    _, prs = variant
    for n, slide in enumerate(prs.slides, start=1):
        if n == 1:
            continue
        assert slide.has_notes_slide, f"slide {n} has no notes"
        assert slide.notes_slide.notes_text_frame.text.strip(), f"slide {n} has empty notes"


def test_slide_numbers_on_all_but_the_title_slide(variant) -> None:
    _, prs = variant
    for n, slide in enumerate(prs.slides, start=1):
        numbers = [s for s in slide.shapes if s.name.startswith("Slide Number")]
        if n == 1:
            assert not numbers
        else:
            assert [s.text_frame.text for s in numbers] == [str(n)]


def test_text_fits_by_measurement(variant, theme) -> None:
    _, prs = variant
    family = theme.slide_font
    for n, slide in enumerate(prs.slides, start=1):
        title = title_of(slide)
        for shape in slide.shapes:
            if not shape.has_text_frame or not shape.text_frame.text.strip():
                continue
            m = measure_shape(shape, family)
            assert not m.autofit, (n, shape.name)
            assert m.fits, (n, shape.name, m.needed_pt, m.available_pt, shape.text_frame.text)
            floor = TITLE_MIN.pt if shape == title or (
                shape.is_placeholder and shape.placeholder_format.type in TITLE_TYPES
            ) else SOURCE_SIZE.pt if _small_print(shape) else BODY_MIN.pt
            assert min(m.sizes) >= floor, (n, shape.name, m.sizes)


def _small_print(shape) -> bool:
    """Source lines and the publisher's note: 12-13 pt, quieter than the data."""
    return shape.name.endswith(" source") or shape.name == "Publisher"


def test_every_run_names_the_deck_font(variant, theme) -> None:
    _, prs = variant
    arial = font_metrics(theme.slide_font.regular).advances
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                for p in shape.text_frame.paragraphs:
                    for run in p.runs:
                        # Arial, or the fallback font of a script Arial lacks (Georgian)
                        assert run.font.name == theme.slide_font.name == "Arial" or (
                            run.font.name.startswith("Noto Sans")
                            and any(ord(c) not in arial for c in run.text)), run.text
                        assert run.font.size is not None


def test_long_content_continues_on_cont_slides(variant) -> None:
    _, prs = variant
    titles = [title_of(s).text_frame.text for s in prs.slides]
    for heading in ("A phase of heightened tension", "Key figures", "Timeline"):
        assert heading in titles
        assert f"{heading} (cont.)" in titles


def test_key_figures_three_or_four_to_a_slide(variant) -> None:
    _, prs = variant
    for slide in prs.slides:
        if title_of(slide).text_frame.text.startswith("Key figures"):
            tiles = [s for s in slide.shapes if s.name.startswith("Key figure ")]
            assert 3 <= len(tiles) <= 4


def test_slide_size(variant) -> None:
    name, prs = variant
    expected = Inches(10) if name == "4x3" else Inches(13.333)
    assert abs(prs.slide_width - expected) < Inches(0.01)
    assert abs(prs.slide_height - Inches(7.5)) < Inches(0.01)


def test_default_look_text_contrast(decks: dict[str, Path]) -> None:
    theme = build_theme()
    prs = Presentation(str(decks["default"]))
    for n, slide in enumerate(prs.slides, start=1):
        page = layout_background(slide.slide_layout)
        for shape in slide.shapes:
            if not shape.has_text_frame:
                continue
            under = own_fill(shape._element) or page
            if shape.is_placeholder and shape.placeholder_format.type in TITLE_TYPES and n > 1:
                under = own_fill(shape._element) or theme.primary  # the band (from the layout)
            for color in run_colors(shape):
                assert contrast(color, under) >= 4.5, (n, shape.name, color, under)


def test_decorations_are_marked_decorative(decks: dict[str, Path]) -> None:
    prs = Presentation(str(decks["default"]))
    drawn = (MSO_SHAPE_TYPE.AUTO_SHAPE, MSO_SHAPE_TYPE.LINE)
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.shape_type not in drawn:
                continue
            if not (shape.has_text_frame and shape.text_frame.text.strip()):
                assert is_decorative(shape), shape.name


def test_reading_order_starts_with_the_title(variant) -> None:
    _, prs = variant
    for slide in list(prs.slides)[1:]:
        readable = [s for s in slide.shapes if not is_decorative(s)]
        assert readable[0].is_placeholder
        assert readable[0].placeholder_format.type in TITLE_TYPES
        assert readable[-1].name.startswith("Slide Number")


def test_core_properties(decks: dict[str, Path], document: Document) -> None:
    props = Presentation(str(decks["default"])).core_properties
    assert props.title == document.meta.title
    assert "Emil Avdaliani" in props.author
    assert props.language == "en"
    assert props.keywords == "Azerbaijan, Russia"
    assert props.created.year == 2025 and props.modified == props.created


def test_logo_on_the_title_slide(tmp_path: Path, document: Document, theme) -> None:
    cover = document.body[0]
    assert isinstance(cover, Cover)
    photo = next(n.photo for n in document.body if isinstance(n, AuthorBio) and n.photo)
    doc = replace(document, body=(replace(cover, logo=photo), *document.body[1:]))
    render_deck(doc, theme, tmp_path / "d.pptx")
    first = Presentation(str(tmp_path / "d.pptx")).slides[0]
    pictures = list(pictures_and_frames(first))
    assert len(pictures) == 1 and descr(pictures[0]) == document.meta.publisher


def test_without_notes(tmp_path: Path, document: Document, theme) -> None:
    render_deck(document, theme, tmp_path / "d.pptx", notes=False)
    prs = Presentation(str(tmp_path / "d.pptx"))
    assert not any(s.has_notes_slide and s.notes_slide.notes_text_frame.text for s in prs.slides)


def test_unknown_node_fails_loudly(tmp_path: Path, document: Document, theme) -> None:
    doc = replace(document, body=(*document.body, cast(Any, object())))
    with pytest.raises(TypeError, match="no slide handler for node type object"):
        render_deck(doc, theme, tmp_path / "d.pptx")
