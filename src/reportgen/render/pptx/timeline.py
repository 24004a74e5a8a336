"""The timeline drawn as a timeline, as many events to a slide as stay legible.

Across a wide slide: a horizontal line, a marker per event, dates above, titles and
details below (when they keep 18 pt). Down a narrow one (4:3), or wherever that takes
fewer slides or keeps the text larger: a vertical
line, one row per event, the date at the left of its marker and the title (with its
detail when there is room) at the right; details left off the slide stay in the notes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from reportgen.document.nodes import Timeline, TimelineEvent
from reportgen.render.pptx.colors import readable_on, rgb
from reportgen.render.pptx.deck import Deck, SlideFrame
from reportgen.render.pptx.draw import add_rect, mark_decorative
from reportgen.render.pptx.fit import (
    Para,
    Span,
    best_size,
    clip,
    count_lines,
    measure,
    sizes_down,
    text_height,
)
from reportgen.render.pptx.geometry import (
    BODY_MIN,
    INSET_X,
    INSET_Y,
    Rect,
    height_for_text,
)
from reportgen.render.pptx.pages import chunk_evenly
from reportgen.render.pptx.placement import stacks

MIN_COLUMN = Inches(2.3)
"""Narrowest column an event with its detail gets; sets how many events a slide holds."""
MIN_COMPACT_COLUMN = Inches(1.5)
"""Narrowest column of an event shown without its detail (a long timeline: the notes
keep every detail)."""
MARKER = Inches(0.26)
LINE_WEIGHT = Inches(0.035)
COLUMN_GUTTER = Inches(0.2)
DATE_GAP = Inches(0.12)
TEXT_GAP = Inches(0.12)
LARGEST = 20.0
DATE_LINES = 2
"""Dates get room for this many lines (a long display date wraps once)."""


def _date_para(event: TimelineEvent, color: str | None = None) -> Para:
    return Para((Span(event.date, bold=True, color=color),), space_after=0.0)


def _text_paras(event: TimelineEvent, ink: str | None = None,
                muted: str | None = None) -> list[Para]:
    paras = [Para((Span(event.title, bold=True, color=ink),), space_after=0.3)]
    if event.detail:
        paras.append(Para((Span(event.detail, color=muted),), space_after=0.0))
    return paras


def _rows(area: Rect, size: float) -> tuple[Rect, int, Rect]:
    """Date row, the line's y, and the text row of an area for a date size."""
    date_h = height_for_text(size * 1.2 * DATE_LINES)
    line_y = area.top + date_h + DATE_GAP + MARKER // 2
    text_top = line_y + MARKER // 2 + TEXT_GAP
    return (Rect(area.left, area.top, area.width, date_h), line_y,
            Rect(area.left, text_top, area.width, area.bottom - text_top))


def _columns(area: Rect, count: int) -> list[tuple[int, int]]:
    """Left edge and width of each event's column."""
    step = area.width // count
    return [(area.left + i * step, step - COLUMN_GUTTER) for i in range(count)]


