"""Colours for the deck: `#RRGGBB` parsing and WCAG 2 contrast checks."""

from __future__ import annotations

from pptx.dml.color import RGBColor

MIN_CONTRAST = 4.5
"""WCAG 2 AA contrast for normal-size text."""
WHITE = "#FFFFFF"
BLACK = "#000000"


def rgb(hex_color: str) -> RGBColor:
    """A python-pptx colour from `#RRGGBB`."""
    return RGBColor.from_string(hex_color.lstrip("#").upper())


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(hex_color: str) -> float:
    """WCAG relative luminance of a colour."""
    h = hex_color.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(fg: str, bg: str) -> float:
    """WCAG contrast ratio between two colours (1 to 21)."""
    hi, lo = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def readable_on(bg: str, *preferred: str) -> str:
    """The first preferred colour that reads on `bg` (>= 4.5:1), else black or white."""
    for color in preferred:
        if contrast(color, bg) >= MIN_CONTRAST:
            return color
    return BLACK if contrast(BLACK, bg) >= contrast(WHITE, bg) else WHITE
