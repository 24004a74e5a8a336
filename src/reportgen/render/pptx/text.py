"""Writing fitted paragraphs into text frames, and reading them back to re-measure.

Everything that decides where a line breaks is written explicitly on the slide, so
neither the template nor the viewer can change it: frame insets, no autofit, font
name and size on every run, exact line spacing, space after, bullet indent.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE
from pptx.oxml.ns import qn
from pptx.shapes.autoshape import Shape
from pptx.text.text import TextFrame
from pptx.util import Emu, Pt

from reportgen.core.bidi import starts_rtl
from reportgen.fonts import FontFamily
from reportgen.glyphs import Fallback
from reportgen.render.pptx.colors import rgb
from reportgen.render.pptx.fit import (
    LEADING,
    Para,
    Span,
    face_path,
    indent_pt,
    para_height,
    para_size,
)
from reportgen.render.pptx.geometry import Insets
from reportgen.render.pptx.links import run_address
from reportgen.text import one_line as one_line_text

BULLET_CHAR = "\u2022"
_WORDS = re.compile(r" +|[^ ]+")
_ANCHORS = {"top": MSO_ANCHOR.TOP, "middle": MSO_ANCHOR.MIDDLE, "bottom": MSO_ANCHOR.BOTTOM}


def clean(text: str) -> str:
    """Text safe for one run: line breaks and tabs become spaces, refused characters go."""
    return one_line_text(text)


@dataclass(frozen=True)
class TextStyle:
    """What a frame's runs share: the family, the language tag, bullet and link colours."""

    family: FontFamily
    """Font family named on every run (and measured)."""
    lang: str
    """BCP 47 language tag set on every run."""
    bullet_color: str | None = None
    """Colour of bullet characters; None inherits the text colour."""
    link_color: str | None = None
    """Colour of linked text without a colour of its own; None inherits the text colour."""


def write_frame(
    frame: TextFrame, paras: Sequence[Para], base: float, style: TextStyle,
    *, anchor: str | None = "top", insets: Insets | None = None,
) -> None:
    """Replace a frame's text with paragraphs at a base size (points), no autofit.

    `anchor` None keeps the placeholder's own vertical anchor.
    """
    ins = insets or Insets.deck()
    frame.clear()
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.margin_left, frame.margin_top = Emu(ins.left), Emu(ins.top)
    frame.margin_right, frame.margin_bottom = Emu(ins.right), Emu(ins.bottom)
    if anchor is not None:
        frame.vertical_anchor = _ANCHORS[anchor]
    for i, para in enumerate(paras):
        p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        _write_para(p, para, base, style)


def _write_para(p, para: Para, base: float, style: TextStyle) -> None:
    size = para_size(para, base)
    p.line_spacing = Pt(round(size * LEADING, 2))
    p.space_before = Pt(0)
    p.space_after = Pt(round(size * para.space_after, 2))
    pPr = p._p.get_or_add_pPr()
    indent = int(Pt(indent_pt(para, size)))
    pPr.set("marL", str(indent))
    pPr.set("indent", str(-indent))
    if para.align is not None:
        pPr.set("algn", para.align)
    if starts_rtl("".join(span.text for span in para.spans)):
        # right to left: PowerPoint and LibreOffice shape it and lay it out themselves
        pPr.set("rtl", "1")
        pPr.set("algn", "r" if para.align in (None, "l") else para.align)
    pPr.set("lvl", "0")
    if para.bullet:
        if style.bullet_color:
            clr = etree.SubElement(pPr, qn("a:buClr"))
            etree.SubElement(clr, qn("a:srgbClr")).set("val", style.bullet_color.lstrip("#"))
        etree.SubElement(pPr, qn("a:buSzPct")).set("val", "100000")
        etree.SubElement(pPr, qn("a:buFont")).set("typeface", style.family.name)
        etree.SubElement(pPr, qn("a:buChar")).set("char", BULLET_CHAR)
    else:
        etree.SubElement(pPr, qn("a:buNone"))
    for span in para.spans:
        address = run_address(span.href)
        for text, typeface in font_runs(clean(span.text), style.family, span.bold,
                                        span.italic):
            # A linked run is written a word to a run: LibreOffice shows each link as a
            # field it never breaks at a space, so a long linked title wrapped mid-word.
            for piece in _WORDS.findall(text) if address else (text,):
                run = p.add_run()
                run.text = piece
                color = span.color or (style.link_color if address else None)
                set_font(run.font, style, size, span.bold, span.italic, color, typeface)
                if address:
                    run.hyperlink.address = address
                    _link_in_text_color(run)
    end = p._p.get_or_add_endParaRPr()
    end.set("sz", str(int(size * 100)))
    end.set("lang", style.lang)


HYPERLINK_COLOR_EXT = "{A12FA001-AC4F-418D-AE19-62706E023703}"
HYPERLINK_COLOR_NS = "http://schemas.microsoft.com/office/drawing/2018/hyperlinkcolor"


