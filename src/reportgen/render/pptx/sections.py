"""A section's slides, assertion and evidence: the headline says it, the chart shows it.

The section's first slide carries its headline (`slide_title`, else its first chart's
headline, else its heading), its evidence (the first chart, else the first table, else
its callout, else the key figures its points cite) beside its points (a table rather
across the slide's width, its points in two columns under it). Further charts
and tables follow, one to a slide. A table that only repeats a chart of the same
section (same rows, same numbers) stays out of the deck: its rows go into the chart
slide's notes. Points too long to stand beside their evidence get slides of their own,
and the evidence follows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from reportgen.document.nodes import (
    Callout,
    DataTable,
    Figure,
    KeyFigures,
    Runs,
    Section,
    plain,
)
from reportgen.render.pdf.typography import smart_quotes
from reportgen.render.pptx.deck import Deck, SlideFrame
from reportgen.render.pptx.draw import add_rect
from reportgen.render.pptx.figures import (
    chart_block,
    chart_notes,
    render_figure,
)
from reportgen.render.pptx.fit import Para, Span, best_size, text_height
from reportgen.render.pptx.geometry import (
    BODY_MIN,
    COLUMN_GUTTER,
    POINTS_MIN,
    POINTS_SIZE,
    RULE_HEIGHT,
    Rect,
    height_for_text,
)
from reportgen.render.pptx.pages import paginate
from reportgen.render.pptx.placement import evidence_box
from reportgen.render.pptx.table import render_table, table_block, table_notes
from reportgen.render.pptx.tiles import column_tiles, figure_notes, render_key_figures

TILES_SHARE = 0.36
"""Share of the content width key-figure tiles take beside points."""
QUOTE_SHARE = 0.4
"""Share of the content width a callout takes beside points."""
QUOTE_SIZE = 28.0
"""The largest size of a callout beside points."""
QUOTE_RULE = RULE_HEIGHT
"""Width of the accent rule at the left of a callout."""
TEXT_POINTS_MIN = 18.0
"""The smallest size of the points of a slide without a chart or table (a room reads them)."""
STACK_GAP = COLUMN_GUTTER // 2
"""Between a table and the points under it."""
POINTS_SHARE_UNDER = 0.45
"""Most of the content height points under a table may need (else they stand beside it)."""
_NUMBER = re.compile(r"-?\d[\d,\u202f\u00a0 ]*(?:\.\d+)?")


def repeats(table: DataTable, figure: Figure) -> bool:
    """Whether a table shows nothing but a chart's data: its rows are the chart's
    categories, in order, and each of its numbers is one of that row's values."""
    data = figure.data
    if data is None or not table.rows or len(table.rows) != len(data.categories):
        return False
    if tuple(plain(row[0]).strip() for row in table.rows) != tuple(data.categories):
        return False
    for at, row in enumerate(table.rows):
        values = [s.values[at] for s in data.series]
        for cell in row[1:]:
            found = _NUMBER.fullmatch(plain(cell).strip())
            if found is None:
                continue  # a text column (a unit, a note) says nothing the chart lacks
            number = float(re.sub(r"[,\u202f\u00a0 ]", "", found.group()))
            if not any(abs(number - v) <= 0.5 * 10 ** -_decimals(found.group())
                       for v in values):
                return False
    return True


