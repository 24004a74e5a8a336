"""The closing slide: the authors, related reading, the publisher's note and the logo.

Authors share the slide's main column, each with a portrait (if any), name, role,
affiliation, links and a biography: whole, at the largest size at which every one fits,
else cut short to the room its share leaves, at a sentence end where one is near (the
notes keep every biography whole). Names, roles and affiliations are never cut short.
Related reading stands in a column at the right; the publisher's note
(`report.publisher_info`) runs along the foot under a rule, with the logo beside it.
Only when the authors cannot each have a name, a role, an affiliation and two lines of
biography do they continue on a second slide, on the same grid.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image
from pptx.util import Emu, Inches

from reportgen.core.labels import Labels
from reportgen.document.nodes import AuthorBio, Link, ListBlock, Meta, Paragraph, SeeAlso
from reportgen.render.pptx.colors import luminance
from reportgen.render.pptx.deck import Deck, SlideFrame
from reportgen.render.pptx.draw import (
    DARK_BACKGROUND,
    LOGO_PLATE_PAD,
    add_rect,
    logo_plate,
    set_alt_text,
)
from reportgen.render.pptx.fit import Para, Span, clip, sizes_down, text_height
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
SEE_ALSO_NARROW = 0.26
"""Its share beside a row of three authors."""
CLOSING_SIZE = 22.0
"""The largest size of the authors' text (chosen as large as lets every bio be whole)."""
CLOSING_MIN = BODY_MIN.pt
"""The smallest size of the authors' text when it has the choice (the deck's smallest
body text)."""
CLOSING_FLOOR = 12.0
"""The size the authors' text may go down to rather than take a second slide (a closing
slide is read up close, like a handout, not projected as an argument)."""
SEE_ALSO_SIZE = 18.0
"""The largest size of the related reading."""
BIO_LINES = 2
"""Lines of biography every author keeps at least (else a second slide)."""
FOOT_SHARE = 0.22
"""Most of the content height the publisher's note may take (longer is cut short)."""
PORTRAIT = Inches(1.0)
"""Width of an author's portrait on the closing slide."""
HEAD_LINES = 4
"""Lines a name, a role, an affiliation or a link may take (more only for text no one
would call a name: it is then cut short, the notes keep it)."""
AUTHOR_GAP = Inches(0.25)
"""Space between two authors."""
LOGO_HEIGHT = Inches(0.6)
"""Height of the logo at the foot of the closing slide."""
FOOT_SIZE = SOURCE_SIZE.pt + 2
"""The publisher's note: small print that still reads from the room."""
FOOT_RULE = Emu(9525)
"""Thickness of the rule above the publisher's note (0.75 pt)."""


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
        share = SEE_ALSO_SHARE if len(closing.authors) < MAX_COLUMNS else SEE_ALSO_NARROW
        left = int(area.width * (1 - share)) - COLUMN_GUTTER
        main = Rect(area.left, area.top, left, area.height)
        side = Rect(area.left + left + COLUMN_GUTTER, area.top,
                    area.width - left - COLUMN_GUTTER, area.height)
    pages, together = _arrangement(deck, closing.authors, main,
                                   area if side is not None else None)
    if together:  # authors and related reading share one grid over the whole area
        main, side = area, None
    for n, authors in enumerate(pages):
        frame = deck.new_slide("section", deck.continued(title, n))
        size, cells = SEE_ALSO_SIZE, []
        top = frame.content.top
        box = main.with_top(top).with_bottom(top + main.height)
        if together and closing.see_also is not None:
            grids = author_grids(box, len(authors) + 1)
            cells, size = _authors(deck, frame, authors, box, [g[:-1] for g in grids])
            side = next(g[-1] for g in grids if g[:-1] == cells)
        elif authors:
            cells, size = _authors(deck, frame, authors, box)
        elif closing.see_also is not None and not closing.authors:
            side = box
        if side is not None and n == 0 and closing.see_also is not None:
            shown = side if together else side.with_top(top).with_bottom(top + side.height)
            drop = _row_drops(authors, cells).get(shown.top, 0)  # its heading by the names
            _see_also(deck, frame, closing.see_also, shown.with_top(shown.top + drop),
                      heading=bool(closing.authors),
                      largest=max(min(SEE_ALSO_SIZE, size), CLOSING_MIN))
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
    """Name, role and affiliation, each on its own line(s), whole (cut short only past
    `HEAD_LINES` lines, which no name or title needs)."""
    def short(text: str, scale: float = 1.0, bold: bool = False) -> str:
        if width is None:
            return text
        return clip(text, deck.style.family, round(size * scale), width,
                    round(size * scale) * 1.2 * HEAD_LINES, bold=bold)

    paras = [Para((Span(short(bio.name, NAME_SCALE, True), bold=True, color=ink),),
                  scale=NAME_SCALE, space_after=0.1)]
    lines = [x for x in (bio.role, bio.affiliation) if x]
    for i, line in enumerate(lines):
        paras.append(Para((Span(short(line), color=muted),),
                          space_after=0.35 if i == len(lines) - 1 else 0.0))
    return paras


