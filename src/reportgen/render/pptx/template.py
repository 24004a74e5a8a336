"""Templates: opening one, emptying it, and choosing a layout for each slide role.

A role is what a slide is for (title, section, chart, ...). Each role is mapped to a
layout by name first (`Title and Content`, LibreOffice's `Title, Content`, ...) and by
the placeholders it has, so that a template saved by PowerPoint, LibreOffice or
python-pptx all work. The geometry the deck needs (title box, text box, content area,
slide number box, background colour) is read from the chosen layout once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationT
from pptx.slide import SlideLayout, SlideMaster

from reportgen.errors import TemplateError
from reportgen.render.pptx.geometry import GAP, Grid, Insets, Rect

PH = PP_PLACEHOLDER
TITLES = (PH.TITLE, PH.CENTER_TITLE)
FOOTERS = (PH.DATE, PH.FOOTER, PH.SLIDE_NUMBER)


@dataclass(frozen=True)
class RoleSpec:
    """What a role asks of a layout."""

    names: tuple[str, ...]
    """Preferred layout names, normalised (lower case, letters only), best first."""
    title: tuple[PP_PLACEHOLDER, ...]
    """Accepted title placeholder types."""
    body: tuple[PP_PLACEHOLDER, ...]
    """Accepted body placeholder types (any one is needed when `needs_body`)."""
    needs_body: bool
    """Whether the role puts text into a body placeholder."""
    what: str
    """How an error message names what the role needs."""


_TEXT = RoleSpec(("titleandcontent", "titlecontent", "titleandtext", "titletext"),
                 TITLES, (PH.BODY, PH.OBJECT), True,
                 "a layout with a title placeholder and a body/content placeholder")
_DRAWN = RoleSpec(("titleonly", "titleandcontent", "titlecontent"), TITLES,
                  (PH.OBJECT, PH.BODY, PH.PICTURE, PH.CHART), False,
                  "a layout with a title placeholder")
ROLES: dict[str, RoleSpec] = {
    "title": RoleSpec(("titleslide",), TITLES, (PH.SUBTITLE, PH.BODY), True,
                      "a title layout with a (centre) title and a subtitle/body placeholder"),
    "section": _TEXT,
    "bio": _TEXT,
    "see_also": _TEXT,
    "chart": RoleSpec(("titleandcontent", "titlecontent", "titleonly"), TITLES,
                      (PH.OBJECT, PH.PICTURE, PH.CHART, PH.BODY), False,
                      "a layout with a title placeholder"),
    "key_figures": _DRAWN,
    "timeline": _DRAWN,
}


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


def open_template(path: Path) -> PresentationT:
    """A template presentation with all its slides removed (masters, theme, size kept)."""
    try:
        prs = Presentation(str(path))
    except Exception as exc:  # python-pptx raises many kinds for a non-presentation
        raise TemplateError(
            f"template {path}: not a PowerPoint presentation (.pptx) ({exc})") from exc
    clear_slides(prs)
    return prs


def clear_slides(prs: PresentationT) -> None:
    """Delete every slide: drop each slide's relationship and its `sldId` entry."""
    id_list = prs.slides._sldIdLst
    for sld_id in list(id_list):
        prs.part.drop_rel(sld_id.rId)
        id_list.remove(sld_id)


