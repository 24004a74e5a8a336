"""Hints in messages: a value shown short (`describe`), a close name for a mistyped one
(`; did you mean 'bar'?`)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A '; did you mean ...?' hint for a close match (ignoring case), else empty."""
    options = {str(choice).lower(): str(choice) for choice in choices}
    close = difflib.get_close_matches(str(word).lower(), list(options), n=1, cutoff=0.6)
    return f"; did you mean {options[close[0]]!r}?" if close else ""


def describe(value: Any) -> str:
    """A value as shown in messages: short, quoted, with its kind for containers."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (null)"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."