NAME_SCALE = 1.2
"""An author's name, relative to the closing text."""


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


MAX_COLUMNS = 3
"""Most authors side by side (more take a second row)."""
MIN_CELL_WIDTH = Inches(2.4)
"""The narrowest column an author is given (narrower slides stack them)."""


def author_grids(box: Rect, count: int) -> list[list[Rect]]:
    """The ways `count` authors may share a box, widest first: side by side in up to
    `MAX_COLUMNS` columns of at least `MIN_CELL_WIDTH` (rows of them for more), down
    to one under another; in each, every cell the same size."""
    most = min(count, MAX_COLUMNS,
               max(1, (box.width + COLUMN_GUTTER) // (MIN_CELL_WIDTH + COLUMN_GUTTER)))
    return [_grid(box, count, columns) for columns in range(most, 0, -1)]


def _grid(box: Rect, count: int, columns: int) -> list[Rect]:
    if count <= 1:
        return [box]
    rows = -(-count // columns)
    width = (box.width - COLUMN_GUTTER * (columns - 1)) // columns
    height = (box.height - AUTHOR_GAP * (rows - 1)) // rows
    return [Rect(box.left + (i % columns) * (width + COLUMN_GUTTER),
                 box.top + (i // columns) * (height + AUTHOR_GAP), width, height)
            for i in range(count)]


def _aligned(authors: Sequence[AuthorBio], cells: Sequence[Rect]) -> list[Rect]:
    """The cells, those of authors without a portrait lowered in a row where others
    have theirs above their text, so that every name of a row stands on one line."""
    drops = _row_drops(authors, cells)
    return [cell.with_top(cell.top + drops.get(cell.top, 0)) if bio.photo is None else cell
            for bio, cell in zip(authors, cells, strict=False)]


def _row_drops(authors: Sequence[AuthorBio], cells: Sequence[Rect]) -> dict[int, int]:
    """How far the text stands below the top of each row (by its top) that has a
    portrait above an author's text."""
    drops: dict[int, int] = {}
    for bio, cell in zip(authors, cells, strict=False):
        if bio.photo is not None and _photo_on_top(cell):
            drop = _photo_height(bio) + AUTHOR_GAP // 2
            drops[cell.top] = max(drops.get(cell.top, 0), drop)
    return drops


def _photo_on_top(cell: Rect) -> bool:
    """A narrow cell has its portrait above the text, a wide one at its left."""
    return cell.width < PORTRAIT * 4


def _text_box(bio: AuthorBio, cell: Rect) -> Rect:
    """The part of a cell the author's text takes (beside or under the portrait)."""
    if bio.photo is None:
        return cell
    if _photo_on_top(cell):
        drop = _photo_height(bio) + AUTHOR_GAP // 2
        return Rect(cell.left, cell.top + drop, cell.width, max(cell.height - drop, 0))
    return Rect(cell.left + PORTRAIT + COLUMN_GUTTER // 2, cell.top,
                cell.width - PORTRAIT - COLUMN_GUTTER // 2, cell.height)


def _head_height(deck: Deck, bio: AuthorBio, size: float, width: float) -> float:
    paras = _author_head(deck, bio, size, "#000000", "#000000", width) + _link_paras(
        bio.links, "#000000", deck, size, width)
    return text_height(paras, deck.style.family, size, width)


def _bio_height(deck: Deck, bio: AuthorBio, size: float, width: float) -> float:
    body = _bio_text(bio)
    if not body:
        return 0.0
    return text_height([Para((Span(body),), space_after=BIO_AFTER)], deck.style.family,
                       size, width)


def _fits(deck: Deck, author: AuthorBio, cell: Rect, size: float, *, whole: bool | str
          ) -> bool:
    """Whether an author fits a cell at a size: with the whole biography, its first
    sentence (`FIRST_SENTENCE`), or `BIO_LINES` lines of it (all of a shorter one)."""
    text = _text_box(author, cell)
    width = text.inner_width_pt()
    need = _bio_height(deck, author, size, width)
    if whole == FIRST_SENTENCE:
        first = _SENTENCE_END.split(_bio_text(author), maxsplit=1)[0]
        need = min(need, text_height([Para((Span(first),), space_after=BIO_AFTER)],
                                     deck.style.family, size, width))
    elif not whole:
        lines = 1 if whole == ONE_LINE else BIO_LINES
        need = min(need, size * 1.2 * lines + size * BIO_AFTER)
    room = text.inner_height_pt()
    return _head_height(deck, author, size, width) + need <= room


BIO_AFTER = 0.4
"""Space after a biography, in em."""
FIRST_SENTENCE = "first sentence"
"""How much of a biography `_fits` asks room for: its first sentence."""
ONE_LINE = ""
"""... or, to keep the authors on one slide, a line of it (falsy, like `False`)."""
LEAST = (False, ONE_LINE)
"""The least room a biography is given, tried in order: two lines, then one."""


def _arrangement(deck: Deck, authors: tuple[AuthorBio, ...], main: Rect,
                 area: Rect | None) -> tuple[list[tuple[AuthorBio, ...]], bool]:
    """The authors' slides, and whether they share one grid with the related reading
    over the whole `area` (None: there is no related reading beside them): one slide
    at `CLOSING_MIN` or more, in the main column or sharing the grid; else one slide
    with smaller text, down to `CLOSING_FLOOR`; else as few slides as that allows."""
    for floor in (CLOSING_MIN, CLOSING_FLOOR):
        pages = _author_pages(deck, authors, main, floor)
        if len(pages) == 1:
            return pages, False
        if area is not None and _fit_together(deck, authors, area, floor):
            return [authors], True
    return pages, False


def _author_pages(deck: Deck, authors: tuple[AuthorBio, ...], box: Rect,
                  floor: float = CLOSING_FLOOR) -> list[tuple[AuthorBio, ...]]:
    """Authors on as few slides as give each a name, role, affiliation, links and two
    lines of biography in its cell, at the smallest size (`floor`)."""
    if not authors:
        return [()]
    pages: list[tuple[AuthorBio, ...]] = []
    rest = list(authors)
    while rest:
        take = next((k for k in range(len(rest), 0, -1)
                     if any(all(_fits(deck, b, c, floor, whole=least)
                                for b, c in zip(rest[:k], _aligned(rest[:k], cells),
                                                strict=True))
                            for least in LEAST for cells in author_grids(box, k))), 1)
        pages.append(tuple(rest[:take]))
        rest = rest[take:]
    return pages


def _fit_together(deck: Deck, authors: Sequence[AuthorBio], area: Rect,
                  floor: float = CLOSING_FLOOR) -> bool:
    """Whether the authors fit one slide in a grid whose last cell holds related
    reading, at `floor` or more."""
    return any(all(_fits(deck, b, c, floor, whole=least)
                   for b, c in zip(authors, _aligned(authors, grid), strict=False))
               for least in LEAST for grid in author_grids(area, len(authors) + 1))


def _closing_layout(deck: Deck, authors: Sequence[AuthorBio], grids: Sequence[list[Rect]]
                    ) -> tuple[list[Rect], float, bool]:
    """The authors' cells, size, and whether every biography is whole: of the grids
    that fit at `CLOSING_MIN` or more, one without an empty cell if any, keeping most
    of the biographies, at the largest size (the smallest when they are cut short
    anyway, to cut the least); under `CLOSING_MIN` only when no grid fits at it, and
    then as large as fits."""
    best: tuple[tuple[float, bool, int, float], list[Rect]] | None = None
    for cells in grids:
        placed = _aligned(authors, cells)
        for rank, whole in enumerate((True, FIRST_SENTENCE, *LEAST)):
            size = next((size for size in sizes_down(CLOSING_SIZE, CLOSING_FLOOR, 1.0)
                         if all(_fits(deck, b, c, size, whole=whole)
                                for b, c in zip(authors, placed, strict=True))), None)
            if size is not None:
                key = (min(size, CLOSING_MIN), not _has_hole(cells), -rank, size)
                if best is None or key > best[0]:
                    best = (key, cells)
    if best is None:
        return list(grids[-1]), CLOSING_FLOOR, False
    (_, _, rank, size), cells = best
    if -rank >= 2:  # biographies cut short anyway: at the smallest size, cut the least
        size = min(size, CLOSING_MIN)
    return cells, size, rank == 0


def _has_hole(cells: Sequence[Rect]) -> bool:
    """Whether a grid leaves a cell empty (3 authors in 2 columns)."""
    return len({c.left for c in cells}) * len({c.top for c in cells}) > len(cells)


def short_bio(text: str, family, size: float, width: float, room: float) -> str:
    """A biography cut to `room` points: its leading whole sentences when they fill at
    least half of it, else cut at a word with "…"."""
    def height(candidate: str) -> float:
        return text_height([Para((Span(candidate),), space_after=0.0)], family, size, width)

    if height(text) <= room:
        return text
    ends = [m.start() for m in _SENTENCE_END.finditer(text)]
    fitting = [end for end in ends if height(text[:end].rstrip()) <= room]
    if fitting and height(text[:fitting[-1]].rstrip()) >= room / 2:
        return text[:fitting[-1]].rstrip()
    return clip(text, family, size, width, room)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\u0400-\u04FF\u10A0-\u10FF])")


def _authors(deck: Deck, frame: SlideFrame, authors: Sequence[AuthorBio], box: Rect,
             grids: Sequence[list[Rect]] | None = None) -> tuple[list[Rect], float]:
    """The authors in their cells (of the grids given, else of `author_grids`), at the
    largest size at which every biography is whole; else each biography cut short to
    the room its cell leaves. Returns the cells used and the size."""
    ink, muted = deck.ink(frame.background), deck.muted(frame.background)
    family = deck.style.family
    cells, size, whole = _closing_layout(deck, authors,
                                         grids or author_grids(box, len(authors)))
    for bio, cell in zip(authors, _aligned(authors, cells), strict=True):
        text = _text_box(bio, cell)
        width = text.inner_width_pt()
        paras = _author_head(deck, bio, size, ink, muted, width)
        body = _bio_text(bio)
        room = text.inner_height_pt() - _head_height(deck, bio, size, width) \
            - size * BIO_AFTER
        if body and room >= size * 1.2:
            cut = body if whole else short_bio(body, family, size, width, room)
            paras.append(Para((Span(cut, color=ink),), space_after=BIO_AFTER))
        paras.extend(_link_paras(bio.links, muted, deck, size, width))
        height = min(height_for_text(text_height(paras, family, size, width)), text.height)
        shape = deck.add_text(frame, Rect(text.left, text.top, text.width, height), paras,
                              size)
        shape.name = f"Author {bio.name}"
        if bio.photo is not None:
            _portrait(frame, bio, cell, deck.language.labels)
    return cells, size


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
              heading: bool, largest: float = SEE_ALSO_SIZE) -> None:
    """Related reading: as many titles as fit (each cut to three lines), the rest in the
    notes; at the largest size that shows the most of them, no larger than `largest`
    (that of the authors' text beside it)."""
    best: tuple[int, float, list[Para]] | None = None
    for size in sizes_down(largest, CLOSING_MIN, 1.0):
        shown, paras = _see_also_paras(deck, frame, see_also, box, size, heading=heading)
        if best is None or shown > best[0]:
            best = (shown, size, paras)
        if shown == len(see_also.items):
            break
    assert best is not None
    shape = deck.add_text(frame, box, best[2], best[1])
    shape.name = "See also"


def _see_also_paras(deck: Deck, frame: SlideFrame, see_also: SeeAlso, box: Rect,
                    size: float, *, heading: bool) -> tuple[int, list[Para]]:
    """How many titles fit a box at a size, and the paragraphs that show them."""
    ink, muted = deck.ink(frame.background), deck.muted(frame.background)
    family = deck.style.family
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
    return shown, paras


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
    add_rect(frame.slide.shapes, Rect(box.left, box.top - COLUMN_GUTTER // 4, box.width,
                                      FOOT_RULE), deck.theme.rule)
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
        logo = Rect(box.right - width, box.bottom - height, width, height)
        if luminance(frame.background) < DARK_BACKGROUND:  # inside its plate's padding
            pad = LOGO_PLATE_PAD
            scale = (height - 2 * pad) / height
            logo = Rect(box.right - pad - int(width * scale), box.bottom - height + pad,
                        int(width * scale), height - 2 * pad)
            logo_plate(frame.slide.shapes, logo, frame.background)
        pic = frame.slide.shapes.add_picture(str(closing.logo), *logo.emu())
        set_alt_text(pic, closing.meta.publisher or deck.language.labels.logo)
        pic.name = "Logo"