def normalise(name: str) -> str:
    """A layout name reduced to lower-case letters and digits, for matching."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


def placeholders_of(owner: SlideLayout | SlideMaster) -> list[Any]:
    """The placeholders of a layout or master (python-pptx types this iteration too narrowly)."""
    return list(owner.placeholders)  # type: ignore[misc]


def _types(layout: SlideLayout) -> list[PP_PLACEHOLDER]:
    return [ph.placeholder_format.type for ph in placeholders_of(layout)]


def _score(layout: SlideLayout, spec: RoleSpec) -> tuple[int, int] | None:
    types = _types(layout)
    if not any(t in spec.title for t in types):
        return None
    if spec.needs_body and not any(t in spec.body for t in types):
        return None
    name = normalise(layout.name or "")
    rank = spec.names.index(name) if name in spec.names else len(spec.names)
    extras = sum(1 for t in types if t not in FOOTERS) - 1 - int(spec.needs_body)
    return rank, abs(extras)


def all_layouts(prs: PresentationT) -> list[SlideLayout]:
    """Every layout of every master, in order."""
    return [layout for master in prs.slide_masters for layout in master.slide_layouts]


def map_roles(prs: PresentationT, source: str) -> dict[str, RoleLayout]:
    """A layout for every role, or a TemplateError listing what the template lacks."""
    layouts = all_layouts(prs)
    chosen: dict[str, RoleLayout] = {}
    missing: list[str] = []
    for role, spec in ROLES.items():
        scored = [(s, i) for i, lay in enumerate(layouts) if (s := _score(lay, spec))]
        if not scored:
            missing.append(f"{spec.what} (for {role} slides)")
            continue
        chosen[role] = read_layout(prs, role, layouts[min(scored)[1]], spec)
    if missing:
        names = ", ".join(repr(lay.name) for lay in layouts) or "none"
        raise TemplateError(
            f"template {source} lacks " + "; ".join(dict.fromkeys(missing))
            + f" (its layouts: {names})")
    return chosen


def _first(owner: SlideLayout | SlideMaster, types: tuple[PP_PLACEHOLDER, ...]) -> Any:
    for wanted in types:
        for ph in placeholders_of(owner):
            if ph.placeholder_format.type == wanted:
                return ph
    return None


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
                if key not in found and body_pr.get(key) is not None:
                    found[key] = int(body_pr.get(key))
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
    number_ph = _first(layout, (PH.SLIDE_NUMBER,))
    if number_ph is None:
        number_ph = _first(layout.slide_master, (PH.SLIDE_NUMBER,))
    number = _rect(number_ph, grid.slide_number) if number_ph is not None else grid.slide_number
    if body is not None:
        content = body
    else:
        footer_tops = [_rect(ph, grid.slide_number).top for ph in placeholders_of(layout)
                       if ph.placeholder_format.type in FOOTERS]
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
        if int(ext.get("cx", 0)) * int(ext.get("cy", 0)) >= COVERING_SHARE * area:
            return blip
    return None


def _image_color(owner, blip) -> str | None:
    """The average colour of the picture a blip names."""
    from io import BytesIO

    from PIL import Image, ImageStat

    rid = blip.get(qn("r:embed"))
    try:
        blob = owner.part.related_part(rid).blob
        with Image.open(BytesIO(blob)) as image:
            red, green, blue = ImageStat.Stat(image.convert("RGB")).mean[:3]
    except Exception:  # an unreadable picture: the colour stays unknown
        return None
    return f"#{round(red):02X}{round(green):02X}{round(blue):02X}"


def _average(colors: list[str]) -> str | None:
    if not colors:
        return None
    channels = [sum(int(c[i:i + 2], 16) for c in colors) / len(colors) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(v):02X}" for v in channels)


def _resolve(color_elm, master) -> str | None:
    if color_elm.tag == qn("a:srgbClr"):
        return "#" + color_elm.get("val").upper()
    if color_elm.tag == qn("a:schemeClr"):
        return _resolve_scheme(color_elm.get("val"), master)
    return None


def _resolve_scheme(name: str, master) -> str | None:
    from lxml import etree  # local: only templates need the theme XML

    clr_map = master._element.find(qn("p:clrMap"))
    if clr_map is not None and clr_map.get(name):
        name = clr_map.get(name)
    try:
        from pptx.opc.constants import RELATIONSHIP_TYPE as RT

        theme = etree.fromstring(master.part.part_related_by(RT.THEME).blob)
    except (KeyError, ValueError, etree.XMLSyntaxError):
        return None
    slot = theme.find(f".//{qn('a:clrScheme')}/{qn('a:' + name)}")
    if slot is None or not len(slot):
        return None
    value = slot[0].get("lastClr") or slot[0].get("val")
    return "#" + value.upper() if value and len(value) == 6 else None
