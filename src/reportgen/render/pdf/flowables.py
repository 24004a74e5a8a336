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
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from reportgen.document.nodes import KeyFigure, TimelineEvent
from reportgen.render.pdf import markup
from reportgen.render.pdf.paragraph import Paragraph
from reportgen.render.pdf.styles import Palette, Styles, is_rtl

HEADING_BAR = (7 * mm, 2.4)
"""Width and thickness of the short accent rule above a section heading."""
HEADING_BAR_GAP = 3.0
"""Space between that rule and the heading's first line."""
TILE_GAP = 3 * mm
"""Horizontal space between key-figure tiles."""
TILE_PAD = 3.2 * mm
"""Inner padding of a tile."""
TILE_BAR = 2.2
"""Thickness in points of the primary bar on top of a tile."""
TILE_TEXT_MIN = 6.5
"""Smallest size a tile's label or note shrinks to so that a long word is not cut."""
TILE_VALUE_MIN = 12.0
"""Smallest size a row's key-figure values shrink to before a long one wraps."""
TIMELINE_DATE_COL = 19 * mm
"""Width of the timeline's date column."""
TIMELINE_GUTTER = 7 * mm
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
            x = self.width - HEADING_BAR[0] if is_rtl(self.style) else 0
            self.canv.setFillColor(self.bar)
            self.canv.rect(x, self.height + HEADING_BAR_GAP, HEADING_BAR[0], HEADING_BAR[1],
                           stroke=0, fill=1)
        if self.outline is not None:
            title, key, level = self.outline
            self.canv.bookmarkHorizontal(key, 0, self.height + self.style.fontSize)
            self.canv.addOutlineEntry(title, key, level)


LABEL_TRACKING = 0.09
"""Letter spacing of a label in capitals, as a share of its size."""


class Label(Flowable):
    """A label in letter-spaced capitals (`KEY JUDGMENTS`), wrapped between words.

    reportlab's paragraphs cannot space letters, so a label draws its own lines.
    """

    def __init__(self, text: str, style: ParagraphStyle, *,
                 outline: tuple[str, str, int] | None = None) -> None:
        super().__init__()
        self.text = markup.clean(text).upper()
        self.style = style
        self.outline = outline
        self.spaceBefore = style.spaceBefore
        self.spaceAfter = style.spaceAfter
        self.keepWithNext = style.keepWithNext
        self._lines: list[str] = []

    @property
    def tracking(self) -> float:
        """Letter spacing in points."""
        return self.style.fontSize * LABEL_TRACKING

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Break the label between words to the width."""
        from reportgen.render.pdf.template import tracked_width

        font, size = self.style.fontName, self.style.fontSize
        lines: list[str] = []
        for word in self.text.split():
            trial = f"{lines[-1]} {word}" if lines else word
            if lines and tracked_width(trial, font, size, self.tracking) <= avail_width:
                lines[-1] = trial
            else:
                lines.append(word)
        self._lines = lines or [""]
        self.width = avail_width
        self.height = self.style.leading * len(self._lines)
        return self.width, self.height

    def draw(self) -> None:
        """Draw each line, then register the bookmark at the label's top."""
        from reportgen.render.pdf.template import draw_line

        canv = self.canv
        canv.setFillColor(self.style.textColor)
        rtl = is_rtl(self.style)  # flush right on a right-to-left page
        y = self.height
        for line in self._lines:
            y -= self.style.leading
            draw_line(canv, self.width if rtl else 0,
                      y + (self.style.leading - self.style.fontSize) / 2 + 1, line,
                      self.style.fontName, self.style.fontSize, self.tracking, right=rtl)
        if self.outline is not None:
            title, key, level = self.outline
            canv.bookmarkHorizontal(key, 0, self.height + self.style.fontSize)
            canv.addOutlineEntry(title, key, level)


TILE_MIN_WIDTH = 100.0
"""The narrowest key-figure tile: a row holds as many as fit the width at this size."""
TILE_VALUE_STEP = 0.5
"""Step in points by which a row's value size shrinks until its widest value fits."""


