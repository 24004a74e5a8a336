"""Which font shows which character: the theme's fonts first, then the fallback fonts.

reportgen ships fallback fonts (`assets/fonts/`, subsets of Noto under the SIL Open
Font License; see `tools/make_fallback_fonts.py` for what each covers): Noto Sans
(Latin, Greek, Cyrillic in full, currency signs such as ₼ and ₾), Noto Sans Arabic,
Armenian and Georgian, and Noto Sans CJK SC cut to common Chinese, Japanese and
Korean characters. Every writer asks `Fallback` which font draws a character the
theme's fonts lack; `check` warns, naming the characters and the field, about any
character that no font can show. Only fontTools is used here (never matplotlib), through
core/fontfile.py.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportgen.core.fontfile import font_facts

FONT_DIR = Path(__file__).resolve().parent / "assets" / "fonts"
"""Where the fallback fonts are installed with the package."""
FALLBACK_FILES = (
    ("Noto Sans", "NotoSans-Fallback.ttf"),
    ("Noto Sans Arabic", "NotoSansArabic-Fallback.ttf"),
    ("Noto Sans Armenian", "NotoSansArmenian-Fallback.ttf"),
    ("Noto Sans Georgian", "NotoSansGeorgian-Fallback.ttf"),
    ("Noto Sans CJK SC", "NotoSansCJKsc-Fallback.ttf"),
)
"""Family name and file of each fallback font, in the order they are tried."""
_INVISIBLE = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Co", "Cn"})
"""Categories never drawn as a glyph of their own (spaces, format and control characters)."""


@dataclass(frozen=True)
class FallbackFont:
    """One shipped fallback font."""

    family: str
    """Its family name (named on deck runs, given to matplotlib)."""
    path: Path
    """Its TrueType file."""


def fallback_fonts() -> tuple[FallbackFont, ...]:
    """The shipped fallback fonts, in the order they are tried."""
    return tuple(FallbackFont(family, FONT_DIR / name) for family, name in FALLBACK_FILES)


def coverage(path: Path) -> frozenset[int]:
    """The code points a TrueType file has glyphs for (its cmap), read once per file."""
    return font_facts(path).codes


def drawn(char: str) -> bool:
    """Whether a character is drawn with a glyph (not a space, mark-free format character...)."""
    if "\ufe00" <= char <= "\ufe0f":  # variation selectors choose a form, never drawn
        return False
    return unicodedata.category(char) not in _INVISIBLE


@dataclass(frozen=True)
class Fallback:
    """The fonts that draw text: the theme's faces, then the fallback fonts, in order."""

    primary: frozenset[int]
    """Characters every theme face has (a face missing one sends it to a fallback)."""
    fonts: tuple[FallbackFont, ...]
    """The fallback fonts, tried in order."""

    @classmethod
    def for_faces(cls, faces: Iterable[Path]) -> Fallback:
        """The fallback chain behind a set of theme font files."""
        covered: frozenset[int] | None = None
        for path in dict.fromkeys(faces):
            found = coverage(path)
            covered = found if covered is None else covered & found
        return cls(covered or frozenset(), fallback_fonts())

    def font_of(self, char: str) -> int:
        """-1 for the theme's font, else the index of the first fallback that has `char`.

        A character no font has stays with the theme's font (and prints as a box).
        """
        code = ord(char)
        if code in self.primary or not drawn(char):
            return -1
        return _first_with(code, self.fonts)

    def runs(self, text: str) -> Iterator[tuple[str, int]]:
        """`text` cut into runs that one font draws: (text, font as in `font_of`)."""
        start, current = 0, -1
        for at, char in enumerate(text):
            font = self.font_of(char)
            if unicodedata.category(char)[0] == "M" and at > start:
                font = current  # a combining mark stays with its base letter
            if font != current and at > start:
                yield text[start:at], current
                start = at
            current = font
        if start < len(text):
            yield text[start:], current

    def missing(self, text: str) -> list[str]:
        """The distinct characters of `text` that no font can show, in order of appearance."""
        found = [char for char in set(text)
                 if ord(char) not in self.primary and drawn(char)
                 and _first_with(ord(char), self.fonts) < 0]
        return sorted(found, key=text.index)


@lru_cache(maxsize=4096)
def _first_with(code: int, fonts: Sequence[FallbackFont]) -> int:
    for index, font in enumerate(fonts):
        if code in coverage(font.path):
            return index
    return -1


def describe(chars: Sequence[str], most: int = 8) -> str:
    """Characters as a reader can look them up: `'₼' (U+20BC MANAT SIGN), ...`."""
    shown = []
    for char in chars[:most]:
        name = unicodedata.name(char, "")
        shown.append(f"'{char}' (U+{ord(char):04X}{' ' + name if name else ''})")
    more = f" and {len(chars) - most} more" if len(chars) > most else ""
    return ", ".join(shown) + more
