"""Custom flowables of the brief: bookmarked headings, key-figure tiles, the timeline.

Each one measures itself in `wrap` from paragraphs styled by `styles.py` and paints
with the theme's colours; the timeline splits between events across pages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from reportgen.document.nodes import KeyFigure, TimelineEvent
from reportgen.render.pdf import markup
from reportgen.render.pdf.paragraph import Paragraph
from reportgen.render.pdf.styles import Palette, Styles

HEADING_BAR = (7 * mm, 2.4)
"""Width and thickness of the short accent rule above a section heading."""
HEADING_BAR_GAP = 3.0
"""Space between that rule and the heading's first line."""
TILE_GAP = 4 * mm
"""Horizontal space between key-figure tiles."""
TILE_PAD = 3.2 * mm
"""Inner padding of a tile."""
TILE_BAR = 2.2
"""Thickness in points of the primary bar on top of a tile."""
TILE_TEXT_MIN = 6.5
"""Smallest size a tile's label or note shrinks to so that a long word is not cut."""
TILE_VALUE_MIN = 9.0
"""Smallest size a long key-figure value shrinks to before it wraps."""
TIMELINE_DATE_COL = 25 * mm
"""Width of the timeline's date column."""
TIMELINE_GUTTER = 9 * mm
"""Space between the date column and the event text; the line runs in its middle."""
TIMELINE_GAP = 7.0
"""Vertical space between timeline events."""
TIMELINE_DOT = 3.0
"""Radius in points of a timeline marker."""


class Gap(Spacer):
    """Vertical space between blocks that vanishes at the top of a frame."""

    def __init__(self, height: float) -> None:
        super().__init__(0, height)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """No height when it would open a page; otherwise its height."""
        frame = getattr(self, "_frame", None)
        if frame is not None and frame._atTop:
            return 0, 0
        return super().wrap(avail_width, avail_height)


class Heading(Paragraph):
    """A heading paragraph that adds a PDF bookmark and outline entry where it is drawn."""

    def __init__(self, text: str, style: ParagraphStyle, *args: Any,
                 outline: tuple[str, str, int] | None = None, bar: Color | None = None,
                 **kw: Any) -> None:
        super().__init__(text, style, *args, **kw)
        self.outline = outline
        """Outline title, bookmark key and level; None for a split-off remainder."""
        self.bar = bar
        """Colour of a short rule drawn just above the heading, if any."""

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        """Split like a paragraph, keeping the bookmark on the first part."""
        parts = super().split(avail_width, avail_height)
        for i, part in enumerate(parts):
            part.outline = self.outline if i == 0 else None
            part.bar = self.bar if i == 0 else None
        return parts

    def draw(self) -> None:
        """Draw the text, then register the bookmark at its top."""
        super().draw()
        if self.bar is not None:
            self.canv.setFillColor(self.bar)
            self.canv.rect(0, self.height + HEADING_BAR_GAP, HEADING_BAR[0], HEADING_BAR[1],
                           stroke=0, fill=1)
        if self.outline is not None:
            title, key, level = self.outline
            self.canv.bookmarkHorizontal(key, 0, self.height + self.style.fontSize)
            self.canv.addOutlineEntry(title, key, level)


def _shrunk(style: ParagraphStyle, text: str, width: float,
            floor: float = TILE_VALUE_MIN) -> ParagraphStyle:
    """`style`, made smaller until `text` fits on one line of `width` (down to a floor)."""
    size = style.fontSize
    while size > floor and stringWidth(text, style.fontName, size) > width:
        size -= 0.5
    if size == style.fontSize:
        return style
    return ParagraphStyle(f"{style.name}-{size}", parent=style, fontSize=size,
                          leading=size * style.leading / style.fontSize)


def _words_fit(style: ParagraphStyle, text: str, width: float) -> ParagraphStyle:
    """`style`, smaller if needed so that its longest word fits a line (no word is cut)."""
    longest = max(text.split(), key=lambda w: stringWidth(w, style.fontName, style.fontSize),
                  default="")
    return _shrunk(style, longest, width, floor=TILE_TEXT_MIN)


