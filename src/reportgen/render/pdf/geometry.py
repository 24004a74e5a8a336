"""Page geometry of the brief: paper, margins, frames and the fixed layout lengths.

The text measure comes from the body font (a line holds about `MEASURE_CHARS`
characters of running text); margins are what the paper leaves around it, so A4
and US letter each get their own margins rather than a scaled copy of one layout.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

PAPER: dict[str, tuple[float, float]] = {"A4": A4, "letter": LETTER}
"""Paper sizes in points, by the theme's `page_size`."""

MEASURE_CHARS = 76
"""Characters of body text per line the measure is sized for (readable: 50-90)."""
MIN_SIDE_MARGIN = 20 * mm
"""The narrowest side margin the measure may leave."""
TOP_MARGIN = 23 * mm
"""From the paper's top edge to the text frame on running pages."""
BOTTOM_MARGIN = 22 * mm
"""From the paper's bottom edge to the text frame."""
HEADER_BASELINE = 12 * mm
"""From the top edge to the running header's baseline."""
HEADER_RULE_GAP = 2.6 * mm
"""From the running header's baseline down to its rule."""
FOOTER_BASELINE = 11 * mm
"""From the bottom edge to the footer's baseline."""
MASTHEAD_HEIGHT = 24 * mm
"""Height of the coloured band across the top of the first page."""
MASTHEAD_STRIPE = 1.6
"""Thickness in points of the accent stripe under the masthead band."""
COVER_GAP = 11 * mm
"""From the masthead band down to the first page's text frame."""

# A sample of running English prose whose average glyph width stands for "a character".
_SAMPLE = (
    "Azerbaijan and Russia have kept a distrustful but pragmatic relationship since "
    "1991, balancing trade, energy and security interests against each other."
)


@dataclass(frozen=True)
class Rect:
    """A frame rectangle in points from the page's bottom-left corner."""

    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class PageGeometry:
    """Where things go on one paper size."""

    width: float
    """Paper width."""
    height: float
    """Paper height."""
    margin: float
    """Left and right margin (the measure is centred)."""

    @property
    def measure(self) -> float:
        """Width of the text frame."""
        return self.width - 2 * self.margin

    @property
    def body_frame(self) -> Rect:
        """The text frame of running pages."""
        return Rect(self.margin, BOTTOM_MARGIN, self.measure,
                    self.height - TOP_MARGIN - BOTTOM_MARGIN)

    @property
    def cover_frame(self) -> Rect:
        """The text frame of the first page, below the masthead."""
        top = self.height - MASTHEAD_HEIGHT - COVER_GAP
        return Rect(self.margin, BOTTOM_MARGIN, self.measure, top - BOTTOM_MARGIN)


def average_char_width(font_name: str, size: float) -> float:
    """The mean advance of a character of English prose in a font and size."""
    return stringWidth(_SAMPLE, font_name, size) / len(_SAMPLE)


def page_geometry(page_size: str, char_width: float) -> PageGeometry:
    """The geometry of a paper size for body text whose characters average `char_width`."""
    try:
        width, height = PAPER[page_size]
    except KeyError:
        raise ValueError(f"unknown page size {page_size!r}; expected A4 or letter") from None
    measure = min(MEASURE_CHARS * char_width, width - 2 * MIN_SIDE_MARGIN)
    return PageGeometry(width=width, height=height, margin=(width - measure) / 2)
