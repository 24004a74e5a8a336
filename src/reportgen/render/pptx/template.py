"""Templates: opening one safely, and the layout (and its boxes) of each slide role.

The template is never opened as it is: `open_template` builds the presentation from
its sanitized copy (preflight.py: no slides, no external links, every limit checked),
made in memory. Which layout serves which role is decided by the rule in roles.py,
the same one `reportgen check` applies to the template's XML. The geometry the deck
needs (title box, text box, content area, slide number box, background colour) is
read from the chosen layout once.
"""

from __future__ import annotations

import io
import string
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationT
from pptx.slide import SlideLayout, SlideMaster

from reportgen.core.images import MAX_IMAGE_PIXELS
from reportgen.errors import TemplateError
from reportgen.render.pptx import roles
from reportgen.render.pptx.geometry import GAP, Grid, Insets, Rect
from reportgen.render.pptx.opc import PackageProblem, parser
from reportgen.render.pptx.preflight import sanitized_template
from reportgen.render.pptx.roles import (
    FOOTERS,
    ROLES,
    RoleSpec,
    choose_layouts,
    layout_info,
    missing_message,
    placeholder_type,
)

__all__ = ["ROLES", "TITLES", "RoleLayout", "RoleSpec", "TemplateError", "map_roles",
           "open_template"]

TITLES = tuple(PP_PLACEHOLDER.from_xml(kind) for kind in roles.TITLES)
"""The title placeholder types as python-pptx names them."""


@dataclass(frozen=True)
class RoleLayout:
    """A layout chosen for a role and the boxes read from it."""

    role: str
    """The slide role."""
    layout: SlideLayout
    """The layout slides of this role are made from."""
    title: Rect
    """The title placeholder's box."""
    title_insets: Insets
    """The title placeholder's text insets."""
    body: Rect | None
    """The body (or content) placeholder's box, if the layout has one."""
    content: Rect
    """Where drawn content goes: the body box, else the area under the title."""
    number: Rect
    """Where the slide number goes."""
    background: str
    """The layout's background colour (`#RRGGBB`), as far as it can be resolved."""
    title_filled: bool
    """Whether the title placeholder has a fill of its own (a band)."""


def open_template(path: Path, say: Callable[[str], None] | None = None) -> PresentationT:
    """A template's presentation, made from its sanitized copy (no slides, no outside links).

    Raises TemplateError naming every problem the preflight finds; `say` hears its
    warnings (links dropped).
    """
    try:
        safe = sanitized_template(path)
    except PackageProblem as exc:
        raise TemplateError(f"template {path.name}: {exc}") from None
    for finding in safe.findings:
        (say or (lambda _message: None))(f"template {path.name}: {finding.message}")
    try:
        prs = Presentation(io.BytesIO(safe.data))
    except Exception as exc:  # python-pptx raises many kinds for a non-presentation
        raise TemplateError(
            f"template {path.name}: not a PowerPoint presentation (.pptx) ({exc})") from exc
    clear_slides(prs)
    return prs


def clear_slides(prs: PresentationT) -> None:
    """Delete every slide: drop each slide's relationship and its `sldId` entry."""
    id_list = prs.slides._sldIdLst
    for sld_id in list(id_list):
        prs.part.drop_rel(sld_id.rId)
        id_list.remove(sld_id)


def placeholders_of(owner: SlideLayout | SlideMaster) -> list[Any]:
    """The placeholders of a layout or master (python-pptx types this iteration too narrowly)."""
    return list(owner.placeholders)  # type: ignore[misc]


def all_layouts(prs: PresentationT) -> list[SlideLayout]:
    """Every layout of every master, in order."""
    return [layout for master in prs.slide_masters for layout in master.slide_layouts]


def map_roles(prs: PresentationT, source: str) -> dict[str, RoleLayout]:
    """A layout for every role, or a TemplateError listing what the template lacks."""
    layouts = all_layouts(prs)
    infos = [layout_info(layout._element) for layout in layouts]
    choice = choose_layouts(infos)
    if choice.missing:
        raise TemplateError(missing_message(f"template {source}", choice, infos))
    return {role: read_layout(prs, role, layouts[index], ROLES[role])
            for role, index in choice.chosen.items()}


def _first(owner: SlideLayout | SlideMaster, types: tuple[str, ...]) -> Any:
    """The first placeholder of the first type in `types` the owner has, or None."""
    found = {}
    for ph in placeholders_of(owner):
        found.setdefault(placeholder_type(ph._element), ph)
    return next((found[wanted] for wanted in types if wanted in found), None)


