"""The PDF brief's writer: a Document and a Theme in, a finished PDF out.

`render_brief` registers the theme's fonts, builds the paragraph styles and page
geometry, turns every node into flowables (`handlers.py`) and lays them out on the
brief's pages (`template.py`). The output is byte-identical for the same input.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportgen.document.nodes import Cover, Document, runs_of
from reportgen.render.pdf.fonts import ChartFontMap, register_fonts
from reportgen.render.pdf.geometry import average_char_width, page_geometry
from reportgen.render.pdf.glyphs import fallback_for
from reportgen.render.pdf.handlers import Context, story
from reportgen.render.pdf.styles import BODY_SIZE, Palette, build_styles
from reportgen.render.pdf.template import BriefTemplate, PageDecor
from reportgen.theme import Theme

__all__ = ["render_brief", "write"]


def render_brief(doc: Document, theme: Theme, out: Path) -> None:
    """Write the policy brief of `doc`, styled by `theme`, as a PDF at `out`."""
    runs = list(runs_of(doc))
    fonts = register_fonts(theme.heading_font, theme.body_font,
                           code=any(r.code for r in runs),
                           bold_italic=any(r.bold and r.italic for r in runs))
    geometry = page_geometry(theme.page_size, average_char_width(fonts.body.regular, BODY_SIZE))
    palette = Palette.from_theme(theme)
    ctx = Context(styles=build_styles(theme, fonts), palette=palette, fonts=fonts,
                  geometry=geometry, chart_fonts=ChartFontMap(fonts), document=doc)
    cover = next((n for n in doc.body if isinstance(n, Cover)), None)
    logo = (cover.logo if cover is not None else None) or theme.logo
    decor = PageDecor(meta=doc.meta, palette=palette, fonts=fonts, geometry=geometry, logo=logo,
                      language=doc.language)
    starts_with_cover = bool(doc.body) and isinstance(doc.body[0], Cover)
    faces = [face for family in (theme.heading_font, theme.body_font)
             for face in (family.regular, family.bold, family.italic, family.bold_italic)]
    with fallback_for(faces):
        BriefTemplate(out, decor=decor, cover=starts_with_cover).build_story(story(doc, ctx))


def write(doc: Document, theme: Theme, out: Path, options: Any, root: Path, say: Any) -> None:
    """The format's Writer (see render/base.py): the brief has no options beyond `enabled`."""
    render_brief(doc, theme, out)
