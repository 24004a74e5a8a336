"""Colours: parsed once (`#RGB` -> `#RRGGBB`), and the WCAG 2 maths of light and contrast."""

from __future__ import annotations

import re

HEX_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
"""A colour as the spec writes it: #RGB or #RRGGBB."""
WHITE = "#FFFFFF"
BLACK = "#000000"
MIN_CONTRAST = 4.5
"""WCAG 2 AA contrast for normal-size text."""
LUMA_WEIGHTS = (0.2126, 0.7152, 0.0722)
"""Weights of linear red, green and blue in relative luminance (ITU-R BT.709, WCAG 2)."""


def normalize(color: str) -> str:
    """`#c00` -> `#CC0000`; ValueError for anything that is not #RGB or #RRGGBB."""
    if not HEX_COLOR.match(color):
        raise ValueError(f"expected a colour as #RGB or #RRGGBB but got {color!r}")
    digits = color[1:]
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return "#" + digits.upper()


def channels(color: str) -> tuple[float, float, float]:
    """Red, green and blue of a colour, each from 0 to 1."""
    digits = normalize(color)[1:]
    r, g, b = (int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return r, g, b


def _linear(channel: float) -> float:
    """An sRGB channel (0-1) as linear light: the sRGB transfer function, IEC 61966-2-1."""
    if channel <= 0.04045:
        return channel / 12.92
    return ((channel + 0.055) / 1.055) ** 2.4


def luminance(color: str | tuple[float, float, float]) -> float:
    """WCAG relative luminance: 0 for black, 1 for white (a colour or an RGB triple 0-1)."""
    rgb = channels(color) if isinstance(color, str) else color
    return sum(w * _linear(c) for w, c in zip(LUMA_WEIGHTS, rgb, strict=True))


def contrast(fg: str, bg: str) -> float:
    """WCAG contrast ratio between two colours (1 to 21): text needs 4.5 on its background."""
    hi, lo = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def readable_on(bg: str, *preferred: str, least: float = MIN_CONTRAST) -> str:
    """The first preferred colour that reads on `bg` (at least `least`: 4.5:1 for text),
    else black or white."""
    for color in preferred:
        if contrast(color, bg) >= least:
            return color
    return BLACK if contrast(BLACK, bg) >= contrast(WHITE, bg) else WHITE


def ink_on(fill: str, dark: str, light: str = WHITE) -> str:
    """Text colour for a label printed on `fill`: of `dark` and `light`, the one of higher
    contrast when it reaches 4.5:1, else black or white (one of which always does)."""
    best = max((dark, light), key=lambda color: contrast(color, fill))
    return readable_on(fill, best)


def hex_of(rgb: tuple[float, float, float]) -> str:
    """An RGB triple (each 0-1) as `#RRGGBB`."""
    return "#" + "".join(f"{round(min(max(c, 0.0), 1.0) * 255):02X}" for c in rgb)


def tint(color: str, amount: float) -> str:
    """A colour mixed towards white by `amount` (0 keeps it, 1 is white)."""
    return hex_of(tuple(c + (1 - c) * amount for c in channels(color)))  # type: ignore[arg-type]
