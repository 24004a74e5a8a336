"""The closing slide: the authors, related reading, the publisher's note and the logo.

Authors share the slide's main column, each with a portrait (if any), name, role and
affiliation, links and a biography cut short to the room its share leaves (the notes
keep every biography whole). Related reading stands in a column at the right, the
publisher's note (`report.publisher_info`) runs along the foot with the logo beside it.
Only when the authors cannot each have the height of a name, a role line and a line of
biography do they continue on a second slide, on the same grid.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image
from pptx.util import Emu, Inches

from reportgen.core.labels import Labels
from reportgen.document.nodes import AuthorBio, Link, ListBlock, Meta, Paragraph, SeeAlso
from reportgen.render.pptx.deck import Deck, SlideFrame
from reportgen.render.pptx.draw import set_alt_text
from reportgen.render.pptx.fit import Para, Span, clip, text_height
from reportgen.render.pptx.geometry import (
    BODY_MIN,
    COLUMN_GUTTER,
    SOURCE_SIZE,
    Rect,
    height_for_text,
)
from reportgen.render.pptx.sections import spans

SEE_ALSO_SHARE = 0.36
"""Share of the content width the related-reading column takes beside the authors."""
CLOSING_SIZE = 18.0
"""The largest size of the closing slide's text."""
FOOT_SHARE = 0.22
"""Most of the content height the publisher's note may take (longer is cut short)."""
PORTRAIT = Inches(1.0)
"""Width of an author's portrait on the closing slide."""
HEAD_LINES = 2
"""Lines a name, a role line or a link may take on the closing slide (then cut short)."""
AUTHOR_GAP = Inches(0.25)
"""Space between two authors."""
LOGO_HEIGHT = Inches(0.6)
"""Height of the logo at the foot of the closing slide."""
FOOT_SIZE = SOURCE_SIZE.pt + 1
"""The publisher's note: small print, a point above the source lines."""


@dataclass(frozen=True)
class Closing:
    """What the deck ends on (made by the writer from the Document's last nodes)."""

    authors: tuple[AuthorBio, ...]
    """The authors, in order."""
    see_also: SeeAlso | None
    """Related reading."""
    meta: Meta
    """The report's metadata (publisher and the publisher's note)."""
    logo: Path | None = None
    """The publisher's logo."""


def _bio_text(bio: AuthorBio) -> str:
    parts = []
    for block in bio.bio:
        if isinstance(block, Paragraph):
            parts.append(block.text)
        elif isinstance(block, ListBlock):
            parts.extend(item.text for item in block.items)
    return " ".join(parts)


def closing_title(closing: Closing, labels: Labels) -> str:
    """`About the author(s)`, else `See also`, else `About the publisher`."""
    if closing.authors:
        return labels.authors_heading(len(closing.authors))
    if closing.see_also is not None:
        return closing.see_also.heading
    return labels.about_publisher


