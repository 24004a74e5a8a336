"""The language a chart is drawn in: its labels and number separators, and RTL text.

A chart job names its language's tag (jobs cross process boundaries); while the job
is drawn, `speaking` makes that language the one `current()` returns, so the number
formatters and the frame read it without every draw function passing it along.
matplotlib 3.11 and later shape text and lay it out in both directions themselves
(with libraqm), so they get the text as written; an older matplotlib draws letters one
by one, left to right, so `for_display` and `as_drawn` give it right-to-left text
shaped and in visual order (see core/bidi.py). The SVG keeps the text as written
either way; the brief, which draws that SVG with reportlab, orders it (pdf/chart.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import replace

from matplotlib import ft2font

from reportgen.core.bidi import has_rtl, visual, visual_lines, wrap_visual
from reportgen.core.language import Language, english, language_of
from reportgen.core.quotes import smart_quotes
from reportgen.data.series import ChartData

_CURRENT: ContextVar[Language | None] = ContextVar("chart_language", default=None)
MATPLOTLIB_SHAPES = bool(getattr(ft2font, "__libraqm_version__", None))
"""Whether matplotlib shapes text and orders right-to-left runs itself (libraqm)."""


def current() -> Language:
    """The language of the chart being drawn (English outside a drawing)."""
    return _CURRENT.get() or english()


@contextmanager
def speaking(tag: str) -> Iterator[Language]:
    """Draw in the language of a BCP 47 tag until the block ends."""
    token = _CURRENT.set(language_of(tag))
    try:
        yield language_of(tag)
    finally:
        _CURRENT.reset(token)


def _shown(text: str | None) -> str | None:
    if text:
        text = smart_quotes(text)
    return visual(text) if text and not MATPLOTLIB_SHAPES and has_rtl(text) else text


def as_drawn(text: str) -> str:
    """Text (one or more lines) as matplotlib must be given it to print it as read, its
    quotes and apostrophes curly."""
    text = smart_quotes(text)
    return text if MATPLOTLIB_SHAPES else visual_lines(text)


def wrapped(text: str, width: int) -> str | None:
    """A name from `for_display` broken into lines (None: wrap it as any other text)."""
    return wrap_visual(text, width) if not MATPLOTLIB_SHAPES and has_rtl(text) else None


def for_display(data: ChartData) -> ChartData:
    """Chart data whose names (categories, series, axis labels, point names and the
    names a highlight gives) are drawn as read, their quotes and apostrophes curly."""
    return replace(
        data,
        categories=tuple(_shown(c) or "" for c in data.categories),
        series=tuple(replace(s, name=_shown(s.name) or "") for s in data.series),
        x_label=_shown(data.x_label),
        y_label=_shown(data.y_label),
        highlight=tuple(_shown(h) or "" for h in data.highlight),
        point_labels=(tuple(_shown(n) or "" for n in data.point_labels)
                      if data.point_labels is not None else None),
    )
