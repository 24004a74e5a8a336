"""Right-to-left text (Arabic, Persian, Hebrew) made ready for writers that do not lay it out.

reportlab and matplotlib draw characters one after another, left to right, each in
its isolated form. For them, Arabic letters are first *shaped*: replaced by their
contextual presentation forms (initial, medial, final, lam-alef ligatures) with
arabic-reshaper, in logical order; then each line is put in *visual order* with the
Unicode Bidirectional Algorithm (python-bidi), with brackets mirrored in right-to-left
runs. A line of mixed text keeps its left-to-right words in place and turns its
right-to-left runs around. Writers that lay text out themselves (PowerPoint,
LibreOffice) get the logical text and a right-to-left paragraph attribute instead.
"""

from __future__ import annotations

import textwrap
import unicodedata
from functools import cache, lru_cache

RTL_CLASSES = frozenset({"R", "AL"})
"""Bidi classes of right-to-left letters (Hebrew; Arabic, Syriac, Thaana...)."""
LTR_CLASSES = frozenset({"L"})
"""Bidi class of left-to-right letters."""
JOINERS = str.maketrans("", "", "\u200c\u200d")
"""Zero-width (non-)joiners: read by the shaper, then dropped (fonts have no glyph)."""


def has_rtl(text: str) -> bool:
    """Whether `text` has a right-to-left letter."""
    return any(unicodedata.bidirectional(char) in RTL_CLASSES for char in text)


def is_shaped(text: str) -> bool:
    """Whether Arabic text is already in presentation forms (shaped, so in visual order)."""
    forms = any("\ufb50" <= c <= "\ufdff" or "\ufe70" <= c <= "\ufefc" for c in text)
    return forms and not any("\u0600" <= c <= "\u06ff" for c in text)


def starts_rtl(text: str) -> bool:
    """Whether a paragraph of `text` reads right to left (its first strong letter is)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in RTL_CLASSES:
            return True
        if kind in LTR_CLASSES:
            return False
    return False


@cache
def _reshaper():  # type: ignore[no-untyped-def]
    from arabic_reshaper import ArabicReshaper

    # harakat kept: a reader's vowel marks are text, never dropped
    return ArabicReshaper(configuration={"delete_harakat": False, "support_ligatures": True})


@lru_cache(maxsize=4096)
def shape(text: str) -> str:
    """Arabic letters in their contextual forms, still in logical order (others unchanged)."""
    if not has_rtl(text):
        return text
    return _reshaper().reshape(text).translate(JOINERS)


def visual_order(text: str, rtl: bool | None = None) -> list[tuple[int, str]]:
    """The characters of one line in the order they are drawn, left to right.

    Each is given with its index in `text` and as drawn (brackets mirrored where they
    read right to left). `rtl` is the paragraph's direction; None takes it from the
    text's first strong letter.
    """
    from bidi import algorithm as uba

    storage = uba.get_empty_storage()
    level = int(starts_rtl(text)) if rtl is None else int(rtl)
    storage["base_level"], storage["base_dir"] = level, "LR"[level]
    uba.get_embedding_levels(text, storage)
    for at, char in enumerate(storage["chars"]):
        char["at"] = at
    uba.explicit_embed_and_overrides(storage)
    uba.resolve_weak_types(storage)
    _resolve_brackets(storage)
    uba.resolve_neutral_types(storage, False)
    uba.resolve_implicit_levels(storage, False)
    uba.reorder_resolved_levels(storage, False)
    uba.apply_mirroring(storage, False)
    return [(char["at"], char["ch"]) for char in storage["chars"]]


BRACKETS = {"(": ")", "[": "]", "{": "}", "\u00ab": "\u00bb", "\u2039": "\u203a",
            "\u2045": "\u2046", "\u2329": "\u232a", "\u27e8": "\u27e9", "\u3008": "\u3009",
            "\uff08": "\uff09", "\uff3b": "\uff3d"}
"""Opening -> closing bracket of the pairs the bidi algorithm matches (rule BD16)."""
MAX_BRACKET_DEPTH = 63
"""Rule BD16's stack depth: deeper nesting is left to the neutral rules."""


def _strong(kind: str) -> str | None:
    """A resolved type as it counts for brackets: L, R (numbers count as R), or None."""
    return "L" if kind == "L" else "R" if kind in ("R", "AL", "EN", "AN") else None


def _resolve_brackets(storage: dict) -> None:  # type: ignore[type-arg]
    """Rule N0 (paired brackets), which python-bidi's pure-Python algorithm predates.

    A pair of brackets takes the direction of the strong text inside it, preferring
    the embedding direction, so `(2025)` after Arabic words in an English sentence
    turns around with them instead of being split between the two directions.
    """
    chars = storage["chars"]
    for run in storage["runs"]:
        start, stop = run["start"], run["start"] + run["length"]
        pairs, stack = [], []
        for at in range(start, stop):
            char = chars[at]["ch"]
            if chars[at]["type"] != "ON":
                continue
            if char in BRACKETS and len(stack) < MAX_BRACKET_DEPTH:
                stack.append((BRACKETS[char], at))
            elif char in BRACKETS.values():
                for depth in range(len(stack) - 1, -1, -1):
                    if stack[depth][0] == char:
                        pairs.append((stack[depth][1], at))
                        del stack[depth:]
                        break
        for open_at, close_at in sorted(pairs):
            embedding = "LR"[chars[open_at]["level"] % 2]
            inside = {_strong(chars[i]["type"]) for i in range(open_at + 1, close_at)}
            if embedding in inside:
                direction = embedding
            elif inside - {None}:
                before = next((s for i in range(open_at - 1, start - 1, -1)
                               if (s := _strong(chars[i]["type"]))), run["sor"])
                direction = before  # opposite only when the text before it is too
            else:
                continue
            chars[open_at]["type"] = chars[close_at]["type"] = direction


@lru_cache(maxsize=4096)
def visual(text: str, rtl: bool | None = None) -> str:
    """One line as drawn left to right: shaped, in visual order (unchanged without RTL, or
    when it is already shaped, as an older matplotlib's SVG text is)."""
    if not has_rtl(text) or is_shaped(text):
        return text
    shaped = shape(text)
    return "".join(char for _at, char in visual_order(shaped, rtl))


def visual_lines(text: str) -> str:
    """Text of one or more lines (`\\n`), each line as drawn; the first decides direction."""
    if not has_rtl(text):
        return text
    rtl = starts_rtl(text)
    return "\n".join(visual(line, rtl) for line in text.split("\n"))


def wrap_visual(text: str, width: int) -> str:
    """A line already in visual order broken into lines of about `width` characters.

    A mostly right-to-left label is read from its right end: its words are wrapped in
    that order, so the first line holds the words read first.
    """
    rtl = sum(unicodedata.bidirectional(c) in RTL_CLASSES for c in text) > sum(
        unicodedata.bidirectional(c) in LTR_CLASSES for c in text)
    if not rtl:
        return textwrap.fill(text, width=width, break_long_words=False) or text
    lines = textwrap.wrap(" ".join(text.split()[::-1]), width=width, break_long_words=False)
    return "\n".join(" ".join(line.split()[::-1]) for line in lines) or text
