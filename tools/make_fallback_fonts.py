"""Build the fallback fonts reportgen ships (src/reportgen/assets/fonts/) from Debian's Noto.

Not part of the installed package: run it by hand when the fallback set should change.

    apt-get download fonts-noto-core fonts-noto-cjk
    dpkg-deb -x fonts-noto-core_*.deb noto && dpkg-deb -x fonts-noto-cjk_*.deb noto
    python tools/make_fallback_fonts.py noto/usr/share/fonts

Each output is a TrueType subset without hinting or layout tables (the PDF writer and
matplotlib draw one glyph per character anyway), under the SIL Open Font License 1.1:

- NotoSans-Fallback.ttf: Noto Sans, all of it (Latin, Greek, Cyrillic and their
  extensions, currency signs such as the manat U+20BC and the lari U+20BE).
- NotoSansArabic-Fallback.ttf, NotoSansArmenian-Fallback.ttf, NotoSansGeorgian-Fallback.ttf:
  those scripts in full (Georgian with Mtavruli capitals).
- NotoSansCJKsc-Fallback.ttf: Noto Sans CJK SC (its CFF outlines converted to TrueType,
  which the PDF can embed), cut to the common characters: the 3,755 hanzi of GB 2312
  level 1, the 2,965 kanji of JIS X 0208 level 1, the 2,350 hangul syllables of
  KS X 1001, kana, CJK punctuation and full-width forms.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

OUT = Path(__file__).resolve().parents[1] / "src" / "reportgen" / "assets" / "fonts"
WHOLE = {
    "NotoSans-Fallback.ttf": "truetype/noto/NotoSans-Regular.ttf",
    "NotoSansArabic-Fallback.ttf": "truetype/noto/NotoSansArabic-Regular.ttf",
    "NotoSansArmenian-Fallback.ttf": "truetype/noto/NotoSansArmenian-Regular.ttf",
    "NotoSansGeorgian-Fallback.ttf": "truetype/noto/NotoSansGeorgian-Regular.ttf",
}
CJK = ("opentype/noto/NotoSansCJK-Regular.ttc", "Noto Sans CJK SC",
       "NotoSansCJKsc-Fallback.ttf")


def _decoded(encoding: str, rows: range, cells: range = range(0xA1, 0xFF)) -> set[int]:
    """Characters of a two-byte EUC character set's rows (first bytes)."""
    found = set()
    for first in rows:
        for second in cells:
            try:
                found.update(map(ord, bytes((first, second)).decode(encoding)))
            except UnicodeDecodeError:
                continue
    return found


def cjk_characters() -> set[int]:
    """The common CJK characters the subset keeps."""
    chars = _decoded("gb2312", range(0xB0, 0xD8))  # GB 2312 level 1 hanzi
    chars |= _decoded("euc_jp", range(0xB0, 0xD0))  # JIS X 0208 level 1 kanji
    chars |= _decoded("euc_kr", range(0xB0, 0xC9))  # KS X 1001 hangul syllables
    for start, end in ((0x3000, 0x303F), (0x3040, 0x30FF), (0x31F0, 0x31FF),
                       (0xFF00, 0xFFEF), (0x3130, 0x318F)):
        chars.update(range(start, end + 1))
    return chars


def _options() -> subset.Options:
    options = subset.Options()
    options.hinting = False
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx", "DSIG"]
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]
    options.notdef_outline = True
    options.desubroutinize = True
    return options


def _subset(font: TTFont, codepoints: set[int] | None) -> None:
    subsetter = subset.Subsetter(_options())
    subsetter.populate(unicodes=codepoints if codepoints is not None
                       else font.getBestCmap().keys())
    subsetter.subset(font)


def _to_truetype(font: TTFont) -> None:
    """Replace CFF outlines with quadratic TrueType ones (fontTools' otf2ttf recipe)."""
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    del font["CFF "]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        advance = hmtx.metrics[name][0]
        hmtx.metrics[name] = (advance, getattr(glyph, "xMin", 0))
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                  "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
                  "maxComponentElements"):
        setattr(maxp, field, 1 if field == "maxZones" else 0)
    font["maxp"] = maxp
    maxp.compile(font)
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order
    font.sfntVersion = "\x00\x01\x00\x00"


def main(source: Path) -> None:
    """Write every fallback font from an unpacked Debian fonts folder."""
    OUT.mkdir(parents=True, exist_ok=True)
    for name, path in WHOLE.items():
        font = TTFont(source / path)
        _subset(font, None)
        font.save(OUT / name)
    collection = TTCollection(source / CJK[0])
    font = next(f for f in collection.fonts if f["name"].getDebugName(1) == CJK[1])
    _subset(font, cjk_characters())
    _to_truetype(font)
    font.save(OUT / CJK[2])
    for path in sorted(OUT.glob("*.ttf")):
        print(f"{path.name}: {path.stat().st_size:,} bytes, "
              f"{len(TTFont(path).getBestCmap()):,} characters")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
