"""The deck's own looks, built as real templates from python-pptx's default presentation.

`build_look(theme, "default")` is what a deck without a template is made from: the
default presentation at the theme's slide size, with its theme colours and fonts set,
only the three layouts the deck uses (re-drawn on a grid computed from the slide's own
width), a primary-coloured title band and accent rules. `"civic"` is an alternative
look (light paper, no band) that is shipped after a round trip through LibreOffice.
"""

from __future__ import annotations

from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationT
from pptx.util import Emu, Inches

from reportgen.render.pptx.colors import WHITE, readable_on, rgb
from reportgen.render.pptx.draw import add_layout_rect
from reportgen.render.pptx.geometry import (
    BAND_HEIGHT,
    BODY_SIZE,
    COVER_TITLE_SIZE,
    RULE_HEIGHT,
    SLIDE_SIZES,
    TITLE_SIZE,
    Grid,
    Insets,
    Rect,
)
from reportgen.render.pptx.template import placeholders_of
from reportgen.theme import Theme

LOOKS = ("default", "civic")
KEEP_LAYOUTS = ("Title Slide", "Title and Content", "Title Only")
CIVIC_BAR = Inches(0.3)
"""Width of the primary bar down the civic title slide's left edge."""
CIVIC_TITLE_TOP = Inches(0.3)
RULE_NAME = "Accent rule"
"""Name of the look's accent rules on its layouts (moved to the right for a right-to-left deck)."""


