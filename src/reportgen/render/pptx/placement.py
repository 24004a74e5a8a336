"""Where a section's charts stand on its slides, and the size each is drawn at.

One rule, asked twice: by the chart job before drawing (for the size to draw each
slide chart at) and by the deck when placing it, so that a slide chart is drawn at
exactly the size it is shown (its text is then the size the chart style says, enlarged
by the chart job's slide text scale). A section's first chart stands beside its points
(about two thirds of the width on a wide slide, three fifths on a narrow one, so
that the points keep a column wide enough for 18 pt); further charts get a slide of
their own. Only the
geometry and text measuring are imported here: the pipeline asks before any renderer
is loaded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pptx.util import Emu

from reportgen.fonts import FontFamily
from reportgen.render.pptx.fit import Para, Span, clip, text_height
from reportgen.render.pptx.geometry import (
    CHART_SHARE,
    HEADLINE_SIZE,
    SLIDE_SIZES,
    SOURCE_GAP,
    SOURCE_SIZE,
    UNITS_SIZE,
    Grid,
    Rect,
    height_for_text,
)

LINE_SHARE = 0.2
"""Most of a chart block's height a headline, units or source line may take (longer
ones are cut short with "…"; the notes keep them whole)."""
BESIDE, FULL = "beside", "full"
"""Beside its section's points, or a slide of its own."""
NARROW = 2.0
"""Width over height of a content area under which evidence stands above its points
rather than beside them (a 16:9 slide's is about 2.4, a 4:3 slide's about 1.8)."""


NARROW_SHARE = 0.6
"""Share of a narrow content area's width a chart takes beside its section's points."""


def stacks(area: Rect) -> bool:
    """Whether a content area is narrow (a 4:3 slide's)."""
    return area.width < area.height * NARROW


def evidence_box(area: Rect) -> Rect:
    """The box of the evidence (a chart, a table) beside its section's points: the left
    `CHART_SHARE` of the content width, `NARROW_SHARE` of a narrow one."""
    share = NARROW_SHARE if stacks(area) else CHART_SHARE
    return Rect(area.left, area.top, int(area.width * share), area.height)


@dataclass(frozen=True)
class SlideChart:
    """A chart as a section places it on the deck."""

    id: str
    """The chart's id."""
    title: str
    """Its headline."""


@dataclass(frozen=True)
class Place:
    """Where a chart stands: beside points or on a slide of its own; with its headline."""

    kind: str
    """`beside` or `full`."""
    headline: bool
    """Whether its own headline is set above it (the slide's title says something else)."""


def section_places(charts: Sequence[SlideChart], *, points: bool,
                   slide_title: str | None) -> list[tuple[Place, tuple[SlideChart, ...]]]:
    """A section's chart slides in order: each a place and the chart(s) on it."""
    out: list[tuple[Place, tuple[SlideChart, ...]]] = []
    pending = list(charts)
    if pending and points:
        first = pending.pop(0)
        out.append((Place(BESIDE, bool(slide_title) and slide_title != first.title), (first,)))
    out.extend((Place(FULL, False), (chart,)) for chart in pending)
    return out


def chart_box(slide_size: str, kind: str) -> Rect:
    """The box a chart block gets in the default look (a title of one or two lines)."""
    width, height = SLIDE_SIZES[slide_size]
    area = Grid.for_slide(int(width), int(height)).content
    return evidence_box(area) if kind == BESIDE else area


@dataclass(frozen=True)
class BlockLayout:
    """Where the parts of a chart block go in its box (the texts as shown, cut if long)."""

    headline: tuple[str, Rect] | None
    """The chart's own headline and its box, when shown."""
    units: tuple[str, Rect] | None
    """The units line and its box, when the chart has one."""
    chart: Rect
    """The room the chart is fitted into (a picture keeps its proportions in it)."""
    source: tuple[str, int] | None
    """The source line and its height (it sits right under the chart as placed)."""


def _text_line(family: FontFamily, text: str, box: Rect, top: int, size: float,
               bold: bool = False) -> tuple[str, Rect]:
    text = clip(text, family, size, box.inner_width_pt(),
                Emu(int(box.height * LINE_SHARE)).pt, bold=bold)
    para = Para((Span(text, bold=bold),), space_after=0.0)
    need = height_for_text(text_height([para], family, size, box.inner_width_pt()))
    return text, Rect(box.left, top, box.width, need)


def block_layout(family: FontFamily, box: Rect, *, headline: str | None, units: str | None,
                 source: str | None) -> BlockLayout:
    """The layout of a chart block in a box: headline, units, chart room, source line
    (`source` as printed, its label included).

    The chart job asks this too (with the same box) for the size to draw the slide
    chart at, so that the picture is placed at exactly the size it was drawn for.
    """
    top = box.top
    head = unit_line = None
    if headline:
        head = _text_line(family, headline, box, top, HEADLINE_SIZE.pt, bold=True)
        top = head[1].bottom
    if units:
        unit_line = _text_line(family, units, box, top, UNITS_SIZE.pt)
        top = unit_line[1].bottom + SOURCE_GAP
    area = box.with_top(top)
    src = None
    if source:
        text, rect = _text_line(family, source, box, 0, SOURCE_SIZE.pt)
        src = (text, rect.height)
        area = area.with_bottom(area.bottom - rect.height - SOURCE_GAP)
    return BlockLayout(head, unit_line, area, src)


def slide_chart_size_in(family: FontFamily, slide_size: str, place: Place, *, title: str,
                        units: str | None, source: str | None) -> tuple[float, float]:
    """Width and height in inches of the room a chart is fitted into on its slide."""
    box = chart_box(slide_size, place.kind)
    room = block_layout(family, box, headline=title if place.headline else None,
                        units=units, source=source).chart
    return round(Emu(room.width).inches, 4), round(Emu(room.height).inches, 4)
