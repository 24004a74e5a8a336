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
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from reportgen.core.bidi import has_rtl, visual
from reportgen.core.language import Language, english
from reportgen.document.nodes import Meta
from reportgen.errors import BuildError
from reportgen.render.pdf.fonts import FontSet
from reportgen.render.pdf.geometry import (
    FOOTER_BASELINE,
    HEADER_BASELINE,
    HEADER_RULE_GAP,
    MASTHEAD_HEIGHT,
    MASTHEAD_STRIPE,
    PageGeometry,
    Rect,
)
from reportgen.render.pdf.glyphs import active
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
SEPARATOR = "  \u00b7  "
"""Between parts of a header line."""


FIT_SHRINK = 0.8
"""Smallest share of its size a page decoration's line may shrink to before it is cut."""
ELLIPSIS = "\u2026"


def _tracked_width(text: str, font: str, size: float, tracking: float = 0.0) -> float:
    """Width of a line as `_draw` draws it (fallback fonts included)."""
    fallback = active()
    if fallback is not None:
        return fallback.width(text, font, size, tracking)
    return stringWidth(text, font, size) + tracking * max(len(text) - 1, 0)


def _draw(canv: Canvas, x: float, y: float, text: str, font: str, size: float,
          tracking: float = 0.0, *, right: bool = False) -> None:
    """Draw one line at `x` (its right end with `right`), fallback fonts where needed."""
    if has_rtl(text):  # shaped and turned around (core/bidi.py); joined letters take no tracking
        text, tracking = visual(text), 0.0
    if right:
        x -= _tracked_width(text, font, size, tracking)
    fallback = active()
    if fallback is None:
        canv.setFont(font, size)
        canv.drawString(x, y, text, charSpace=tracking)
    else:
        fallback.draw(canv, x, y, text, font, size, tracking)


