"""Colours for the deck: python-pptx colour objects; the contrast maths is in core.color."""

from __future__ import annotations

from pptx.dml.color import RGBColor

from reportgen.core.color import BLACK, MIN_CONTRAST, WHITE, contrast, luminance, readable_on

__all__ = ["BLACK", "MIN_CONTRAST", "WHITE", "contrast", "luminance", "readable_on", "rgb"]


def rgb(hex_color: str) -> RGBColor:
    """A python-pptx colour from `#RGB` or `#RRGGBB`."""
    from reportgen.core.color import normalize

    return RGBColor.from_string(normalize(hex_color)[1:])
