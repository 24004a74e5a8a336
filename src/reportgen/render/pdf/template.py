"""Pages of the brief: the masthead first page, running pages, "Page X of Y" footers.

The footer of page N is a PDF form XObject drawn on the page as it closes and
defined only when the canvas is saved, once the page count is known: one pass,
and bookmarks and links stay on the pages they were made on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
)

from reportgen.core.bidi import has_rtl, visual
from reportgen.core.language import Language, english
from reportgen.document.nodes import Meta
from reportgen.errors import BuildError
from reportgen.render.pdf.context import HEADING_ROOM
from reportgen.render.pdf.flowables import Heading
from reportgen.render.pdf.fonts import FontSet
from reportgen.render.pdf.geometry import (
    BAND_GAP,
    FOOTER_BASELINE,
    HEADER_BASELINE,
    HEADER_RULE_GAP,
    MASTHEAD_HEIGHT,
    MASTHEAD_STRIPE,
    PageGeometry,
    Rect,
)
from reportgen.render.pdf.glyphs import active
from reportgen.render.pdf.logo import needs_plate
from reportgen.render.pdf.markup import clean
from reportgen.render.pdf.styles import Palette

MASTHEAD_SIZE = 9.0
"""Type size of the masthead's series, publisher and date."""
MASTHEAD_TRACKING = 1.6
"""Letter spacing in points of the masthead's series label."""
HEADER_SIZE = 7.5
"""Type size of the running header and the footer."""
HEADER_TRACKING = 0.9
"""Letter spacing in points of the running header's series label."""
LOGO_HEIGHT = 0.5 * MASTHEAD_HEIGHT
"""Largest height of the logo in the masthead."""
LOGO_MAX_WIDTH = 45 * mm
"""Largest width of the logo in the masthead."""
LOGO_PLATE_PAD = 2 * mm
"""Margin of the light plate around a logo that would not show on the band."""
HEADER_GAP = 6 * mm
"""The least space between the running header's title and the date."""
SEPARATOR = "  \u00b7  "
"""Between parts of a header line."""


FIT_SHRINK = 0.8
"""Smallest share of its size a page decoration's line may shrink to before it is cut."""
ELLIPSIS = "\u2026"


def tracked_width(text: str, font: str, size: float, tracking: float = 0.0) -> float:
    """Width of a line as `draw_line` draws it (fallback fonts included)."""
    if has_rtl(text):  # as drawn: shaped, without tracking
        text, tracking = visual(text), 0.0
    fallback = active()
    if fallback is not None:
        return fallback.width(text, font, size, tracking)
    return stringWidth(text, font, size) + tracking * max(len(text) - 1, 0)


def draw_line(canv: Canvas, x: float, y: float, text: str, font: str, size: float,
                  tracking: float = 0.0, *, right: bool = False, ordered: bool = False) -> None:
    """Draw one line at `x` (its right end with `right`), fallback fonts where needed.

    `ordered` says the line is already in visual order (`visual_parts`).
    """
    if has_rtl(text):  # shaped and turned around (core/bidi.py); joined letters take no tracking
        text, tracking = (text if ordered else visual(text)), 0.0
    if right:
        x -= tracked_width(text, font, size, tracking)
    fallback = active()
    if fallback is None:
        canv.setFont(font, size)
        canv.drawString(x, y, text, charSpace=tracking)
    else:
        fallback.draw(canv, x, y, text, font, size, tracking)


def visual_parts(parts: list[str]) -> str:
    """Parts of a line joined by `SEPARATOR`, each in visual order in its own direction.

    A date such as "1 مارس 2025" reads right to left on its own, as the deck's title
    slide sets it; ordered as a whole with a left-to-right publisher it would be scrambled.
    """
    return SEPARATOR.join(visual(part) for part in parts)


def fit_line(text: str, font: str, size: float, room: float,
             tracking: float = 0.0) -> tuple[str, float]:
    """A line of a page decoration made to fit `room` points: smaller, then cut with "…".

    Headers, footers and the masthead are single lines drawn on the page: they cannot
    wrap, so a long series label or publisher shrinks a little and is then shortened.
    """
    smallest = size * FIT_SHRINK
    while size > smallest and tracked_width(text, font, size, tracking) > room:
        size = max(smallest, size - 0.25)
    if tracked_width(text, font, size, tracking) <= room:
        return text, size
    low, high = 0, len(text)  # the longest start that fits with "…": a binary search
    while low < high:
        middle = (low + high + 1) // 2
        if tracked_width(text[:middle] + ELLIPSIS, font, size, tracking) <= room:
            low = middle
        else:
            high = middle - 1
    cut = text[:low].rstrip()
    return (cut + ELLIPSIS if cut else ""), size


