"""Paragraph styles of the brief, built once from the theme and the registered fonts.

Sizes and spacing are named here once; the handlers and flowables only pick a style.
Every style names its font and bullet font so reportlab's Helvetica default never
reaches the PDF. A right-to-left brief (Arabic, Persian) gets its styles mirrored:
text flush right, indents on the right, bullets drawn on the right (paragraph.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from reportgen.render.pdf.fonts import FontSet
from reportgen.theme import Theme

BODY_SIZE = 9.5
"""Running text size in points."""
BODY_LEADING = 13.5
"""Running text line pitch in points."""
PARAGRAPH_GAP = 6.0
"""Space after a body paragraph."""
LIST_INDENT = 14.0
"""Left indent of list item text; the bullet hangs in it."""
_MIRRORED_ALIGNMENT = {TA_LEFT: TA_RIGHT, TA_RIGHT: TA_LEFT}


def is_rtl(style: ParagraphStyle) -> bool:
    """Whether a style belongs to a right-to-left brief (its page is mirrored)."""
    return bool(getattr(style, "rtl", False))


def _mirrored(kw: dict[str, object]) -> dict[str, object]:
    """Style keywords for a right-to-left page: left and right swapped."""
    out = dict(kw)
    if "leftIndent" in kw or "rightIndent" in kw:
        out["leftIndent"], out["rightIndent"] = kw.get("rightIndent", 0), kw.get("leftIndent", 0)
    if "alignment" in kw:
        out["alignment"] = _MIRRORED_ALIGNMENT.get(kw["alignment"], kw["alignment"])  # type: ignore[call-overload]
    return out


def derive(name: str, parent: ParagraphStyle, **kw: object) -> ParagraphStyle:
    """A style based on `parent`, its indents and alignment mirrored in a right-to-left brief.

    Keywords are given as for a left-to-right page (`leftIndent` is the side lines start
    on); `bulletIndent` always counts from that side.
    """
    return ParagraphStyle(name, parent=parent, **(_mirrored(kw) if is_rtl(parent) else kw))


@dataclass(frozen=True)
class Palette:
    """The theme's colours as reportlab colours."""

    primary: Color
    accent: Color
    text: Color
    muted: Color
    light: Color
    rule: Color
    white: Color

    @classmethod
    def from_theme(cls, theme: Theme) -> Palette:
        """Convert the theme's hex colours."""
        return cls(
            primary=HexColor(theme.primary),
            accent=HexColor(theme.accent),
            text=HexColor(theme.text),
            muted=HexColor(theme.muted),
            light=HexColor(theme.light),
            rule=HexColor(theme.rule),
            white=HexColor(theme.background),
        )


@dataclass(frozen=True)
class Styles:
    """Every paragraph style the brief uses."""

    title: ParagraphStyle
    subtitle: ParagraphStyle
    byline: ParagraphStyle
    h1: ParagraphStyle
    box_label: ParagraphStyle
    body: ParagraphStyle
    list_item: ParagraphStyle
    judgment: ParagraphStyle
    pull_quote: ParagraphStyle
    figure_title: ParagraphStyle
    figure_subtitle: ParagraphStyle
    figure_source: ParagraphStyle
    figure_caption: ParagraphStyle
    tile_value: ParagraphStyle
    tile_unit: ParagraphStyle
    tile_label: ParagraphStyle
    tile_note: ParagraphStyle
    event_date: ParagraphStyle
    event_title: ParagraphStyle
    event_detail: ParagraphStyle
    author_name: ParagraphStyle
    author_role: ParagraphStyle
    author_bio: ParagraphStyle
    note_item: ParagraphStyle
    note_detail: ParagraphStyle
    table_head: ParagraphStyle
    table_cell: ParagraphStyle
    publisher_info: ParagraphStyle
    rtl: bool = False
    """The brief reads right to left: every style and the page are mirrored."""


def build_styles(theme: Theme, fonts: FontSet, *, rtl: bool = False) -> Styles:
    """The brief's paragraph styles for a theme (mirrored for a right-to-left language)."""
    c = Palette.from_theme(theme)
    head, body = fonts.heading, fonts.body

    def style(name: str, font: str, size: float, leading: float, **kw: object) -> ParagraphStyle:
        kw.setdefault("textColor", c.text)
        kw.setdefault("alignment", TA_LEFT)
        return ParagraphStyle(
            name, fontName=font, fontSize=size, leading=leading, bulletFontName=font,
            bulletFontSize=size, allowWidows=0, allowOrphans=0, rtl=rtl,
            **(_mirrored(kw) if rtl else kw),
        )

    return Styles(
        title=style("title", head.bold, 26, 30, textColor=c.primary, spaceAfter=6),
        subtitle=style("subtitle", head.regular, 13, 17, textColor=c.muted, spaceAfter=8),
        byline=style("byline", head.bold, 9.5, 13, spaceAfter=0),
        h1=style("h1", head.bold, 12.5, 15.5, textColor=c.primary, spaceBefore=14,
                 spaceAfter=5),
        box_label=style("box_label", head.bold, 7.5, 10.5, textColor=c.primary,
                        spaceAfter=4, keepWithNext=1),
        body=style("body", body.regular, BODY_SIZE, BODY_LEADING, spaceAfter=PARAGRAPH_GAP),
        list_item=style("list_item", body.regular, BODY_SIZE, BODY_LEADING, spaceAfter=3),
        judgment=style("judgment", body.regular, 9, 12.8, leftIndent=10,
                       bulletIndent=0, spaceAfter=4, bulletColor=c.accent),
        pull_quote=style("pull_quote", body.italic, 12.5, 17, textColor=c.primary),
        figure_title=style("figure_title", head.bold, 9.5, 12, spaceAfter=1, keepWithNext=1),
        figure_subtitle=style("figure_subtitle", head.regular, 8, 10.5, textColor=c.muted,
                              spaceAfter=5),
        figure_source=style("figure_source", head.regular, 7, 9, textColor=c.muted,
                            spaceBefore=3),
        figure_caption=style("figure_caption", body.italic, 8, 10.5, textColor=c.text,
                             spaceBefore=2),
        tile_value=style("tile_value", head.bold, 20, 23, textColor=c.primary),
        tile_unit=style("tile_unit", head.bold, 8.5, 10.5, textColor=c.primary, spaceBefore=0),
        tile_label=style("tile_label", head.bold, 8, 10, spaceBefore=3),
        tile_note=style("tile_note", head.regular, 7, 9, textColor=c.muted, spaceBefore=2),
        event_date=style("event_date", head.bold, 8, 11, textColor=c.primary,
                         alignment=TA_RIGHT),
        event_title=style("event_title", body.bold, 9, 11.5),
        event_detail=style("event_detail", body.regular, 8.5, 11.5, textColor=c.muted,
                           spaceBefore=1),
        author_name=style("author_name", head.bold, 10, 13),
        author_role=style("author_role", head.regular, 8, 10.5, textColor=c.muted,
                          spaceAfter=4),
        author_bio=style("author_bio", body.regular, 8.5, 12, spaceAfter=3),
        note_item=style("note_item", body.regular, 8, 11, spaceAfter=3),
        note_detail=style("note_detail", head.regular, 7, 9, textColor=c.muted),
        table_head=style("table_head", head.bold, 8, 10),
        table_cell=style("table_cell", head.regular, 8, 10),
        publisher_info=style("publisher_info", head.regular, 7.5, 10, textColor=c.muted),
        rtl=rtl,
    )
