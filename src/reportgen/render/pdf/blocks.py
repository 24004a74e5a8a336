"""Handlers for the blocks inside a section: paragraphs, lists, figures, pull quotes."""

from __future__ import annotations

from collections.abc import Iterable

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, HRFlowable, Spacer, TableStyle

from reportgen.document.nodes import Callout, DataTable, Figure, ListBlock
from reportgen.document.nodes import Paragraph as TextParagraph
from reportgen.errors import BuildError
from reportgen.render.pdf import markup
from reportgen.render.pdf.chart import chart_flowable
from reportgen.render.pdf.context import (
    BLOCK_GAP,
    FIGURE_MAX_SHARE,
    Context,
    Handler,
    ruled_box,
)
from reportgen.render.pdf.flowables import Gap, Label
from reportgen.render.pdf.paragraph import Paragraph
from reportgen.render.pdf.styles import LIST_INDENT, derive, is_rtl
from reportgen.render.pdf.table import data_table
from reportgen.render.pdf.template import Float, PullQuote
from reportgen.render.pdf.typography import no_lone_last_word


def paragraph(node: TextParagraph, ctx: Context) -> list[Flowable]:
    """A body paragraph; one that leads in to what follows (ends in ":") stays with it."""
    para = Paragraph(ctx.runs(node.runs), ctx.styles.body)
    para.keepWithNext = int(node.text.rstrip().endswith(":"))
    return [para]


def list_block(node: ListBlock, ctx: Context, style: ParagraphStyle | None = None
               ) -> list[Flowable]:
    """A bullet or numbered list with hanging bullets."""
    base = style or ctx.styles.list_item
    start = base.rightIndent if is_rtl(base) else base.leftIndent  # the reading side's
    item_style = derive(f"{base.name}-item", base, leftIndent=start + LIST_INDENT,
                        rightIndent=base.leftIndent if is_rtl(base) else base.rightIndent,
                        bulletIndent=start + 2, bulletColor=ctx.palette.primary)
    out: list[Flowable] = []
    for n, item in enumerate(node.items, start=node.start):
        bullet = f"{n}." if node.ordered else "\u2022"
        out.append(Paragraph(ctx.runs(item.runs), item_style, bulletText=bullet))
    # No first or last item left alone on a page.
    for i in {0, len(out) - 2} if len(out) > 1 else ():
        out[i].keepWithNext = 1
    if out:
        out.append(Gap(ctx.styles.body.spaceAfter - base.spaceAfter))
    return out


def figure(node: Figure, ctx: Context) -> list[Flowable]:
    """The figure kept together, floating to the next column's top when it does not fit."""
    return [Float([*figure_parts(node, ctx), Gap(BLOCK_GAP)])]


def figure_parts(node: Figure, ctx: Context) -> list[Flowable]:
    """The flowables of a figure block: kicker, title, subtitle, chart, caption, source.

    The chart is placed at the column's width, the width the chart job drew it at
    (`sizing.py`), so its text prints at the size it was set in.
    """
    s = ctx.styles
    width = ctx.geometry.column
    height = width * node.aspect
    most = ctx.geometry.text_height * FIGURE_MAX_SHARE
    if height > most:
        width, height = most / node.aspect, most
    try:
        chart = chart_flowable(node.svg, node.png, width, height, ctx.chart_fonts)
    except BuildError as err:
        raise BuildError(f"figure {node.number} ('{node.chart_id}'): {err}") from err
    parts: list[Flowable] = [
        HRFlowable(width="100%", thickness=0.8, color=ctx.palette.primary,
                   spaceBefore=BLOCK_GAP / 2, spaceAfter=4),
        Label(ctx.labels.figure_number(node.number), s.box_label),
        Paragraph(markup.text(no_lone_last_word(node.title)), s.figure_title),
    ]
    if node.subtitle:
        parts.append(Paragraph(markup.text(node.subtitle), s.figure_subtitle))
    else:
        parts.append(Spacer(0, s.figure_subtitle.spaceAfter))
    parts.append(chart)
    if node.caption:  # what the figure shows first, then where its data come from
        parts.append(Paragraph(markup.text(node.caption), s.figure_caption))
    if node.source:
        parts.append(Paragraph(f"<b>{markup.text(ctx.labels.source)}</b> "
                               f"{markup.text(node.source)}", s.figure_source))
    return parts


def callout(node: Callout, ctx: Context) -> list[Flowable]:
    """A pull quote: large italic in the primary colour beside an accent rule."""
    quote = Paragraph(ctx.runs(node.text.runs), ctx.styles.pull_quote)
    box = ruled_box([[quote]], ctx, fill=False)
    box.setStyle(TableStyle([("TOPPADDING", (0, 0), (-1, -1), 2),
                             ("BOTTOMPADDING", (0, 0), (-1, -1), 5)]))
    box.spaceBefore = BLOCK_GAP / 2
    # a pull quote never breaks; it waits for a paragraph's end where it fits (and, when
    # it repeats the body, for the next column: template.py)
    return [PullQuote([box, Gap(BLOCK_GAP)], echoes=node.echoes)]


BLOCK_HANDLERS: dict[type, Handler] = {
    TextParagraph: paragraph,
    ListBlock: list_block,
    Figure: figure,
    Callout: callout,
    DataTable: data_table,
}


def blocks(items: Iterable[object], ctx: Context) -> list[Flowable]:
    """The flowables of a section's blocks, each from the handler for its type."""
    out: list[Flowable] = []
    for item in items:
        handler = BLOCK_HANDLERS.get(type(item))
        if handler is None:
            raise TypeError(f"the PDF writer has no handler for {type(item).__name__}")
        out += handler(item, ctx)
    return out


