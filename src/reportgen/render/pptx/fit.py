"""Text fitting by measurement: advance widths from the TrueType file decide wraps and heights.

PowerPoint's own autofit is never used: a deck must look the same in every viewer, so
the writer measures each string with the very font file named on its runs, wraps it
greedily at spaces (as PowerPoint and LibreOffice do, which may only break more
often, never less), and sets explicit sizes and exact line spacing. A paragraph's
height is then `lines x size x LEADING + space after`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import accumulate
from pathlib import Path

from reportgen.core.fontfile import font_facts
from reportgen.fonts import FontFamily
from reportgen.glyphs import Fallback
from reportgen.render.pdf.typography import smart_quotes

LEADING = 1.2
"""Line pitch as a multiple of the font size (written as exact line spacing)."""
WIDTH_SAFETY = 0.96
"""Share of a box's width the measured text may use, for renderer rounding and hinting."""
MISSING_GLYPH_EM = 1.0
"""Width in em assumed for a character the font lacks (a fallback font draws it)."""


@dataclass(frozen=True)
class FontMetrics:
    """The advance widths of one font file, in font units."""

    units_per_em: int
    """Design units per em square."""
    advances: dict[int, int]
    """Advance width per Unicode code point."""

    def width(self, text: str, size: float) -> float:
        """Width of `text` at `size` points, in points."""
        missing = MISSING_GLYPH_EM * self.units_per_em
        units = sum(self.advances.get(ord(ch), missing) for ch in text)
        return units * size / self.units_per_em


@cache
def font_metrics(path: Path) -> FontMetrics:
    """The advance widths of a TrueType file (read once per file)."""
    facts = font_facts(path)
    return FontMetrics(facts.units_per_em, facts.advances)


def face_path(family: FontFamily, bold: bool, italic: bool) -> Path:
    """The file of one face of a family."""
    if bold and italic:
        return family.bold_italic
    if bold:
        return family.bold
    return family.italic if italic else family.regular


@dataclass(frozen=True)
class Span:
    """A stretch of text with one face (and, for the writer, colour and link)."""

    text: str
    """The characters, never markup."""
    bold: bool = False
    """Bold face."""
    italic: bool = False
    """Italic face."""
    href: str | None = None
    """Hyperlink target."""
    color: str | None = None
    """Text colour as `#RRGGBB`; None inherits from the placeholder or master."""
    literal: bool = False
    """Printed exactly as given (code); else straight quotes are made curly."""

    def __post_init__(self) -> None:
        if not self.literal and ('"' in self.text or "'" in self.text):
            object.__setattr__(self, "text", smart_quotes(self.text))


@dataclass(frozen=True)
class Para:
    """One paragraph to fit and write: spans, its size relative to the frame's, bullet."""

    spans: tuple[Span, ...]
    """The text in order."""
    scale: float = 1.0
    """Font size as a multiple of the frame's base size."""
    bullet: bool = False
    """Draw a bullet and indent the text."""
    align: str | None = "l"
    """`l`, `ctr` or `r`; None keeps the placeholder's own alignment."""
    space_after: float = 0.45
    """Space after the paragraph, as a multiple of its font size."""
    splittable: bool = False
    """Prose that may continue on the next slide mid-paragraph (bios)."""

    @property
    def text(self) -> str:
        """The paragraph as plain text."""
        return "".join(s.text for s in self.spans)


BULLET_INDENT_EM = 1.1
"""Hanging indent of a bulleted paragraph, in em of its size."""


def para_size(para: Para, base: float) -> float:
    """A paragraph's font size in points for a frame's base size (whole points)."""
    return float(max(1, round(base * para.scale)))


def indent_pt(para: Para, size: float) -> float:
    """The left indent of a paragraph's text, in points."""
    return round(size * BULLET_INDENT_EM) if para.bullet else 0.0


@dataclass(frozen=True)
class Measured:
    """A paragraph's text measured once, at 1 pt: everything wrapping needs, at any size."""

    text: str
    """The spans' characters, joined."""
    prefix: tuple[float, ...]
    """Width in points at 1 pt of the text before each offset (one more than characters)."""
    word_starts: tuple[int, ...]
    """Offset where each word (a run of characters other than spaces) starts."""
    word_ends: tuple[int, ...]
    """Offset just after each word."""


@lru_cache(maxsize=1024)
def _span_widths(text: str, path: Path) -> tuple[float, ...]:
    """Widths at 1 pt; a character the face lacks is measured in the fallback font that
    will draw it (the deck names that font on its run)."""
    metrics = font_metrics(path)
    chain = Fallback.for_faces([path])
    widths = []
    for ch in text:
        code = ord(ch)
        if code in metrics.advances:
            widths.append(metrics.width(ch, 1.0))
            continue
        index = chain.font_of(ch)
        widths.append(font_metrics(chain.fonts[index].path).width(ch, 1.0) if index >= 0
                      else metrics.width(ch, 1.0))
    return tuple(widths)


