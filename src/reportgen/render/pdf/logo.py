"""The logo on the masthead band: on a light plate when its own ink would not show there.

Organisations ship their logo in their own colours, often the same navy as the band it
is printed on. A logo whose ink has too little contrast with the band gets a plate of
the page's colour behind it (the way printed briefs show a dark logo on a dark cover).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from reportgen.core.color import contrast, hex_of
from reportgen.core.images import MAX_IMAGE_PIXELS

LOGO_MIN_CONTRAST = 3.0
"""The least contrast between a logo's ink and the band for it to stand on the band
(WCAG 2's ratio for graphics and large text)."""
INK_ALPHA = 128
"""Pixels at least this opaque (of 255) are the logo's ink; the rest is background."""
SAMPLE_SIDE = 96
"""The logo is measured on a copy this many pixels on its longer side."""


@lru_cache(maxsize=16)
def logo_ink(path: Path) -> str | None:
    """The mean colour of a logo's ink as `#RRGGBB` (None when it has no opaque pixel).

    An image without transparency is all ink: its own background is part of the logo.
    """
    from PIL import Image, ImageStat

    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    with Image.open(path) as image:
        image.thumbnail((SAMPLE_SIDE, SAMPLE_SIDE))
        rgba = image.convert("RGBA")
    ink = rgba.getchannel("A").point(lambda alpha: 255 if alpha >= INK_ALPHA else 0)
    if ink.getbbox() is None:
        return None
    mean = ImageStat.Stat(rgba.convert("RGB"), mask=ink).mean
    return hex_of(tuple(c / 255 for c in mean))  # type: ignore[arg-type]


def needs_plate(path: Path, band: str) -> bool:
    """Whether a logo printed on a band of colour `band` needs a plate to be seen."""
    ink = logo_ink(path)
    return ink is not None and contrast(ink, band) < LOGO_MIN_CONTRAST
