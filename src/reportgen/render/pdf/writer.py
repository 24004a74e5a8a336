"""The PDF brief's writer: a Document and a Theme in, a finished PDF out.

`render_brief` registers the theme's fonts, builds the paragraph styles and page
geometry, turns every node into flowables (`handlers.py`) and lays them out on the
brief's pages (`template.py`). The output is byte-identical for the same input.

The last page's two columns end level, as in a printed journal: the brief is first
laid out without drawing its charts; when the last page's second column is shorter
than its first, it is laid out again with both columns cut to half of what they
hold, a little taller on each try until everything fits, then drawn for good.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from reportlab.platypus.doctemplate import LayoutError

from reportgen.document.nodes import Cover, Document, runs_of
from reportgen.render.pdf.fonts import ChartFontMap, brief_families, register_fonts
from reportgen.render.pdf.geometry import page_geometry
from reportgen.render.pdf.glyphs import fallback_for
from reportgen.render.pdf.handlers import Context, story
from reportgen.render.pdf.styles import BODY_LEADING, Palette, build_styles
from reportgen.render.pdf.template import BandEnd, BriefTemplate, PageDecor, ShortColumns
from reportgen.theme import Theme

__all__ = ["render_brief", "write"]

BAND_SLACK = 2.0
"""Points added to the measured band so rounding never pushes its last line out."""
BALANCE_TOLERANCE = 2 * BODY_LEADING
"""A last page whose second column ends within this of the first one is left as it is."""
BALANCE_TRIES = 3
"""Dry runs with cut columns tried at most, each taller by what the last one left over."""

Layout = Callable[[ShortColumns | None], tuple[bytes, BriefTemplate]]
"""Lays the brief out (one page's columns cut short, or none): the PDF and its template."""


def render_brief(doc: Document, theme: Theme, out: Path) -> None:
    """Write the policy brief of `doc`, styled by `theme`, as a PDF at `out`."""
    runs = list(runs_of(doc))
    heading_family, body_family = brief_families(theme)
    fonts = register_fonts(heading_family, body_family,
                           code=any(r.code for r in runs),
                           bold_italic=any(r.bold and r.italic for r in runs))
    geometry = page_geometry(theme.page_size)
    palette = Palette.from_theme(theme)
    styles = build_styles(theme, fonts, rtl=doc.language.rtl)
    ctx = Context(styles=styles, palette=palette, fonts=fonts, geometry=geometry,
                  chart_fonts=ChartFontMap(fonts), document=doc)
    cover = next((n for n in doc.body if isinstance(n, Cover)), None)
    logo = (cover.logo if cover is not None else None) or theme.logo
    decor = PageDecor(meta=doc.meta, palette=palette, fonts=fonts, geometry=geometry, logo=logo,
                      language=doc.language)
    starts_with_cover = bool(doc.body) and isinstance(doc.body[0], Cover)
    faces = [face for family in (heading_family, body_family)
             for face in (family.regular, family.bold, family.italic, family.bold_italic)]
    with fallback_for(faces):

        def layout(short: ShortColumns | None, dry: bool) -> tuple[bytes, BriefTemplate]:
            ctx.previous = None
            parts = story(doc, ctx)
            band = band_height(parts.band, geometry.measure, geometry.band_limit)
            buffer = io.BytesIO()
            template = BriefTemplate(buffer, decor=decor, cover=starts_with_cover,
                                     band_height=band, short=short, dry=dry)
            template.build_story([*parts.band, BandEnd(), *parts.columns]
                                 if starts_with_cover else parts.columns)
            return buffer.getvalue(), template

        pdf, _ = layout(balanced_columns(partial(layout, dry=True)), False)
        out.write_bytes(pdf)


def balanced_columns(layout: Layout) -> ShortColumns | None:
    """How to cut the last page's columns so that they end level (None: leave them).

    Tried with dry runs (charts are not drawn, nothing is written): first half of what
    the page holds and half a line; when that spills onto another page, taller by half
    of what spilled and a line, until the page holds it all.
    """
    _, template = layout(None)
    pages, use = template.page, template.column_use
    if len(use) != 2 or use[1] >= use[0] - BALANCE_TOLERANCE:
        return None
    height = sum(use) / 2 + BODY_LEADING / 2
    for _ in range(BALANCE_TRIES):
        if height >= use[0]:
            break
        short = ShortColumns(pages, height)
        try:
            tried = layout(short)[1]
        except LayoutError:  # a figure taller than the cut columns: try taller ones
            height += 4 * BODY_LEADING
            continue
        if tried.page == pages and tried.late_floats <= template.late_floats:
            return short  # (a figure pushed past the back matter is no balance)
        height += sum(tried.column_use) / 2 + BODY_LEADING
    return None


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
