"""Characters the theme's fonts lack, drawn in the brief with the shipped fallback fonts.

Paragraph markup gets a `<font face=...>` around each run that a fallback font draws;
lines drawn straight on the canvas (masthead, running header, footer) are drawn run
by run. A fallback font is registered with reportlab only when a character needs it,
so a brief in Latin script never parses the CJK font.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from reportgen.glyphs import Fallback

_ACTIVE: ContextVar[PdfFallback | None] = ContextVar("pdf_fallback", default=None)


class PdfFallback:
    """The fallback chain of one brief, registering fallback faces as they are needed."""

    def __init__(self, faces: list[Path]) -> None:
        self.chain = Fallback.for_faces(faces)
        self._names: dict[int, str] = {}

    def face(self, index: int) -> str:
        """The reportlab name of fallback font `index` (registered on first use)."""
        if index not in self._names:
            font = self.chain.fonts[index]
            name = f"rg-fallback-{font.path.stem}"
            if name not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont(name, str(font.path)))
                for bold in (0, 1):  # one weight: bold and italic text use it as it is
                    for italic in (0, 1):
                        addMapping(name, bold, italic, name)
            self._names[index] = name
        return self._names[index]

    def markup(self, text: str) -> str:
        """Escaped paragraph markup of `text`, each fallback run in its own face."""
        parts = []
        for run, font in self.chain.runs(text):
            parts.append(escape(run) if font < 0
                         else f'<font face="{self.face(font)}">{escape(run)}</font>')
        return "".join(parts)

    def runs(self, text: str, font: str) -> Iterator[tuple[str, str]]:
        """`text` in runs with the reportlab face that draws each (`font` for the theme's)."""
        for run, index in self.chain.runs(text):
            yield run, font if index < 0 else self.face(index)

    def width(self, text: str, font: str, size: float, tracking: float = 0.0) -> float:
        """Width of a line drawn with `draw`."""
        return (sum(stringWidth(run, face, size) for run, face in self.runs(text, font))
                + tracking * max(len(text) - 1, 0))

    def draw(self, canv: Canvas, x: float, y: float, text: str, font: str, size: float,
             tracking: float = 0.0) -> None:
        """Draw one line from `x` (left-aligned), switching fonts run by run."""
        for run, face in self.runs(text, font):
            canv.setFont(face, size)
            canv.drawString(x, y, run, charSpace=tracking)
            x += stringWidth(run, face, size) + tracking * len(run)


@contextmanager
def fallback_for(faces: list[Path]) -> Iterator[PdfFallback]:
    """Make a fallback chain the one `active()` returns while a brief is written."""
    fallback = PdfFallback(faces)
    token = _ACTIVE.set(fallback)
    try:
        yield fallback
    finally:
        _ACTIVE.reset(token)


def active() -> PdfFallback | None:
    """The fallback chain of the brief being written, if any."""
    return _ACTIVE.get()