def build_look(theme: Theme, look: str = "default") -> PresentationT:
    """An empty presentation carrying one of the deck's looks for a theme."""
    if look not in LOOKS:
        raise ValueError(f"unknown look {look!r}; expected one of {', '.join(LOOKS)}")
    prs = Presentation()
    width, height = SLIDE_SIZES[theme.slide_size]
    prs.slide_width, prs.slide_height = width, height
    for layout in [lay for lay in prs.slide_layouts if lay.name not in KEEP_LAYOUTS]:
        prs.slide_layouts.remove(layout)
    _set_theme_part(prs, theme, look)
    grid = Grid.for_slide(int(width), int(height))
    paper = theme.background if look == "default" else theme.light
    band = look == "default"
    title_rect = grid.band if band else Rect(
        grid.margin, CIVIC_TITLE_TOP, grid.content_width, BAND_HEIGHT - CIVIC_TITLE_TOP)
    title_insets = (Insets(grid.margin, Inches(0.1), grid.margin, Inches(0.1)) if band
                    else Insets.deck())
    title_color = readable_on(theme.primary, WHITE) if band else readable_on(paper, theme.primary)
    body_color = readable_on(paper, theme.text)
    master = prs.slide_master
    _solid_background(master, paper)
    _style_master(master, grid, title_rect, title_insets, band, theme)
    _text_styles(master, title_color, body_color)
    rule = grid.band_rule if band else Rect(grid.margin, BAND_HEIGHT, grid.content_width,
                                            RULE_HEIGHT // 2)
    for layout in prs.slide_layouts:
        if layout.name == "Title Slide":
            _style_cover(layout, grid, theme, look)
            continue
        for ph in placeholders_of(layout):
            kind = ph.placeholder_format.type
            if kind == PP_PLACEHOLDER.TITLE:
                _place(ph, title_rect)
            elif kind in (PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.BODY):
                _place(ph, grid.content)
        add_layout_rect(layout.shapes._spTree, rule, theme.accent, RULE_NAME)
    return prs


def cover_text_color(theme: Theme, look: str) -> str:
    """The colour of text on a look's title slide."""
    if look == "default":
        return readable_on(theme.primary, WHITE)
    return readable_on(theme.light, theme.primary)


def _place(shape, rect: Rect) -> None:
    shape.left, shape.top, shape.width, shape.height = (
        Emu(rect.left), Emu(rect.top), Emu(rect.width), Emu(rect.height))


def _solid_background(slide_like, color: str) -> None:
    fill = slide_like.background.fill
    fill.solid()
    fill.fore_color.rgb = rgb(color)


def _style_master(master, grid: Grid, title_rect: Rect, insets: Insets, band: bool,
                  theme: Theme) -> None:
    for ph in placeholders_of(master):
        kind = ph.placeholder_format.type
        if kind == PP_PLACEHOLDER.TITLE:
            _place(ph, title_rect)
            frame = ph.text_frame
            frame.margin_left, frame.margin_right = Emu(insets.left), Emu(insets.right)
            frame.margin_top, frame.margin_bottom = Emu(insets.top), Emu(insets.bottom)
            frame.vertical_anchor = MSO_ANCHOR.MIDDLE if band else MSO_ANCHOR.BOTTOM
            if band:
                ph.fill.solid()
                ph.fill.fore_color.rgb = rgb(theme.primary)
        elif kind == PP_PLACEHOLDER.BODY:
            _place(ph, grid.content)
        elif kind == PP_PLACEHOLDER.SLIDE_NUMBER:
            _place(ph, grid.slide_number)
        elif kind == PP_PLACEHOLDER.DATE:
            _place(ph, Rect(grid.margin, grid.slide_number.top, grid.content_width // 4,
                            grid.slide_number.height))
        elif kind == PP_PLACEHOLDER.FOOTER:
            _place(ph, Rect(grid.margin + grid.content_width // 4, grid.slide_number.top,
                            grid.content_width // 2, grid.slide_number.height))


def _set_def_rpr(lvl, size_pt: float | None, color: str, bold: bool | None = None) -> None:
    d = lvl.find(qn("a:defRPr"))
    if d is None:
        return
    if size_pt is not None:
        d.set("sz", str(int(size_pt * 100)))
    if bold is not None:
        d.set("b", "1" if bold else "0")
    fill = d.find(qn("a:solidFill"))
    if fill is not None:
        d.remove(fill)
    fill = etree.Element(qn("a:solidFill"))
    etree.SubElement(fill, qn("a:srgbClr")).set("val", color.lstrip("#").upper())
    d.insert(0, fill)


def _text_styles(master, title_color: str, body_color: str) -> None:
    styles = master._element.find(qn("p:txStyles"))
    title = styles.find(f"{qn('p:titleStyle')}/{qn('a:lvl1pPr')}")
    title.set("algn", "l")
    _set_def_rpr(title, TITLE_SIZE.pt, title_color, bold=True)
    for i, lvl in enumerate(styles.find(qn("p:bodyStyle"))):
        if lvl.tag.endswith("pPr"):
            _set_def_rpr(lvl, max(BODY_SIZE.pt - 2 * i, 16), body_color)
            font = lvl.find(qn("a:buFont"))
            if font is not None:
                font.set("typeface", "+mn-lt")


def _style_cover(layout, grid: Grid, theme: Theme, look: str) -> None:
    text = cover_text_color(theme, look)
    if look == "default":
        _solid_background(layout, theme.primary)
    else:
        _solid_background(layout, theme.light)
        add_layout_rect(layout.shapes._spTree, Rect(0, 0, CIVIC_BAR, grid.height),
                        theme.primary, "Side bar")
    for ph in placeholders_of(layout):
        kind = ph.placeholder_format.type
        if kind in (PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.SUBTITLE):
            frame, ins = ph.text_frame, Insets.deck()
            frame.margin_left, frame.margin_right = Emu(ins.left), Emu(ins.right)
            frame.margin_top, frame.margin_bottom = Emu(ins.top), Emu(ins.bottom)
        if kind == PP_PLACEHOLDER.CENTER_TITLE:
            _place(ph, grid.cover_title)
            ph.fill.background()
            ph.text_frame.vertical_anchor = MSO_ANCHOR.BOTTOM
            lst = ph._element.txBody.find(qn("a:lstStyle"))
            lvl = etree.SubElement(lst, qn("a:lvl1pPr"), algn="l")
            etree.SubElement(lvl, qn("a:defRPr"), sz=str(int(COVER_TITLE_SIZE.pt * 100)))
            _set_def_rpr(lvl, None, text, bold=True)
        elif kind == PP_PLACEHOLDER.SUBTITLE:
            _place(ph, grid.cover_sub)
            ph.text_frame.vertical_anchor = MSO_ANCHOR.TOP
            for lvl in ph._element.txBody.find(qn("a:lstStyle")):
                lvl.set("algn", "l")
                _set_def_rpr(lvl, None, text)
    add_layout_rect(layout.shapes._spTree, grid.cover_rule, theme.accent, RULE_NAME)


def _set_theme_part(prs: PresentationT, theme: Theme, look: str) -> None:
    part = prs.slide_master.part.part_related_by(RT.THEME)
    root = etree.fromstring(part.blob)
    root.set("name", f"reportgen {look}")
    scheme = root.find(f".//{qn('a:clrScheme')}")
    scheme.set("name", f"reportgen {theme.name}")
    palette = list(theme.palette) + [theme.primary] * 6
    colors = {"dk1": theme.text, "lt1": theme.background, "dk2": theme.primary,
              "lt2": theme.light, "hlink": theme.primary, "folHlink": theme.muted,
              **{f"accent{i + 1}": palette[i] for i in range(6)}}
    for slot, color in colors.items():
        elm = scheme.find(qn(f"a:{slot}"))
        for child in list(elm):
            elm.remove(child)
        etree.SubElement(elm, qn("a:srgbClr")).set("val", color.lstrip("#").upper())
    fonts = root.find(f".//{qn('a:fontScheme')}")
    fonts.set("name", theme.slide_font.name)
    for group in (fonts.find(qn("a:majorFont")), fonts.find(qn("a:minorFont"))):
        for child in list(group):
            if child.tag == qn("a:font"):  # per-script overrides (e.g. Georgian -> Sylfaen)
                group.remove(child)
            else:
                child.set("typeface", theme.slide_font.name)
    part.blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