def render_closing(deck: Deck, closing: Closing) -> None:
    """The closing slide (a second one only for very many authors)."""
    title = closing_title(closing, deck.language.labels)
    area = deck.text_area("section", title)
    info = closing.meta.publisher_info
    foot = None
    if info is not None or closing.logo is not None:
        foot = _foot_height(deck, closing, area)
        area = area.with_bottom(area.bottom - foot - COLUMN_GUTTER // 2)
    main, side = area, None
    if closing.see_also is not None and closing.authors:
        left = int(area.width * (1 - SEE_ALSO_SHARE)) - COLUMN_GUTTER
        main = Rect(area.left, area.top, left, area.height)
        side = Rect(area.left + left + COLUMN_GUTTER, area.top,
                    area.width - left - COLUMN_GUTTER, area.height)
    pages = _author_pages(deck, closing.authors, main)
    for n, authors in enumerate(pages):
        frame = deck.new_slide("section", deck.continued(title, n))
        top = frame.content.top
        box = main.with_top(top).with_bottom(top + main.height)
        if authors:
            _authors(deck, frame, authors, box)
        elif closing.see_also is not None and not closing.authors:
            side = box
        if side is not None and n == 0 and closing.see_also is not None:
            _see_also(deck, frame, closing.see_also,
                      side.with_top(top).with_bottom(top + side.height),
                      heading=bool(closing.authors))
        if foot is not None:
            _foot(deck, frame, closing, Rect(area.left, frame.content.bottom - foot,
                                             area.width, foot))
        deck.finish(frame, _notes(closing, authors, first=n == 0))


def _notes(closing: Closing, authors: Sequence[AuthorBio], *, first: bool) -> str:
    parts = []
    for bio in authors:
        line = " \u00b7 ".join(x for x in (bio.name, bio.role, bio.affiliation) if x)
        links = "\n".join(f"{x.label} {x.url or ''}".strip() for x in bio.links)
        parts.append("\n".join(x for x in (line, _bio_text(bio), links) if x))
    if first and closing.see_also is not None:
        parts.append(closing.see_also.heading + "\n" + "\n".join(
            f"{x.label} {x.url or ''}".strip() for x in closing.see_also.items))
    if first and closing.meta.publisher_info is not None:
        parts.append(closing.meta.publisher_info.text)
    return "\n\n".join(parts)


def _author_head(deck: Deck, bio: AuthorBio, size: float, ink: str, muted: str,
                 width: float | None = None) -> list[Para]:
    """Name and role line, each cut short to two lines when a width is given."""
    def short(text: str, scale: float = 1.0, bold: bool = False) -> str:
        if width is None:
            return text
        return clip(text, deck.style.family, round(size * scale), width,
                    round(size * scale) * 1.2 * HEAD_LINES, bold=bold)

    paras = [Para((Span(short(bio.name, 1.15, True), bold=True, color=ink),), scale=1.15,
                  space_after=0.15)]
    role = " \u00b7 ".join(x for x in (bio.role, bio.affiliation) if x)
    if role:
        paras.append(Para((Span(short(role), color=muted),), space_after=0.3))
    return paras


def _link_paras(links: Sequence[Link], muted: str, deck: Deck | None = None,
                size: float = 0.0, width: float = 0.0) -> list[Para]:
    out = []
    for link in links:
        label = link.label if deck is None else clip(
            link.label, deck.style.family, size, width, size * 1.2 * HEAD_LINES)
        parts = [Span(label, href=link.url)]
        if link.url and link.url != link.label:
            parts.append(Span(" \u2014 " + link.url, href=link.url, color=muted))
        out.append(Para(tuple(parts), space_after=0.1))
    return out


def _text_width(deck: Deck, bio: AuthorBio, box: Rect) -> Rect:
    if bio.photo is None:
        return box
    return Rect(box.left + PORTRAIT + COLUMN_GUTTER // 2, box.top,
                box.width - PORTRAIT - COLUMN_GUTTER // 2, box.height)


def _least_height(deck: Deck, bio: AuthorBio, box: Rect, size: float) -> float:
    """Points an author needs at least: name, role, links and one line of biography."""
    text = _text_width(deck, bio, box)
    width = text.inner_width_pt()
    paras = _author_head(deck, bio, size, "#000000", "#000000", width) + _link_paras(
        bio.links, "#000000", deck, size, width)
    need = text_height(paras, deck.style.family, size, text.inner_width_pt())
    return max(need + (size * 1.2 if bio.bio else 0.0), Emu(_photo_height(bio)).pt)


def _author_pages(deck: Deck, authors: tuple[AuthorBio, ...], box: Rect
                  ) -> list[tuple[AuthorBio, ...]]:
    """Authors on as few slides as give each a name, role, links and a line of bio."""
    if not authors:
        return [()]
    room = box.inner_height_pt()
    pages: list[tuple[AuthorBio, ...]] = []
    current: list[AuthorBio] = []
    for bio in authors:
        trial = [*current, bio]
        need = sum(_least_height(deck, b, box, BODY_MIN.pt) for b in trial)
        if current and need > room:
            pages.append(tuple(current))
            trial = [bio]
        current = trial
    pages.append(tuple(current))
    return pages


def _authors(deck: Deck, frame: SlideFrame, authors: Sequence[AuthorBio], box: Rect) -> None:
    """The authors one under another; the room left after names, roles and links is
    shared among the biographies (a short one gives what it does not need to the
    others), each cut short to its part."""
    ink, muted = deck.ink(frame.background), deck.muted(frame.background)
    family = deck.style.family
    gap = Emu(AUTHOR_GAP).pt
    size = CLOSING_SIZE
    while size > BODY_MIN.pt and sum(_least_height(deck, b, box, size) + gap
                                     for b in authors) > box.inner_height_pt() - 2 * size:
        size -= 1
    widths = [_text_width(deck, bio, box).inner_width_pt() for bio in authors]
    heads = [text_height(_author_head(deck, b, size, ink, muted, w)
                         + _link_paras(b.links, muted, deck, size, w), family, size, w)
             for b, w in zip(authors, widths, strict=True)]
    needs = [text_height([Para((Span(_bio_text(b)),), space_after=0.4)], family, size, w)
             if _bio_text(b) else 0.0 for b, w in zip(authors, widths, strict=True)]
    rooms = _shared(box.inner_height_pt() - sum(heads) - gap * (len(authors) - 1), needs)
    top = box.top
    for bio, width, room in zip(authors, widths, rooms, strict=True):
        paras = _author_head(deck, bio, size, ink, muted, width)
        body = _bio_text(bio)
        bio_room = room - size * 0.4
        if body and bio_room >= size * 1.2:
            cut = clip(body, family, size, width, bio_room)
            paras.append(Para((Span(cut),), space_after=0.4))
        paras.extend(_link_paras(bio.links, muted, deck, size, width))
        height = min(height_for_text(text_height(paras, family, size, width)),
                     box.bottom - top)
        cell = Rect(box.left, top, box.width, height)
        shape = deck.add_text(frame, _text_width(deck, bio, cell), paras, size)
        shape.name = f"Author {bio.name}"
        if bio.photo is not None:
            _portrait(frame, bio, cell, deck.language.labels)
        top += max(height, _photo_height(bio)) + AUTHOR_GAP


def _shared(room: float, needs: list[float]) -> list[float]:
    """Room shared out: each gets what it needs up to an equal share of what is left."""
    out = [0.0] * len(needs)
    waiting = [i for i, need in enumerate(needs) if need > 0]
    while waiting and room > 0:
        share = room / len(waiting)
        small = [i for i in waiting if needs[i] <= share]
        if not small:
            for i in waiting:
                out[i] = share
            break
        for i in small:
            out[i] = needs[i]
            room -= needs[i]
        waiting = [i for i in waiting if i not in small]
    return out


def _photo_height(bio: AuthorBio) -> int:
    if bio.photo is None:
        return 0
    with Image.open(bio.photo) as img:
        return int(PORTRAIT * img.height / img.width)


def _portrait(frame: SlideFrame, bio: AuthorBio, cell: Rect, labels: Labels) -> None:
    assert bio.photo is not None
    with Image.open(bio.photo) as img:
        aspect = img.height / img.width
    height = min(int(PORTRAIT * aspect), cell.height)
    width = int(height / aspect)
    pic = frame.slide.shapes.add_picture(str(bio.photo), *Rect(cell.left, cell.top, width,
                                                                height).emu())
    set_alt_text(pic, labels.photo_of.format(name=bio.name))


def _see_also(deck: Deck, frame: SlideFrame, see_also: SeeAlso, box: Rect, *,
              heading: bool) -> None:
    """Related reading: as many titles as fit (each cut to two lines), the rest in notes."""
    ink, muted = deck.ink(frame.background), deck.muted(frame.background)
    family = deck.style.family
    size = CLOSING_SIZE - 2
    lines = 3
    width = box.inner_width_pt()
    paras = []
    if heading:
        paras.append(Para((Span(see_also.heading, bold=True, color=ink),), scale=1.1,
                          space_after=0.4))
    shown = 0
    for link in see_also.items:
        label = clip(link.label, family, size, width - size * 1.1, size * 1.2 * lines)
        para = Para((Span(label, href=link.url),), bullet=True, space_after=0.35)
        if text_height([*paras, para], family, size, width) > box.inner_height_pt() - size * 1.5:
            break
        paras.append(para)
        shown += 1
    rest = len(see_also.items) - shown
    if rest:
        paras.append(Para((Span(f"+ {rest} more in the notes", color=muted),), space_after=0.0))
    shape = deck.add_text(frame, box, paras, size)
    shape.name = "See also"


def _foot_paras(deck: Deck, closing: Closing, color: str | None) -> list[Para]:
    info = closing.meta.publisher_info
    if info is None:
        return []
    return [Para(spans(info.runs, color=color), space_after=0.0)]


def _foot_width(deck: Deck, closing: Closing, area: Rect) -> Rect:
    if closing.logo is None:
        return area
    return Rect(area.left, area.top, area.width - _logo_width(closing) - COLUMN_GUTTER,
                area.height)


def _logo_width(closing: Closing) -> int:
    assert closing.logo is not None
    with Image.open(closing.logo) as img:
        return int(LOGO_HEIGHT * img.width / img.height)


def _foot_height(deck: Deck, closing: Closing, area: Rect) -> int:
    paras = _foot_paras(deck, closing, None)
    text = _foot_width(deck, closing, area)
    need = height_for_text(text_height(paras, deck.style.family, FOOT_SIZE,
                                       text.inner_width_pt())) if paras else 0
    logo = LOGO_HEIGHT if closing.logo is not None else 0
    return min(max(need, logo), int(area.height * FOOT_SHARE))


def _foot(deck: Deck, frame: SlideFrame, closing: Closing, box: Rect) -> None:
    """The publisher's note along the foot (cut short if long), the logo at its right."""
    muted = deck.muted(frame.background)
    info = closing.meta.publisher_info
    text = _foot_width(deck, closing, box)
    if info is not None:
        paras = _foot_paras(deck, closing, muted)
        if text_height(paras, deck.style.family, FOOT_SIZE, text.inner_width_pt()) > \
                text.inner_height_pt():
            cut = clip(info.text, deck.style.family, FOOT_SIZE, text.inner_width_pt(),
                       text.inner_height_pt())
            paras = [Para((Span(cut, color=muted),), space_after=0.0)]
        shape = deck.add_text(frame, text, paras, FOOT_SIZE, anchor="bottom")
        shape.name = "Publisher"
    if closing.logo is not None:
        width = _logo_width(closing)
        height = min(LOGO_HEIGHT, box.height)
        width = int(width * height / LOGO_HEIGHT)
        pic = frame.slide.shapes.add_picture(
            str(closing.logo), *Rect(box.right - width, box.bottom - height, width,
                                        height).emu())
        set_alt_text(pic, closing.meta.publisher or "Logo")