@lru_cache(maxsize=512)
def measure(spans: tuple[Span, ...], family: FontFamily) -> Measured:
    """A paragraph's widths and words (cached: a paragraph is wrapped at many sizes)."""
    widths: list[float] = []
    for span in spans:
        widths.extend(_span_widths(span.text, face_path(family, span.bold, span.italic)))
    text = "".join(span.text for span in spans)
    starts = [m.start() for m in _WORD.finditer(text)]
    ends = [m.end() for m in _WORD.finditer(text)]
    return Measured(text, (0.0, *accumulate(widths)), tuple(starts), tuple(ends))


_WORD = re.compile("[^ ]+")


def wrap(measured: Measured, size: float, width: float, start: int = 0,
         most: int | None = None) -> list[int]:
    """Where each line starts when the text from `start` is wrapped into `width` points.

    Greedy at spaces, as PowerPoint and LibreOffice wrap (spaces before a word stay on
    the line before it); a word wider than the line breaks between characters. With
    `most`, stops once `most + 1` lines have started: the work is proportional to the
    text laid out, never to the rest of the paragraph.
    """
    limit = width * WIDTH_SAFETY / size
    prefix = measured.prefix
    starts = [start]
    x = 0.0
    pos = start
    first = bisect_right(measured.word_ends, start)
    for index in range(first, len(measured.word_starts)):
        begin, end = max(measured.word_starts[index], start), measured.word_ends[index]
        x += prefix[begin] - prefix[pos]
        word = prefix[end] - prefix[begin]
        if x + word > limit and x > 0:
            starts.append(begin)
            x = 0.0
        if word <= limit:
            x += word
        else:  # a word wider than the line breaks between characters
            at = begin
            while at < end:
                fit = bisect_right(prefix, prefix[at] + limit - x, at, end + 1) - 1
                if fit == at:
                    if x > 0:
                        starts.append(at)
                        x = 0.0
                        continue
                    fit = at + 1  # one character wider than the line: it stands alone
                x += prefix[fit] - prefix[at]
                at = fit
                if at < end:
                    starts.append(at)
                    x = 0.0
        pos = end
        if most is not None and len(starts) > most:
            break
    return starts


def count_lines(spans: Sequence[Span], family: FontFamily, size: float, width: float) -> int:
    """How many lines the spans take when wrapped greedily at spaces into `width` points."""
    return len(wrap(measure(tuple(spans), family), size, width))


def para_height(para: Para, family: FontFamily, base: float, width: float) -> float:
    """Height in points of one paragraph at a frame base size, in a text width of `width`."""
    size = para_size(para, base)
    lines = count_lines(para.spans, family, size, width - indent_pt(para, size))
    return lines * size * LEADING + para.space_after * size


def text_height(paras: Sequence[Para], family: FontFamily, base: float, width: float) -> float:
    """Height in points of paragraphs stacked in one frame."""
    return sum(para_height(p, family, base, width) for p in paras)


def sizes_down(largest: float, smallest: float, step: float = 2.0) -> list[float]:
    """Candidate base sizes from the largest down to the smallest, inclusive."""
    sizes, s = [], largest
    while s > smallest:
        sizes.append(s)
        s -= step
    sizes.append(smallest)
    return sizes


def best_size(
    paras: Sequence[Para], family: FontFamily, width: float, height: float,
    largest: float, smallest: float,
) -> float | None:
    """The largest base size at which the paragraphs fit the box, or None."""
    for size in sizes_down(largest, smallest):
        if text_height(paras, family, size, width) <= height:
            return size
    return None


ELLIPSIS = "\u2026"


def clip(text: str, family: FontFamily, size: float, width: float, height: float, *,
         bold: bool = False, suffix: str = "") -> str:
    """`text` (then `suffix`) as is if it fits `height` points, else cut short with "…".

    For text that must stay in one box (a title, a tile, a source line): at the
    smallest size it may take, what does not fit is cut at a word if one is near,
    else between characters. The full text is kept elsewhere (notes, the brief).
    """
    def fits(candidate: str) -> bool:
        para = Para((Span(candidate, bold=bold),), space_after=0.0)
        return para_height(para, family, size, width) <= height

    if fits(text + suffix):
        return text + suffix
    lo, hi = 0, len(text)
    while lo < hi:  # the longest head that fits, with the ellipsis
        mid = (lo + hi + 1) // 2
        if fits(text[:mid].rstrip() + ELLIPSIS + suffix):
            lo = mid
        else:
            hi = mid - 1
    head = text[:lo]
    gap = head.rfind(" ")
    if gap > len(head) * 0.8:
        head = head[:gap]
    return head.rstrip() + ELLIPSIS + suffix
