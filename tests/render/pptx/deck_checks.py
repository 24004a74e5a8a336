"""What the deck tests look for: the texts a Document puts on slides, and slide inspection."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER
from pptx.oxml.ns import qn

from reportgen.document.nodes import (
    AuthorBio,
    Cover,
    Document,
    KeyFigures,
    ListBlock,
    Section,
    SeeAlso,
    Summary,
    Timeline,
)

TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
_SENTENCE_END = re.compile(r"(?<=[.!?;]) ")


STRAIGHT_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
"""Curly quotes made straight (the deck sets straight ones curly, as the brief does)."""


def norm(text: str) -> str:
    """Text compared loosely: compatibility forms folded (ligatures), quotes straight,
    whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).translate(STRAIGHT_QUOTES).split())


def sentences(text: str) -> list[str]:
    """A text cut where the deck may continue it on the next slide."""
    return [s for s in _SENTENCE_END.split(text) if s.strip()]


def expected_texts(doc: Document) -> list[str]:
    """Every text of the document that belongs on slides (long prose as sentences)."""
    out: list[str] = []
    for node in doc.body:
        if isinstance(node, Cover):
            m = node.meta
            out += [x for x in (m.title, m.subtitle, m.series, m.date, node.author_line) if x]
        elif isinstance(node, Summary):
            out += [node.heading, *(p.text for p in node.items)]
        elif isinstance(node, KeyFigures):
            out.append(node.heading)
            for f in node.items:
                out += [x for x in (f.value, f.label, f.note) if x]
        elif isinstance(node, Section) and node.slide:
            out += [node.heading, *(as_point(p.text) for p in node.points)]
            for fig in node.figures:
                out.append(fig.title)
                if fig.source:
                    out.append("Source: " + fig.source)
        elif isinstance(node, Timeline):
            out.append(node.heading)
            for e in node.events:
                out += [x for x in (e.date, e.title, e.detail) if x]
        elif isinstance(node, AuthorBio):
            out += [node.name, *(x for x in (node.role, node.affiliation) if x)]
            for block in node.bio:
                items = block.items if isinstance(block, ListBlock) else (block,)
                for item in items:
                    out += sentences(item.text)
            out += [x for link in node.links for x in (link.label, link.url) if x]
        elif isinstance(node, SeeAlso):
            out.append(node.heading)
            out += [x for link in node.items for x in (link.label, link.url) if x]
    return out


_POINT_END = re.compile(r"(?:[;,:]\s*(?:and|or)|[.;,:])+\s*$")


def as_point(text: str) -> str:
    """A point as a slide says it: sentence-cased, without a closing `.`, `;` or `; and`."""
    text = _POINT_END.sub("", text.strip()) if not text.rstrip().endswith("...") else text
    return text[:1].upper() + text[1:]


def on_slide_texts(doc: Document) -> list[str]:
    """What a briefer must see on the slides themselves (the rest may be in the notes):
    headlines, points, numbers and their labels, chart headlines, events, names."""
    out: list[str] = []
    for node in doc.body:
        if isinstance(node, Cover):
            out += [x for x in (node.meta.title, node.meta.subtitle, node.author_line) if x]
        elif isinstance(node, KeyFigures):
            for f in node.items:
                out += [f.value.split(" ")[0], f.label]
        elif isinstance(node, Section) and node.slide:
            out += [as_point(p.text) for p in node.points]
            out += [fig.title for fig in node.figures]
        elif isinstance(node, Timeline):
            out += [e.title for e in node.events]
        elif isinstance(node, AuthorBio):
            out.append(node.name)
    return out


def notes_text(slide) -> str:
    """A slide's speaker notes."""
    return slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""


def hidden_texts(doc: Document) -> list[str]:
    """Texts of sections kept out of the deck."""
    return [p.text for s in doc.sections if not s.slide for p in s.points]


def shape_text(shape) -> str:
    """All the text of a shape (text frame or native chart title)."""
    if shape.has_text_frame:
        return shape.text_frame.text
    return ""


def slide_text(slide) -> str:
    """All the text of a slide's shapes, in shape order."""
    return "\n".join(shape_text(s) for s in slide.shapes)


def title_of(slide):
    """The slide's title placeholder (by type: templates saved by LibreOffice lack idx)."""
    for shape in slide.placeholders:
        if shape.placeholder_format.type in TITLE_TYPES:
            return shape
    return None


def pictures_and_frames(slide) -> Iterator:
    """The pictures and graphic frames (charts) of a slide."""
    for shape in slide.shapes:
        if shape.shape_type == MSO_SHAPE_TYPE.PICTURE or shape.has_chart:
            yield shape


def descr(shape) -> str:
    """A shape's alternative text."""
    return shape._element._nvXxPr.cNvPr.get("descr", "")


def is_decorative(shape) -> bool:
    """Whether a shape is flagged decorative."""
    return any(e.tag.endswith("}decorative") for e in shape._element.iter())


def run_colors(shape) -> list[str]:
    """The explicit colours of a shape's runs (`#RRGGBB`)."""
    out = []
    for rpr in shape._element.iter(qn("a:rPr")):
        clr = rpr.find(f"{qn('a:solidFill')}/{qn('a:srgbClr')}")
        if clr is not None:
            out.append("#" + clr.get("val"))
    return out


def own_fill(element) -> str | None:
    """The solid fill colour of a shape element's own properties."""
    if element is None:
        return None
    clr = element.find(f"{qn('p:spPr')}/{qn('a:solidFill')}/{qn('a:srgbClr')}")
    return None if clr is None else "#" + clr.get("val")
