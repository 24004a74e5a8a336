"""Document text -> reportlab paragraph markup, with every character shown literally.

Reportlab's Paragraph parses an XML-like markup. Text from the spec must never be
read as markup, so every string is cleaned of control characters and XML-escaped
here, and only the tags this module writes reach the parser.
"""

from __future__ import annotations

import unicodedata
from xml.sax.saxutils import escape

from reportlab.lib.colors import Color

from reportgen.document.nodes import Run, Runs

_ATTR_ENTITIES = {'"': "&quot;", "'": "&apos;"}

# Line breaks and tabs become spaces (a paragraph reflows anyway); other C0/C1
# controls, surrogates and non-characters are dropped: they are invisible, and some
# are not allowed in XML at all.
_WHITESPACE = dict.fromkeys(map(ord, "\t\n\r\v\f\x85\u2028\u2029"), " ")


def clean(text: str) -> str:
    """Text with control characters removed and line breaks turned into spaces."""
    text = text.translate(_WHITESPACE)
    return "".join(ch for ch in text if _printable(ch))


def _printable(ch: str) -> bool:
    category = unicodedata.category(ch)
    if category in ("Cc", "Cs", "Co"):
        return False
    return not (category == "Cn" and (ord(ch) & 0xFFFE) == 0xFFFE)


def text(value: str) -> str:
    """Plain text as paragraph markup that prints exactly these characters."""
    return escape(clean(value))


def attr(value: str) -> str:
    """A value for a double-quoted markup attribute."""
    return escape(clean(value).strip(), _ATTR_ENTITIES)


def hex_color(color: Color) -> str:
    """A reportlab colour as `#rrggbb` for a markup attribute."""
    return "#" + color.hexval()[2:]


def link(label: str, url: str | None, color: Color) -> str:
    """Markup for a label that links to `url` when one is given."""
    if not url:
        return text(label)
    return f'<a href="{attr(url)}" color="{hex_color(color)}">{text(label)}</a>'


def run(item: Run, *, mono_face: str, link_color: Color) -> str:
    """Markup for one run with its styling."""
    out = text(item.text)
    if item.code:
        out = f'<font face="{mono_face}">{out}</font>'
    if item.italic:
        out = f"<i>{out}</i>"
    if item.bold:
        out = f"<b>{out}</b>"
    if item.href:
        out = f'<a href="{attr(item.href)}" color="{hex_color(link_color)}">{out}</a>'
    return out


def runs(items: Runs, *, mono_face: str, link_color: Color) -> str:
    """Markup for a sequence of runs."""
    return "".join(run(r, mono_face=mono_face, link_color=link_color) for r in items)
