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
from reportgen.render.pdf.glyphs import active, embolden
from reportgen.render.pdf.typography import smart_quotes
from reportgen.text import one_line

_ATTR_ENTITIES = {'"': "&quot;", "'": "&apos;"}

def clean(text: str) -> str:
    """Text for one line of markup: refused characters dropped, breaks and tabs as spaces."""
    return one_line(text)


def text(value: str, *, literal: bool = False, after: str = "") -> str:
    """Plain text as paragraph markup, its straight quotes made curly.

    With `literal` (code), every character prints exactly as given. `after` is the
    text before this one in the same paragraph (for the direction of a quote mark).
    Characters the theme's fonts lack are set in a fallback font (see glyphs.py).
    """
    value = clean(value)
    if not literal:
        value = smart_quotes(value, after=after)
    fallback = active()
    value = shape(value)  # Arabic letters joined (drawn in visual order: bidi.py)
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


def note_key(number: int) -> str:
    """The named destination of endnote `number`."""
    return f"note-{number}"


def address_only(href: str) -> str | None:
    """The default link rule: an address that follows `reportgen.urls`, else plain text."""
    return href if is_url(href) else None


def run(item: Run, *, mono_face: str, link_color: Color,
        href: LinkHref = address_only, after: str = "") -> str:
    """Markup for one run with its styling (`after`: the text of the runs before it)."""
    if item.note is not None:  # an endnote mark: a superscript number linked to its note
        return (f'<a href="#{note_key(item.note)}" color="{hex_color(link_color)}">'
                f'<super>{text(item.text, literal=True)}</super></a>')
    out = text(item.text, literal=item.code, after=after)
    if item.code:
        out = f'<font face="{mono_face}">{out}</font>'
    if item.italic:
        out = f"<i>{out}</i>"
    if item.bold:
        out = f"<b>{embolden(out)}</b>"
    target = href(item.href) if item.href else None
    if target:
        out = f'<a href="{attr(target)}" color="{hex_color(link_color)}">{out}</a>'
    return out


def runs(items: Runs, *, mono_face: str, link_color: Color,
         href: LinkHref = address_only) -> str:
    """Markup for a sequence of runs."""
    out: list[str] = []
    before = ""
    for item in items:
        out.append(run(item, mono_face=mono_face, link_color=link_color, href=href,
                       after=before))
        before = before if item.note is not None else (item.text or before)
    return "".join(out)
