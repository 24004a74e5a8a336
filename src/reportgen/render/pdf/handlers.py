"""One handler per document node, each turning a node into reportlab flowables.

`NODE_HANDLERS` maps the top-level node classes to handlers (section blocks have
theirs in `blocks.py`); `story` walks a Document through them and fails loudly on a
node type nobody handles.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    HRFlowable,
    Image,
    KeepTogether,
    Spacer,
    Table,
    TableStyle,
)

from reportgen.document.nodes import (
    AuthorBio,
    Callout,
    Cover,
    DataTable,
    Document,
    Figure,
    KeyFigures,
    ListBlock,
    Section,
    SeeAlso,
    Sources,
    Summary,
    Timeline,
)
from reportgen.errors import BuildError
from reportgen.render.pdf import markup
from reportgen.render.pdf.blocks import blocks, figure_parts, list_block
from reportgen.render.pdf.context import (
    BLOCK_GAP,
    BOX_PAD,
    HEADING_ROOM,
    PHOTO_BOX,
    Context,
    Handler,
    ruled_box,
    section_key,
)
from reportgen.render.pdf.flowables import Gap, KeyFigureRow
from reportgen.render.pdf.flowables import Timeline as TimelineFlowable
from reportgen.render.pdf.paragraph import Paragraph
from reportgen.render.pdf.styles import LIST_INDENT


def cover(node: Cover, ctx: Context) -> list[Flowable]:
    """Title, subtitle and author line (the masthead itself is drawn by the page)."""
    s = ctx.styles
    out: list[Flowable] = [Paragraph(markup.text(node.meta.title), s.title)]
    if node.meta.subtitle:
        out.append(Paragraph(markup.text(node.meta.subtitle), s.subtitle))
    if node.author_line:
        out.append(Paragraph(markup.text(node.author_line), s.byline))
    out += [Gap(3 * mm),
            HRFlowable(width="100%", thickness=0.6, color=ctx.palette.rule, spaceAfter=BLOCK_GAP)]
    return out


def summary(node: Summary, ctx: Context) -> list[Flowable]:
    """The key-judgments box: tinted, accent rule, one bullet per judgment."""
    s = ctx.styles
    rows: list[list[Flowable]] = [[ctx.heading(node.heading, "key-judgments", s.box_label)]]
    rows += [[Paragraph(ctx.runs(item.runs), s.judgment, bulletText="\u25aa")]
             for item in node.items]
    return [ruled_box(rows, ctx, fill=True), Gap(BLOCK_GAP)]


def _columns(count: int) -> int:
    """Tiles per row: 3 or 4, whichever leaves fewer empty places in the last row."""
    if count <= 3:
        return 3
    return min((4, 3), key=lambda n: (-count) % n)


def key_figures(node: KeyFigures, ctx: Context) -> list[Flowable]:
    """The strip of key-figure tiles, 3 or 4 to a row."""
    if not node.items:
        return []
    columns = _columns(len(node.items))
    out: list[Flowable] = [ctx.heading(node.heading, "key-figures", ctx.styles.box_label)]
    for start in range(0, len(node.items), columns):
        if start:
            out.append(Gap(3 * mm))
        out.append(KeyFigureRow(node.items[start:start + columns], columns, ctx.styles,
                                ctx.palette))
    out.append(Gap(BLOCK_GAP))
    return out


def section(node: Section, ctx: Context) -> list[Flowable]:
    """A section heading (with its bookmark) and its blocks in order."""
    heading = ctx.heading(node.heading, section_key(node.index))
    items = node.items
    # Text after a heading may split, so room for a few lines is enough; a figure or
    # pull quote cannot, so the heading travels with it.
    if items and isinstance(items[0], Figure):
        lead = [KeepTogether([heading, *figure_parts(items[0], ctx)]), Gap(BLOCK_GAP)]
        items = items[1:]
    else:
        heading.keepWithNext = int(bool(items) and isinstance(items[0], (Callout, DataTable)))
        lead = [heading]
    return [CondPageBreak(HEADING_ROOM), *lead, *blocks(items, ctx)]


def timeline(node: Timeline, ctx: Context) -> list[Flowable]:
    """The chronology as a vertical timeline that may run over a page break."""
    if not node.events:
        return []
    events = TimelineFlowable(node.events, ctx.styles, ctx.palette)
    events.spaceBefore = 2 * mm
    return [CondPageBreak(HEADING_ROOM), ctx.heading(node.heading, "timeline"), events,
            Gap(BLOCK_GAP)]


def _photo(node: AuthorBio) -> Flowable | None:
    if node.photo is None:
        return None
    try:
        image = Image(str(node.photo), width=PHOTO_BOX[0], height=PHOTO_BOX[1],
                      kind="proportional", lazy=2)
    except Exception as err:  # PIL and reportlab raise many kinds for a bad image
        raise BuildError(f"author {node.name!r}: photo {node.photo} cannot be read ({err})"
                         ) from err
    image.hAlign = "LEFT"
    return image


AUTHOR_GAP = 3 * mm
"""Space between two author boxes."""


def author_bio(node: AuthorBio, ctx: Context) -> list[Flowable]:
    """An author box: photo, name, role and affiliation, biography, links."""
    s = ctx.styles
    out: list[Flowable] = []
    lead: list[Flowable] = []
    if not isinstance(ctx.previous, AuthorBio):
        count = sum(isinstance(n, AuthorBio) for n in ctx.document.body)
        heading = ctx.heading(ctx.labels.authors_heading(count), "authors")
        out.append(CondPageBreak(HEADING_ROOM))
        lead.append(heading)  # kept together with the first author's box
    text: list[Flowable] = [Paragraph(markup.text(node.name), s.author_name)]
    role = " \u00b7 ".join(x for x in (node.role, node.affiliation) if x)
    text.append(Paragraph(markup.text(role), s.author_role) if role else Spacer(0, 4))
    for block in node.bio:
        if isinstance(block, ListBlock):
            text += list_block(block, ctx, s.author_bio)
        else:
            text.append(Paragraph(ctx.runs(block.runs), s.author_bio))
    if node.links:
        links = " \u00a0\u00b7\u00a0 ".join(markup.link(k.label, k.url, ctx.palette.primary)
                                            for k in node.links)
        text.append(Paragraph(links, s.author_role))
    photo = _photo(node)
    row: list[Any] = [photo, text] if photo else [text]
    full = ctx.geometry.measure
    widths = [PHOTO_BOX[0] + BOX_PAD, full - PHOTO_BOX[0] - BOX_PAD] if photo else [full]
    table = Table([row], colWidths=widths, hAlign="LEFT", splitInRow=1,
                  spaceAfter=AUTHOR_GAP)
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, -1), ctx.palette.light),
        ("LEFTPADDING", (0, 0), (-1, -1), BOX_PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), BOX_PAD),
        ("RIGHTPADDING", (0, 0), (0, 0), 0 if photo else BOX_PAD),
        ("TOPPADDING", (0, 0), (-1, -1), BOX_PAD),
        ("BOTTOMPADDING", (0, 0), (-1, -1), BOX_PAD - 2),
        ctx.table_font,
    ]))
    # A box that fits on a page is never split (nor parted from the heading above it);
    # a longer one splits inside its row.
    return [*out, KeepTogether([*lead, table])]


def see_also(node: SeeAlso, ctx: Context) -> list[Flowable]:
    """Related reading: a bullet list, titles linked when they have an address."""
    if not node.items:
        return []
    style = ParagraphStyle("see-also", parent=ctx.styles.note_item,
                           leftIndent=LIST_INDENT, bulletIndent=2,
                           bulletColor=ctx.palette.primary)
    return [CondPageBreak(HEADING_ROOM), ctx.heading(node.heading, "see-also"),
            *(Paragraph(markup.link(i.label, i.url, ctx.palette.primary), style,
                        bulletText="\u2022") for i in node.items)]


def sources(node: Sources, ctx: Context) -> list[Flowable]:
    """Every distinct source once, numbered, with what it supports."""
    if not node.items:
        return []
    s = ctx.styles
    style = ParagraphStyle("source", parent=s.note_item, leftIndent=LIST_INDENT,
                           bulletIndent=0, bulletColor=ctx.palette.muted)
    detail = s.note_detail
    out: list[Flowable] = [CondPageBreak(HEADING_ROOM), ctx.heading(node.heading, "sources")]
    for n, item in enumerate(node.items, start=1):
        text = markup.text(item.text)
        font = (f'<font name="{detail.fontName}" size="{detail.fontSize}" '
                f'color="{markup.hex_color(detail.textColor)}">')
        if item.used_for:
            used = "; ".join(markup.text(u) for u in item.used_for)
            text += f"<br/>{font}{markup.text(ctx.labels.used_for)} {used}</font>"
        for derivation in item.derived:
            text += f"<br/>{font}{markup.text(derivation)}</font>"
        out.append(Paragraph(text, style, bulletText=f"{n}."))
    return out


NODE_HANDLERS: dict[type, Handler] = {
    Cover: cover,
    Summary: summary,
    KeyFigures: key_figures,
    Section: section,
    Timeline: timeline,
    AuthorBio: author_bio,
    SeeAlso: see_also,
    Sources: sources,
}


def story(document: Document, ctx: Context) -> list[Flowable]:
    """The flowables of a whole document, in reading order."""
    out: list[Flowable] = []
    for node in document.body:
        handler = NODE_HANDLERS.get(type(node))
        if handler is None:
            raise TypeError(f"the PDF writer has no handler for {type(node).__name__}")
        out += handler(node, ctx)
        ctx.previous = node
    return out
