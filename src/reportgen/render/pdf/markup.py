"""Document text -> reportlab paragraph markup, with every character shown literally.

Reportlab's Paragraph parses an XML-like markup. Text from the spec must never be
read as markup, so every string is cleaned of control characters and XML-escaped
here, and only the tags this module writes reach the parser.
"""

from __future__ import annotations

from collections.abc import Callable
from xml.sax.saxutils import escape

from reportlab.lib.colors import Color

from reportgen.core.bidi import shape
from reportgen.core.links import is_url
from reportgen.document.nodes import Run, Runs
from reportgen.render.pdf.glyphs import active
from reportgen.text import one_line

_ATTR_ENTITIES = {'"': "&quot;", "'": "&apos;"}

def clean(text: str) -> str:
    """Text for one line of markup: refused characters dropped, breaks and tabs as spaces."""
    return one_line(text)


def text(value: str) -> str:
    """Plain text as paragraph markup that prints exactly these characters.

    Characters the theme's fonts lack are set in a fallback font (see glyphs.py).
    """
    fallback = active()
    value = shape(clean(value))  # Arabic letters joined (drawn in visual order: bidi.py)
    return escape(value) if fallback is None else fallback.markup(value)


def attr(value: str) -> str:
    """A value for a double-quoted markup attribute."""
    return escape(clean(value).strip(), _ATTR_ENTITIES)


def hex_color(color: Color) -> str:
    """A reportlab colour as `#rrggbb` for a markup attribute."""
    return "#" + color.hexval()[2:]


def link(label: str, url: str | None, color: Color) -> str:
    """Markup for a label that links to `url` when it is a valid address."""
    if not url or not is_url(url):
        return text(label)
    return f'<a href="{attr(url)}" color="{hex_color(color)}">{text(label)}</a>'


LinkHref = Callable[[str], str | None]
"""Where a run's link leads in the PDF (`https://...`, `#destination`), or None for text."""


def address_only(href: str) -> str | None:
    """The default link rule: an address that follows `reportgen.urls`, else plain text."""
    return href if is_url(href) else None


def run(item: Run, *, mono_face: str, link_color: Color,
        href: LinkHref = address_only) -> str:
    """Markup for one run with its styling."""
    out = text(item.text)
    if item.code:
        out = f'<font face="{mono_face}">{out}</font>'
    if item.italic:
        out = f"<i>{out}</i>"
    if item.bold:
        out = f"<b>{out}</b>"
    target = href(item.href) if item.href else None
    if target:
        out = f'<a href="{attr(target)}" color="{hex_color(link_color)}">{out}</a>'
    return out


def runs(items: Runs, *, mono_face: str, link_color: Color,
         href: LinkHref = address_only) -> str:
    """Markup for a sequence of runs."""
    return "".join(run(r, mono_face=mono_face, link_color=link_color, href=href)
                   for r in items)
