"""The characters text may not hold: one definition for the spec, its data and every writer.

A spec and its data files are refused, with a located error, when their text holds a
character that no output can carry: a control character (tab, newline and carriage
return excepted), a lone surrogate, or a noncharacter (U+FFFE, U+FFFF, U+FDD0..U+FDEF
and the last two code points of every plane). XML 1.0, which both the deck and the
PDF writer's markup are made of, cannot hold most of them at all. The writers still
`clean` every string they draw, so text that reaches them by another way is safe too.
"""

from __future__ import annotations

import re
import unicodedata

_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17)
)
REFUSED = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff" + _NONCHARACTERS + "]"
)
"""Every character refused in text: controls (tab, newline, carriage return and the
next-line character U+0085 excepted), lone surrogates and noncharacters."""

MAX_MARKS = 30
"""Most combining marks (accents and the like) one character may carry: Unicode's
stream-safe limit (UAX #15). A longer run is refused: stacking thousands of marks on
one letter costs the chart library gigabytes and prints as a smudge."""
_MAYBE_MARKS = re.compile(f"[^\x00-\u02ff]{{{MAX_MARKS + 1},}}")
"""Runs long enough to hold too many marks (every mark lies above U+02FF): a fast sieve."""

CONTROL = REFUSED
"""The same set under its older name (it began as the control characters alone)."""

LINE_BREAKS = "\n\r\x85\u2028\u2029\x0b\x0c"
"""Characters that end a line; a one-line field shows each as a space."""
_AS_SPACE = dict.fromkeys(map(ord, LINE_BREAKS + "\t"), " ")


def _mark_runs(text: str) -> list[tuple[int, int]]:
    """Start and end of every run of more than `MAX_MARKS` combining marks."""
    runs = []
    for candidate in _MAYBE_MARKS.finditer(text):
        start = None
        for at, char in enumerate(candidate.group(), candidate.start()):
            if unicodedata.category(char)[0] == "M":
                start = at if start is None else start
                continue
            if start is not None and at - start > MAX_MARKS:
                runs.append((start, at))
            start = None
        if start is not None and candidate.end() - start > MAX_MARKS:
            runs.append((start, candidate.end()))
    return runs


def refused_message(text: str) -> str | None:
    """Why `text` is refused, to follow its subject (`contains ...`), or None if it is fine."""
    found = REFUSED.search(text)
    if found is None:
        runs = _mark_runs(text)
        if runs:
            start, end = runs[0]
            return (f"contains {end - start:,} combining marks in a row at character "
                    f"{start + 1} (at most {MAX_MARKS} may follow one character)")
        return None
    char = found.group()
    if "\ud800" <= char <= "\udfff":
        kind = "a lone surrogate (an escape such as \\ud800 that is not a character)"
    elif unicodedata.category(char) == "Cc":
        kind = "control characters"
    else:
        kind = "a noncharacter (reserved for internal use)"
    return (f"contains {kind}: U+{ord(char):04X} at character {found.start() + 1}, "
            "which no document can hold")


def refused_at(text: str) -> int | None:
    """Where in `text` the first refused character or run of marks starts, or None."""
    found = REFUSED.search(text)
    if found is not None:
        return found.start()
    runs = _mark_runs(text)
    return runs[0][0] if runs else None


def clean(text: str) -> str:
    """Text without any refused character or excess combining mark (breaks and tabs kept)."""
    text = REFUSED.sub("", text)
    for start, end in reversed(_mark_runs(text)):
        text = text[:start + MAX_MARKS] + text[end:]
    return text


def one_line(text: str) -> str:
    """Text for a single line or run: refused characters dropped, breaks and tabs as spaces."""
    return clean(text.replace("\r\n", " ").translate(_AS_SPACE))