def _rect(shape, fallback: Rect) -> Rect:
    try:
        values = (shape.left, shape.top, shape.width, shape.height)
    except AttributeError:
        values = (None,) * 4
    if any(v is None for v in values):
        return fallback
    return Rect(*(int(v) for v in values))


def placeholder_insets(shape) -> Insets:
    """A layout placeholder's text insets (from it or its master placeholder), else defaults."""
    found: dict[str, int] = {}
    for elm in (shape._element, _master_ph_element(shape)):
        if elm is None:
            continue
        body_pr = elm.find(f".//{qn('a:bodyPr')}")
        if body_pr is not None:
            for key in ("lIns", "tIns", "rIns", "bIns"):
                value = body_pr.get(key)
                if key not in found and _is_emu(value):
                    found[key] = int(value)
    default = Insets.office_default()
    return Insets(found.get("lIns", default.left), found.get("tIns", default.top),
                  found.get("rIns", default.right), found.get("bIns", default.bottom))


def _master_ph_element(shape):
    try:
        base = shape._base_placeholder
    except (AttributeError, KeyError):
        return None
    return None if base is None else base._element


def read_layout(prs: PresentationT, role: str, layout: SlideLayout, spec: RoleSpec) -> RoleLayout:
    """The boxes of a layout for one role."""
    width, height = int(prs.slide_width or 0), int(prs.slide_height or 0)
    grid = Grid.for_slide(width, height)
    title_ph = _first(layout, spec.title)
    title = _rect(title_ph, grid.band)
    body_ph = _first(layout, spec.body)
    body = _rect(body_ph, grid.content) if body_ph is not None else None
    number_ph = _first(layout, ("sldNum",))
    if number_ph is None:
        number_ph = _first(layout.slide_master, ("sldNum",))
    number = _rect(number_ph, grid.slide_number) if number_ph is not None else grid.slide_number
    if body is not None:
        content = body
    else:
        footer_tops = [_rect(ph, grid.slide_number).top for ph in placeholders_of(layout)
                       if placeholder_type(ph._element) in FOOTERS]
        below = [t for t in footer_tops if t > title.bottom] or [grid.content.bottom]
        top = title.bottom + GAP
        left = max(grid.margin, title.left)
        right = min(width - grid.margin, title.right)
        content = Rect(left, top, right - left, min(below) - GAP // 2 - top)
    return RoleLayout(role, layout, title, placeholder_insets(title_ph), body, content,
                      number, layout_background(layout), _filled(title_ph))


FILLS = ("a:noFill", "a:solidFill", "a:gradFill", "a:blipFill", "a:pattFill", "a:grpFill")


def _filled(shape) -> bool:
    """Whether a layout placeholder (or the master one it inherits from) has a visible fill."""
    for elm in (shape._element, _master_ph_element(shape)):
        sp_pr = None if elm is None else elm.find(qn("p:spPr"))
        fill = None if sp_pr is None else next(
            (c for c in sp_pr if c.tag in {qn(t) for t in FILLS}), None)
        if fill is not None:  # the nearest fill decides
            return fill.tag != qn("a:noFill")
    return False


def layout_background(layout: SlideLayout) -> str:
    """The background colour text stands on in a layout, as far as it can be known.

    A solid fill gives its colour; a gradient the average of its stops; a picture
    (as the background fill, or a picture covering most of the layout or master)
    the average colour of its pixels. Unknown means the scheme's bg1, else white.
    """
    master = layout.slide_master
    for part_owner in (layout, master):
        # A picture covering the slide is drawn over the background fill: it wins.
        picture = _covering_picture(part_owner, layout)
        if picture is not None:
            color = _image_color(part_owner, picture)
            if color:
                return color
        bg_pr = part_owner._element.find(f"{qn('p:cSld')}/{qn('p:bg')}/{qn('p:bgPr')}")
        if bg_pr is not None:
            color = _fill_color(bg_pr, part_owner, master)
            if color:
                return color
    return _resolve_scheme("bg1", master) or "#FFFFFF"


COVERING_SHARE = 0.8
"""A picture covering at least this share of the slide counts as its background."""


def _fill_color(bg_pr, owner, master) -> str | None:
    solid = bg_pr.find(qn("a:solidFill"))
    if solid is not None and len(solid):
        return _resolve(solid[0], master)
    gradient = bg_pr.find(qn("a:gradFill"))
    if gradient is not None:
        stops = [_resolve(gs[0], master) for gs in gradient.iter(qn("a:gs")) if len(gs)]
        return _average([c for c in stops if c])
    blip = bg_pr.find(f"{qn('a:blipFill')}/{qn('a:blip')}")
    if blip is not None:
        return _image_color(owner, blip)
    return None


def _covering_picture(owner, layout: SlideLayout):
    """The blip of a picture that covers most of the slide, if there is one."""
    presentation = layout.part.package.presentation_part.presentation
    area = (presentation.slide_width or 1) * (presentation.slide_height or 1)
    for pic in owner._element.iter(qn("p:pic")):
        ext = pic.find(f".//{qn('a:xfrm')}/{qn('a:ext')}")
        blip = pic.find(f".//{qn('a:blip')}")
        if ext is None or blip is None:
            continue
        if _emu(ext.get("cx")) * _emu(ext.get("cy")) >= COVERING_SHARE * area:
            return blip
    return None


def _emu(value: str | None) -> int:
    """A length written in EMU, or 0 (a length with a unit never makes a cover picture)."""
    return int(value) if _is_emu(value) else 0


def _is_emu(value: str | None) -> bool:
    """Whether an attribute is a whole number (of EMU)."""
    digits = (value or "").removeprefix("-")
    return digits.isascii() and digits.isdigit() and len(digits) <= EMU_DIGITS


EMU_DIGITS = 12
"""Longest whole number read as a length (a million inches; the preflight allows less)."""
_COLORS: weakref.WeakKeyDictionary[Any, str | None] = weakref.WeakKeyDictionary()
"""The average colour of each picture part already decoded (several roles share one)."""
SAMPLE_SIDE = 256
"""A JPEG is decoded at a reduced scale no smaller than this for its average colour."""


def _image_color(owner, blip) -> str | None:
    """The average colour of the picture a blip names (each picture decoded once)."""
    try:
        part = owner.part.related_part(blip.get(qn("r:embed")))
    except (KeyError, ValueError):
        return None
    if part not in _COLORS:
        _COLORS[part] = _average_color(part.blob)
    return _COLORS[part]


def _average_color(blob: bytes) -> str | None:
    """The average colour of a picture's pixels, or None when it cannot be decoded."""
    import warnings

    from PIL import Image, ImageStat

    try:
        with warnings.catch_warnings():  # oversized pictures are refused below, quietly
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(blob))
        with image:
            if image.width * image.height > MAX_IMAGE_PIXELS:
                return None
            image.draft("RGB", (SAMPLE_SIDE, SAMPLE_SIDE))  # JPEG: decode at a small scale
            rgb = image if image.mode in ("RGB", "RGBA") else image.convert("RGB")
            red, green, blue = ImageStat.Stat(rgb).mean[:3]
    except Exception:  # an unreadable picture: the colour stays unknown
        return None
    return f"#{round(red):02X}{round(green):02X}{round(blue):02X}"


