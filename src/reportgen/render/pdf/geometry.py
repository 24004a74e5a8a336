"""Page geometry of the brief: paper, margins, the two-column grid and fixed lengths.

The brief is set in two columns (the grid of CSIS and RAND briefs): the first page
opens with a full-width band (title block and the first row of key figures) above the
columns, and every later page is two columns under a running header. A figure sits in
one column, so the column is the width charts are drawn at (see `sizing.py`).
Margins are fixed lengths, so A4 and US letter each get their own column width.
"""

from __future__ import annotations

from dataclasses import dataclass

POINTS_PER_MM = 72 / 25.4
mm = POINTS_PER_MM
"""One millimetre in points (reportlab is not imported here: the pipeline asks this
module for chart sizes before any writer loads)."""

PAPER: dict[str, tuple[float, float]] = {
    "A4": (210 * mm, 297 * mm),
    "letter": (612.0, 792.0),
}
"""Paper sizes in points, by the theme's `page_size`."""

SIDE_MARGIN = 18 * mm
"""Left and right margin."""
GUTTER = 7 * mm
"""Space between the two columns."""
TOP_MARGIN = 20 * mm
"""From the paper's top edge to the columns on running pages."""
BOTTOM_MARGIN = 19 * mm
"""From the paper's bottom edge to the columns."""
HEADER_BASELINE = 11 * mm
"""From the top edge to the running header's baseline."""
HEADER_RULE_GAP = 2.4 * mm
"""From the running header's baseline down to its rule."""
FOOTER_BASELINE = 10 * mm
"""From the bottom edge to the footer's baseline."""
MASTHEAD_HEIGHT = 20 * mm
"""Height of the coloured band across the top of the first page."""
MASTHEAD_STRIPE = 1.6
"""Thickness in points of the accent stripe under the masthead band."""
COVER_GAP = 9 * mm
"""From the masthead band down to the first page's title block."""
BAND_GAP = 5 * mm
"""From the first page's full-width band down to its columns."""
BAND_MAX_SHARE = 0.6
"""The most of the first page's text area the full-width band may take."""


def _exact(length: float) -> float:
    """A length rounded to 1/64 pt: sums of such lengths are exact in floating point, so
    every frame derived from them has exactly the same width."""
    return round(length * 64) / 64


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
    margin: float = SIDE_MARGIN
    """Left and right margin."""
    gutter: float = GUTTER
    """Space between the columns."""

    @property
    def measure(self) -> float:
        """Width of the whole text area (both columns and the gutter)."""
        return self.width - 2 * self.margin

    @property
    def column(self) -> float:
        """Width of one column: the measure of running text, figures and tables."""
        return _exact((self.measure - self.gutter) / 2)

    def columns(self, top: float) -> tuple[Rect, Rect]:
        """The two column frames from `top` (points from the bottom edge) to the foot.

        Both columns are exactly as wide (a paragraph's lines carry over unbroken).
        """
        height = top - BOTTOM_MARGIN
        left = _exact(self.margin)
        return (Rect(left, BOTTOM_MARGIN, self.column, height),
                Rect(_exact(left + self.column + self.gutter), BOTTOM_MARGIN, self.column,
                     height))

    @property
    def body_columns(self) -> tuple[Rect, Rect]:
        """The column frames of running pages."""
        return self.columns(self.height - TOP_MARGIN)

    @property
    def cover_top(self) -> float:
        """Where the first page's text area starts, below the masthead."""
        return self.height - MASTHEAD_HEIGHT - COVER_GAP

    @property
    def band_limit(self) -> float:
        """The tallest the first page's full-width band may be."""
        return (self.cover_top - BOTTOM_MARGIN) * BAND_MAX_SHARE

    def band(self, height: float) -> Rect:
        """The first page's full-width band, `height` tall, under the masthead."""
        return Rect(self.margin, self.cover_top - height, self.measure, height)

    @property
    def text_height(self) -> float:
        """Height of a running page's columns."""
        return self.height - TOP_MARGIN - BOTTOM_MARGIN


def page_geometry(page_size: str) -> PageGeometry:
    """The geometry of a paper size (`A4` or `letter`)."""
    try:
        width, height = PAPER[page_size]
    except KeyError:
        raise ValueError(f"unknown page size {page_size!r}; expected A4 or letter") from None
    return PageGeometry(width=width, height=height)


# A sample of running English prose whose average glyph width stands for "a character".
_SAMPLE = (
    "Azerbaijan and Russia have kept a distrustful but pragmatic relationship since "
    "1991, balancing trade, energy and security interests against each other."
)


def average_char_width(font_name: str, size: float) -> float:
    """The mean advance of a character of English prose in a registered font and size."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(_SAMPLE, font_name, size) / len(_SAMPLE)
