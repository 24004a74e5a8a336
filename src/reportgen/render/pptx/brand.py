"""A template's own type and colours: the deck takes its theme font and accent colours.

An organisation's template carries its brand in its theme part: the heading font
(`a:majorFont/a:latin`) and the colour scheme. A deck built on it names that font on
every run when its text can be measured for it (the font itself, or its metric twin:
Calibri as Carlito, Arial as Liberation Sans), else the theme's own slide font; and its
tiles, bullets and rules take the scheme's colours instead of reportgen's.
"""

from __future__ import annotations

import string
from dataclasses import replace

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationT

from reportgen.core.color import contrast, luminance
from reportgen.fonts import office_family
from reportgen.render.pptx.opc import parser
from reportgen.theme import PRESETS, Theme

ACCENT_SLOT = "accent1"
"""The scheme colour rules, bullets and tile rules take."""
PRIMARY_SLOTS = ("dk2", "accent1")
"""The scheme colours tried, in order, for big numbers and strong text: the first one
dark enough to read on white."""
PRIMARY_MIN_CONTRAST = 4.5
"""Contrast on white a scheme colour needs to serve as the primary."""
ACCENT_MIN_CONTRAST = 2.0
"""Contrast on white a scheme colour needs to serve as a rule or bullet colour."""


def _theme_root(prs: PresentationT):
    try:
        blob = prs.slide_master.part.part_related_by(RT.THEME).blob
        return etree.fromstring(blob, parser())
    except (KeyError, ValueError, etree.XMLSyntaxError):
        return None


def theme_font_name(prs: PresentationT) -> str | None:
    """The template's heading (major) Latin font, or None when it names none."""
    root = _theme_root(prs)
    if root is None:
        return None
    latin = root.find(f".//{qn('a:fontScheme')}/{qn('a:majorFont')}/{qn('a:latin')}")
    name = (latin.get("typeface") or "").strip() if latin is not None else ""
    return name if name and not name.startswith("+") and name.isprintable() else None


def scheme_colors(prs: PresentationT) -> dict[str, str]:
    """The template's scheme colours as `#RRGGBB`, by slot name (`dk2`, `accent1`, ...)."""
    root = _theme_root(prs)
    scheme = root.find(f".//{qn('a:clrScheme')}") if root is not None else None
    out: dict[str, str] = {}
    for slot in scheme if scheme is not None else ():
        if not isinstance(slot.tag, str) or not len(slot):
            continue
        value = slot[0].get("lastClr") or slot[0].get("val") or ""
        if len(value) == 6 and all(c in string.hexdigits for c in value):
            out[etree.QName(slot).localname] = "#" + value.upper()
    return out


def _is_preset(theme: Theme, key: str, value: str) -> bool:
    """Whether a setting of the theme is its preset's (the spec did not choose it)."""
    return PRESETS.get(theme.name, {}).get(key) == value


def branded(theme: Theme, prs: PresentationT) -> Theme:
    """The theme a deck on this template is written with: the template's font (when the
    spec names none and it can be measured) and its scheme's primary and accent."""
    if _is_preset(theme, "slide_font", theme.slide_font.name):
        name = theme_font_name(prs)
        family = office_family(name) if name else None
        if family is not None:
            theme = replace(theme, slide_font=family)
    colors = scheme_colors(prs)
    white = "#FFFFFF"
    primary = next((colors[s] for s in PRIMARY_SLOTS if s in colors
                    and contrast(colors[s], white) >= PRIMARY_MIN_CONTRAST), None)
    accent = colors.get(ACCENT_SLOT)
    if accent is not None and (contrast(accent, white) < ACCENT_MIN_CONTRAST
                               or luminance(accent) > 0.9):
        accent = None
    if primary is not None and _is_preset(theme, "primary", theme.primary):
        theme = replace(theme, primary=primary)
    if accent is not None and _is_preset(theme, "accent", theme.accent):
        theme = replace(theme, accent=accent)
    return theme
