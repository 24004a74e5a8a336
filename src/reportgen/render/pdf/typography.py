"""Typographic touches of the brief's text: curly quotes, titles without a lone last word.

Both work on plain text before it becomes markup, so they never meet a tag.
"""

from __future__ import annotations

import re

from reportgen.core.quotes import smart_quotes

__all__ = ["NBSP", "no_lone_last_word", "smart_quotes"]

NBSP = "\u00a0"
"""A space that never breaks a line."""
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
