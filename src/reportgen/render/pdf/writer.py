"""The PDF brief's writer: a Document and a Theme in, a finished PDF out.

`render_brief` registers the theme's fonts, builds the paragraph styles and page
geometry, turns every node into flowables (`handlers.py`) and lays them out on the
brief's pages (`template.py`). The output is byte-identical for the same input.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportgen.document.nodes import Cover, Document, runs_of
from reportgen.render.pdf.fonts import ChartFontMap, brief_families, register_fonts
from reportgen.render.pdf.geometry import page_geometry
from reportgen.render.pdf.glyphs import fallback_for
from reportgen.render.pdf.handlers import Context, story
from reportgen.render.pdf.styles import Palette, build_styles
from reportgen.render.pdf.template import BandEnd, BriefTemplate, PageDecor
from reportgen.theme import Theme

__all__ = ["render_brief", "write"]

BAND_SLACK = 2.0
"""Points added to the measured band so rounding never pushes its last line out."""


def render_brief(doc: Document, theme: Theme, out: Path) -> None:
    """Write the policy brief of `doc`, styled by `theme`, as a PDF at `out`."""
    runs = list(runs_of(doc))
    heading_family, body_family = brief_families(theme)
    fonts = register_fonts(heading_family, body_family,
                           code=any(r.code for r in runs),
                           bold_italic=any(r.bold and r.italic for r in runs))
    geometry = page_geometry(theme.page_size)
    palette = Palette.from_theme(theme)
    ctx = Context(styles=build_styles(theme, fonts), palette=palette, fonts=fonts,
                  geometry=geometry, chart_fonts=ChartFontMap(fonts), document=doc)
    cover = next((n for n in doc.body if isinstance(n, Cover)), None)
    logo = (cover.logo if cover is not None else None) or theme.logo
    decor = PageDecor(meta=doc.meta, palette=palette, fonts=fonts, geometry=geometry, logo=logo,
                      language=doc.language)
    starts_with_cover = bool(doc.body) and isinstance(doc.body[0], Cover)
    faces = [face for family in (heading_family, body_family)
             for face in (family.regular, family.bold, family.italic, family.bold_italic)]
    with fallback_for(faces):
        parts = story(doc, ctx)
        band = band_height(parts.band, geometry.measure, geometry.band_limit)
        template = BriefTemplate(out, decor=decor, cover=starts_with_cover, band_height=band)
        template.build_story([*parts.band, BandEnd(), *parts.columns] if starts_with_cover
                             else parts.columns)


def band_height(flowables: list[Any], width: float, most: float) -> float:
    """The height the first page's band needs for its flowables, at most `most`."""
    total = 0.0
    for index, flowable in enumerate(flowables):
        total += flowable.wrap(width, most)[1] + flowable.getSpaceAfter()
        if index:
            total += flowable.getSpaceBefore()
    return min(most, total + BAND_SLACK)


def write(doc: Document, theme: Theme, out: Path, options: Any, root: Path, say: Any) -> None:
    """The format's Writer (see render/base.py): the brief has no options beyond `enabled`."""
    render_brief(doc, theme, out)
