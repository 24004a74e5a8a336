"""Horizontal bars' category names fitted to the figure as laid out: whole words, readable.

A name gets the room it needs, in this order of preference: wrapped on words within
its bar's slot at the tick size; more of the width (up to the last of NAME_SHARES); a
smaller but still legal size (7 pt in print, 18 pt on a slide); and only when none of
that holds, cut short with an ellipsis. Each word is measured once, as drawn; every
wrap is then arithmetic.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from reportgen.charts.labels import ELLIPSIS

NAME_SHARES = (0.42, 0.5, 0.55)
"""Shares of the figure's width the names may take, tried in turn (the bars keep the rest)."""
MAX_NAME_LINES = 3
"""Most lines of one name."""
MIN_NAME_PT = 7.0
"""Smallest size of a name in print."""
MIN_SLIDE_NAME_PT = 18.0 * 7.5 / 20.0
"""Smallest size of a name on a slide, as laid out: 18 pt once the slide chart is
enlarged by SLIDE_TEXT_SCALE (20 / 7.5, charts/job.py)."""
NAME_SIZE_STEP = 0.5
"""Step between the sizes tried, from the tick size down to MIN_NAME_PT."""
NAME_GAP = 0.15
"""Least gap between the names of neighbouring bars, in line heights."""


@dataclass(frozen=True)
class FittedNames:
    """Names as printed beside their bars."""

    texts: list[str]
    """Each name, wrapped (lines joined by newlines), perhaps cut with an ellipsis."""
    size: float
    """Font size, points."""
    fits: bool
    """Whether every name is whole and clear of its neighbours (False: the last resort)."""


def lines_within(slot_pt: float, line_pt: float, pitch_pt: float) -> int:
    """How many lines of a name (one line `line_pt` tall, each further one `pitch_pt`
    taller) fit a bar's slot with NAME_GAP to the names beside it; at most MAX_NAME_LINES."""
    room = slot_pt - line_pt * (1 + NAME_GAP)
    if room < 0:
        return 0
    return min(1 + int(room / pitch_pt + 1e-9), MAX_NAME_LINES)


_ON_SLIDE: ContextVar[bool] = ContextVar("names_on_slide", default=False)


@contextmanager
def laid_out_for_slides(slide: bool) -> Iterator[None]:
    """Fit names for a slide (down to 18 pt as shown) or for print (7 pt) in this block."""
    token = _ON_SLIDE.set(slide)
    try:
        yield
    finally:
        _ON_SLIDE.reset(token)


def sizes_from(tick_pt: float) -> list[float]:
    """The sizes names may be set at, largest first, down to the least legal one."""
    least = MIN_SLIDE_NAME_PT if _ON_SLIDE.get() else MIN_NAME_PT
    sizes = [tick_pt]
    while sizes[-1] - NAME_SIZE_STEP >= least - 1e-9:
        sizes.append(round(sizes[-1] - NAME_SIZE_STEP, 3))
    if sizes[-1] > least + 1e-9:
        sizes.append(least)
    return sizes


def _wrap(words: Sequence[str], widths: Sequence[float], space: float, room: float,
          ) -> list[str] | None:
    """Words in lines at most `room` wide (greedy); None when one word alone is wider."""
    lines: list[str] = []
    line: list[str] = []
    width = 0.0
    for word, own in zip(words, widths, strict=True):
        if own > room:
            return None
        if line and width + space + own > room:
            lines.append(" ".join(line))
            line, width = [], 0.0
        width = width + space + own if line else own
        line.append(word)
    return [*lines, " ".join(line)] if line else lines


def _cut(words: Sequence[str], widths: Sequence[float], space: float, room: float,
         lines: int, ellipsis: float) -> str:
    """A name in at most `lines` lines of `room`, its end cut with an ellipsis."""
    shown: list[str] = []
    at = 0
    while at < len(words) and len(shown) < lines:
        last = len(shown) == lines - 1
        limit = room - (ellipsis if last else 0.0)
        line, width = [], 0.0
        while at < len(words):
            grown = width + (space if line else 0.0) + widths[at]
            if grown > limit:
                break
            line.append(words[at])
            width = grown
            at += 1
        if not line:  # a word wider than the line: cut inside it
            keep = max(int(len(words[at]) * limit / max(widths[at], 1e-9)), 1)
            shown.append(words[at][:keep] + ELLIPSIS)
            return "\n".join(shown)
        shown.append(" ".join(line))
    if at < len(words):
        shown[-1] = shown[-1].rstrip(" ,;:") + ELLIPSIS
    return "\n".join(shown)


def fit_names(names: Sequence[str], width_of: Callable[[str], float], line_pt: float,
              pitch_pt: float, tick_pt: float, figure_pt: float, slot_pt: float,
              pad_pt: float) -> FittedNames:
    """Names wrapped to fit beside bars of a figure `figure_pt` wide, each within its
    bar's `slot_pt` tall slot.

    `width_of` gives a word's width in points at `tick_pt` (measured once per word);
    `line_pt` is the height of a one-line name at `tick_pt`, `pitch_pt` what each further
    line adds. Widths and heights scale with the
    size (glyphs are unhinted). The first size and share (see NAME_SHARES) at which
    every name fits whole wins; when none does, the names are set at the smallest size
    in the widest room, cut short with an ellipsis (on as many lines as their slots hold).
    """
    split = [name.split() or [name] for name in names]
    measured = {word: width_of(word) for words in split for word in words}
    space = width_of("a b") - width_of("a") - width_of("b")
    ellipsis = width_of(ELLIPSIS)
    for size in sizes_from(tick_pt):
        scale = size / tick_pt
        lines = lines_within(slot_pt, line_pt * scale, pitch_pt * scale)
        if lines < 1:
            continue
        for share in NAME_SHARES:
            room = (figure_pt * share - pad_pt) / scale
            wrapped = [_wrap(words, [measured[w] for w in words], space, room)
                       for words in split]
            if all(w is not None and len(w) <= lines for w in wrapped):
                return FittedNames(["\n".join(w) for w in wrapped if w is not None], size,
                                   True)
    size = sizes_from(tick_pt)[-1]
    scale = size / tick_pt
    lines = max(lines_within(slot_pt, line_pt * scale, pitch_pt * scale), 1)
    room = (figure_pt * NAME_SHARES[-1] - pad_pt) / scale
    return FittedNames([_cut(words, [measured[w] for w in words], space, room, lines, ellipsis)
                        for words in split], size, False)
