"""Paginating paragraphs: as few boxes (slides) as needed, balanced, nothing cut.

Long prose continues mid-paragraph on the next slide, preferably at a sentence end;
everything else moves whole. A paragraph too long for an empty box is always split.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from reportgen.fonts import FontFamily
from reportgen.render.pptx.fit import (
    LEADING,
    Para,
    Span,
    indent_pt,
    measure,
    para_size,
    sizes_down,
    wrap,
)

SENTENCE_ENDS = re.compile(r"[.!?;](?= )")
"""Where a long paragraph is preferably split across slides (just after the mark)."""
FLOAT_SLACK = 1e-9
"""Rounding allowance when counting how many lines fit a height."""


@lru_cache(maxsize=256)
def _sentence_ends(text: str) -> tuple[int, ...]:
    """Offsets just after each sentence end (a `.`, `!`, `?` or `;` before a space)."""
    return tuple(m.end() for m in SENTENCE_ENDS.finditer(text))


def piece(para: Para, start: int, end: int) -> Para:
    """The part of a paragraph between two offsets of its text, without outer spaces."""
    spans: list[Span] = []
    pos = 0
    for span in para.spans:
        first, last = pos, pos + len(span.text)
        pos = last
        a, b = max(start, first), min(end, last)
        if a < b:
            spans.append(span if (a, b) == (first, last)
                         else replace(span, text=span.text[a - first:b - first]))
        if pos >= end:
            break
    while spans and not spans[0].text.strip():
        spans.pop(0)
    while spans and not spans[-1].text.strip():
        spans.pop()
    if spans:
        spans[0] = replace(spans[0], text=spans[0].text.lstrip())
        spans[-1] = replace(spans[-1], text=spans[-1].text.rstrip())
    return replace(para, spans=tuple(spans))


def _cut(text: str, starts: list[int], lines: int) -> int:
    """Where to end a head of at most `lines` lines (`starts`: where the lines start).

    At a sentence end that keeps at least half of those lines; else at the last word
    gap, if that too keeps half; else (a very long word) between characters where the
    line breaks.
    """
    start, limit = starts[0], starts[lines]
    ends = _sentence_ends(text)
    found = bisect_right(ends, limit) - 1
    if found >= 0 and ends[found] > starts[(lines + 1) // 2 - 1]:
        return ends[found]
    if text[limit - 1] == " ":
        return limit
    gap = text.rfind(" ", start, limit)
    return gap if gap > starts[(lines + 1) // 2 - 1] else limit


def _skip_spaces(text: str, at: int) -> int:
    while at < len(text) and text[at] == " ":
        at += 1
    return at


def flow(
    paras: Sequence[Para], family: FontFamily, base: float, width: float, height: float,
) -> list[list[Para]]:
    """Paragraphs packed onto as few boxes as needed at one size, splitting prose if needed.

    A paragraph that does not fit on an empty box is always split (at a sentence or a
    word, as a last resort between characters); a splittable one also fills the rest
    of a part-filled box. Each paragraph is measured once and wrapped only as far as
    each box reaches, so the work grows with the length of the text, not its square.
    """
    pages: list[list[Para]] = []
    current: list[Para] = []
    used = 0.0
    for para in paras:
        size = para_size(para, base)
        measured = measure(para.spans, family)
        text = measured.text
        text_width = width - indent_pt(para, size)
        pitch, after = size * LEADING, para.space_after * size
        start = 0
        while True:
            room = height - used
            fitting = max(0, int((room - after) / pitch + FLOAT_SLACK)) if room >= after else 0
            starts = wrap(measured, size, text_width, start, most=fitting)
            if len(starts) <= fitting:  # the rest fits
                current.append(para if start == 0 else piece(para, start, len(text)))
                used += len(starts) * pitch + after
                break
            if (para.splittable or not current) and fitting >= 1:
                cut = _cut(text, starts, fitting)
                current.append(piece(para, start, cut))
                pages.append(current)
                current, used = [], 0.0
                start = _skip_spaces(text, cut)
                if start >= len(text):
                    break
                continue
            if not current:  # not one line fits an empty box: the rest gets a box of its own
                pages.append([para if start == 0 else piece(para, start, len(text))])
                break
            pages.append(current)
            current, used = [], 0.0
    if current or not pages:
        pages.append(current)
    return pages


def paginate(
    paras: Sequence[Para], family: FontFamily, width: float, height: float,
    largest: float, smallest: float,
) -> tuple[float, list[list[Para]]]:
    """The largest size that needs no more boxes than the smallest size does, and the boxes.

    The boxes are balanced: filled only to the least height that still gives that many
    boxes, so that a run of slides ends with a full slide, not a lone paragraph.
    """
    fewest = len(flow(paras, family, smallest, width, height))
    for size in sizes_down(largest, smallest):
        pages = flow(paras, family, size, width, height)
        if len(pages) <= fewest:
            return size, _balanced(paras, family, size, width, height, pages)
    raise AssertionError("the smallest size always paginates")  # pragma: no cover


BALANCE_STEPS = 12
"""Bisection steps when balancing boxes (to well under a point)."""


def _balanced(paras: Sequence[Para], family: FontFamily, size: float, width: float,
              height: float, pages: list[list[Para]]) -> list[list[Para]]:
    if len(pages) < 2:
        return pages
    lo, hi, best = height / len(pages), height, pages
    for _ in range(BALANCE_STEPS):
        mid = (lo + hi) / 2
        trial = flow(paras, family, size, width, mid)
        if len(trial) <= len(pages):
            hi, best = mid, trial
        else:
            lo = mid
    return best


def chunk_evenly(count: int, per_page: int) -> list[range]:
    """Index ranges: `count` items on the fewest pages of at most `per_page`, balanced."""
    if count == 0:
        return [range(0)]
    pages = -(-count // per_page)
    base, extra = divmod(count, pages)
    ranges, start = [], 0
    for i in range(pages):
        n = base + (1 if i < extra else 0)
        ranges.append(range(start, start + n))
        start += n
    return ranges
