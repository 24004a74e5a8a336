"""Hints for a mistyped name: `; did you mean 'bar'?`."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A '; did you mean ...?' hint for a close match (ignoring case), else empty."""
    options = {str(choice).lower(): str(choice) for choice in choices}
    close = difflib.get_close_matches(str(word).lower(), list(options), n=1, cutoff=0.6)
    return f"; did you mean {options[close[0]]!r}?" if close else ""
