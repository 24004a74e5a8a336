"""One handler per document node, each turning a node into reportlab flowables.

`NODE_HANDLERS` maps the top-level node classes to handlers (section blocks have
theirs in `blocks.py`); `story` walks a Document through them and fails loudly on a
node type nobody handles.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
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
from reportgen.render.pdf.figure_panel import key_figure_panel
from reportgen.render.pdf.flowables import (
    TILE_BAR,
    TILE_GAP,
    Gap,
    HeadedBlock,
    KeyFigureRow,
    Label,
    tiles_per_row,
)
from reportgen.render.pdf.flowables import Timeline as TimelineFlowable
from reportgen.render.pdf.paragraph import Paragraph
from reportgen.render.pdf.styles import LIST_INDENT, derive
from reportgen.render.pdf.template import Float
from reportgen.render.pdf.typography import no_lone_last_word


def cover(node: Cover, ctx: Context) -> list[Flowable]:
    """Title, subtitle and author line (the masthead itself is drawn by the page)."""
    s = ctx.styles
    out: list[Flowable] = [Paragraph(markup.text(no_lone_last_word(node.meta.title)), s.title)]
    if node.meta.subtitle:
        out.append(Paragraph(markup.text(no_lone_last_word(node.meta.subtitle)), s.subtitle))
    if node.author_line:
        out.append(Paragraph(markup.text(node.author_line), s.byline))
    out.append(HRFlowable(width="100%", thickness=0.6, color=ctx.palette.rule,
                          spaceBefore=3 * mm, spaceAfter=4 * mm))
    return out


def summary(node: Summary, ctx: Context) -> list[Flowable]:
    """The key-judgments box: tinted, accent rule, one bullet per judgment."""
    s = ctx.styles
    rows: list[list[Flowable]] = [[ctx.label(node.heading, "key-judgments")]]
    rows += [[Paragraph(ctx.runs(item.runs), s.judgment, bulletText="\u2022")]
             for item in node.items]
    again = ctx.label(f"{node.heading} {ctx.labels.continued}")
    return [ruled_box(rows, ctx, fill=True, labelled=True, continued=again), Gap(BLOCK_GAP)]


BAND_TILES = 4
"""Key figures in the first page's band; the rest follow in a column."""


def key_figure_rows(node: KeyFigures, ctx: Context, width: float, *, label: bool = True,
                    continued: bool = False) -> list[Flowable]:
    """Key-figure tiles in rows filling `width`; a row that opens a column repeats the label.

    `continued` says the strip began elsewhere (the first page's band), so its label
    reads as a continuation.
    """
    if not node.items:
        return []
    columns = tiles_per_row(width)
    title = f"{node.heading} {ctx.labels.continued}" if continued else node.heading
    again = Label(ctx.document.language.upper(f"{node.heading} {ctx.labels.continued}"),
                  ctx.styles.box_label)
    out: list[Flowable] = [ctx.label(title, None if continued else "key-figures")
                           ] if label else []
    for start in range(0, len(node.items), columns):
        if start:
            out.append(Gap(TILE_GAP))
        row = node.items[start:start + columns]
        out.append(KeyFigureRow(row, len(row), ctx.styles, ctx.palette, continued=again))
    out.append(Gap(BLOCK_GAP))
    return out


def more_key_figures(node: KeyFigures, ctx: Context) -> Flowable:
    """The key figures after the cover's row: a compact panel, labelled as their sequel."""
    label = Label(ctx.document.language.upper(f"{node.heading} {ctx.labels.continued}"),
                  ctx.styles.box_label)
    return key_figure_panel(node.items, label, ctx.styles, ctx.palette, ctx.geometry.column)


def key_figures(node: KeyFigures, ctx: Context) -> list[Flowable]:
    """The strip of key-figure tiles, as many to a row as the column holds."""
    return key_figure_rows(node, ctx, ctx.geometry.column)


def section(node: Section, ctx: Context) -> list[Flowable]:
    """A section heading (with its bookmark) and its blocks in order."""
    heading = ctx.heading(node.heading, section_key(node.index))
    items = node.items
    if items and isinstance(items[0], Figure):
        text = next((i for i, item in enumerate(items) if not isinstance(item, Figure)), None)
        if text is None:  # only figures: the heading travels with the first
            lead = [KeepTogether([heading, *figure_parts(items[0], ctx)]), Gap(BLOCK_GAP)]
            return [CondPageBreak(HEADING_ROOM), *lead, *blocks(items[1:], ctx)]
        # A heading opens on text: the section's first text block comes up under it and
        # the figures before it float from there (to the next column when they must).
        items = (items[text], *items[:text], *items[text + 1:])
    heading.keepWithNext = int(bool(items) and isinstance(items[0], (Callout, DataTable)))
    lead = [heading]
    return [CondPageBreak(HEADING_ROOM), *lead, *blocks(items, ctx)]


