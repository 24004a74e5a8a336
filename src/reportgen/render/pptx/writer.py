"""The slide deck's writer: a Document and a Theme in, a complete .pptx out.

`render_deck` builds the deck from the built-in look (python-pptx's default
presentation restyled for the theme at its slide size) or from a template, maps each
slide role to a layout, writes one or more slides per Document node through the
handler table, fits all text by measuring it with the theme's font, and saves the
file byte-for-byte reproducibly.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportgen.core.links import section_anchors
from reportgen.core.paths import resolve_inside
from reportgen.document.nodes import (
    AuthorBio,
    Callout,
    Cover,
    Document,
    KeyFigure,
    KeyFigures,
    Meta,
    Node,
    Section,
    SeeAlso,
)
from reportgen.render.pptx.brand import branded, scheme_colors
from reportgen.render.pptx.closing import Closing
from reportgen.render.pptx.colors import WHITE, readable_on
from reportgen.render.pptx.deck import Deck, Look
from reportgen.render.pptx.handlers import render_node
from reportgen.render.pptx.links import resolve_jumps
from reportgen.render.pptx.look import RULE_NAME, build_look, cover_text_color
from reportgen.render.pptx.options import CHART_MODES, PptxOptions
from reportgen.render.pptx.package import save, set_core_properties
from reportgen.render.pptx.template import TemplateError, map_roles, open_template
from reportgen.render.pptx.text import TextStyle
from reportgen.render.pptx.xpath import install as compile_xpath_once
from reportgen.theme import Theme

if TYPE_CHECKING:
    from pptx.presentation import Presentation as PresentationT

__all__ = ["TemplateError", "render_deck", "write"]

compile_xpath_once()


def render_deck(
    doc: Document,
    theme: Theme,
    out: Path,
    *,
    template: Path | None = None,
    notes: bool = True,
    charts: str = "image",
    verbose: Callable[[str], None] | None = None,
) -> None:
    """Write the deck of a document to `out` (.pptx).

    `template` is a .pptx whose masters, layouts, theme and slide size are used (its
    slides are dropped); without one the built-in look is drawn for `theme`.
    `charts` is `image` (the chart PNGs) or `native` (editable PowerPoint charts).
    Raises TemplateError for a template that is not a presentation or lacks a layout.
    """
    if charts not in CHART_MODES:
        raise ValueError(f"charts must be one of {', '.join(CHART_MODES)}, not {charts!r}")
    say = verbose or (lambda _message: None)
    scheme: tuple[str, ...] = ()
    if template is None:
        prs = build_look(theme, "default")
        if doc.language.rtl:
            _mirror_rules(prs)
        source = "built-in default look"
        look = Look(title=readable_on(theme.primary, WHITE),
                    cover=cover_text_color(theme, "default"),
                    body=readable_on(theme.background, theme.text))
    else:
        prs = open_template(template, say=say)
        source = template.name
        look = Look()
        theme = branded(theme, prs)
        scheme = tuple(color for slot, color in sorted(scheme_colors(prs).items())
                       if slot.startswith("accent"))
        say(f"deck font: {theme.slide_font.name} (template {template.name})")
    roles = map_roles(prs, source)
    for role, chosen in roles.items():
        say(f"slide role '{role}' -> layout {chosen.layout.name!r}")
    deck = Deck(prs, theme, roles, TextStyle(theme.slide_font, doc.meta.language),
                look, notes=notes, charts=charts, say=say, language=doc.language,
                scheme=scheme)
    body = doc.body
    if not any(isinstance(node, Cover) for node in body):
        body = (Cover(doc.meta, doc.language.names(list(doc.meta.authors))), *body)
    deck.figures_beside = figures_beside(body)
    for node in closing_folded(body, doc.meta, theme):
        render_node(deck, node)
    anchors = section_anchors(s.heading for s in doc.sections)
    resolve_jumps(prs, {name: deck.section_slides[doc.sections[position].index]
                        for name, position in anchors.items()
                        if doc.sections[position].index in deck.section_slides})
    set_core_properties(prs, doc.meta)
    save(prs, out)
    say(f"deck: {len(prs.slides)} slides")


FIGURES_BESIDE = 2
"""Most key figures a text section's slide shows beside its points."""


def figures_beside(body: tuple[Node, ...]) -> dict[int, tuple[KeyFigure, ...]]:
    """The key figures each section without other evidence (no chart, table or callout)
    shows beside its points: those its points cite, each shown once in the deck."""
    known = {f.id: f for n in body if isinstance(n, KeyFigures) for f in n.items}
    used: set[str] = set()
    out: dict[int, tuple[KeyFigure, ...]] = {}
    for node in body:
        if not (isinstance(node, Section) and node.slide and node.points) or node.figures \
                or node.tables or any(isinstance(i, Callout) for i in node.items):
            continue
        chosen = tuple(known[i] for i in node.cited if i in known and i not in used)
        if chosen:
            out[node.index] = chosen[:FIGURES_BESIDE]
            used.update(f.id for f in out[node.index])
    return out


def closing_folded(body: tuple[Node, ...], meta: Meta, theme: Theme) -> list[Any]:
    """The body with its authors and related reading folded into one closing slide,
    which takes the place of the first of them (or ends the deck, for the publisher's
    note alone)."""
    bios = tuple(n for n in body if isinstance(n, AuthorBio))
    see_also = next((n for n in body if isinstance(n, SeeAlso)), None)
    cover = next((n for n in body if isinstance(n, Cover)), None)
    logo = (cover.logo if cover is not None else None) or theme.logo
    closing = Closing(bios, see_also, meta, logo)
    out: list[Any] = []
    placed = False
    for node in body:
        if isinstance(node, AuthorBio | SeeAlso):
            if not placed:
                out.append(closing)
                placed = True
            continue
        out.append(node)
    if not placed and (meta.publisher_info is not None or logo is not None):
        out.append(closing)
    return out


def write(
    doc: Document, theme: Theme, out: Path, options: PptxOptions, root: Path,
    say: Callable[[str], None],
) -> None:
    """The format's Writer (see render/base.py): the deck with its options."""
    template = resolve_inside(root, options.template) if options.template else None
    render_deck(doc, theme, out, template=template, notes=options.notes,
                charts=options.charts, verbose=say)


def _mirror_rules(prs: PresentationT) -> None:
    """Move the look's accent rules to the right margin, under right-aligned titles."""
    width = int(prs.slide_width)
    for layout in prs.slide_layouts:
        for shape in layout.shapes:
            if shape.name == RULE_NAME:
                shape.left = width - int(shape.left) - int(shape.width)