def _plan(deck: Deck, events: tuple[TimelineEvent, ...], area: Rect,
          column: int = MIN_COLUMN) -> tuple[list[range], float]:
    family = deck.style.family
    most = max(1, min(len(events), area.width // column))
    for per_slide in range(most, 0, -1):
        pages = chunk_evenly(len(events), per_slide)
        size: float | None = LARGEST
        for page in pages:
            width = Rect(0, 0, _columns(area, len(pages[0]))[0][1], 0).inner_width_pt()
            for i in page:
                date_rect, _, text_rect = _rows(area, BODY_MIN.pt)
                got = [best_size([_date_para(events[i])], family, width,
                                 date_rect.inner_height_pt(), LARGEST, BODY_MIN.pt),
                       best_size(_text_paras(events[i]), family, width,
                                 text_rect.inner_height_pt(), LARGEST, BODY_MIN.pt)]
                known = [g for g in got if g is not None]
                size = None if size is None or len(known) < len(got) else min(size, *known)
        width = Rect(0, 0, _columns(area, len(pages[0]))[0][1], 0).inner_width_pt()
        while size is not None and not _words_fit(deck, events, size, width):
            size = size - 2 if size > BODY_MIN.pt else None
        if size is not None:
            return pages, _common_size(deck, events, pages, area, size)
    return chunk_evenly(len(events), 1), BODY_MIN.pt


def _words_fit(deck: Deck, events: tuple[TimelineEvent, ...], size: float,
               width: float) -> bool:
    """Whether every word of every title and detail fits a column at a size (unbroken)."""
    family = deck.style.family
    words = {(w, True) for e in events for w in e.title.split()} | {
        (w, False) for e in events for w in (e.detail or "").split()}
    return all(count_lines((Span(w, bold=bold),), family, size, width) == 1
               for w, bold in words)


def _common_size(deck: Deck, events: tuple[TimelineEvent, ...], pages: list[range],
                 area: Rect, size: float) -> float:
    """The size, shrunk further if larger dates leave the text row too short."""
    family = deck.style.family
    while size > BODY_MIN.pt:
        _, _, text_rect = _rows(area, size)
        ok = all(text_height(_text_paras(events[i]), family, size,
                             Rect(0, 0, _columns(area, len(pages[0]))[0][1], 0).inner_width_pt())
                 <= text_rect.inner_height_pt() for p in pages for i in p)
        if ok:
            return size
        size -= 2
    return BODY_MIN.pt


TITLE_SHARE = 0.6
"""Share of an event's text room its title may take when title and detail are cut short."""


def _clipped(deck: Deck, events: tuple[TimelineEvent, ...], area: Rect
             ) -> tuple[TimelineEvent, ...]:
    """The events with titles and details cut short (…) where even a slide of their own,
    at the smallest size, could not hold them; the notes keep the full text."""
    family, size = deck.style.family, BODY_MIN.pt
    width = Rect(0, 0, _columns(area, 1)[0][1], 0).inner_width_pt()
    room = _rows(area, size)[2].inner_height_pt() * 0.9  # the space after the title
    out = []
    for event in events:
        title_room = room * TITLE_SHARE if event.detail else room
        out.append(replace(
            event, date=clip(event.date, family, size, width, size * 1.2 * DATE_LINES,
                             bold=True),
            title=clip(event.title, family, size, width, title_room, bold=True),
            detail=clip(event.detail, family, size, width, room - title_room)
            if event.detail else None))
    return tuple(out)


def render_timeline(deck: Deck, timeline: Timeline) -> None:
    """The events on as few slides as keep them legible."""
    if not timeline.events:
        return
    area = deck.text_area("timeline", timeline.heading)
    full = timeline
    timeline = replace(timeline, events=_clipped(deck, timeline.events, area))
    pages, size = _plan(deck, timeline.events, area)
    bare = replace(timeline, events=tuple(replace(e, detail=None) for e in timeline.events))
    if len(pages) > 1:  # a long timeline: titles only, more to a slide
        fewer, small = _plan(deck, bare.events, area, MIN_COMPACT_COLUMN)
        if len(fewer) < len(pages):
            timeline, pages, size = bare, fewer, small
    down = _down_plan(deck, full.events, area)
    smaller = stacks(area) or size < DOWN_MIN  # across, the text would be under 18 pt
    if down is not None and (len(down.pages) < len(pages)
                             or (smaller and len(down.pages) == len(pages))):
        _render_down(deck, full, down)
        return
    drop = _drop(deck, timeline.events, pages, area, size)
    for n, page in enumerate(pages):
        frame = deck.new_slide("timeline", deck.continued(timeline.heading, n))
        events = [timeline.events[i] for i in page]
        _draw(deck, frame, events, size, drop, len(pages[0]), more=n < len(pages) - 1)
        notes = "\n".join(f"{e.date}: {e.title}" + (f". {e.detail}" if e.detail else "")
                          for e in (full.events[i] for i in page))
        deck.finish(frame, notes)


def _drop(deck: Deck, events: tuple[TimelineEvent, ...], pages: list[range], area: Rect,
          size: float) -> int:
    """How far down the drawing starts: a third of the room its tallest column leaves."""
    _, _, text_rect = _rows(area, size)
    tallest = max(height_for_text(text_height(
        _text_paras(events[i]), deck.style.family, size,
        Rect(0, 0, _columns(area, len(pages[0]))[0][1], 0).inner_width_pt()))
        for p in pages for i in p)
    return max(0, (text_rect.height - tallest) // 3)


def _marker(deck: Deck, frame: SlideFrame, box: Rect) -> None:
    """An event's dot on the line, in a colour that stands out on the slide."""
    dot = add_rect(frame.slide.shapes, box, deck.accent_on(frame.background),
                   shape_type=MSO_SHAPE.OVAL, line=frame.background)
    dot.name = "Timeline marker"


def _line(frame: SlideFrame, color: str, start: tuple[int, int], end: tuple[int, int], *,
          more: bool) -> None:
    """The timeline's line from `start` to `end` (EMU), an arrowhead at its end when the
    timeline goes on to another slide."""
    line = frame.slide.shapes.add_connector(
        MSO_CONNECTOR.STRAIGHT, Emu(start[0]), Emu(start[1]), Emu(end[0]), Emu(end[1]))
    line.line.color.rgb = rgb(color)
    line.line.width = LINE_WEIGHT
    if more:
        ln = line.line._get_or_add_ln()
        ln.append(ln.makeelement(qn("a:tailEnd"), {"type": "triangle", "w": "med", "len": "med"}))
    mark_decorative(line._element._nvXxPr.cNvPr)

def _draw(deck: Deck, frame: SlideFrame, events: list[TimelineEvent], size: float,
          drop: int, columns: int, *, more: bool) -> None:
    theme = deck.theme
    area = frame.content.with_top(frame.content.top + drop)
    date_rect, line_y, text_rect = _rows(area, size)
    _line(frame, deck.line_on(frame.background), (area.left, line_y), (area.right, line_y),
          more=more)
    date_color = readable_on(frame.background, theme.primary, theme.text)
    for (left, width), event in zip(_columns(area, columns), events, strict=False):
        deck.add_text(frame, Rect(left, date_rect.top, width, date_rect.height),
                      [_date_para(event, date_color)], size, anchor="bottom")
        _marker(deck, frame, Rect(left + INSET_X, line_y - MARKER // 2, MARKER, MARKER))
        deck.add_text(frame, Rect(left, text_rect.top, width, text_rect.height),
                      _text_paras(event, deck.ink(frame.background),
                                  deck.muted(frame.background)), size)


DOWN_LARGEST = 24.0
"""The largest size of a timeline drawn down the slide (its rows have the width)."""
DOWN_MIN = 18.0
"""The smallest size of a timeline drawn down the slide (titles, details and dates)."""
ROW_GAP = Inches(0.15)
"""The white between two rows of a timeline drawn down the slide (a fifth of a row at
most, when many rows share the slide)."""
DATE_SHARE = 0.3
"""Most of the width the date column of a timeline drawn down the slide may take."""
DATE_SLACK = 1.08
"""Room a date gets beyond its measured width (renderers set text a little wider)."""
MARKER_COLUMN = Inches(0.6)
"""Width of the column the line and markers of a timeline drawn down the slide take."""


@dataclass(frozen=True)
class DownPlan:
    """A timeline drawn down the slide: its slides, size, columns and whether details show."""

    pages: list[range]
    """The events on each slide."""
    size: float
    """Type size of dates, titles and details."""
    date_width: int
    """Width of the date column."""
    details: bool
    """Whether details are on the slides (else only in the notes)."""
    events: tuple[TimelineEvent, ...]
    """The events as shown (cut short where a slide could not hold them)."""


def _down_plan(deck: Deck, events: tuple[TimelineEvent, ...], area: Rect
               ) -> DownPlan | None:
    """The fewest slides a timeline drawn down the slide takes (details shown if they
    fit on as few), at the largest size that keeps that; None if no layout fits."""
    family = deck.style.family
    for per_slide in range(len(events), 0, -1):
        pages = chunk_evenly(len(events), per_slide)
        pitch = area.height // len(pages[0])
        for details in (True, False):
            shown = events if details else tuple(replace(e, detail=None) for e in events)
            if details and not any(e.detail for e in events):
                continue
            for size in sizes_down(DOWN_LARGEST, DOWN_MIN):
                date_width = _date_width(deck, events, size, area)
                if date_width is None:
                    continue
                text_width = Rect(0, 0, area.width - date_width - MARKER_COLUMN, 0)
                if not _words_fit(deck, shown, size, text_width.inner_width_pt()):
                    continue
                room = Rect(0, 0, 0, pitch - min(ROW_GAP, pitch // 5)).inner_height_pt()
                dates_fit = all(text_height([_date_para(e)], family, size,
                                            Rect(0, 0, date_width, 0).inner_width_pt())
                                <= room for e in events)
                if dates_fit and all(text_height(_row_paras(e), family, size,
                                                 text_width.inner_width_pt()) <= room
                                     for e in shown):
                    return DownPlan(pages, size, date_width, details, shown)
    return None


def _row_paras(event: TimelineEvent) -> list[Para]:
    """An event's title and detail as measured in a row (no space after the last: the
    row's gap is the white under it)."""
    paras = _text_paras(event)
    return [*paras[:-1], replace(paras[-1], space_after=0.0)]


def _date_width(deck: Deck, events: tuple[TimelineEvent, ...], size: float,
                area: Rect) -> int | None:
    """The date column's width: its longest unbroken word at least, its longest date at
    most, within `DATE_SHARE` of the area."""
    family = deck.style.family
    most = int(area.width * DATE_SHARE)
    widest = max(measure((Span(e.date, bold=True),), family).prefix[-1] * size
                 for e in events)
    width = min(most, int(Pt(widest * DATE_SLACK)) + 2 * INSET_X + 1)
    inner = Rect(0, 0, width, 0).inner_width_pt()
    if any(count_lines((Span(w, bold=True),), family, size, inner) > 1
           for e in events for w in e.date.split()):
        return None
    return width


def _render_down(deck: Deck, timeline: Timeline, plan: DownPlan) -> None:
    """The timeline's slides, drawn down the slide."""
    for n, page in enumerate(plan.pages):
        frame = deck.new_slide("timeline", deck.continued(timeline.heading, n))
        _draw_down(deck, frame, [plan.events[i] for i in page], plan,
                   len(plan.pages[0]), more=n < len(plan.pages) - 1)
        notes = "\n".join(f"{e.date}: {e.title}" + (f". {e.detail}" if e.detail else "")
                          for e in (timeline.events[i] for i in page))
        deck.finish(frame, notes)


def _draw_down(deck: Deck, frame: SlideFrame, events: list[TimelineEvent], plan: DownPlan,
               rows: int, *, more: bool) -> None:
    theme, area, size = deck.theme, frame.content, plan.size
    pitch = area.height // rows
    line_x = area.left + plan.date_width + MARKER_COLUMN // 2
    first_line = Emu(INSET_Y).pt + size * 1.2 / 2  # the middle of a row's first line
    centres = [area.top + i * pitch + int(Pt(first_line)) for i in range(len(events))]
    end = area.bottom if more else centres[-1]
    _line(frame, deck.line_on(frame.background), (line_x, centres[0]), (line_x, end),
          more=more)
    date_color = readable_on(frame.background, theme.primary, theme.text)
    text_left = area.left + plan.date_width + MARKER_COLUMN
    for event, centre in zip(events, centres, strict=True):
        top = centre - int(Pt(first_line))
        date = Para((Span(event.date, bold=True, color=date_color),), align="r",
                    space_after=0.0)
        deck.add_text(frame, Rect(area.left, top, plan.date_width, pitch), [date], size)
        _marker(deck, frame, Rect(line_x - MARKER // 2, centre - MARKER // 2, MARKER, MARKER))
        deck.add_text(frame, Rect(text_left, top, area.right - text_left, pitch),
                      _text_paras(event, deck.ink(frame.background),
                                  deck.muted(frame.background)), size)