def _average(colors: list[str]) -> str | None:
    if not colors:
        return None
    channels = [sum(int(c[i:i + 2], 16) for c in colors) / len(colors) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(v):02X}" for v in channels)


def master_text_color(master, style: str) -> str | None:
    """The colour a master gives text of a style (`bodyStyle`, `titleStyle`,
    `otherStyle`) at its first level, else its `tx1`; None when it cannot be told."""
    fill = master._element.find(
        f"{qn('p:txStyles')}/{qn('p:' + style)}/{qn('a:lvl1pPr')}/{qn('a:defRPr')}"
        f"/{qn('a:solidFill')}")
    if fill is not None and len(fill):
        return _resolve(fill[0], master)
    return _resolve_scheme("tx1", master)


def _resolve(color_elm, master) -> str | None:
    if color_elm.tag == qn("a:srgbClr"):
        return _hex(color_elm.get("val"))
    if color_elm.tag == qn("a:schemeClr"):
        return _resolve_scheme(color_elm.get("val") or "", master)
    return None


def _hex(value: str | None) -> str | None:
    """`#RRGGBB` from a colour value as the XML writes it, or None if it is not one."""
    if value and len(value) == 6 and all(c in string.hexdigits for c in value):
        return "#" + value.upper()
    return None


def _resolve_scheme(name: str, master) -> str | None:
    from lxml import etree  # local: only templates need the theme XML

    clr_map = master._element.find(qn("p:clrMap"))
    if clr_map is not None and clr_map.get(name):
        name = clr_map.get(name)
    if not name.isalnum():
        return None
    try:
        from pptx.opc.constants import RELATIONSHIP_TYPE as RT

        theme = etree.fromstring(master.part.part_related_by(RT.THEME).blob, parser())
    except (KeyError, ValueError, etree.XMLSyntaxError):
        return None
    slot = theme.find(f".//{qn('a:clrScheme')}/{qn('a:' + name)}")
    if slot is None or not len(slot):
        return None
    return _hex(slot[0].get("lastClr") or slot[0].get("val"))