def _link_in_text_color(run) -> None:
    """Show a link in its run's own colour, not the theme's link colour (which a
    template may have made unreadable on its background): `ahyp:hlinkClr val="tx"`,
    honoured by PowerPoint and LibreOffice."""
    click = run.font._rPr.find(qn("a:hlinkClick"))
    if click is None:
        return
    ext = etree.SubElement(etree.SubElement(click, qn("a:extLst")), qn("a:ext"))
    ext.set("uri", HYPERLINK_COLOR_EXT)
    etree.SubElement(ext, f"{{{HYPERLINK_COLOR_NS}}}hlinkClr",
                     nsmap={"ahyp": HYPERLINK_COLOR_NS}).set("val", "tx")


def font_runs(text: str, family: FontFamily, bold: bool, italic: bool
              ) -> list[tuple[str, str]]:
    """`text` cut where the font changes: runs the family's face lacks name a fallback font.

    The deck cannot carry fonts, so such a run names the fallback family (Noto Sans
    CJK SC, ...) that the viewer has or substitutes; the fitting measured it with the
    shipped copy of that font.
    """
    chain = Fallback.for_faces([face_path(family, bold, italic)])
    runs = [(run, family.name if index < 0 else chain.fonts[index].family)
            for run, index in chain.runs(text)]
    return runs or [(text, family.name)]


def set_font(font, style: TextStyle, size: float, bold: bool, italic: bool,
             color: str | None, typeface: str | None = None) -> None:
    """Name the family (latin, east-asian, complex script), size, weight and colour of a run."""
    name = typeface or style.family.name
    font.size = Pt(size)
    font.bold = bold
    font.italic = italic
    font.name = name
    if color:
        font.color.rgb = rgb(color)
    rPr = font._rPr
    rPr.set("lang", style.lang)
    latin = rPr.find(qn("a:latin"))
    for tag in ("a:cs", "a:ea"):  # inserted right after latin: latin, ea, cs
        old = rPr.find(qn(tag))
        if old is not None:
            rPr.remove(old)
        elm = etree.Element(qn(tag))
        elm.set("typeface", name)
        latin.addnext(elm)


def one_line(text: str, *, bold: bool = False, color: str | None = None, scale: float = 1.0,
             align: str = "l", space_after: float = 0.0) -> Para:
    """A paragraph of one span."""
    return Para((Span(text, bold=bold, color=color),), scale=scale, align=align,
                space_after=space_after)


# ---- reading back (for tests and self-checks) -------------------------------------------


@dataclass(frozen=True)
class Measured:
    """A written frame re-measured: the height its text needs and the height it has."""

    needed_pt: float
    """Height of the text at its written sizes."""
    available_pt: float
    """Height inside the frame's insets."""
    sizes: tuple[float, ...]
    """Font size of every run, in points."""
    autofit: bool
    """True if any autofit (normAutofit/spAutoFit) is set on the frame."""

    @property
    def fits(self) -> bool:
        """Whether the text fits (with a hundredth of a point for rounding)."""
        return self.needed_pt <= self.available_pt + 0.01


def measure_shape(shape: Shape, family: FontFamily) -> Measured:
    """Re-measure a text frame written by `write_frame` from its XML alone."""
    body = shape.text_frame._txBody
    bodyPr = body.find(qn("a:bodyPr"))
    insets = {k: int(bodyPr.get(k, d)) for k, d in
              (("lIns", 91440), ("rIns", 91440), ("tIns", 45720), ("bIns", 45720))}
    width = Emu(shape.width - insets["lIns"] - insets["rIns"]).pt
    available = Emu(shape.height - insets["tIns"] - insets["bIns"]).pt
    autofit = any(bodyPr.find(qn(t)) is not None for t in ("a:normAutofit", "a:spAutoFit"))
    needed, sizes = 0.0, []
    for p in body.findall(qn("a:p")):
        spans, size = [], None
        for r in p:
            if r.tag not in (qn("a:r"), qn("a:fld")):
                continue
            rPr = r.find(qn("a:rPr"))
            size = int(rPr.get("sz")) / 100
            sizes.append(size)
            spans.append(Span(r.findtext(qn("a:t")) or "", bold=rPr.get("b") == "1",
                              italic=rPr.get("i") == "1"))
        pPr = p.find(qn("a:pPr"))
        if size is None:
            end = p.find(qn("a:endParaRPr"))
            size = int(end.get("sz")) / 100 if end is not None and end.get("sz") else 18.0
        aft = pPr.find(qn("a:spcAft")) if pPr is not None else None
        after = int(aft[0].get("val")) / 100 if aft is not None else 0.0
        bullet = pPr is not None and pPr.find(qn("a:buChar")) is not None
        para = Para(tuple(spans), bullet=bullet, space_after=after / size)
        needed += para_height(para, family, size, width)
    return Measured(needed, available, tuple(sizes), autofit)
