"""The brief's typefaces: the theme's TrueType families registered with reportlab.

Every face is registered under a name derived from its file, so two themes naming
different files never collide, and every glyph drawn comes from an embedded subset
of a theme font (no base-14 font ever reaches the PDF). Charts embedded as SVG get
their text mapped onto the same faces through `ChartFontMap`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from svglib.fonts import FontMap

from reportgen.errors import BuildError
from reportgen.fonts import FontFamily, find_family

MONO_FAMILY = "DejaVu Sans Mono"
"""The family used for inline code; the theme has no monospace family of its own."""

_MONO_HINTS = ("mono", "courier", "consolas", "menlo")
_SERIF_HINTS = ("serif", "times", "georgia", "roman")


@dataclass(frozen=True)
class Faces:
    """The reportlab names of one family's four registered faces."""

    regular: str
    """Upright face; also the family name for `<b>`/`<i>` mapping."""
    bold: str
    """Bold face."""
    italic: str
    """Italic face."""
    bold_italic: str
    """Bold italic face."""

    def pick(self, bold: bool, italic: bool) -> str:
        """The face for a weight and slant."""
        if bold:
            return self.bold_italic if italic else self.bold
        return self.italic if italic else self.regular


@dataclass(frozen=True)
class FontSet:
    """The registered faces the brief draws with."""

    heading: Faces
    """Headings, labels, masthead, figures."""
    body: Faces
    """Running text."""
    mono: Faces
    """Inline code."""


def _face_name(path: Path) -> str:
    """A reportlab font name unique to one font file."""
    digest = hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:8]
    return f"rg-{path.stem}-{digest}"


def _register_face(path: Path) -> str:
    name = _face_name(path)
    if name not in pdfmetrics.getRegisteredFontNames():
        try:
            pdfmetrics.registerFont(TTFont(name, str(path)))
        except (TTFError, OSError) as err:
            raise BuildError(f"font {path}: cannot be embedded in the PDF ({err})") from err
    return name


def register_family(family: FontFamily, *, bold_italic: bool = True) -> Faces:
    """Register a family's faces and its bold/italic mapping; idempotent.

    Parsing a TrueType file is the slowest part of starting a brief, so a bold
    italic face nobody uses is left out (its slot falls back to the bold face).
    """
    bold = _register_face(family.bold)
    faces = Faces(
        regular=_register_face(family.regular),
        bold=bold,
        italic=_register_face(family.italic),
        bold_italic=_register_face(family.bold_italic) if bold_italic else bold,
    )
    # The mapping lets <b> and <i> in paragraph markup find the right face.
    for bold in (False, True):
        for italic in (False, True):
            addMapping(faces.regular, int(bold), int(italic), faces.pick(bold, italic))
    return faces


def register_fonts(heading: FontFamily, body: FontFamily, *, code: bool = True,
                   bold_italic: bool = True) -> FontSet:
    """Register the theme's families (and, for inline code, a monospace family).

    `code` and `bold_italic` say whether the document has inline code or bold
    italic text; faces it does not need are not loaded.
    """
    heading_faces = register_family(heading, bold_italic=bold_italic)
    mono = find_family(MONO_FAMILY) if code else None
    return FontSet(
        heading=heading_faces,
        body=register_family(body, bold_italic=bold_italic),
        mono=register_family(mono, bold_italic=False) if mono is not None else heading_faces,
    )


def _is_bold(weight: str) -> bool:
    weight = str(weight).strip().lower()
    if weight.isdigit():
        return int(weight) >= 600
    return weight in ("bold", "bolder", "semibold", "demibold", "heavy", "black")


class ChartFontMap(FontMap):
    """An svglib font map sending every SVG font family to one of the brief's faces.

    Charts name the theme's heading family (`DejaVu Sans`); generic or unknown
    families go to the nearest theme face rather than to a base-14 font.
    """

    def __init__(self, fonts: FontSet) -> None:
        super().__init__()
        self._fonts = fonts

    def find_font(
        self, font_name: str, weight: str = "normal", style: str = "normal"
    ) -> tuple[str, bool]:
        """The registered face for an SVG family, weight and style (always found)."""
        name = font_name.strip().strip("'\"").lower()
        if any(hint in name for hint in _MONO_HINTS):
            faces = self._fonts.mono
        elif any(hint in name for hint in _SERIF_HINTS) and "sans" not in name:
            faces = self._fonts.body
        else:
            faces = self._fonts.heading
        italic = str(style).strip().lower() in ("italic", "oblique")
        return faces.pick(_is_bold(weight), italic), True
