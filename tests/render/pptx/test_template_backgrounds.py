"""Templates with dark backgrounds: text written on them stays readable (WCAG 4.5:1)."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn

from reportgen.document.nodes import Document
from reportgen.render.pptx.colors import contrast
from reportgen.render.pptx.template import layout_background
from reportgen.render.pptx.writer import render_deck
from tests.render.pptx.conftest import TEMPLATES
from tests.render.pptx.deck_checks import own_fill

DARK = "#1B2A4A"


def dark_picture_template(folder: Path) -> Path:
    """The default template with a full-slide dark picture on its master (no bg fill)."""
    png = folder / "dark.png"
    Image.new("RGB", (64, 36), DARK).save(png)
    prs = Presentation(str(TEMPLATES / "default.pptx"))
    slide = prs.slides.add_slide(prs.slide_layouts[-1])
    picture = slide.shapes.add_picture(str(png), 0, 0, prs.slide_width, prs.slide_height)
    master = prs.slide_masters[0]
    image_part = slide.part.related_part(picture._element.blipFill.blip.rEmbed)
    rid = master.part.relate_to(image_part, RT.IMAGE)
    picture._element.blipFill.blip.set(qn("r:embed"), rid)
    master.shapes._spTree.insert(2, picture._element)  # moved from the slide to the master
    slides = prs.slides._sldIdLst
    prs.part.drop_rel(slides[0].rId)
    slides.remove(slides[0])
    for layout in prs.slide_layouts:  # let the master's picture show through
        bg = layout._element.find(f"{qn('p:cSld')}/{qn('p:bg')}")
        if bg is not None:
            bg.getparent().remove(bg)
    out = folder / "dark.pptx"
    prs.save(str(out))
    return out


def test_a_master_picture_is_the_background(tmp_path: Path) -> None:
    prs = Presentation(str(dark_picture_template(tmp_path)))
    assert layout_background(prs.slide_layouts[1]) == DARK.upper()


def test_body_text_on_a_dark_template_is_light(tmp_path: Path, document: Document,
                                               theme) -> None:
    out = tmp_path / "deck.pptx"
    render_deck(document, theme, out, template=dark_picture_template(tmp_path))
    checked = 0
    for slide in list(Presentation(str(out)).slides)[1:]:
        for shape in slide.shapes:
            # text standing on the background: body placeholders and text boxes (titles
            # keep the template's own style; tiles carry their own fill)
            standing = (shape.is_placeholder and shape.placeholder_format.idx == 1) or (
                not shape.is_placeholder and shape.has_text_frame
                and not shape.name.startswith("Key figure ") and own_fill(shape._element) is None)
            if not standing:
                continue
            for paragraph in shape.text_frame.paragraphs:
                for run in paragraph.runs:
                    color = run.font.color
                    if color and color.type is not None and color.rgb is not None:
                        assert contrast(f"#{color.rgb}", DARK) >= 4.5, (run.text, color.rgb)
                        checked += 1
    assert checked > 10
