"""Typed lengths and the layout grid of the deck, named once.

Every length is a python-pptx `Length` (EMU) built with `Inches`/`Pt`; font sizes are
`Pt` too and turn into float points (`.pt`) only where text is measured. The default
look's grid is computed from the slide's own width and height, so 16:9 and 4:3 decks
each get margins, bands and columns of their own rather than a scaled copy.
"""

from __future__ import annotations

from dataclasses import dataclass

from pptx.util import Emu, Inches, Length, Pt

# Type scale (points). Minimums are hard floors: below them text moves to another slide.
COVER_TITLE_SIZE = Pt(40)
COVER_SUB_SIZE = Pt(24)
TITLE_SIZE = Pt(32)
TITLE_MIN = Pt(24)
BODY_SIZE = Pt(24)
BODY_MIN = Pt(16)
SMALL_SIZE = Pt(16)
"""Source lines, slide numbers, details: the body minimum, never less."""
FIGURE_VALUE_SIZE = Pt(60)
"""The largest big number on a key-figure tile."""
FIGURE_VALUE_MIN = Pt(40)
"""The smallest big number on a key-figure tile: below it, fewer tiles go on a slide."""
CHART_FONT_SIZE = Pt(18)
"""Axis labels inside native charts (drawn by the chart engine, not fitted)."""
CHART_VALUE_SIZE = Pt(20)
"""Value labels inside native charts."""
SOURCE_SIZE = Pt(12)
"""Source lines under charts and tables: present, but quieter than the data."""
UNITS_SIZE = Pt(18)
"""The units line (a chart's subtitle) above a chart."""
HEADLINE_SIZE = Pt(20)
"""A chart's own headline above it, when the slide's title says something else."""
POINTS_SIZE = Pt(24)
"""The largest size of a section's points."""
CHART_SHARE = 0.64
"""Share of the content width a chart takes when its section's points stand beside it."""
POINTS_MIN = Pt(18)
"""The smallest size of points sharing a slide with their evidence (read from the back
of a room); below it they get a slide of their own."""
COLUMN_GUTTER = Inches(0.45)
"""Between the evidence (a chart, a table) and the points beside it."""

# Insets of every text frame the deck writes.
INSET_X = Inches(0.08)
INSET_Y = Inches(0.05)

# The default look's grid.
MIN_MARGIN = Inches(0.5)
MARGIN_SHARE = 0.045
"""Side margin as a share of the slide width (at least MIN_MARGIN)."""
BAND_HEIGHT = Inches(1.35)
"""Height of the title band on content slides."""
RULE_WIDTH = Inches(1.6)
RULE_HEIGHT = Inches(0.08)
GAP = Inches(0.3)
"""Vertical space between the title area and the content."""
FOOTER_HEIGHT = Inches(0.4)
FOOTER_BOTTOM = Inches(0.2)
"""Space between the slide number box and the bottom edge."""
SLIDE_NUMBER_WIDTH = Inches(1.4)
COVER_SERIES_TOP = Inches(0.9)
COVER_TITLE_TOP = Inches(1.55)
COVER_TITLE_HEIGHT = Inches(2.6)
COVER_SUB_HEIGHT = Inches(2.1)

SOURCE_GAP = Inches(0.1)
"""Between a chart and its source line."""
PHOTO_WIDTH = Inches(2.4)
"""Width of an author photo (a logo is half of it)."""

SLIDE_SIZES: dict[str, tuple[Length, Length]] = {
    "16:9": (Inches(13.333), Inches(7.5)),
    "4:3": (Inches(10), Inches(7.5)),
}