def _decimals(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


def spans(runs: Runs, *, color: str | None = None) -> tuple[Span, ...]:
    """Document runs as spans, with curly quotes (inline code keeps the slide font, so
    measuring stays exact, and its quotes as typed)."""
    out, before = [], ""
    for r in runs:
        if r.text:
            text = r.text if r.code else smart_quotes(r.text, after=before)
            out.append(Span(text, bold=r.bold, italic=r.italic, href=r.href, color=color,
                            literal=r.code))
            before += r.text
    return tuple(out)


_DEBRIS = re.compile(r"(?:[\s;,:]+(?:and|or|and/or)?)+$|(?<![.!?])\.$")
"""What ends a list item or a sentence that a slide point leaves off: `;`, `; and`,
`,`, `:` and a lone full stop (an ellipsis, `?` and `!` stay)."""


def point_runs(runs: Runs) -> Runs:
    """A point as a briefer says it: note markers out, sentence-cased, no trailing
    `;`, `, and` or full stop (a body's list items and first sentences arrive so)."""
    runs = tuple(r for r in runs if r.note is None and r.text)
    if not runs:
        return runs
    text = plain(runs)
    end = len(_DEBRIS.sub("", text.rstrip()))
    start = len(text) - len(text.lstrip())
    out, at = [], 0
    for run in runs:
        piece = run.text[max(0, start - at): max(0, end - at)]
        at += len(run.text)
        if piece:
            out.append(replace(run, text=piece))
    if out and out[0].text[:1].islower() and not out[0].href and not out[0].code:
        out[0] = replace(out[0], text=out[0].text[0].upper() + out[0].text[1:])
    return tuple(out)


def _points(section: Section) -> list[Para]:
    return [Para(spans(point_runs(p.runs)), bullet=True) for p in section.points]


def _callout(section: Section) -> Callout | None:
    return next((i for i in section.items if isinstance(i, Callout)), None)


def render_section(deck: Deck, section: Section) -> None:
    """The section's slides: its lead slide, then the rest of its evidence."""
    if not section.slide:
        return
    points = _points(section)
    figures = list(section.figures)
    repeated = {t.number: f for t in section.tables for f in figures if repeats(t, f)}
    tables = [t for t in section.tables if t.number not in repeated]
    extra = {f.chart_id: "\n\n".join(table_notes(t) for t in section.tables
                                     if repeated.get(t.number) is f) for f in figures}
    first = len(deck.prs.slides)
    if figures and points and _lead_with_chart(deck, section, points, figures[0],
                                               extra[figures[0].chart_id]):
        figures = figures[1:]
    elif not figures and tables and points and _lead_with_table(deck, section, points,
                                                                tables[0]):
        tables = tables[1:]
    elif points or not (figures or tables):
        _lead_text(deck, section, points)
    _more_charts(deck, figures, extra)
    for table in tables:
        render_table(deck, table)
    if len(deck.prs.slides) > first:
        deck.section_slides[section.index] = deck.prs.slides[first]


def _beside(deck: Deck, title: str, points: list[Para], share: float,
            smallest: float = BODY_MIN.pt) -> tuple[Rect, Rect, float] | None:
    """Evidence and points boxes on a slide titled `title`, and the points' size, if the
    points fit beside the evidence on one slide."""
    area = deck.content_area("chart", title)
    left = int(area.width * share)
    right = Rect(area.left + left + COLUMN_GUTTER, area.top,
                 area.width - left - COLUMN_GUTTER, area.height)
    size = _one_box(deck, points, right, smallest)
    if size is None:
        return None
    return Rect(area.left, area.top, left, area.height), right, size


def _one_box(deck: Deck, points: list[Para], box: Rect,
             smallest: float = POINTS_MIN.pt) -> float | None:
    """The size the points take in one box, if they fit it at `smallest` (by default
    `POINTS_MIN`) or larger."""
    return best_size(points, deck.style.family, box.inner_width_pt(), box.inner_height_pt(),
                     POINTS_SIZE.pt, max(smallest, POINTS_MIN.pt))


@dataclass(frozen=True)
class Shared:
    """A slide that evidence (a chart, a table) shares with its section's points."""

    evidence: Rect
    """The evidence's box."""
    columns: tuple[tuple[Rect, tuple[Para, ...]], ...]
    """The points' boxes, each with the points it holds."""
    size: float
    """The points' size."""


def _shared(deck: Deck, area: Rect, points: list[Para]) -> Shared | None:
    """The evidence at the left, the points beside it (None: they do not fit at
    `POINTS_MIN`). A narrow slide gives the points a wider share (placement.py)."""
    left = evidence_box(area)
    right = Rect(left.right + COLUMN_GUTTER, area.top,
                 area.width - left.width - COLUMN_GUTTER, area.height)
    size = _one_box(deck, points, right)
    return None if size is None else Shared(left, ((right, tuple(points)),), size)


def _moved(shared: Shared, content: Rect) -> Shared:
    """A side-by-side layout on a slide whose content area is `content`."""
    def fit(box: Rect) -> Rect:
        return Rect(box.left, content.top, box.width, content.height)
    return Shared(fit(shared.evidence),
                  tuple((fit(box), paras) for box, paras in shared.columns), shared.size)


def _columns_under(deck: Deck, area: Rect, points: list[Para]
                   ) -> tuple[int, list[tuple[int, int, tuple[Para, ...]]]]:
    """Points in one or two columns across an area's width: the height they need at
    `POINTS_MIN` and each column's left edge, width and points."""
    family = deck.style.family
    count = 2 if len(points) > 1 else 1
    width = (area.width - COLUMN_GUTTER * (count - 1)) // count
    split = -(-len(points) // count)
    parts = [tuple(points[:split]), tuple(points[split:])][:count]
    cols = [(area.left + n * (width + COLUMN_GUTTER), width, part)
            for n, part in enumerate(parts)]
    need = max(height_for_text(text_height(list(part), family, POINTS_MIN.pt,
                                           Rect(0, 0, width, 0).inner_width_pt()))
               for _, width, part in cols)
    return need, cols


def _table_above(deck: Deck, section: Section, title: str, points: list[Para],
                 table: DataTable) -> bool:
    """The table across the width, the points under it in columns (a table reads
    better wide than squeezed beside the points); False if they do not fit so."""
    area = deck.content_area("chart", title)
    need, cols = _columns_under(deck, area, points)
    if need > area.height * POINTS_SHARE_UNDER:
        return False
    frame = deck.new_slide("chart", title)
    top = frame.content
    box = Rect(top.left, top.top, top.width, top.height - need - STACK_GAP)
    bottom = table_block(deck, frame, table, box)
    if bottom is None:
        _drop_slide(deck)
        return False
    below = top.with_top(bottom + STACK_GAP)
    boxes = [(Rect(left, below.top, width, below.height), part) for left, width, part in cols]
    size = min(_one_box(deck, list(part), box) or POINTS_MIN.pt for box, part in boxes)
    _write_columns(deck, frame, Shared(box, tuple(boxes), size))
    deck.finish(frame, "\n\n".join(x for x in (_heading(section, title), section.notes,
                                                table_notes(table)) if x))
    return True


def _write_points(deck: Deck, frame: SlideFrame, points: list[Para], size: float,
                  box: Rect) -> None:
    shape = deck.write_body(frame, points, size, box)
    shape.name = "Points"


def _write_columns(deck: Deck, frame: SlideFrame, shared: Shared) -> None:
    for n, (box, paras) in enumerate(shared.columns):
        shape = deck.write_body(frame, list(paras), shared.size, box)
        shape.name = "Points" if n == 0 else f"Points {n + 1}"


def _lead_with_chart(deck: Deck, section: Section, points: list[Para], figure: Figure,
                     extra: str) -> bool:
    title = section.slide_title or figure.title
    area = deck.content_area("chart", title)
    shared = _shared(deck, area, points)
    if shared is None:
        return False
    frame = deck.new_slide("chart", title)
    shared = _moved(shared, frame.content)
    chart_block(deck, frame, figure, shared.evidence, headline=title != figure.title)
    _write_columns(deck, frame, shared)
    notes = (_heading(section, title), section.notes,
             chart_notes(figure, deck.language.labels), extra)
    deck.finish(frame, "\n\n".join(x for x in notes if x))
    return True


def _placed(frame: SlideFrame, boxes: tuple[Rect, Rect, float]) -> tuple[Rect, Rect, float]:
    """The boxes moved to the slide's content top (the same unless the title grew)."""
    left, right, size = boxes
    top = frame.content.top
    return (Rect(left.left, top, left.width, frame.content.bottom - top),
            Rect(right.left, top, right.width, frame.content.bottom - top), size)


def _lead_with_table(deck: Deck, section: Section, points: list[Para],
                     table: DataTable) -> bool:
    title = section.slide_title or section.heading
    area = deck.content_area("chart", title)
    if _table_above(deck, section, title, points, table):
        return True
    shared = _shared(deck, area, points)
    if shared is None:
        return False
    frame = deck.new_slide("chart", title)
    shared = _moved(shared, frame.content)
    if table_block(deck, frame, table, shared.evidence) is None:
        _drop_slide(deck)
        return False
    _write_columns(deck, frame, shared)
    deck.finish(frame, "\n\n".join(x for x in (_heading(section, title), section.notes,
                                                table_notes(table)) if x))
    return True


def _heading(section: Section, title: str) -> str:
    """The section's heading, to open the notes of a slide whose title says otherwise."""
    return "" if title == section.heading else f"Section {section.index}: {section.heading}"


def _drop_slide(deck: Deck) -> None:
    """Remove the last slide (a layout that turned out not to fit)."""
    ids = deck.prs.slides._sldIdLst
    last = ids[-1]
    deck.prs.part.drop_rel(last.rId)
    ids.remove(last)


def _lead_text(deck: Deck, section: Section, points: list[Para]) -> None:
    """Points alone, or beside the section's callout set as a quote."""
    title = section.slide_title or section.heading
    callout = _callout(section)
    if callout is not None and points:
        boxes = _beside(deck, title, points, QUOTE_SHARE, TEXT_POINTS_MIN)
        if boxes is not None:
            frame = deck.new_slide("section", title)
            quote, text, size = _placed(frame, boxes)
            _quote(deck, frame, callout, quote)
            _write_points(deck, frame, points, size, text)
            deck.finish(frame, "\n\n".join(x for x in (_heading(section, title),
                                                        section.notes) if x))
            return
    shown = deck.figures_beside.get(section.index)
    if shown:
        boxes = _beside(deck, title, points, TILES_SHARE, TEXT_POINTS_MIN)
        if boxes is not None:
            frame = deck.new_slide("section", title)
            text, tiles, size = _placed(frame, _swap(boxes))
            if column_tiles(deck, frame, shown, tiles):
                _write_points(deck, frame, points, size, text)
                said = [figure_notes(f, deck.language.labels) for f in shown]
                deck.finish(frame, "\n\n".join([_heading(section, title), section.notes,
                                                 *said]).strip())
                return
            _drop_slide(deck)
    area = deck.text_area("section", title)
    size, pages = paginate(points, deck.style.family, area.inner_width_pt(),
                           area.inner_height_pt(), POINTS_SIZE.pt, TEXT_POINTS_MIN)
    for i, page in enumerate(pages):
        frame = deck.new_slide("section", deck.continued(title, i))
        if page:
            deck.write_body(frame, page, size, frame.content).name = "Points"
        deck.finish(frame, "\n\n".join(x for x in (_heading(section, title) if i == 0 else "",
                                                    section.notes) if x))
    if shown:  # they did not fit beside the points: they follow, as big numbers still
        render_key_figures(deck, KeyFigures(shown, heading=title), beside=True)


def _swap(boxes: tuple[Rect, Rect, float]) -> tuple[Rect, Rect, float]:
    """Points at the left, evidence at the right (the text column keeps its width)."""
    evidence, text, size = boxes
    left = Rect(evidence.left, evidence.top, text.width, text.height)
    right = Rect(evidence.left + text.width + COLUMN_GUTTER, evidence.top, evidence.width,
                 evidence.height)
    return left, right, size


def _quote(deck: Deck, frame: SlideFrame, callout: Callout, box: Rect) -> None:
    """A callout as a pull quote: an accent rule at its left, large italic text."""
    color = deck.ink(frame.background)
    para = Para(tuple(Span(s.text, bold=s.bold, italic=True, href=s.href, color=color)
                      for s in spans(callout.text.runs)), space_after=0.0)
    text_box = Rect(box.left + QUOTE_RULE * 3, box.top, box.width - QUOTE_RULE * 3, box.height)
    size = best_size([para], deck.style.family, text_box.inner_width_pt(),
                     text_box.inner_height_pt(), QUOTE_SIZE, BODY_MIN.pt) or BODY_MIN.pt
    need = min(box.height, height_for_text(text_height([para], deck.style.family, size,
                                                       text_box.inner_width_pt())))
    rule = add_rect(frame.slide.shapes, Rect(box.left, box.top, QUOTE_RULE, need),
                    deck.accent_on(frame.background))
    rule.name = "Callout rule"
    shape = deck.add_text(frame, Rect(text_box.left, box.top, text_box.width, need), [para],
                          size)
    shape.name = "Callout"


def _more_charts(deck: Deck, figures: Sequence[Figure], extra: dict[str, str]) -> None:
    """The section's further charts, one to a slide."""
    for figure in figures:
        render_figure(deck, figure, extra[figure.chart_id])
