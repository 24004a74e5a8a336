"""Links: the one rule for addresses, and `#anchor` links to section headings.

An address is `http://`, `https://` or `mailto:` followed by no whitespace, at most
`MAX_URL_CHARS` long: what a reader's PDF viewer and PowerPoint may open. The spec's
`Url` type (author links, see-also) and the check of links written in text
(`[label](address)`) both use it, so the two never disagree.

A section heading's anchor is a slug of its text, as on GitHub or in pandoc: lower
case, punctuation dropped, spaces as hyphens, letters of every script kept
(`An asymmetric but useful trade` -> `an-asymmetric-but-useful-trade`). A second
heading with the same slug gets `-1`, a third `-2`. Writers link an anchor to the
section's place (a PDF destination, the section's slide); `check` refuses an anchor
that names no heading.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import unquote

URL_SCHEMES = ("http", "https", "mailto")
"""The schemes a link may use."""
URL_PATTERN = r"^(https?://|mailto:)\S+$"
"""The rule as a regular expression (also written into the JSON Schema)."""
MAX_URL_CHARS = 2_000
"""Longest address accepted."""
_URL = re.compile(URL_PATTERN)
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


def is_url(address: str) -> bool:
    """Whether an address follows the rule."""
    return len(address) <= MAX_URL_CHARS and _URL.match(address) is not None


def url_problem(address: str) -> str | None:
    """What is wrong with an address (with a hint where one helps), or None if it is fine."""
    if is_url(address):
        return None
    shown = address if len(address) <= 80 else address[:77] + "..."
    if len(address) > MAX_URL_CHARS:
        return f"the address is {len(address):,} characters long; the limit is {MAX_URL_CHARS:,}"
    expected = "expected an http://, https:// or mailto: address"
    scheme = _SCHEME.match(address)
    if scheme and scheme.group(1).lower() in URL_SCHEMES:
        return f"{expected} but got {shown!r} (write the scheme in lower case)"
    if scheme and scheme.group(1).lower() not in URL_SCHEMES:
        return f"{expected} but got {shown!r} (links to {scheme.group(1)}: are not allowed)"
    if address.lower().startswith("www."):
        return f"{expected} but got {shown!r}; did you mean 'https://{address}'?"
    if re.search(r"\s", address):
        return f"{expected} but got {shown!r}, which contains spaces"
    return f"{expected} but got {shown!r} (a relative path or a bare name cannot be opened)"


_DROPPED = re.compile(r"[^\w\s-]")
_SPACES = re.compile(r"\s+")


def anchor(heading: str) -> str:
    """The anchor of a heading's text (without the `#`)."""
    return _SPACES.sub("-", _DROPPED.sub("", heading.strip().lower()))


def section_anchors(headings: Iterable[str]) -> dict[str, int]:
    """Each section's anchor and the 0-based position of its section, in order."""
    found: dict[str, int] = {}
    for position, heading in enumerate(headings):
        slug = base = anchor(heading)
        repeat = 0
        while slug in found:
            repeat += 1
            slug = f"{base}-{repeat}"
        found[slug] = position
    return found


def internal(href: str) -> str | None:
    """The anchor an internal link (`#...`) names, as a slug; None for any other link."""
    if not href.startswith("#"):
        return None
    return anchor(unquote(href[1:]))


def link_target(href: str | None, anchors: dict[str, int]) -> str | int | None:
    """Where a link may lead: its address, the position of its section, or None (plain text).

    Writers call this for every link, so an address that reached them against the
    rule (the spec's check refuses those) is printed as text, never linked.
    """
    if not href:
        return None
    name = internal(href)
    if name is not None:
        return anchors.get(name)
    return href if is_url(href) else None
