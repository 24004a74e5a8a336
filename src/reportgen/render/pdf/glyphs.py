"""Characters the theme's fonts lack, drawn in the brief with the shipped fallback fonts.

Paragraph markup gets a `<font face=...>` around each run that a fallback font draws;
lines drawn straight on the canvas (masthead, running header, footer) are drawn run
by run. A fallback font is registered with reportlab only when a character needs it,
so a brief in Latin script never parses the CJK font.

The shipped fallback fonts have one weight. Arabic and Persian bold text (headings,
labels, `**bold**`) is set in a real bold face that has their letters: DejaVu Sans
Bold (shipped with matplotlib, and by Debian's fonts-dejavu), for every letter it has;
a letter it lacks stays in the regular fallback rather than print as a box.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from itertools import groupby
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.fonts import addMapping, ps2tt
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from reportgen.fonts import find_family
from reportgen.glyphs import Fallback, coverage, drawn

_ACTIVE: ContextVar[PdfFallback | None] = ContextVar("pdf_fallback", default=None)
BOLD_FALLBACKS = {"Noto Sans Arabic": "DejaVu Sans"}
"""A fallback family (one weight) and the family whose bold face sets its bold text."""
UNBOLDED = "-regular-only"
"""Suffix of a fallback face's second name, for letters its bold partner lacks."""


def is_bold(face: str) -> bool:
    """Whether a registered reportlab face is the bold (or bold italic) of its family."""
    try:
        return bool(ps2tt(face)[1])
    except ValueError:  # a face registered without a family mapping
        return False


class PdfFallback:
    """The fallback chain of one brief, registering fallback faces as they are needed."""

    def __init__(self, faces: list[Path]) -> None:
        self.chain = Fallback.for_faces(faces)
        self._names: dict[int, str] = {}
        self._bold: dict[int, tuple[str, frozenset[int]]] = {}

    def face(self, index: int) -> str:
        """The reportlab name of fallback font `index` (registered on first use).

        Its bold maps to the bold partner's face when it has one (BOLD_FALLBACKS).
        """
        if index not in self._names:
            font = self.chain.fonts[index]
            name = f"rg-fallback-{font.path.stem}"
            bold = self._bold_partner(index)
            if name not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont(name, str(font.path)))
                twins = [name]
                if bold is not None:  # letters the bold face lacks: a twin never bolded
                    pdfmetrics.registerFont(TTFont(name + UNBOLDED, str(font.path)))
                    twins.append(name + UNBOLDED)
                for twin in twins:  # no italic: slanted text uses the upright face
                    for italic in (0, 1):
                        addMapping(twin, 0, italic, twin)
                        addMapping(twin, 1, italic, bold[0] if bold and twin == name else twin)
            self._names[index] = name
        return self._names[index]

    def _bold_partner(self, index: int) -> tuple[str, frozenset[int]] | None:
        """The registered bold face for fallback font `index`, and what it covers."""
        partner = BOLD_FALLBACKS.get(self.chain.fonts[index].family)
        family = find_family(partner) if partner else None
        if family is None or family.bold == family.regular:
            return None
        name = f"rg-fallback-bold-{family.bold.stem}"
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(family.bold)))
        self._bold[index] = (name, coverage(family.bold))
        return self._bold[index]

    def _pieces(self, run: str, index: int) -> Iterator[tuple[str, bool]]:
        """A fallback run cut where its bold partner lacks a letter: (text, partner has it)."""
        self.face(index)  # registers the bold partner too
        partner = self._bold.get(index)
        if partner is None:
            yield run, True
            return
        covered = partner[1]
        for has, chars in groupby(run, key=lambda c: ord(c) in covered or not drawn(c)):
            yield "".join(chars), has

    def markup(self, text: str) -> str:
        """Escaped paragraph markup of `text`, each fallback run in its own face."""
        parts = []
        for run, font in self.chain.runs(text):
            if font < 0:
                parts.append(escape(run))
                continue
            for piece, bolded in self._pieces(run, font):
                face = self.face(font) + ("" if bolded else UNBOLDED)
                parts.append(f'<font face="{face}">{escape(piece)}</font>')
        return "".join(parts)

    def runs(self, text: str, font: str) -> Iterator[tuple[str, str]]:
        """`text` in runs with the reportlab face that draws each (`font` for the theme's);
        a bold `font` draws its fallback runs in their bold partner where there is one."""
        bold = is_bold(font)
        for run, index in self.chain.runs(text):
            if index < 0:
                yield run, font
                continue
            for piece, bolded in self._pieces(run, index):
                partner = self._bold.get(index)
                yield piece, partner[0] if bold and bolded and partner else self.face(index)

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


FALLBACK_RUN = re.compile(r'<font face="(rg-fallback-[^"]+)">([^<]*)</font>')
"""A run of paragraph markup set in a fallback face (as `PdfFallback.markup` writes it)."""


def embolden(markup: str) -> str:
    """Paragraph markup set in bold, its fallback runs bold too.

    reportlab's `<font face>` starts its text in that face's upright weight, whatever
    the paragraph's style or an enclosing `<b>` says; a `<b>` inside it picks the face's
    bold (its bold partner, see BOLD_FALLBACKS).
    """
    return FALLBACK_RUN.sub(r'<font face="\1"><b>\2</b></font>', markup)


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
