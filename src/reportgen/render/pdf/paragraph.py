"""The brief's paragraph: its text is broken into lines once, however many pages it fills.

reportlab's Paragraph breaks the rest of its text into lines again at every page it
runs onto, so a paragraph of n lines over k pages costs n·k: a 200,000-character
section body took seconds per page. This module's `Paragraph` breaks its text once for
a width; when it is split at a page foot, both parts take their share of those
lines and draw them as they are. A part breaks lines again only when it is laid out
at another width, from the fragments reportlab would have given it.

reportlab's own `split` still decides where a paragraph splits (widows, orphans,
leading, justification of the last line): it asks `_get_split_blParaFunc` for the
text of each part, and this class answers with a range of the shared lines instead
of a copy of the text that would have to be broken again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from types import SimpleNamespace
from typing import Any

from reportlab.platypus.paragraph import Paragraph as ReportlabParagraph

from reportgen.render.pdf.bidi import display_order, draw_bullet_on_right
from reportgen.render.pdf.glyphs import embolden, is_bold
from reportgen.render.pdf.styles import is_rtl

FragsOf = Callable[[Any, int, int], list[Any]]
"""reportlab's function giving the text fragments of lines [start, stop) of broken lines."""


@dataclass(frozen=True)
class BrokenLines:
    """A paragraph's text broken into lines once, shared by every part it is split into."""

    widths: tuple[float, ...]
    """The widths the lines were broken to, first line first; the last one repeats."""
    para_lines: Any
    """reportlab's ParaLines: every line, as its `breakLines` returned them."""
    frags_of: FragsOf
    """The text of a range of lines, for a part that must be broken again."""

    def width(self, line: int) -> float:
        """The width line number `line` was broken to."""
        return self.widths[min(line, len(self.widths) - 1)]

    def suit(self, widths: Sequence[float], start: int) -> bool:
        """Whether the lines from `start` on were broken to `widths` (a part's own)."""
        return all(widths[min(i, len(widths) - 1)] == self.width(start + i)
                   for i in range(max(len(widths), len(self.widths))))


@dataclass(frozen=True)
class LineRange:
    """Lines [start, stop) of broken lines: the share of one part of a split paragraph."""

    lines: BrokenLines
    start: int
    stop: int

    def para_lines(self) -> Any:
        """reportlab's ParaLines of just these lines."""
        whole = self.lines.para_lines
        if self.start == 0 and self.stop == len(whole.lines):
            return whole
        return whole.clone(lines=whole.lines[self.start:self.stop])

    def frags(self) -> list[Any]:
        """The text fragments of these lines, as reportlab's split would have made them."""
        return self.lines.frags_of(self.lines.para_lines, self.start, self.stop)


class Paragraph(ReportlabParagraph):
    """A paragraph broken into lines once, whose parts carry those lines over page breaks."""

    _share: LineRange | None = None
    """The lines this paragraph draws, when they are known."""
    _frags: list[Any] | None = None
    """The text fragments; None until a part that was handed lines needs them."""
    _handed: Any = None
    """The ParaLines last returned by `breakLines`, to tell them from any set elsewhere."""

    def __init__(self, text: str, style: Any, *args: Any, **kw: Any) -> None:
        # a bold style's text set in a fallback face stays bold (glyphs.embolden)
        if isinstance(text, str) and is_bold(style.fontName):
            text = embolden(text)
        super().__init__(text, style, *args, **kw)

    @property
    def frags(self) -> list[Any] | None:
        """The text fragments, made from the shared lines the first time a part needs them."""
        if self._frags is None and self._share is not None:
            self._frags = self._share.frags()
        return self._frags

    @frags.setter
    def frags(self, value: list[Any] | LineRange) -> None:
        # reportlab's split passes what `_get_split_blParaFunc` made (a LineRange here)
        # to the constructor of each part; any other value is new text.
        if isinstance(value, LineRange):
            self._share, self._frags = value, None
        else:
            self._share, self._frags = None, value

    def breakLines(self, width: float | Sequence[float]) -> Any:
        """The lines at `width`: the shared ones when they were broken to it, else new ones."""
        widths = tuple(width) if isinstance(width, (list, tuple)) else (width,)
        share = self._share
        if share is not None and share.lines.suit(widths, share.start):
            handed = share.para_lines()
        else:
            handed = super().breakLines(width)
            lines = BrokenLines(widths, handed, self._reportlab_frags_of(handed))
            self._share = LineRange(lines, 0, len(handed.lines))
        self._handed = handed
        return handed

    def drawPara(self, debug: int = 0) -> None:
        """Draw the lines, right-to-left text in visual order (see bidi.py); in a
        right-to-left brief the bullet hangs on the right."""
        bullet = self.bulletText if is_rtl(self.style) else None
        if not bullet:
            with display_order(self):
                super().drawPara(debug)
            return
        self.bulletText = None  # reportlab would draw it on the left
        try:
            with display_order(self):
                super().drawPara(debug)
        finally:
            self.bulletText = bullet
        draw_bullet_on_right(self, bullet)

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        """reportlab's split; the first part draws its share of the lines from the start."""
        parts: list[Any] = super().split(availWidth, availHeight)
        head = parts[0] if len(parts) == 2 else None
        if isinstance(head, Paragraph) and head._share is not None:
            # reportlab gives it a stand-in of those lines, made for a re-break
            head.blPara = head._handed = head._share.para_lines()
        return parts

    def _reportlab_frags_of(self, para_lines: Any) -> FragsOf:
        """reportlab's own split function for these lines, kept with today's fragments."""
        self.blPara = para_lines
        func = ReportlabParagraph._get_split_blParaFunc(self)
        if getattr(func, "__self__", None) is self:
            # a method reading self.frags, which the next breakLines replaces
            func = partial(func.__func__, SimpleNamespace(frags=self.frags))
        return func

    def _get_split_blParaFunc(self) -> Callable[[Any, int, int], Any]:
        """What reportlab's split gives each part: its range of the shared lines."""
        share = self._share
        if share is None or getattr(self, "blPara", None) is not self._handed:
            return super()._get_split_blParaFunc()  # lines from elsewhere: reportlab's way

        def hand_on(para_lines: Any, start: int, stop: int) -> Any:
            return LineRange(share.lines, share.start + start, share.start + stop)

        return hand_on
