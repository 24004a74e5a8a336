"""Curly quotes for text that is printed: one rule for the brief, the deck and the charts."""

from __future__ import annotations

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