@dataclass(frozen=True)
class PageDecor:
    """Draws what every page carries around the text frame."""

    meta: Meta
    palette: Palette
    fonts: FontSet
    geometry: PageGeometry
    logo: Path | None
    language: Language = field(default_factory=english)

    @property
    def rtl(self) -> bool:
        """The page is mirrored: lines start at the right margin."""
        return self.language.rtl

    def _start(self, offset: float = 0.0) -> float:
        """The x where a line starts `offset` points in from the reading side's margin."""
        g = self.geometry
        return g.width - g.margin - offset if self.rtl else g.margin + offset

    def _end(self) -> float:
        """The x of the margin lines end at (the left one on a right-to-left page)."""
        g = self.geometry
        return g.margin if self.rtl else g.width - g.margin

    def _line(self, canv: Canvas, offset: float, y: float, text: str, font: str, size: float,
              tracking: float = 0.0) -> None:
        """Draw a line starting `offset` points in from the reading side's margin."""
        draw_line(canv, self._start(offset), y, text, font, size, tracking, right=self.rtl)

    def _tail(self, canv: Canvas, y: float, text: str, font: str, size: float) -> None:
        """Draw a line flush against the far margin (the date, the page number)."""
        draw_line(canv, self._end(), y, text, font, size, right=not self.rtl)

    def cover_page(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        """The masthead band: series label, publisher and date, optional logo."""
        g, c, m = self.geometry, self.palette, self.meta
        canv.saveState()
        canv.showOutline()
        bottom = g.height - MASTHEAD_HEIGHT
        canv.setFillColor(c.primary)
        canv.rect(0, bottom, g.width, MASTHEAD_HEIGHT, stroke=0, fill=1)
        canv.setFillColor(c.accent)
        canv.rect(0, bottom - MASTHEAD_STRIPE, g.width, MASTHEAD_STRIPE, stroke=0, fill=1)
        logo = self._draw_logo(canv, bottom) + 5 * mm if self.logo is not None else 0.0
        room = g.measure - logo
        canv.setFillColor(c.white)
        bold, regular = self.fonts.heading.bold, self.fonts.heading.regular
        label = self.language.upper(clean(m.series or m.publisher or ""))
        tail = visual_parts([clean(x) for x in (m.publisher if m.series else None, m.date) if x])
        centre = bottom + MASTHEAD_HEIGHT / 2 - MASTHEAD_SIZE * 0.35
        room -= 8 * mm
        one_line = (tracked_width(label, bold, MASTHEAD_SIZE, MASTHEAD_TRACKING)
                    + tracked_width(tail, regular, MASTHEAD_SIZE)) <= room
        if label:
            label, size = fit_line(label, bold, MASTHEAD_SIZE, room, MASTHEAD_TRACKING)
            y = centre if one_line or not tail else centre + MASTHEAD_SIZE * 0.8
            self._line(canv, 0, y, label, bold, size, MASTHEAD_TRACKING)
        if tail:
            if one_line:  # against the far margin, or the logo standing there
                far = self._end() + (logo if self.rtl else -logo)
                draw_line(canv, far, centre, tail, regular, MASTHEAD_SIZE, right=not self.rtl,
                          ordered=True)
            else:  # too long beside the label: a second line under it
                tail, size = fit_line(tail, regular, MASTHEAD_SIZE, room)
                draw_line(canv, self._start(), centre - MASTHEAD_SIZE * (0.8 if label else 0),
                          tail, regular, size, right=self.rtl, ordered=True)
        canv.restoreState()

    def _draw_logo(self, canv: Canvas, bottom: float) -> float:
        """Draw the logo against the far margin of the band, on a light plate when its ink
        would not show on the band; return the width it takes (its plate's, if any)."""
        assert self.logo is not None
        y = bottom + (MASTHEAD_HEIGHT - LOGO_HEIGHT) / 2
        try:
            plate = needs_plate(self.logo, "#" + self.palette.primary.hexval()[2:])
            pad = LOGO_PLATE_PAD if plate else 0.0
            edge = self._end() + (pad if self.rtl else -pad)  # where the logo's far side stands
            if plate:
                width, height = ImageReader(str(self.logo)).getSize()
                drawn = min(LOGO_MAX_WIDTH, LOGO_HEIGHT * width / height) if height else 0
                canv.setFillColor(self.palette.white)
                canv.roundRect(edge - pad if self.rtl else edge - drawn - pad, y - pad,
                               drawn + 2 * pad, LOGO_HEIGHT + 2 * pad, pad / 2,
                               stroke=0, fill=1)
            width, height = canv.drawImage(
                str(self.logo), edge if self.rtl else edge - LOGO_MAX_WIDTH, y,
                width=LOGO_MAX_WIDTH, height=LOGO_HEIGHT, preserveAspectRatio=True,
                anchor="w" if self.rtl else "e", mask="auto")
        except Exception as err:  # PIL and reportlab raise many kinds for a bad image
            raise BuildError(f"logo {self.logo}: cannot be read ({err})") from err
        drawn = min(LOGO_MAX_WIDTH, LOGO_HEIGHT * width / height) if height else LOGO_MAX_WIDTH
        return drawn + 2 * pad

    def running_page(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        """The running header: series and short title over a thin rule."""
        g, c, m = self.geometry, self.palette, self.meta
        canv.saveState()
        canv.showOutline()
        baseline = g.height - HEADER_BASELINE
        bold, regular = self.fonts.heading.bold, self.fonts.heading.regular
        date = clean(m.date or "")
        room = g.measure - (tracked_width(date, regular, HEADER_SIZE) + HEADER_GAP
                            if date else 0)
        at = 0.0  # points from the reading side's margin
        series = self.language.upper(clean(m.series or ""))
        if series:
            # the series takes at most half the line; the title has the rest
            series, size = fit_line(series, bold, HEADER_SIZE, room / 2, HEADER_TRACKING)
            canv.setFillColor(c.primary)
            self._line(canv, at, baseline, series, bold, size, HEADER_TRACKING)
            at += tracked_width(series, bold, size, HEADER_TRACKING)
            canv.setFillColor(c.muted)
            self._line(canv, at, baseline, SEPARATOR, regular, HEADER_SIZE)
            at += tracked_width(SEPARATOR, regular, HEADER_SIZE)
        canv.setFillColor(c.muted)
        title, size = fit_line(clean(m.short_title or m.title), regular, HEADER_SIZE, room - at)
        self._line(canv, at, baseline, title, regular, size)
        if date:
            self._tail(canv, baseline, date, regular, HEADER_SIZE)
        canv.setStrokeColor(c.rule)
        canv.setLineWidth(0.5)
        rule = baseline - HEADER_RULE_GAP
        canv.line(g.margin, rule, g.width - g.margin, rule)
        canv.restoreState()

    def footer(self, canv: Canvas, page: int, total: int, *, cover: bool = False) -> None:
        """Publisher on the left, "Page X of Y" on the right (no number on the cover)."""
        g, c = self.geometry, self.palette
        regular = self.fonts.heading.regular
        canv.setFillColor(c.muted)
        number = "" if cover else self.language.labels.page(page, total)
        if self.meta.publisher:
            room = g.measure - tracked_width(number + "    ", regular, HEADER_SIZE)
            publisher, size = fit_line(clean(self.meta.publisher), regular, HEADER_SIZE, room)
            self._line(canv, 0, FOOTER_BASELINE, publisher, regular, size)
        if number:
            self._tail(canv, FOOTER_BASELINE, number, regular, HEADER_SIZE)


class FooterCanvas(Canvas):
    """A canvas that stamps every page with a footer drawn once the page count is known."""

    def __init__(self, *args: Any, decor: PageDecor, cover: bool = False,
                 dry_run: bool = False, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.dry_run = dry_run
        """The brief is only being measured: what costs time to draw (charts) is not drawn."""
        self._decor = decor
        self._cover = cover
        """The first page is the cover (it carries no page number)."""
        self._pages = 0

    def showPage(self) -> None:
        """Place this page's footer form, then close the page."""
        self._pages += 1
        self.doForm(f"rgFooter{self._pages}")
        super().showPage()

    def save(self) -> None:
        """Define every page's footer form, now that the total is known, and write the file."""
        for page in range(1, self._pages + 1):
            self.beginForm(f"rgFooter{page}")
            self._decor.footer(self, page, self._pages, cover=self._cover and page == 1)
            self.endForm()
        super().save()


def _frame(rect: Rect, name: str) -> Frame:
    return Frame(rect.x, rect.y, rect.width, rect.height, id=name,
                 leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)


class Float(KeepTogether):
    """A figure that may wait for the top of the next column while text fills this one."""

    placed_now = False
    """Set when the story ends: the figure is placed where it is, waiting no more."""

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        """At a column's top its parts simply flow (a float taller than a column splits
        there rather than leave the column empty); elsewhere, kept together."""
        frame = getattr(self, "_frame", None)
        if frame is not None and frame._atTop:
            content = list(self._content)
            first = content[0]
            if first.wrapOn(self.canv, avail_width, avail_height)[1] <= avail_height:
                return content
            parts = first.splitOn(self.canv, avail_width, avail_height)
            return [*parts, *content[1:]] if parts else content
        return list(super().split(avail_width, avail_height))

    def height_in(self, canv: Canvas, width: float, height: float) -> float:
        """The height the figure's parts need at `width` below what precedes it, the space
        above its first part included (KeepTogether reports a dummy)."""
        self.wrapOn(canv, width, height)
        return float(self._H) + float(self.getSpaceBefore())


class PullQuote(Float):
    """A pull quote: placed only between paragraphs (never inside a sentence broken over
    a column top), where it fits; one that repeats the body waits for the next column
    (so it is at most a column from its words, and never beside them)."""

    def __init__(self, flowables: list[Flowable], *, echoes: bool = False) -> None:
        super().__init__(flowables)
        self.echoes = echoes
        """It repeats words of the paragraph just before it."""
        self.column: tuple[int, str] | None = None
        """The page and column where that paragraph ended."""
        self.released = False
        """Set once its place is found: from then on it is placed as a figure is."""


class BandEnd(Flowable):
    """Ends the first page's full-width band: what follows goes into the columns."""

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """No size: the template acts on it."""
        return 0, 0

    def draw(self) -> None:
        """Nothing to draw."""


class FlushFloats(BandEnd):
    """The end of the story: figures still waiting are placed here."""


QUEUE_LOOK = 16
"""Flowables at the queue's head remembered across a placement: one not among them
afterwards is the rest of a flowable that was split."""


def _room(frame: Frame) -> float:
    """Height left in a frame."""
    return frame._y - frame._y1p


@dataclass(frozen=True)
class ShortColumns:
    """The columns of one page cut to a height, so that the last page's two end level."""

    page: int
    """The page (1-based) whose columns are cut short."""
    height: float
    """The height its columns may fill, from their top."""


def _short(rect: Rect, height: float) -> Rect:
    """A column frame cut to `height` from its top (never taller than it was)."""
    height = min(height, rect.height)
    return Rect(rect.x, rect.y + rect.height - height, rect.width, height)


class BriefTemplate(BaseDocTemplate):
    """The brief's document template: two-column pages, floating figures, metadata.

    A `Float` that does not fit in what is left of a column waits; the text after it
    fills the column, and waiting figures open the next column in their order. A
    right-to-left brief fills its right column first. `short` cuts one page's columns
    to a height (see writer.py: the last page's columns are balanced that way).
    """

    def __init__(self, out: Any, *, decor: PageDecor, cover: bool,
                 band_height: float = 0.0, short: ShortColumns | None = None,
                 dry: bool = False) -> None:
        m, g = decor.meta, decor.geometry
        super().__init__(
            out,
            pagesize=(g.width, g.height),
            title=clean(m.title),
            author=", ".join(clean(a) for a in m.authors),
            subject=clean(m.subtitle or ""),
            keywords=[clean(k) for k in m.keywords],
            creator="reportgen",
            producer="reportgen",
            lang=m.language,
            invariant=1,
            pageCompression=1,
            displayDocTitle=1,
            initialFontName=decor.fonts.body.regular,
            initialFontSize=10,
            initialLeading=12,
        )
        self._decor = decor
        self._cover = cover
        self._waiting: list[Flowable] = []
        self._quotes: list[PullQuote] = []
        """Pull quotes waiting for a paragraph's end where they may go."""
        self._after_heading = False
        """A heading was placed last: no pull quote comes between it and its text."""
        self._quoted: tuple[int, str] | None = None
        """The column where the last pull quote went."""
        self._short = short
        self._dry = dry
        """A dry run: laid out to be measured, charts not drawn, nothing written."""
        self._doSave = int(not dry)  # reportlab's switch: no fonts subset, no file
        self._short_templates: dict[str, PageTemplate] = {}
        self.column_use: list[float] = []
        """How much of each column of the last page laid out was filled, in reading order."""
        self.late_floats = 0
        """Figures still waiting when the story ended, placed after everything else."""

        def columns(rects: tuple[Rect, Rect], height: float | None) -> list[Frame]:
            frames = [_frame(r if height is None else _short(r, height), name)
                      for r, name in zip(rects, ("left", "right"), strict=True)]
            return frames[::-1] if decor.rtl else frames  # the reading side's column first

        def page_templates(height: float | None) -> list[PageTemplate]:
            running = PageTemplate("running", columns(g.body_columns, height),
                                   onPage=decor.running_page)
            if not cover:
                return [running]
            band = g.band(band_height)
            first = PageTemplate("cover", [_frame(band, "band"),
                                           *columns(g.columns(band.y - BAND_GAP), height)],
                                 onPage=decor.cover_page, autoNextPageTemplate="running")
            return [first, running]

        self.addPageTemplates(page_templates(None))
        if short is not None:
            self._short_templates = {t.id: t for t in page_templates(short.height)}

    def handle_pageBegin(self) -> None:
        """Begin a page; the page whose columns are cut short gets its short template."""
        if self._short is not None and self.page + 1 == self._short.page:
            self.pageTemplate = self._short_templates.get(self.pageTemplate.id,
                                                          self.pageTemplate)
        super().handle_pageBegin()

    def handle_pageEnd(self) -> None:
        """Note how far each column of the page was filled, then end it."""
        self.column_use = [f._y2 - f._topPadding - f._y
                           for f in self.pageTemplate.frames if f.id != "band"]
        super().handle_pageEnd()

    def handle_flowable(self, flowables: list[Any]) -> None:
        """Place the next flowable; band ends, waiting and released figures first."""
        first = flowables[0]
        frame = getattr(self, "frame", None)
        if frame is None:  # before the first page begins
            super().handle_flowable(flowables)
            return
        if isinstance(first, PullQuote) and not first.released:
            flowables.pop(0)
            first.column = self._column()
            self._quotes.append(first)
            return
        if isinstance(first, FlushFloats) and self._quotes:
            for quote in self._quotes:  # the story's end: every one goes in now
                quote.released = quote.placed_now = True
            flowables[1:1] = self._quotes
            self._quotes = []
            return
        if isinstance(first, FlushFloats):
            flowables.pop(0)
            self.late_floats = len(self._waiting)
            for waiting in self._waiting:
                waiting.placed_now = True
            flowables[0:0] = self._waiting
            self._waiting = []
            return
        if isinstance(first, BandEnd):
            flowables.pop(0)
            if frame.id == "band":
                self.handle_frameEnd()
            return
        if self._waiting and frame._atTop and frame.id != "band":
            # what was put off to this column yields to the figures that waited for it
            # (reportlab takes a flowable put off twice as one that can never fit)
            if hasattr(first, "_postponed"):
                del first._postponed
            # a heading put off to this column keeps its text under it after the figures
            keep = [CondPageBreak(HEADING_ROOM)] if isinstance(first, Heading) else []
            flowables[0:0] = [*self._waiting, *keep]
            self._waiting = []
            first = flowables[0]
        if self._quotes and frame.id != "band" and self._quote_fits(first, frame):
            quote = self._quotes.pop(0)
            quote.released = True
            self._quoted = self._column()
            flowables.insert(0, quote)
            first = quote
        if isinstance(first, Float) and not frame._atTop and not first.placed_now:
            room = _room(frame)
            # (a pull quote placed here was found to fit: waiting figures keep their order)
            if (self._waiting and not isinstance(first, PullQuote)) or first.height_in(
                    self.canv, frame._getAvailableWidth(), room) > room:
                self._waiting.append(flowables.pop(0))
                return
        listed = {id(f) for f in flowables[:QUEUE_LOOK]}
        super().handle_flowable(flowables)
        self._after_heading = isinstance(first, Heading)
        if flowables and id(flowables[0]) not in listed:
            flowables[0]._rest_of_split = True  # no pull quote goes in before it

    def _column(self) -> tuple[int, str]:
        """The page and the column being filled."""
        return self.page, self.frame.id

    def _quote_fits(self, following: Flowable, frame: Frame) -> bool:
        """Whether the first waiting pull quote goes in here, before `following`: at a
        paragraph's end, where it fits, a column on from the words it repeats, in a column
        that has no other."""
        quote = self._quotes[0]
        if getattr(following, "_rest_of_split", False) or self._after_heading:
            return False
        if self._column() == self._quoted or (quote.echoes and quote.column == self._column()):
            return False  # one pull quote to a column
        room = _room(frame)
        return quote.height_in(self.canv, frame._getAvailableWidth(), room) <= room

    def build_story(self, story: list[Any]) -> None:
        """Lay out the flowables and write the file."""
        self.build([*story, FlushFloats()],
                   canvasmaker=partial(FooterCanvas, decor=self._decor, cover=self._cover,
                                       dry_run=self._dry))
