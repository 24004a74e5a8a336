"""Typographic touches of the brief's text: curly quotes, titles without a lone last word.

Both work on plain text before it becomes markup, so they never meet a tag.
"""

from __future__ import annotations

import re

NBSP = "\u00a0"
"""A space that never breaks a line."""
_OPENS_BEFORE = " \t\n\u00a0([{\u2014\u2013-/\u201c\u2018"
"""Characters after which a quote mark opens a quotation."""


def smart_quotes(text: str, *, after: str = "") -> str:
    """`text` with straight quotes made curly: “double”, ‘single’ and apostrophes (’).

    `after` is the text just before this one (an earlier run), so a quote at the start
    of a run opens or closes as it would in the whole sentence.
    """
    if '"' not in text and "'" not in text:
        return text
    out: list[str] = []
    previous = after[-1:] if after else ""
    for char in text:
        if char in "\"'":
            opening = previous == "" or previous in _OPENS_BEFORE
            char = _CURLY[char][0 if opening else 1]
        out.append(char)
        previous = char
    return "".join(out)


_CURLY = {'"': "\u201c\u201d", "'": "\u2018\u2019"}
"""Each straight quote's opening and closing form."""

_LAST_SPACE = re.compile(r" (?=\S+\s*$)")


def no_lone_last_word(title: str) -> str:
    """A title whose last two words never part at a line end (no one-word last line).

    A last word longer than a third of the title is left free, or a long word could not
    wrap at all.
    """
    title = title.rstrip()
    words = title.split()
    if len(words) < 3 or len(words[-1]) + len(words[-2]) > len(title) / 2:
        return title
    return _LAST_SPACE.sub(NBSP, title, count=1)