def fit_line(text: str, font: str, size: float, room: float,
             tracking: float = 0.0) -> tuple[str, float]:
    """A line of a page decoration made to fit `room` points: smaller, then cut with "…".

    Headers, footers and the masthead are single lines drawn on the page: they cannot
    wrap, so a long series label or publisher shrinks a little and is then shortened.
    """
    smallest = size * FIT_SHRINK
    while size > smallest and _tracked_width(text, font, size, tracking) > room:
        size = max(smallest, size - 0.25)
    if _tracked_width(text, font, size, tracking) <= room:
        return text, size
    per_char = max(_tracked_width("n", font, size, tracking), 0.1)
    keep = min(len(text), int(room / per_char) + 1)  # a bound; trimmed below until it fits
    while keep > 0 and _tracked_width(text[:keep] + ELLIPSIS, font, size, tracking) > room:
        keep = max(0, min(keep - 1, int(keep * 0.9)))
    cut = text[:keep].rstrip()
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
        right = g.width - g.margin
        if self.logo is not None:
            right = self._draw_logo(canv, right, bottom) - 5 * mm
        canv.setFillColor(c.white)
        bold, regular = self.fonts.heading.bold, self.fonts.heading.regular
        label = self.language.upper(clean(m.series or m.publisher or ""))
        tail = SEPARATOR.join(clean(x) for x in (m.publisher if m.series else None, m.date) if x)
        centre = bottom + MASTHEAD_HEIGHT / 2 - MASTHEAD_SIZE * 0.35
        room = right - g.margin - 8 * mm
        one_line = (_tracked_width(label, bold, MASTHEAD_SIZE, MASTHEAD_TRACKING)
                    + _tracked_width(tail, regular, MASTHEAD_SIZE)) <= room
        if label:
            label, size = fit_line(label, bold, MASTHEAD_SIZE, room, MASTHEAD_TRACKING)
            y = centre if one_line or not tail else centre + MASTHEAD_SIZE * 0.8
            _draw(canv, g.margin, y, label, bold, size, MASTHEAD_TRACKING)
        if tail:
            if one_line:
                _draw(canv, right, centre, tail, regular, MASTHEAD_SIZE, right=True)
            else:  # too long beside the label: a second line under it
                tail, size = fit_line(tail, regular, MASTHEAD_SIZE, room)
                _draw(canv, g.margin, centre - MASTHEAD_SIZE * (0.8 if label else 0), tail,
                      regular, size)
        canv.restoreState()

    def _draw_logo(self, canv: Canvas, right: float, bottom: float) -> float:
        """Draw the logo right-aligned at `right` in the band; return its left edge."""
        assert self.logo is not None
        try:
            width, height = canv.drawImage(
                str(self.logo), right - LOGO_MAX_WIDTH, bottom + (MASTHEAD_HEIGHT
                                                                  - LOGO_HEIGHT) / 2,
                width=LOGO_MAX_WIDTH, height=LOGO_HEIGHT, preserveAspectRatio=True,
                anchor="e", mask="auto")
        except Exception as err:  # PIL and reportlab raise many kinds for a bad image
            raise BuildError(f"logo {self.logo}: cannot be read ({err})") from err
        drawn = min(LOGO_MAX_WIDTH, LOGO_HEIGHT * width / height) if height else LOGO_MAX_WIDTH
        return right - drawn

    def running_page(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        """The running header: series and short title over a thin rule."""
        g, c, m = self.geometry, self.palette, self.meta
        canv.saveState()
        canv.showOutline()
        baseline = g.height - HEADER_BASELINE
        x = g.margin
        bold, regular = self.fonts.heading.bold, self.fonts.heading.regular
        date = clean(m.date or "")
        end = g.width - g.margin - (_tracked_width(date + "  ", regular, HEADER_SIZE)
                                    if date else 0)
        series = self.language.upper(clean(m.series or ""))
        if series:
            # the series takes at most half the line; the title has the rest
            series, size = fit_line(series, bold, HEADER_SIZE, (end - x) / 2, HEADER_TRACKING)
            canv.setFillColor(c.primary)
            _draw(canv, x, baseline, series, bold, size, HEADER_TRACKING)
            x += _tracked_width(series, bold, size, HEADER_TRACKING)
            canv.setFillColor(c.muted)
            _draw(canv, x, baseline, SEPARATOR, regular, HEADER_SIZE)
            x += _tracked_width(SEPARATOR, regular, HEADER_SIZE)
        canv.setFillColor(c.muted)
        title, size = fit_line(clean(m.short_title or m.title), regular, HEADER_SIZE, end - x)
        _draw(canv, x, baseline, title, regular, size)
        if date:
            _draw(canv, g.width - g.margin, baseline, date, regular, HEADER_SIZE, right=True)
        canv.setStrokeColor(c.rule)
        canv.setLineWidth(0.5)
        rule = baseline - HEADER_RULE_GAP
        canv.line(g.margin, rule, g.width - g.margin, rule)
        canv.restoreState()

    def footer(self, canv: Canvas, page: int, total: int) -> None:
        """Publisher on the left, "Page X of Y" on the right."""
        g, c = self.geometry, self.palette
        regular = self.fonts.heading.regular
        canv.setFillColor(c.muted)
        number = self.language.labels.page(page, total)
        if self.meta.publisher:
            room = g.measure - stringWidth(number + "    ", regular, HEADER_SIZE)
            publisher, size = fit_line(clean(self.meta.publisher), regular, HEADER_SIZE, room)
            _draw(canv, g.margin, FOOTER_BASELINE, publisher, regular, size)
        _draw(canv, g.width - g.margin, FOOTER_BASELINE, number, regular, HEADER_SIZE,
              right=True)


class FooterCanvas(Canvas):
    """A canvas that stamps every page with a footer drawn once the page count is known."""

    def __init__(self, *args: Any, decor: PageDecor, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self._decor = decor
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
            self._decor.footer(self, page, self._pages)
            self.endForm()
        super().save()


def _frame(rect: Rect, name: str) -> Frame:
    return Frame(rect.x, rect.y, rect.width, rect.height, id=name,
                 leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)


class BriefTemplate(BaseDocTemplate):
    """The brief's document template: metadata, page templates, deterministic output."""

    def __init__(self, out: Path, *, decor: PageDecor, cover: bool) -> None:
        m, g = decor.meta, decor.geometry
        super().__init__(
            str(out),
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
        running = PageTemplate("running", [_frame(g.body_frame, "body")],
                               onPage=decor.running_page)
        if cover:
            first = PageTemplate("cover", [_frame(g.cover_frame, "cover")],
                                 onPage=decor.cover_page, autoNextPageTemplate="running")
            self.addPageTemplates([first, running])
        else:
            self.addPageTemplates([running])

    def build_story(self, story: list[Any]) -> None:
        """Lay out the flowables and write the file."""
        self.build(story, canvasmaker=partial(FooterCanvas, decor=self._decor))