def _fitting_size(style: ParagraphStyle, texts: Sequence[str], width: float,
                  floor: float) -> float:
    """The largest size, from the style's down to `floor`, at which every text fits."""
    from reportgen.render.pdf.template import tracked_width

    size = style.fontSize
    while size > floor and max(tracked_width(t, style.fontName, size) for t in texts) > width:
        size -= TILE_VALUE_STEP
    return size


def _sized(style: ParagraphStyle, size: float) -> ParagraphStyle:
    if size == style.fontSize:
        return style
    return ParagraphStyle(f"{style.name}-{size}", parent=style, fontSize=size,
                          leading=size * style.leading / style.fontSize)


def _words_fit(style: ParagraphStyle, text: str, width: float) -> ParagraphStyle:
    """`style`, smaller if needed so that its longest word fits a line (no word is cut)."""
    return _sized(style, _fitting_size(style, text.split() or [""], width, TILE_TEXT_MIN))


def tiles_per_row(width: float) -> int:
    """Tiles in a row of `width`: as many as fit at the narrowest tile, at most 4."""
    return max(1, min(4, int((width + TILE_GAP) // (TILE_MIN_WIDTH + TILE_GAP))))


class KeyFigureRow(Flowable):
    """One row of key-figure tiles: number, unit, label and note on a tinted card.

    Every value of the row is set at one size, the largest at which the widest fits;
    a unit that is a word or more (`barrels/day`) is set on its own smaller line under
    the number instead of being squeezed into it.
    """

    def __init__(self, figures: Sequence[KeyFigure], columns: int, styles: Styles,
                 palette: Palette, *, continued: Label | None = None) -> None:
        super().__init__()
        self.figures = tuple(figures)
        self.columns = columns
        self.styles = styles
        self.palette = palette
        self.continued = continued
        """The strip's label, shown when this row opens a column (the strip broke)."""
        self._tiles: list[list[Paragraph]] = []
        self._label_height = 0.0

    def _tile(self, figure: KeyFigure, inner: float, value_style: ParagraphStyle,
              has_unit: bool) -> list[Paragraph]:
        s = self.styles
        number, unit = figure.number_and_unit
        paras = [Paragraph(markup.text(number), value_style)]
        if has_unit:
            paras.append(Paragraph(markup.text(unit) if unit else "\u00a0",
                                   _words_fit(s.tile_unit, unit, inner)))
        paras.append(Paragraph(markup.text(figure.label),
                               _words_fit(s.tile_label, figure.label, inner)))
        if figure.note:
            paras.append(Paragraph(markup.text(figure.note),
                                   _words_fit(s.tile_note, figure.note, inner)))
        return paras

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Lay out every tile at the column width; the row is as tall as its tallest tile."""
        columns = min(self.columns, max(1, int((avail_width + TILE_GAP)
                                               // (TILE_MIN_WIDTH * 0.8 + TILE_GAP))))
        self.drawn_columns = columns
        self.tile_width = (avail_width - TILE_GAP * (columns - 1)) / columns
        inner = self.tile_width - 2 * TILE_PAD
        numbers = [markup.clean(f.number_and_unit[0]) for f in self.figures]
        size = _fitting_size(self.styles.tile_value, numbers, inner, TILE_VALUE_MIN)
        value_style = _sized(self.styles.tile_value, size)
        has_unit = any(f.number_and_unit[1] for f in self.figures)
        self._tiles = [self._tile(f, inner, value_style, has_unit) for f in self.figures]
        rows = [self._tiles[i:i + columns] for i in range(0, len(self._tiles), columns)]
        self._row_heights = []
        for row in rows:
            tallest = 0.0
            for paras in row:
                total = 0.0
                for i, para in enumerate(paras):
                    total += para.wrap(inner, avail_height)[1] + (
                        para.style.spaceBefore if i else 0)
                tallest = max(tallest, total)
            self._row_heights.append(tallest + 2 * TILE_PAD + TILE_BAR)
        frame = getattr(self, "_frame", None)
        self._label_height = 0.0
        if self.continued is not None and frame is not None and frame._atTop:
            label = self.continued
            self._label_height = label.wrap(avail_width, avail_height)[1] + label.spaceAfter
        self.width = avail_width
        self.height = (sum(self._row_heights) + TILE_GAP * (len(rows) - 1)
                       + self._label_height)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        """Nothing (try the next column); on an empty column, tiles stacked that may split.

        A row taller than a whole column (a label of thousands of characters) cannot be
        drawn as a row: each tile then becomes a full-width card that runs over pages.
        """
        frame = getattr(self, "_frame", None)
        if frame is None or (not frame._atTop and self.height <= frame._aH):
            return []  # it fits an empty column
        inner = avail_width - 2 * TILE_PAD
        cards: list[Flowable] = []
        for figure in self.figures:
            value_style = _sized(self.styles.tile_value, _fitting_size(
                self.styles.tile_value, [figure.number_and_unit[0]], inner, TILE_VALUE_MIN))
            card = Table([[self._tile(figure, inner, value_style,
                                      bool(figure.number_and_unit[1]))]],
                         colWidths=[avail_width], hAlign="LEFT", splitInRow=1,
                         spaceAfter=TILE_GAP)
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
        columns = self.drawn_columns
        top = self.height
        if self._label_height and self.continued is not None:
            label = self.continued
            label.drawOn(canv, 0, top - label.height)
            top -= self._label_height
        for start, row_height in zip(range(0, len(self._tiles), columns),
                                     self._row_heights, strict=True):
            for col, paras in enumerate(self._tiles[start:start + columns]):
                x = col * (self.tile_width + TILE_GAP)
                if self.styles.rtl:  # the first tile on the right
                    x = self.width - self.tile_width - x
                canv.setFillColor(self.palette.light)
                canv.rect(x, top - row_height, self.tile_width, row_height, stroke=0, fill=1)
                canv.setFillColor(self.palette.primary)
                canv.rect(x, top - TILE_BAR, self.tile_width, TILE_BAR, stroke=0, fill=1)
                y = top - TILE_BAR - TILE_PAD
                for i, para in enumerate(paras):
                    y -= para.height + (para.style.spaceBefore if i else 0)
                    para.drawOn(canv, x + TILE_PAD, y)
            top -= row_height + TILE_GAP


class HeadedBlock(Flowable):
    """A heading and a block that may split (a timeline): the heading goes with the
    block's first part, never alone at a column foot, and never drags the whole block
    to the next column when its first part fits."""

    def __init__(self, head: Flowable, body: Flowable) -> None:
        super().__init__()
        self.head = head
        self.body = body
        self.spaceBefore = head.getSpaceBefore()
        self.spaceAfter = body.getSpaceAfter()
        self._body_height = 0.0

    def _head_height(self, avail_width: float, avail_height: float) -> float:
        return self.head.wrap(avail_width, avail_height)[1] + self.head.getSpaceAfter()

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """The heading's and the whole block's height."""
        head = self._head_height(avail_width, avail_height)
        self._body_height = self.body.wrap(avail_width, avail_height - head)[1]
        body = self._body_height + self.body.getSpaceBefore()
        self.width, self.height = avail_width, head + body
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        """The heading and the block's parts, or nothing if not even its first part fits."""
        head = self._head_height(avail_width, avail_height)
        room = avail_height - head - self.body.getSpaceBefore()
        self.body._frame = getattr(self, "_frame", None)  # the block sees where it stands
        parts = self.body.split(avail_width, room) if room > 0 else []
        if not parts:
            return []
        return [self.head, *parts]

    def draw(self) -> None:
        """The heading over the whole block (when it fits as one)."""
        body_height = self._body_height + self.body.getSpaceBefore()
        self.head.drawOn(self.canv, 0, body_height + self.head.getSpaceAfter())
        self.body.drawOn(self.canv, 0, 0)


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
    """A vertical timeline: dates on the left, a line with markers, events on the right
    (mirrored in a right-to-left brief)."""

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
        date_x = 0.0
        if self.styles.rtl:  # dates on the right, events to their left
            line_x, text_x = self.width - line_x, 0.0
            date_x = self.width - TIMELINE_DATE_COL
        marks, y = [], self.height
        for row in self.rows:
            if row.date is not None:
                row.date.drawOn(canv, date_x, y - row.date.height)
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
