"""Small drawing helpers: decorative rectangles and lines, alt text, shape ids."""

from __future__ import annotations

from lxml import etree
from pptx.enum.shapes import MSO_SHAPE
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.util import Inches

from reportgen.render.pptx.colors import WHITE, luminance, rgb
from reportgen.render.pptx.geometry import Rect
from reportgen.text import clean

DECORATIVE_URI = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
DECORATIVE_NS = "http://schemas.microsoft.com/office/drawing/2017/decorative"


def mark_decorative(c_nv_pr) -> None:
    """Flag a shape as decorative, so screen readers skip it (Office's `adec:decorative`)."""
    ext_lst = c_nv_pr.find(qn("a:extLst"))
    if ext_lst is None:
        ext_lst = etree.SubElement(c_nv_pr, qn("a:extLst"))
    ext = etree.SubElement(ext_lst, qn("a:ext"))
    ext.set("uri", DECORATIVE_URI)
    etree.SubElement(ext, f"{{{DECORATIVE_NS}}}decorative", nsmap={"adec": DECORATIVE_NS}).set(
        "val", "1")


def set_alt_text(shape, text: str) -> None:
    """Set a picture's or graphic frame's alternative text (`descr`)."""
    shape._element._nvXxPr.cNvPr.set("descr", clean(text))


def add_rect(shapes, rect: Rect, fill: str, *, decorative: bool = True,
             shape_type: MSO_SHAPE = MSO_SHAPE.RECTANGLE, line: str | None = None):
    """A filled rectangle (or other autoshape) on a slide, decorative unless told otherwise."""
    shape = shapes.add_shape(shape_type, rect.left, rect.top, rect.width, rect.height)
    shape.fill.solid()
    shape.fill.fore_color.rgb = rgb(fill)
    if line:
        shape.line.color.rgb = rgb(line)
    else:
        shape.line.fill.background()
    style = shape._element.find(qn("p:style"))
    if style is not None:  # the theme's style would add a shadow in some viewers
        shape._element.remove(style)
    if decorative:
        mark_decorative(shape._element.nvSpPr.cNvPr)
    return shape


DARK_BACKGROUND = 0.4
"""Luminance under which a background counts as dark (a logo gets a light plate)."""
LOGO_PLATE_PAD = Inches(0.12)
"""Padding of the light plate a logo stands on over a dark background."""


def logo_plate(shapes, box: Rect, background: str):
    """A white plate around a logo's box on a dark background, so that any logo reads
    (a dark logo would vanish there); None on a light background."""
    if luminance(background) >= DARK_BACKGROUND:
        return None
    pad = LOGO_PLATE_PAD
    return add_rect(shapes, Rect(box.left - pad, box.top - pad, box.width + 2 * pad,
                                 box.height + 2 * pad), WHITE)


def next_shape_id(sp_tree) -> int:
    """An id not yet used by any shape in a shape tree."""
    ids = [int(e.get("id")) for e in sp_tree.iter(qn("p:cNvPr")) if e.get("id", "").isdigit()]
    return max(ids, default=1) + 1


def add_layout_rect(sp_tree, rect: Rect, fill: str, name: str) -> None:
    """A decorative filled rectangle on a layout or master (python-pptx cannot add one there)."""
    shape_id = next_shape_id(sp_tree)
    sp = parse_xml(
        f'<p:sp {nsdecls("p", "a")}><p:nvSpPr><p:cNvPr id="{shape_id}" name="{name}"/>'
        f'<p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr><p:spPr>'
        f'<a:xfrm><a:off x="{rect.left}" y="{rect.top}"/>'
        f'<a:ext cx="{rect.width}" cy="{rect.height}"/></a:xfrm>'
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        f'<a:solidFill><a:srgbClr val="{fill.lstrip("#").upper()}"/></a:solidFill>'
        f'<a:ln><a:noFill/></a:ln></p:spPr></p:sp>')
    mark_decorative(sp.find(f"{qn('p:nvSpPr')}/{qn('p:cNvPr')}"))
    sp_tree.append(sp)