@dataclass(frozen=True)
class Rect:
    """A box on a slide, in EMU."""

    left: int
    """Distance from the slide's left edge."""
    top: int
    """Distance from the slide's top edge."""
    width: int
    """Horizontal extent."""
    height: int
    """Vertical extent."""

    @property
    def right(self) -> int:
        """The right edge."""
        return self.left + self.width

    @property
    def bottom(self) -> int:
        """The bottom edge."""
        return self.top + self.height

    def emu(self) -> tuple[Length, Length, Length, Length]:
        """Left, top, width and height as python-pptx lengths (for `add_*` calls)."""
        return Emu(self.left), Emu(self.top), Emu(self.width), Emu(self.height)

    def with_top(self, top: int) -> Rect:
        """The same box with its top edge moved, keeping its bottom edge."""
        return Rect(self.left, top, self.width, max(0, self.bottom - top))

    def with_bottom(self, bottom: int) -> Rect:
        """The same box with its bottom edge moved, keeping its top edge."""
        return Rect(self.left, self.top, self.width, max(0, bottom - self.top))

    def inner_width_pt(self, insets: Insets | None = None) -> float:
        """Width available to text inside insets (the deck's by default), in points."""
        ins = insets or Insets.deck()
        return Emu(self.width - ins.left - ins.right).pt

    def inner_height_pt(self, insets: Insets | None = None) -> float:
        """Height available to text inside insets (the deck's by default), in points."""
        ins = insets or Insets.deck()
        return Emu(self.height - ins.top - ins.bottom).pt

    def inside(self, width: int, height: int) -> bool:
        """Whether the box lies within a slide of that size."""
        return self.left >= 0 and self.top >= 0 and self.right <= width and self.bottom <= height


@dataclass(frozen=True)
class Insets:
    """The space between a text frame's edges and its text, in EMU."""

    left: int
    """Left inset."""
    top: int
    """Top inset."""
    right: int
    """Right inset."""
    bottom: int
    """Bottom inset."""

    @classmethod
    def deck(cls) -> Insets:
        """The insets of every frame the deck draws itself."""
        return cls(INSET_X, INSET_Y, INSET_X, INSET_Y)

    @classmethod
    def office_default(cls) -> Insets:
        """The insets a frame has when none are written (0.1in, 0.05in)."""
        return cls(Inches(0.1), Inches(0.05), Inches(0.1), Inches(0.05))


def height_for_text(text_pt: float, insets: Insets | None = None) -> int:
    """The frame height (EMU) that holds `text_pt` points of text inside the insets."""
    ins = insets or Insets.deck()
    return int(Pt(text_pt)) + ins.top + ins.bottom + 1


@dataclass(frozen=True)
class Grid:
    """The default look's boxes for one slide size."""

    width: int
    """Slide width."""
    height: int
    """Slide height."""
    margin: int
    """Left and right margin."""

    @classmethod
    def for_slide(cls, width: int, height: int) -> Grid:
        """The grid of a slide of this size."""
        margin = max(int(MIN_MARGIN), int(width * MARGIN_SHARE))
        return cls(width, height, margin)

    @property
    def content_width(self) -> int:
        """Width between the margins."""
        return self.width - 2 * self.margin

    @property
    def band(self) -> Rect:
        """The title band: full width at the top; the title's text keeps the margins."""
        return Rect(0, 0, self.width, BAND_HEIGHT)

    @property
    def band_rule(self) -> Rect:
        """The accent rule under the title band."""
        return Rect(self.margin, BAND_HEIGHT, RULE_WIDTH, RULE_HEIGHT)

    @property
    def slide_number(self) -> Rect:
        """The slide number box, bottom right."""
        top = self.height - FOOTER_BOTTOM - FOOTER_HEIGHT
        return Rect(self.width - self.margin - SLIDE_NUMBER_WIDTH, top,
                    SLIDE_NUMBER_WIDTH, FOOTER_HEIGHT)

    @property
    def content(self) -> Rect:
        """The content area under the band and above the slide number."""
        top = BAND_HEIGHT + RULE_HEIGHT + GAP
        bottom = self.slide_number.top - Inches(0.1)
        return Rect(self.margin, top, self.content_width, bottom - top)

    @property
    def cover_series(self) -> Rect:
        """The series label on the title slide."""
        return Rect(self.margin, COVER_SERIES_TOP, self.content_width,
                    COVER_TITLE_TOP - COVER_SERIES_TOP)

    @property
    def cover_title(self) -> Rect:
        """The title on the title slide."""
        return Rect(self.margin, COVER_TITLE_TOP, self.content_width, COVER_TITLE_HEIGHT)

    @property
    def cover_rule(self) -> Rect:
        """The accent rule between title and subtitle on the title slide."""
        return Rect(self.margin, COVER_TITLE_TOP + COVER_TITLE_HEIGHT + Inches(0.15),
                    RULE_WIDTH, RULE_HEIGHT)

    @property
    def cover_sub(self) -> Rect:
        """Subtitle, author line and date on the title slide."""
        top = self.cover_rule.bottom + Inches(0.25)
        return Rect(self.margin, top, self.content_width,
                    min(COVER_SUB_HEIGHT, self.height - Inches(0.5) - top))
