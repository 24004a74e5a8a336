"""The Markdown reader of a spec's inline text, shared by `check` and the Document.

markdown-it-py parses; raw HTML, entities, images and indented code are switched off
so that `<b>`, `&amp;` and the like stay literal text, as the contract promises.
Placeholders (`{{ key_figures.ID }}`) are swapped for sentinels before parsing and
back after it, so a figure's characters are never read as markup. Every
`[label](address)` becomes a link whatever its scheme: `check` reports addresses
that break the rule (`core/links.py`) where they stand, rather than markdown-it
printing them as text without a word.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

Resolve = Callable[[str], str]
"""Turns the inside of a `{{ ... }}` into display text."""

# Sentinels are noncharacters: refused in every input, they can never be the user's text.
SENTINEL = re.compile("\ufdd0(\\d+)\ufdd1")
_ENCODED_SENTINELS = (("%EF%B7%90", "\ufdd0"), ("%EF%B7%91", "\ufdd1"))

_SWITCHED_OFF = [
    "html_block",
    "html_inline",
    "entity",
    "image",
    "code",
    "heading",
    "lheading",
    "hr",
    "reference",
    "fence",
    "blockquote",
]


def _reader(*, tables: bool) -> MarkdownIt:
    reader = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    reader.use(footnote_plugin)  # `text[^1]` and `[^1]: note`, collected as endnotes
    reader.disable(_SWITCHED_OFF)
    if tables:
        reader.enable("table")
    reader.validateLink = lambda url: True  # type: ignore[method-assign]
    return reader


MARKDOWN = _reader(tables=False)
"""The reader of inline text."""
MARKDOWN_TABLES = _reader(tables=True)
"""The same reader that also reads pipe tables (for section bodies)."""


def parse(text: str, placeholder: re.Pattern[str], resolve: Resolve, *, tables: bool = False
          ) -> tuple[list[Token], list[str], str]:
    """Tokens of a text whose placeholders became sentinels, their values, the text parsed.

    With `tables`, pipe tables are read as tables (section bodies).
    """
    values: list[str] = []

    def stash(match: re.Match[str]) -> str:
        values.append(resolve(match.group(1)))
        return f"\ufdd0{len(values) - 1}\ufdd1"

    source = placeholder.sub(stash, text)
    return (MARKDOWN_TABLES if tables else MARKDOWN).parse(source), values, source


def restore(text: str, values: Sequence[str]) -> str:
    """Text with its sentinels replaced by the placeholders' values."""
    return SENTINEL.sub(lambda m: values[int(m.group(1))], text)


def href(token: Token, values: Sequence[str]) -> str:
    """A link's address with its placeholders put back."""
    # A placeholder in the address arrives percent-encoded with its sentinels.
    address = str(token.attrs.get("href", ""))
    for encoded, sentinel in _ENCODED_SENTINELS:
        address = address.replace(encoded, sentinel)
    return restore(address, values)


@dataclass(frozen=True)
class LinkTarget:
    """A link written in a text: its address and the line it is on."""

    href: str
    """The address as markdown-it normalised it (non-ASCII percent-encoded)."""
    line: int
    """0-based line of the text the link is on."""


def link_targets(text: str, placeholder: re.Pattern[str], resolve: Resolve
                 ) -> list[LinkTarget]:
    """Every link address written in a text, in order, with its line."""
    tokens, values, source = parse(text, placeholder, resolve)
    lines = source.split("\n")
    found: list[LinkTarget] = []
    for token in tokens:
        if token.type != "inline" or not token.children:
            continue
        first, end = token.map or (0, len(lines))
        line = first
        for child in token.children:
            if child.type == "link_open":
                address = href(child, values)
                line = _line_of(lines, line, end, unquote(address))
                found.append(LinkTarget(address, line))
    return found


def _line_of(lines: list[str], first: int, end: int, address: str) -> int:
    """The first line from `first` on that shows the start of an address (else `first`)."""
    probe = address[:24]
    for number in range(first, min(end, len(lines))):
        if probe and probe in lines[number]:
            return number
    return first
