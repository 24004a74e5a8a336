"""What a TrueType file can draw: its characters and their advance widths, read fast.

The glyph check (which characters each font shows) and the deck's text fitting (how
wide each character is) need only a font's best cmap and its advance widths. Asked
plainly, fontTools names every glyph first, decoding the `post` table, and the glyph
check and the deck each read the same faces again. Here each file is read once per
process; fontTools still reads the cmap (its rules for odd subtables stay), but with
glyphs named by their index, and the widths come straight from the `hmtx` table's
numbers, worked out only when text is measured: the same answer as `getBestCmap` with
`hmtx` (tests/core/test_fontfile.py compares the two on every font at hand), in a
third less time for the characters alone and half the time with the widths.
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path


@dataclass(frozen=True)
class FontFacts:
    """The characters of one font file and their advance widths."""

    codes: frozenset[int]
    """Every code point the best cmap maps to a glyph."""
    measure: Callable[[], tuple[int, dict[int, int]]] = field(repr=False, compare=False)
    """Works out (units per em, advances): asked only by those who measure text, such as
    the deck, so a font the glyph check reads needs nothing more than a cmap."""

    @cached_property
    def _metrics(self) -> tuple[int, dict[int, int]]:
        return self.measure()

    @property
    def units_per_em(self) -> int:
        """Design units per em square."""
        return self._metrics[0]

    @property
    def advances(self) -> dict[int, int]:
        """Advance width in font units per code point whose glyph the font has."""
        return self._metrics[1]


NEEDED = ("maxp", "head", "hhea", "hmtx")
"""Tables the fast reading needs besides the cmap."""


@cache
def font_facts(path: Path) -> FontFacts:
    """The characters and advance widths of a TrueType file (read once per process)."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(path), lazy=True)
    try:
        if not all(tag in font for tag in NEEDED):  # not a usable TrueType file: as ever,
            return _plain_facts(path)  # its characters are what its cmap says, if any
        glyphs = int(font["maxp"].numGlyphs)
        order = [f"g{index}" for index in range(glyphs)]
        font.setGlyphOrder(order)  # names by index: the `post` table is never decoded
        cmap = font.getBestCmap() or {}
        upem = int(font["head"].unitsPerEm)
        metrics = int(font["hhea"].numberOfHMetrics)
        table = font.reader["hmtx"]
    finally:
        font.close()
    widths = array("H", table[:4 * metrics])
    if not 0 < metrics <= glyphs or len(widths) != 2 * metrics:
        # An unusual hmtx: fontTools decides what it means.
        return FontFacts(frozenset(cmap), lambda: _plain_metrics(path))
    if sys.byteorder == "little":
        widths.byteswap()

    def measure() -> tuple[int, dict[int, int]]:
        advance = widths[0::2]
        index = {name: at for at, name in enumerate(order)}
        found = {}
        for code, name in cmap.items():
            glyph = index.get(name)
            if glyph is not None:
                found[code] = advance[min(glyph, metrics - 1)]
        return upem, found

    return FontFacts(frozenset(cmap), measure)


def _plain_facts(path: Path) -> FontFacts:
    """The same facts read the plain (slower) way."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(path), lazy=True)
    try:
        codes = frozenset(font.getBestCmap() or {})
    finally:
        font.close()
    return FontFacts(codes, lambda: _plain_metrics(path))


def _plain_metrics(path: Path) -> tuple[int, dict[int, int]]:
    """Units per em and advance widths, read the plain way (errors as fontTools raises)."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(path), lazy=True)
    try:
        cmap = font.getBestCmap() or {}
        hmtx = font["hmtx"].metrics
        upem = int(font["head"].unitsPerEm)
        advances = {cp: int(hmtx[glyph][0]) for cp, glyph in cmap.items() if glyph in hmtx}
    finally:
        font.close()
    return upem, advances