def timeline(node: Timeline, ctx: Context) -> list[Flowable]:
    """The chronology as a vertical timeline that may run over a page break."""
    if not node.events:
        return []
    events = TimelineFlowable(node.events, ctx.styles, ctx.palette)
    events.spaceBefore = 2 * mm
    heading = ctx.heading(node.heading, "timeline")
    # never left alone at a column foot, nor taking the whole timeline to the next one
    return [CondPageBreak(HEADING_ROOM), HeadedBlock(heading, events), Gap(BLOCK_GAP)]


def _photo(node: AuthorBio, ctx: Context) -> Flowable | None:
    if node.photo is None:
        return None
    try:
        image = Image(str(node.photo), width=PHOTO_BOX[0], height=PHOTO_BOX[1],
                      kind="proportional", lazy=2)
    except Exception as err:  # PIL and reportlab raise many kinds for a bad image
        raise BuildError(f"author {node.name!r}: photo {node.photo} cannot be read ({err})"
                         ) from err
    image.hAlign = "RIGHT" if ctx.rtl else "LEFT"
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
    photo = _photo(node, ctx)
    row: list[Any] = [photo, text] if photo else [text]
    full = ctx.geometry.column
    widths = [PHOTO_BOX[0] + BOX_PAD, full - PHOTO_BOX[0] - BOX_PAD] if photo else [full]
    # the photo stands on the reading side: the left, or the right in Arabic or Persian
    inner, at = ("LEFT", -1) if ctx.rtl else ("RIGHT", 0)
    if ctx.rtl:
        row, widths = row[::-1], widths[::-1]
    table = Table([row], colWidths=widths, hAlign="LEFT", splitInRow=1,
                  spaceAfter=AUTHOR_GAP)
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, -1), ctx.palette.light),
        ("LEFTPADDING", (0, 0), (-1, -1), BOX_PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), BOX_PAD),
        (f"{inner}PADDING", (at, 0), (at, 0), 0 if photo else BOX_PAD),
        ("TOPPADDING", (0, 0), (-1, -1), BOX_PAD),
        ("BOTTOMPADDING", (0, 0), (-1, -1), BOX_PAD - 2),
        ctx.table_font,
    ]))
    # The heading goes with the box's first part; a box that does not fit what is left
    # of a column splits inside its row (its text carries on in the next column) once
    # its name, role and a few lines fit, rather than leave the column's foot empty.
    return [*out, HeadedBlock(lead[0], table) if lead else table]


def see_also(node: SeeAlso, ctx: Context) -> list[Flowable]:
    """Related reading: a bullet list, titles linked when they have an address."""
    if not node.items:
        return []
    style = derive("see-also", ctx.styles.note_item, leftIndent=LIST_INDENT, bulletIndent=2,
                   bulletColor=ctx.palette.primary)
    return [CondPageBreak(HEADING_ROOM), ctx.heading(node.heading, "see-also"),
            *(Paragraph(markup.link(i.label, i.url, ctx.palette.primary), style,
                        bulletText="\u2022") for i in node.items)]


SOURCE_DETAIL_GAP = 1.5
"""Space above each line of detail under a source (what it supports, how a figure was
computed), so that one does not run into the next."""


def sources(node: Sources, ctx: Context) -> list[Flowable]:
    """Every distinct source once, numbered, with what it supports and its derivations.

    Each detail is a paragraph of its own under the source, hanging at the source's
    indent: a long list reads entry by entry and may break between them.
    """
    if not node.items:
        return []
    s = ctx.styles
    style = derive("source", s.note_item, leftIndent=LIST_INDENT, bulletIndent=0,
                   bulletColor=ctx.palette.muted)
    detail = derive("source-detail", s.note_detail, leftIndent=LIST_INDENT,
                    spaceBefore=SOURCE_DETAIL_GAP)
    out: list[Flowable] = [CondPageBreak(HEADING_ROOM), ctx.heading(node.heading, "sources")]
    for n, item in enumerate(node.items, start=1):
        details = []
        if item.used_for:
            used = "; ".join(markup.text(u) for u in item.used_for)
            details.append(Paragraph(f"{markup.text(ctx.labels.used_for)} {used}", detail))
        # how a figure was computed names columns and files: printed as written
        details += [Paragraph(markup.text(d, literal=True), detail) for d in item.derived]
        entry = Paragraph(markup.text(item.text), style, bulletText=f"{n}.")
        if details:
            entry.keepWithNext = 1  # never alone at a column foot
            entry.spaceAfter = 0
            details[-1].spaceAfter = style.spaceAfter
        out += [entry, *details]
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


