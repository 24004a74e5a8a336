"""One slide handler per Document node type, picked from `HANDLERS`.

Text slides (key judgments, sections, bios, see-also) are paginated by measurement:
the largest size that needs no more slides than the minimum size does, continuation
slides titled "... (cont.)". Key figures, the timeline and figures have modules of
their own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from PIL import Image

from reportgen.document.nodes import (
    AuthorBio,
    Cover,
    KeyFigures,
    Link,
    ListBlock,
    Node,
    Paragraph,
    Section,
    SeeAlso,
    Sources,
    Summary,
    Timeline,
)
from reportgen.render.pptx.deck import Deck, SlideFrame, continued
from reportgen.render.pptx.draw import set_alt_text
from reportgen.render.pptx.fit import LEADING, Para, Span, best_size, clip, para_size
from reportgen.render.pptx.geometry import (
    BODY_MIN,
    BODY_SIZE,
    COVER_SUB_SIZE,
    GAP,
    PHOTO_WIDTH,
    Rect,
    height_for_text,
)
from reportgen.render.pptx.pages import paginate
from reportgen.render.pptx.sections import render_section, spans
from reportgen.render.pptx.tiles import render_key_figures
from reportgen.render.pptx.timeline import render_timeline

Handler = Callable[[Deck, Any], None]
"""A node's handler: writes the slides of one node (typed loosely: one per node type)."""


def link_para(link: Link, muted: str, *, bullet: bool = True) -> Para:
    """A link as a paragraph: its label (linked) and, when it has one, its address."""
    parts = [Span(link.label, href=link.url)]
    if link.url and link.url != link.label:
        parts.append(Span(" \u2014 " + link.url, href=link.url, color=muted))
    return Para(tuple(parts), bullet=bullet)


def text_slides(deck: Deck, role: str, title: str, paras: Sequence[Para], notes: str,
                *, before: Callable[[SlideFrame, int], Rect] | None = None,
                narrower: int = 0) -> None:
    """Paragraphs on as many slides of a role as they need, at the largest size that allows.

    `narrower` reserves that much width at the left of the text area (for a photo that
    `before` draws on each slide and that returns the text's box).
    """
    area = deck.text_area(role, title)
    area = Rect(area.left + narrower, area.top, area.width - narrower, area.height)
    size, pages = paginate(paras, deck.style.family, area.inner_width_pt(),
                           area.inner_height_pt(), BODY_SIZE.pt, BODY_MIN.pt)
    for i, page in enumerate(pages):
        frame = deck.new_slide(role, continued(title, i))
        box = Rect(frame.content.left + narrower, frame.content.top,
                   frame.content.width - narrower, frame.content.height)
        if before is not None:
            box = before(frame, i)
        if page:
            deck.write_body(frame, page, size, box)
        deck.finish(frame, notes)


def render_cover(deck: Deck, cover: Cover) -> None:
    """The title slide: series, title, subtitle, author line, date (and a logo if any)."""
    meta = cover.meta
    frame = deck.new_slide("title", meta.title)
    ink = deck.look.cover
    sub: list[Para] = []
    if meta.subtitle:
        sub.append(Para((Span(meta.subtitle, color=ink),), scale=1.2, space_after=0.6))
    if cover.author_line:
        sub.append(Para((Span(cover.author_line, bold=True, color=ink),), space_after=0.3))
    if meta.date:
        sub.append(Para((Span(meta.date, color=ink),), space_after=0.3))
    series = meta.series
    area = frame.content
    top_room = Rect(area.left, max(0, frame.title.top - height_for_text(40)), area.width,
                    min(height_for_text(40), frame.title.top))
    if series and top_room.top >= 0 and top_room.height >= height_for_text(24):
        color = ink or deck.muted(frame.background)
        para = Para((Span(series, bold=True, color=color),), space_after=0.0)
        size = best_size([para], deck.style.family, top_room.inner_width_pt(),
                         top_room.inner_height_pt(), 20, BODY_MIN.pt)
        if size is not None:
            shape = deck.add_text(frame, top_room, [para], size, anchor="bottom")
            frame.title._element.addprevious(shape._element)  # read before the title
            series = None
    if series:
        sub.insert(0, Para((Span(series, bold=True, color=ink),), space_after=0.4))
    if sub:
        size = _cover_size(deck, sub, area)
        if size is None:  # extend to the bottom margin rather than cut anything
            area = area.with_bottom(deck.height - GAP)
            size = _cover_size(deck, sub, area)
        if size is None:  # still too long: each line gets its share, cut short (…)
            size = BODY_MIN.pt
            sub = _clipped_paras(deck, sub, area, size)
        deck.write_body(frame, sub, size, area)
    logo = cover.logo or deck.theme.logo
    if logo is not None:
        _logo(deck, frame, logo, meta.publisher or "Logo")
    notes = "\n".join(x for x in (meta.series, meta.title, meta.subtitle, cover.author_line,
                                  meta.date, meta.publisher) if x)
    deck.finish(frame, notes, number=False)


