"""Text fitting by measurement: advance widths from the TrueType file decide wraps and heights.

PowerPoint's own autofit is never used: a deck must look the same in every viewer, so
the writer measures each string with the very font file named on its runs, wraps it
greedily at spaces (as PowerPoint and LibreOffice do, which may only break more
often, never less), and sets explicit sizes and exact line spacing. A paragraph's
height is then `lines x size x LEADING + space after`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont

from reportgen.fonts import FontFamily

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
    font = TTFont(str(path), lazy=True)
    try:
        cmap = font.getBestCmap() or {}
        hmtx = font["hmtx"].metrics
        upem = int(font["head"].unitsPerEm)
        advances = {cp: int(hmtx[glyph][0]) for cp, glyph in cmap.items() if glyph in hmtx}
    finally:
        font.close()
    return FontMetrics(upem, advances)


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


def count_lines(spans: Sequence[Span], family: FontFamily, size: float, width: float) -> int:
    """How many lines the spans take when wrapped greedily at spaces into `width` points."""
    limit = width * WIDTH_SAFETY
    chars: list[tuple[str, float]] = []
    for span in spans:
        metrics = font_metrics(face_path(family, span.bold, span.italic))
        chars.extend((ch, metrics.width(ch, size)) for ch in span.text)
    lines, x, i = 1, 0.0, 0
    while i < len(chars):
        if chars[i][0] == " ":
            x += chars[i][1]
            i += 1
            continue
        j = i
        while j < len(chars) and chars[j][0] != " ":
            j += 1
        word = chars[i:j]
        word_w = sum(w for _, w in word)
        if x + word_w > limit and x > 0:
            lines += 1
            x = 0.0
        if word_w <= limit:
            x += word_w
        else:  # a word wider than the line breaks between characters
            for _, w in word:
                if x + w > limit and x > 0:
                    lines += 1
                    x = 0.0
                x += w
        i = j
    return lines


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