def endnotes(document: Document, ctx: Context) -> list[Flowable]:
    """The text's footnotes, numbered, each a link target of its mark."""
    if not document.notes:
        return []
    style = derive("endnote", ctx.styles.note_item, leftIndent=LIST_INDENT, bulletIndent=0,
                   bulletColor=ctx.palette.muted)
    out: list[Flowable] = [CondPageBreak(HEADING_ROOM), ctx.heading(ctx.labels.notes, "notes")]
    for note in document.notes:
        anchor = f'<a name="{markup.note_key(note.number)}"/>'
        out.append(Paragraph(anchor + ctx.runs(note.text.runs), style,
                             bulletText=f"{note.number}."))
    return out


PUBLISHER_PAD = 3.5 * mm
"""Inner padding of the publisher's panel."""


def publisher_block(document: Document, ctx: Context) -> list[Flowable]:
    """About the publisher, disclaimer, ©, licence, URL or DOI: the brief's last words,
    in a panel of their own (ruled in the primary colour on the tiles' tint) that closes
    the last column, as a think tank's back cover does."""
    info = document.meta.publisher_info
    if info is None:
        return []
    label = ctx.label(document.meta.publisher or ctx.labels.about_publisher)
    text = Paragraph(ctx.runs(info.runs), ParagraphStyle(
        "publisher-panel", parent=ctx.styles.publisher_info, textColor=ctx.palette.text))
    panel = Table([[label], [text]], colWidths=[ctx.geometry.column], hAlign="LEFT")
    panel.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, -1), ctx.palette.light),
        ("LINEABOVE", (0, 0), (-1, 0), TILE_BAR, ctx.palette.primary),
        ("LEFTPADDING", (0, 0), (-1, -1), PUBLISHER_PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), PUBLISHER_PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, 0), PUBLISHER_PAD),
        ("BOTTOMPADDING", (0, -1), (-1, -1), PUBLISHER_PAD),
        ctx.table_font,
    ]))
    return [Gap(BLOCK_GAP), KeepTogether([panel])]


@dataclass
class Story:
    """The brief's flowables: the first page's full-width band, then the columns."""

    band: list[Flowable]
    """Title block and the first row of key figures; empty without a cover."""
    columns: list[Flowable]
    """Everything else, in reading order."""


def _handle(node: object, ctx: Context) -> list[Flowable]:
    handler = NODE_HANDLERS.get(type(node))
    if handler is None:
        raise TypeError(f"the PDF writer has no handler for {type(node).__name__}")
    out = handler(node, ctx)
    ctx.previous = node
    return out


def story(document: Document, ctx: Context) -> Story:
    """The flowables of a whole document: the cover's band and the columns."""
    band: list[Flowable] = []
    columns: list[Flowable] = []
    body = list(document.body)
    continued: KeyFigures | None = None
    if body and isinstance(body[0], Cover):
        band += _handle(body.pop(0), ctx)
        strip = next((n for n in body if isinstance(n, KeyFigures) and n.items), None)
        if strip is not None:
            # the first row opens the brief across the page; the rest follow in a column
            first = min(len(strip.items), BAND_TILES)
            lead = replace(strip, items=strip.items[:first])
            band += key_figure_rows(lead, ctx, ctx.geometry.measure)[:-1]  # no gap after
            rest = replace(strip, items=strip.items[first:])
            body[body.index(strip)] = continued = rest
    notes_done = False
    for node in body:
        if isinstance(node, (AuthorBio, SeeAlso, Sources)) and not notes_done:
            columns += endnotes(document, ctx)  # right after the text, before back matter
            notes_done = True
        if node is continued:
            # the cover keeps one row of big numbers; the rest, smaller, in a panel that
            # (like a figure) may wait for a column's top
            columns += [Float([more_key_figures(node, ctx), Gap(BLOCK_GAP)])
                        ] if node.items else []
            ctx.previous = node
            continue
        columns += _handle(node, ctx)
    if not notes_done:
        columns += endnotes(document, ctx)
    columns += publisher_block(document, ctx)
    return Story(band, columns)