def _clipped_paras(deck: Deck, paras: list[Para], area: Rect, base: float) -> list[Para]:
    """One-span paragraphs each cut short (…) to an equal share of an area's height."""
    share = area.inner_height_pt() / len(paras)
    out = []
    for para in paras:
        size = para_size(para, base)
        span = para.spans[0]
        room = max(share - para.space_after * size, size * LEADING)
        text = clip(span.text, deck.style.family, size, area.inner_width_pt(), room,
                    bold=span.bold)
        out.append(replace(para, spans=(replace(span, text=text),)))
    return out


def _cover_size(deck: Deck, paras: list[Para], area: Rect) -> float | None:
    return best_size(paras, deck.style.family, area.inner_width_pt(), area.inner_height_pt(),
                     COVER_SUB_SIZE.pt, BODY_MIN.pt)


def _logo(deck: Deck, frame: SlideFrame, path: Path, alt: str) -> None:
    """The logo at the top right, read before the title (it is above it)."""
    with Image.open(path) as img:
        aspect = img.height / img.width
    width = PHOTO_WIDTH // 2
    height = min(int(width * aspect), PHOTO_WIDTH // 2)
    width = int(height / aspect)
    box = Rect(deck.width - GAP - width, GAP, width, height)
    pic = frame.slide.shapes.add_picture(str(path), *box.emu())
    set_alt_text(pic, alt)
    frame.title._element.addprevious(pic._element)


def render_summary(deck: Deck, summary: Summary) -> None:
    """Key judgments as bullets."""
    paras = [Para(spans(p.runs), bullet=True) for p in summary.items]
    notes = "\n\n".join(p.text for p in summary.items)
    text_slides(deck, "section", summary.heading, paras, notes)


def render_bio(deck: Deck, bio: AuthorBio) -> None:
    """An author: name as title; role and affiliation, biography, links (photo at left)."""
    accent = deck.ink(deck.roles["bio"].background)
    muted = deck.muted(deck.roles["bio"].background)
    paras: list[Para] = []
    role_line = " \u00b7 ".join(x for x in (bio.role, bio.affiliation) if x)
    if role_line:
        paras.append(Para((Span(role_line, bold=True, color=accent),), space_after=0.7))
    for block in bio.bio:
        if isinstance(block, Paragraph):
            paras.append(Para(spans(block.runs), splittable=True))
        else:
            paras.extend(_list_paras(block))
    paras.extend(link_para(link, muted, bullet=False) for link in bio.links)
    notes = "\n\n".join(_block_text(b) for b in bio.bio)
    if bio.photo is None:
        text_slides(deck, "bio", bio.name, paras, notes)
        return
    photo = bio.photo

    def draw_photo(frame: SlideFrame, page: int) -> Rect:
        area = frame.content
        with Image.open(photo) as img:
            aspect = img.height / img.width
        height = min(int(PHOTO_WIDTH * aspect), area.height)
        width = int(height / aspect)
        pic = frame.slide.shapes.add_picture(str(photo), *Rect(area.left, area.top, width,
                                                                height).emu())
        set_alt_text(pic, f"Photo of {bio.name}")
        return Rect(area.left + PHOTO_WIDTH + GAP, area.top,
                    area.width - PHOTO_WIDTH - GAP, area.height)

    text_slides(deck, "bio", bio.name, paras, notes, before=draw_photo,
                narrower=PHOTO_WIDTH + GAP)


def _list_paras(block: ListBlock) -> list[Para]:
    out = []
    for n, item in enumerate(block.items, start=block.start):
        runs = spans(item.runs)
        if block.ordered:
            runs = (Span(f"{n}. "), *runs)
        out.append(Para(runs, bullet=not block.ordered))
    return out


def _block_text(block: Paragraph | ListBlock) -> str:
    if isinstance(block, Paragraph):
        return block.text
    return "\n".join(item.text for item in block.items)


def render_see_also(deck: Deck, see_also: SeeAlso) -> None:
    """Related reading as linked bullets."""
    muted = deck.muted(deck.roles["see_also"].background)
    paras = [link_para(link, muted) for link in see_also.items]
    notes = "\n".join(f"{x.label} {x.url or ''}".strip() for x in see_also.items)
    text_slides(deck, "see_also", see_also.heading, paras, notes)


def render_sources(deck: Deck, sources: Sources) -> None:
    """Nothing: every chart slide carries its own source line (the brief lists them all)."""


HANDLERS: dict[type, Handler] = {
    Cover: render_cover,
    Summary: render_summary,
    KeyFigures: render_key_figures,
    Section: render_section,
    Timeline: render_timeline,
    AuthorBio: render_bio,
    SeeAlso: render_see_also,
    Sources: render_sources,
}


def render_node(deck: Deck, node: Node) -> None:
    """Render one node with its handler; an unknown node type is a bug and fails loudly."""
    handler = HANDLERS.get(type(node))
    if handler is None:
        raise TypeError(f"render_deck: no slide handler for node type {type(node).__name__}")
    handler(deck, node)