class KeyFigureRow(Flowable):
    """One row of key-figure tiles: big number, label and note on a tinted card."""

    def __init__(self, figures: Sequence[KeyFigure], columns: int, styles: Styles,
                 palette: Palette) -> None:
        super().__init__()
        self.figures = tuple(figures)
        self.columns = columns
        self.styles = styles
        self.palette = palette
        self._tiles: list[list[Paragraph]] = []

    def _tile(self, figure: KeyFigure, inner: float) -> list[Paragraph]:
        s = self.styles
        value = markup.clean(figure.value)
        paras = [Paragraph(markup.text(value), _shrunk(s.tile_value, value, inner)),
                 Paragraph(markup.text(figure.label), _words_fit(s.tile_label, figure.label,
                                                                 inner))]
        if figure.note:
            paras.append(Paragraph(markup.text(figure.note),
                                   _words_fit(s.tile_note, figure.note, inner)))
        return paras

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Lay out every tile at the column width; the row is as tall as its tallest tile."""
        self.tile_width = (avail_width - TILE_GAP * (self.columns - 1)) / self.columns
        inner = self.tile_width - 2 * TILE_PAD
        self._tiles = [self._tile(f, inner) for f in self.figures]
        tallest = 0.0
        for paras in self._tiles:
            total = 0.0
            for i, para in enumerate(paras):
                total += para.wrap(inner, avail_height)[1] + (para.style.spaceBefore if i else 0)
            tallest = max(tallest, total)
        self.width = avail_width
        self.height = tallest + 2 * TILE_PAD + TILE_BAR
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        """Nothing (try the next page); on an empty page, tiles stacked that may split.

        A row taller than a whole page (a label of thousands of characters) cannot be
        drawn as a row: each tile then becomes a full-width card that runs over pages.
        """
        frame = getattr(self, "_frame", None)
        if frame is None or (not frame._atTop and self.height <= frame._aH):
            return []  # it fits an empty page
        inner = avail_width - 2 * TILE_PAD
        cards: list[Flowable] = []
        for figure in self.figures:
            card = Table([[self._tile(figure, inner)]], colWidths=[avail_width],
                         hAlign="LEFT", splitInRow=1, spaceAfter=TILE_GAP)
            card.setStyle(TableStyle([
                ("BACKGROUND", (0, 0), (-1, -1), self.palette.light),
                ("LINEABOVE", (0, 0), (-1, 0), TILE_BAR, self.palette.primary),
                ("LEFTPADDING", (0, 0), (-1, -1), TILE_PAD),
                ("RIGHTPADDING", (0, 0), (-1, -1), TILE_PAD),
                ("TOPPADDING", (0, 0), (-1, -1), TILE_PAD),
                ("BOTTOMPADDING", (0, 0), (-1, -1), TILE_PAD),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]))
            cards.append(card)
        # the caller places the first part as it is: it must fit, so split it here
        first = cards[0].split(avail_width, avail_height)
        return [*first, *cards[1:]] if first else cards

    def draw(self) -> None:
        """Paint the tinted cards with their top bar, then the text."""
        canv = self.canv
        for col, paras in enumerate(self._tiles):
            x = col * (self.tile_width + TILE_GAP)
            canv.setFillColor(self.palette.light)
            canv.rect(x, 0, self.tile_width, self.height, stroke=0, fill=1)
            canv.setFillColor(self.palette.primary)
            canv.rect(x, self.height - TILE_BAR, self.tile_width, TILE_BAR, stroke=0, fill=1)
            y = self.height - TILE_BAR - TILE_PAD
            for i, para in enumerate(paras):
                y -= para.height + (para.style.spaceBefore if i else 0)
                para.drawOn(canv, x + TILE_PAD, y)


@dataclass
class _Row:
    """One event of the timeline as drawn: its date (None where it continues) and text."""

    date: Paragraph | None
    """The date, right-aligned beside the marker; None for an event continued from a page."""
    body: list[Paragraph]
    """Title and detail."""
    height: float = 0.0
    """Measured in `wrap`."""


class Timeline(Flowable):
    """A vertical timeline: dates on the left, a line with markers, events on the right."""

    def __init__(self, events: Sequence[TimelineEvent], styles: Styles, palette: Palette,
                 *, opens: bool = True, closes: bool = True,
                 rows: list[_Row] | None = None) -> None:
        super().__init__()
        self.styles = styles
        self.palette = palette
        self.opens = opens
        """False when this part continues a timeline from the previous page."""
        self.closes = closes
        """False when the timeline continues on the next page."""
        self.rows = rows if rows is not None else [self._row(e) for e in events]

    def _row(self, event: TimelineEvent) -> _Row:
        s = self.styles
        body = [Paragraph(markup.text(event.title), s.event_title)]
        if event.detail:
            body.append(Paragraph(markup.text(event.detail), s.event_detail))
        return _Row(Paragraph(markup.text(event.date), s.event_date), body)

    @staticmethod
    def _gap(body: list[Paragraph], index: int) -> float:
        return body[index].style.spaceBefore if index else 0.0

    def _measure(self, row: _Row, text_width: float) -> float:
        date_h = row.date.wrap(TIMELINE_DATE_COL, 1e6)[1] if row.date is not None else 0.0
        text_h = sum(p.wrap(text_width, 1e6)[1] + self._gap(row.body, i)
                     for i, p in enumerate(row.body))
        row.height = max(date_h, text_h)
        return row.height

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Lay out every event; height is the sum of rows and the gaps between them."""
        self.text_width = avail_width - TIMELINE_DATE_COL - TIMELINE_GUTTER
        heights = [self._measure(row, self.text_width) for row in self.rows]
        self.width = avail_width
        self.height = sum(heights) + TIMELINE_GAP * (len(heights) - 1)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        """Two timelines split between events, or nothing if not even one event fits.

        On an empty page an event too tall for it (a very long title) is itself split
        between lines, and continues without a date or marker on the next page.
        """
        self.wrap(avail_width, avail_height)
        used, fits = 0.0, 0
        for row in self.rows:
            if used + row.height > avail_height:
                break
            used += row.height + TIMELINE_GAP
            fits += 1
        if fits == len(self.rows):
            return [self]
        if fits == 0:
            frame = getattr(self, "_frame", None)
            never_fits = frame is not None and (frame._atTop or self.rows[0].height > frame._aH)
            parts = self._split_row(self.rows[0], avail_height) if never_fits else None
            if parts is None:
                return []
            head, tail = parts
            return [self._part([head], self.opens, False),
                    self._part([tail, *self.rows[1:]], False, self.closes)]
        return [self._part(self.rows[:fits], self.opens, False),
                self._part(self.rows[fits:], False, self.closes)]

    def _part(self, rows: list[_Row], opens: bool, closes: bool) -> Timeline:
        return Timeline((), self.styles, self.palette, opens=opens, closes=closes, rows=rows)

    def _split_row(self, row: _Row, avail_height: float) -> tuple[_Row, _Row] | None:
        """A row's text cut between lines to fill `avail_height`, and the rest."""
        head: list[Paragraph] = []
        tail: list[Paragraph] = []
        room = avail_height
        for index, para in enumerate(row.body):
            needed = para.wrap(self.text_width, 1e6)[1] + self._gap(row.body, index)
            if tail or needed > room:
                pieces = [] if tail else para.split(self.text_width,
                                                    room - self._gap(row.body, index))
                if len(pieces) == 2:
                    head.append(pieces[0])
                    tail.append(pieces[1])
                else:
                    tail.append(para)
            else:
                head.append(para)
                room -= needed
        if not head or not tail:
            return None
        return _Row(row.date, head), _Row(None, tail)

    def draw(self) -> None:
        """Paint the line, then each event's marker, date and text."""
        canv = self.canv
        line_x = TIMELINE_DATE_COL + TIMELINE_GUTTER / 2
        text_x = TIMELINE_DATE_COL + TIMELINE_GUTTER
        marks, y = [], self.height
        for row in self.rows:
            if row.date is not None:
                row.date.drawOn(canv, 0, y - row.date.height)
                marks.append(y - row.date.style.leading * 0.42)
            top = y
            for i, para in enumerate(row.body):
                top -= para.height + self._gap(row.body, i)
                para.drawOn(canv, text_x, top)
            y -= row.height + TIMELINE_GAP
        canv.setStrokeColor(self.palette.muted)
        canv.setLineWidth(0.8)
        canv.line(line_x, marks[0] if self.opens and marks else self.height,
                  line_x, marks[-1] if self.closes and marks else 0)
        canv.setFillColor(self.palette.accent)
        canv.setStrokeColor(self.palette.white)
        canv.setLineWidth(1.5)
        for mark in marks:
            canv.circle(line_x, mark, TIMELINE_DOT, stroke=1, fill=1)
