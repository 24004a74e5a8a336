"""Paginating paragraphs: as few boxes (slides) as needed, balanced, nothing cut.

Long prose continues mid-paragraph on the next slide, preferably at a sentence end;
everything else moves whole. A paragraph too long for an empty box is always split.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from reportgen.fonts import FontFamily
from reportgen.render.pptx.fit import Para, Span, para_height, sizes_down

SENTENCE_ENDS = (". ", "! ", "? ", "; ")
"""Where a long paragraph is preferably split across slides."""


def split_spans(spans: tuple[Span, ...], at: int) -> tuple[tuple[Span, ...], tuple[Span, ...]]:
    """Spans cut at a character offset into a head and a tail (tail without leading spaces)."""
    head: list[Span] = []
    tail: list[Span] = []
    pos = 0
    for span in spans:
        end = pos + len(span.text)
        if end <= at:
            head.append(span)
        elif pos >= at:
            tail.append(span)
        else:
            head.append(replace(span, text=span.text[: at - pos]))
            tail.append(replace(span, text=span.text[at - pos :]))
        pos = end
    while tail and not tail[0].text.strip():
        tail.pop(0)
    if tail:
        tail[0] = replace(tail[0], text=tail[0].text.lstrip())
    if head:
        head[-1] = replace(head[-1], text=head[-1].text.rstrip())
    return tuple(head), tuple(tail)


def _break_points(text: str) -> list[int]:
    """Offsets where a paragraph may be split: sentence ends first, else word gaps."""
    ends = sorted(i + 1 for end in SENTENCE_ENDS for i in _find_all(text, end))
    return ends or [i for i, ch in enumerate(text) if ch == " " and i > 0]


def _find_all(text: str, needle: str) -> list[int]:
    found, i = [], text.find(needle)
    while i >= 0:
        found.append(i)
        i = text.find(needle, i + 1)
    return found


def split_to_fill(para: Para, fits: Callable[[Para], bool]) -> tuple[Para, Para] | None:
    """The longest head of `para` (cut at a sentence, else a word) that fits, and the rest."""
    points = _break_points(para.text)
    best: tuple[Para, Para] | None = None
    lo, hi = 0, len(points) - 1
    while lo <= hi:  # fitting only gets harder as the head grows: bisect
        mid = (lo + hi) // 2
        head, tail = split_spans(para.spans, points[mid])
        head_para = replace(para, spans=head)
        if head and tail and fits(head_para):
            best = (head_para, replace(para, spans=tail))
            lo = mid + 1
        else:
            hi = mid - 1
    return best


def flow(
    paras: Sequence[Para], family: FontFamily, base: float, width: float, height: float,
) -> list[list[Para]]:
    """Paragraphs packed onto as few boxes as needed at one size, splitting prose if needed.

    A paragraph that does not fit on an empty box is always split (at a sentence or a
    word, as a last resort between characters); a splittable one also fills the rest
    of a part-filled box.
    """
    pages: list[list[Para]] = []
    current: list[Para] = []
    used = 0.0
    queue = list(paras)
    while queue:
        para = queue.pop(0)
        h = para_height(para, family, base, width)
        if used + h <= height:
            current.append(para)
            used += h
            continue
        if para.splittable or not current:
            def fits(p: Para, room: float = height - used) -> bool:
                return para_height(p, family, base, width) <= room

            parts = split_to_fill(para, fits)
            if parts is None and not current:
                parts = _split_chars(para, fits)
                if parts is None:  # not even one character fits: give it a box of its own
                    pages.append([para])
                    continue
            if parts is not None:
                current.append(parts[0])
                queue.insert(0, parts[1])
                pages.append(current)
                current, used = [], 0.0
                continue
        pages.append(current)
        current, used = [], 0.0
        queue.insert(0, para)
    if current or not pages:
        pages.append(current)
    return pages


def _split_chars(para: Para, fits: Callable[[Para], bool]) -> tuple[Para, Para] | None:
    """Split an unbreakable paragraph at the longest fitting character offset, if any fits."""
    cut = 0
    for at in range(1, len(para.text)):
        if not fits(replace(para, spans=split_spans(para.spans, at)[0])):
            break
        cut = at
    head, tail = split_spans(para.spans, cut)
    if not head or not tail:
        return None
    return replace(para, spans=head), replace(para, spans=tail)


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
