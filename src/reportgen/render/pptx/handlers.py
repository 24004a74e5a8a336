"""One slide handler per Document node type, picked from `HANDLERS`.

Text slides (key judgments, sections, bios, see-also) are paginated by measurement:
the largest size that needs no more slides than the minimum size does, continuation
slides titled "... (cont.)". Key figures, the timeline and figures have modules of
their own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from PIL import Image
from pptx.util import Inches

from reportgen.document.nodes import (
    Cover,
    KeyFigures,
    Link,
    Node,
    Runs,
    Section,
    Sources,
    Summary,
    Timeline,
    plain,
)
from reportgen.render.pdf.typography import no_lone_last_word
from reportgen.render.pptx.closing import Closing, render_closing
from reportgen.render.pptx.colors import readable_on, rgb
from reportgen.render.pptx.deck import Deck, SlideFrame
from reportgen.render.pptx.draw import LOGO_PLATE_PAD, add_rect, logo_plate, set_alt_text
from reportgen.render.pptx.fit import LEADING, Para, Span, best_size, clip, para_size
from reportgen.render.pptx.geometry import (
    BODY_MIN,
    BODY_SIZE,
    COVER_SUB_SIZE,
    GAP,
    RULE_HEIGHT,
    Rect,
    height_for_text,
)
from reportgen.render.pptx.pages import chunk_evenly, flow, paginate
from reportgen.render.pptx.sections import render_section, spans
from reportgen.render.pptx.tiles import render_key_figures
from reportgen.render.pptx.timeline import render_timeline

COVER_LOGO_HEIGHT = Inches(0.9)
"""Tallest logo on the title slide."""
COVER_LOGO_WIDTH = Inches(2.6)
"""Widest logo on the title slide."""

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
                narrower: int = 0, largest: float = BODY_SIZE.pt,
                per_slide: int | None = None) -> None:
    """Paragraphs on as many slides of a role as they need, at the largest size that allows.

    `narrower` reserves that much width at the left of the text area (for a photo that
    `before` draws on each slide and that returns the text's box). With `per_slide`, no
    slide holds more paragraphs than that (they are spread evenly, at one size).
    """
    area = deck.text_area(role, title)
    area = Rect(area.left + narrower, area.top, area.width - narrower, area.height)
    width, height, family = area.inner_width_pt(), area.inner_height_pt(), deck.style.family
    if per_slide is not None and len(paras) > per_slide:
        groups = [list(paras[r.start:r.stop]) for r in chunk_evenly(len(paras), per_slide)]
        size = min(paginate(g, family, width, height, largest, BODY_MIN.pt)[0]
                   for g in groups)
        pages = [page for g in groups for page in flow(g, family, size, width, height)]
    else:
        size, pages = paginate(paras, family, width, height, largest, BODY_MIN.pt)
    for i, page in enumerate(pages):
        frame = deck.new_slide(role, deck.continued(title, i))
        box = Rect(frame.content.left + narrower, frame.content.top,
                   frame.content.width - narrower, frame.content.height)
        if before is not None:
            box = before(frame, i)
        if page:
            deck.write_body(frame, page, size, box)
        deck.finish(frame, notes)


IMPRINT_HEIGHT = Inches(1.05)
"""Height of the light imprint band at the foot of the built-in look's title slide."""
IMPRINT_SIZE = 20.0
"""The largest size of the imprint's author line."""
SUBTITLE_SCALE = 1.3
"""The subtitle on the title slide, relative to its other lines."""


def render_cover(deck: Deck, cover: Cover) -> None:
    """The title slide: series, title, subtitle (large), and, on the built-in look, an
    imprint band at its foot with the author line, date, publisher and logo; on a
    template the author line and date follow the subtitle."""
    meta = cover.meta
    frame = deck.new_slide("title", meta.title)
    ink = deck.look.cover
    imprint = (Rect(0, deck.height - IMPRINT_HEIGHT, deck.width, IMPRINT_HEIGHT)
               if deck.look.cover is not None else None)
    sub: list[Para] = []
    if meta.subtitle:
        sub.append(Para((Span(no_lone_last_word(meta.subtitle), color=ink),),
                        scale=SUBTITLE_SCALE, space_after=0.5))
    if imprint is None:
        if cover.author_line:
            sub.append(Para((Span(cover.author_line, bold=True, color=ink),),
                            space_after=0.3))
        if meta.date:
            sub.append(Para((Span(meta.date, color=ink),), space_after=0.3))
    series = meta.series
    area = frame.content
    if imprint is not None:
        area = area.with_bottom(min(area.bottom, imprint.top - GAP // 2))
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
        if size is None and imprint is None:  # extend to the bottom margin, cut nothing
            area = area.with_bottom(deck.height - GAP)
            size = _cover_size(deck, sub, area)
        if size is None:  # still too long: each line gets its share, cut short (…)
            size = BODY_MIN.pt
            sub = _clipped_paras(deck, sub, area, size)
        deck.write_body(frame, sub, size, area)
    logo = cover.logo or deck.theme.logo
    if imprint is not None:
        _imprint(deck, frame, cover, imprint, logo)
    elif logo is not None:
        _logo(deck, frame, logo, meta.publisher or deck.language.labels.logo)
    notes = "\n".join(x for x in (meta.series, meta.title, meta.subtitle, cover.author_line,
                                  meta.date, meta.publisher) if x)
    deck.finish(frame, notes, number=False)


def _imprint(deck: Deck, frame: SlideFrame, cover: Cover, band: Rect,
             logo: Path | None) -> None:
    """The title slide's foot: a light band under an accent rule, with who wrote it,
    when and for whom, and the logo at its right (on light, so any logo reads)."""
    theme = deck.theme
    plate = add_rect(frame.slide.shapes, band, theme.light)
    rule = add_rect(frame.slide.shapes, Rect(0, band.top, band.width, RULE_HEIGHT),
                    theme.accent)
    tree = frame.slide.shapes._spTree
    for shape in (rule, plate):  # behind everything else on the slide
        tree.remove(shape._element)
        tree.insert(2, shape._element)
    margin = frame.title.left
    inner = Rect(margin, band.top + RULE_HEIGHT, band.width - 2 * margin,
                 band.height - RULE_HEIGHT)
    if logo is not None:
        with Image.open(logo) as img:
            aspect = img.height / img.width
        height = min(int(inner.height - 2 * LOGO_PLATE_PAD), int(COVER_LOGO_WIDTH * aspect))
        width = int(height / aspect)
        box = Rect(inner.right - width, inner.top + (inner.height - height) // 2, width,
                   height)
        pic = frame.slide.shapes.add_picture(str(logo), *box.emu())
        set_alt_text(pic, cover.meta.publisher or deck.language.labels.logo)
        inner = Rect(inner.left, inner.top, inner.width - width - GAP, inner.height)
    ink, muted = readable_on(theme.light, theme.text), readable_on(theme.light, theme.muted,
                                                                  theme.text)
    paras = []
    align = "r" if deck.language.rtl else "l"  # as the title above it
    if cover.author_line:
        paras.append(Para((Span(cover.author_line, bold=True, color=ink),), align=align,
                          space_after=0.2))
    line = " \u00b7 ".join(x for x in (cover.meta.date, cover.meta.publisher) if x)
    if line:
        paras.append(Para((Span(line, color=muted),), scale=0.8, align=align,
                          space_after=0.0))
    if not paras:
        return
    size = best_size(paras, deck.style.family, inner.inner_width_pt(),
                     inner.inner_height_pt(), IMPRINT_SIZE, BODY_MIN.pt)
    if size is None:
        size = BODY_MIN.pt
        paras = _clipped_paras(deck, paras, inner, size)
    shape = deck.add_text(frame, inner, paras, size, anchor="middle")
    shape.fill.solid()  # the band's colour under its own text, too
    shape.fill.fore_color.rgb = rgb(theme.light)
    shape.name = "Imprint"


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
    height = min(COVER_LOGO_HEIGHT, int(COVER_LOGO_WIDTH * aspect))
    width = int(height / aspect)
    box = Rect(deck.width - GAP - width, GAP, width, height)
    title = Rect(frame.title.left, frame.title.top, frame.title.width, frame.title.height)
    if _overlap(box, title):  # a title at the top: the logo goes to the bottom right
        box = Rect(box.left, deck.height - GAP - height, width, height)
    plate = logo_plate(frame.slide.shapes, box, frame.background)
    if plate is not None:
        frame.title._element.addprevious(plate._element)
    pic = frame.slide.shapes.add_picture(str(path), *box.emu())
    pic.name = "Logo"
    set_alt_text(pic, alt)
    frame.title._element.addprevious(pic._element)


KEY_JUDGMENT_SIZE = 28.0
"""The largest size of condensed key judgments."""
JUDGMENTS_PER_SLIDE = 5
"""Most key judgments on one slide (more continue on a second, balanced)."""
SHORT_WORDS = 12
"""A key judgment longer than this is condensed on its slide (the notes keep it whole)."""
LONGEST_CONDENSED = 20
"""A judgment with no natural break within `SHORT_WORDS` is cut at its first break
within this many words (else it keeps its first sentence)."""
CLAUSE_MIN_WORDS = 4
"""A condensed judgment keeps at least this many words before a break."""
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=\S)")
_CLAUSE = re.compile(
    r"(?::|;| \u2014| \u2013| -- |,(?= (?:and|but|yet|so|while|whereas|although|though|"
    r"because|which|who|with|as|since|after|before|given|despite|making|leaving|absorbed|"
    r"not|rather|even)\b))")
"""Breaks between clauses: what comes before them is a statement of its own."""
_SUBORDINATE = re.compile(
    r" (?=(?:because|since|although|though|while|whereas|unless|until|despite|so that|"
    r"even as|even though|once|after|before|rather than)\b)")
"""Where an adverbial clause starts: the main clause before it stands alone."""
_RELATIVE = re.compile(r" (?=(?:that|which|who|whose)\b)")
_COMMA = re.compile(r",(?= )")
_LIST_ITEM_END = re.compile(r",| and | or ")
LIST_ITEM_WORDS = 3
"""A comma followed by this many words or fewer, then `,`, `and` or `or`, is in a list."""
_REPORTING = frozenset((
    "say", "says", "said", "suggest", "suggests", "suggested", "show", "shows",
    "showed", "argue", "argues", "argued", "mean", "means", "meant", "believe",
    "believes", "believed", "expect", "expects", "expected", "ensure", "ensures",
    "indicate", "indicates", "note", "notes", "noted", "find", "finds", "found",
    "claim", "claims", "warn", "warns", "warned", "think", "thinks", "know", "knows",
    "clear", "so", "such", "now", "given", "fact", "recognise", "recognize",
    "recognises", "recognizes", "insist", "insists", "assume", "assumes", "hope",
    "hopes", "fear", "fears",
))
"""Verbs (and words) after which `that` starts what is said, not a relative clause."""
_INTRODUCED = re.compile(r"(?i)^(?:since|although|though|while|as|when|if|because|after|"
                         r"before|despite|with|in|for|by|unless|once|given|whereas)\b")
"""A sentence opening with a phrase ended by its first comma (never cut there)."""


def _breaks(sentence: str) -> list[tuple[int, int]]:
    """Where a sentence may be cut, and how natural the cut is (0 best): between
    clauses, before an adverbial clause, before a relative clause, at a comma."""
    found = [(m.start(), 0) for m in _CLAUSE.finditer(sentence)]
    found += [(m.start(), 1) for m in _SUBORDINATE.finditer(sentence)]
    for m in _RELATIVE.finditer(sentence):
        before = sentence[:m.start()].split()
        if before and before[-1].lower().strip(",") not in _REPORTING:
            found.append((m.start(), 2))
    commas = [m.start() for m in _COMMA.finditer(sentence)]
    if commas and _INTRODUCED.match(sentence):
        commas = commas[1:]
    # "to Italy, Greece and Bulgaria": a comma between short list items is no break
    commas = [at for at in commas
              if len(_LIST_ITEM_END.split(sentence[at + 1:], maxsplit=1)[0].split())
              > LIST_ITEM_WORDS]
    found += [(at, 2) for at in commas]
    return sorted(found)


def condensed_text(sentence: str) -> str:
    """The gist of one sentence as a slide shows it: the whole of it when short, else its
    longest head of at most `SHORT_WORDS` words that ends at a natural break (between
    clauses, before an adverbial or relative clause, at a comma), never mid-phrase."""
    sentence = sentence.strip()
    if len(sentence.split()) <= SHORT_WORDS:
        return sentence
    heads = [(at, rank, len(sentence[:at].split())) for at, rank in _breaks(sentence)]
    heads = [h for h in heads if h[2] >= CLAUSE_MIN_WORDS]
    short = [h for h in heads if h[2] <= SHORT_WORDS]
    for rank in (0, 1, 2):
        chosen = [h for h in short if h[1] <= rank]
        if chosen:
            return sentence[:max(chosen, key=lambda h: h[2])[0]].rstrip()
    longer = [h for h in heads if h[2] <= LONGEST_CONDENSED]
    if longer:
        return sentence[:min(longer, key=lambda h: (h[1], h[2]))[0]].rstrip()
    return sentence


def condensed(runs: Runs) -> Runs:
    """A key judgment as a slide shows it: its first sentence, condensed to a short
    clause (see `condensed_text`); the notes keep it whole."""
    text = plain(runs)
    first = condensed_text(_SENTENCE.split(text.strip(), maxsplit=1)[0])
    if first == text.strip():
        return runs
    return _head(runs, len(first))


def _head(runs: Runs, length: int) -> Runs:
    """The first `length` characters of some runs (styles kept), ending in a full stop."""
    out, used = [], 0
    lead = len(plain(runs)) - len(plain(runs).lstrip())
    length += lead
    for run in runs:
        if used >= length:
            break
        out.append(replace(run, text=run.text[: length - used]))
        used += len(run.text)
    last = out[-1]
    if not last.text.rstrip().endswith((".", "!", "?")):
        out[-1] = replace(last, text=last.text.rstrip().rstrip(",;:") + ".")
    return tuple(out)


def _overlap(a: Rect, b: Rect) -> bool:
    return a.left < b.right and b.left < a.right and a.top < b.bottom and b.top < a.bottom


def render_summary(deck: Deck, summary: Summary) -> None:
    """Key judgments condensed to their gist as bullets; the notes say each in full."""
    paras = [Para(spans(condensed(p.runs)), bullet=True, space_after=0.6)
             for p in summary.items]
    notes = "\n\n".join(p.text for p in summary.items)
    text_slides(deck, "section", summary.heading, paras, notes, largest=KEY_JUDGMENT_SIZE,
                per_slide=JUDGMENTS_PER_SLIDE)


def render_sources(deck: Deck, sources: Sources) -> None:
    """Nothing: every chart slide carries its own source line (the brief lists them all)."""


HANDLERS: dict[type, Handler] = {
    Closing: render_closing,
    Cover: render_cover,
    Summary: render_summary,
    KeyFigures: render_key_figures,
    Section: render_section,
    Timeline: render_timeline,
    Sources: render_sources,
}


def render_node(deck: Deck, node: Node) -> None:
    """Render one node with its handler; an unknown node type is a bug and fails loudly."""
    handler = HANDLERS.get(type(node))
    if handler is None:
        raise TypeError(f"render_deck: no slide handler for node type {type(node).__name__}")
    handler(deck, node)

