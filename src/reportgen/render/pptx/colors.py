"""Colours for the deck: python-pptx colour objects, and the colour a graphic (a rule, a
dot, a line) needs to stand out; the contrast maths is in core.color."""

from __future__ import annotations

from pptx.dml.color import RGBColor

from reportgen.core.color import BLACK, MIN_CONTRAST, WHITE, contrast, luminance, readable_on

__all__ = ["BLACK", "MIN_CONTRAST", "MIN_GRAPHIC_CONTRAST", "WHITE", "contrast", "luminance",
           "readable_on", "rgb", "visible_on"]

MIN_GRAPHIC_CONTRAST = 3.0
"""Contrast a graphic that carries meaning needs against what it stands on (WCAG 1.4.11)."""


def visible_on(bg: str, *preferred: str) -> str:
    """The first preferred colour that stands out on `bg` as a graphic (>= 3:1), else
    black or white."""
    return readable_on(bg, *preferred, least=MIN_GRAPHIC_CONTRAST)


def rgb(hex_color: str) -> RGBColor:
    """A python-pptx colour from `#RGB` or `#RRGGBB`."""
    from reportgen.core.color import normalize

    return RGBColor.from_string(normalize(hex_color)[1:])
