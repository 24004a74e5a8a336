"""Tables in the brief: numbered caption, light rules, numbers right-aligned, source line.

A table spans the text measure, its columns as wide as their contents ask (wrapped when
the measure is short). A long table splits between rows across pages and repeats its
header row on each. Reportlab writes no tagged PDF, so each table is preceded by its
summary in invisible text (as an OCR text layer is): screen readers and text
extraction read it, nobody sees it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Table, TableStyle

from reportgen.core.layout import column_widths
from reportgen.document.nodes import DataTable, plain
from reportgen.document.tables import summary as table_summary
from reportgen.render.pdf import markup
from reportgen.render.pdf.context import BLOCK_GAP, Context
from reportgen.render.pdf.flowables import Gap
from reportgen.render.pdf.paragraph import Paragraph
from reportgen.render.pdf.template import Float

CELL_PAD_X = 4.0
"""Left and right padding of a cell, in points."""
CELL_PAD_Y = 2.6
"""Top and bottom padding of a cell, in points."""
OUTER_RULE = 0.8
"""Thickness of the rules above and below the table and under its header."""
ROW_RULE = 0.3
"""Thickness of the light rules between rows."""
KEEP_ROWS = 15
"""A table of at most this many rows is kept on one page with its caption."""
SUMMARY_SIZE = 7.0
"""Type size of the invisible summary: the brief's smallest text size, so that no text
in the file reads smaller (its one line is squeezed across instead, see InvisibleText)."""
SUMMARY_HEIGHT = 9.0
"""Room the invisible summary takes above the table (keeps its line apart in extraction)."""
SUMMARY_BASELINE = 1.5
"""Height of the summary's baseline above the bottom of its room."""
_ALIGN = {"left": TA_LEFT, "right": TA_RIGHT, "center": TA_CENTER}
_MIRRORED = {"left": "right"}
"""Alignments turned around on a right-to-left page: text goes flush right; numbers
stay flush right, so that their digits line up."""


class InvisibleText(Flowable):
    """Text drawn invisibly (render mode 3): read by screen readers and extraction only."""

    def __init__(self, text: str, font: str) -> None:
        super().__init__()
        self.text = markup.clean(text)
        self.font = font

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Its own small height, across the frame's width."""
        self.width = avail_width
        return avail_width, SUMMARY_HEIGHT

    def draw(self) -> None:
        """Write the text as one line in render mode 3 (neither filled nor stroked),
        squeezed across to the frame's width at its full type size."""
        natural = stringWidth(self.text, self.font, SUMMARY_SIZE)
        text = self.canv.beginText(0, SUMMARY_BASELINE)
        text.setTextRenderMode(3)
        text.setFont(self.font, SUMMARY_SIZE, SUMMARY_SIZE)
        if natural > self.width:
            text.setHorizScale(100.0 * self.width / natural)
        text.textLine(self.text)
        self.canv.drawText(text)


def _cell_styles(ctx: Context, node: DataTable) -> tuple[list[ParagraphStyle],
                                                         list[ParagraphStyle]]:
    head, body = ctx.styles.table_head, ctx.styles.table_cell
    heads = [ParagraphStyle(f"th-{a}", parent=head, alignment=_ALIGN[a]) for a in node.align]
    cells = [ParagraphStyle(f"td-{a}", parent=body, alignment=_ALIGN[a]) for a in node.align]
    return heads, cells


SHORT_CELL = 12
"""A body cell of at most this many characters (`Region 22`, `USD bn`) is never wrapped."""


def _unbroken(text: str) -> list[str]:
    """The parts of a cell's text a line never breaks: a short cell whole, else its words."""
    return [text] if len(text) <= SHORT_CELL else (text.split() or [""])


def _widths(node: DataTable, heads: list[ParagraphStyle], cells: list[ParagraphStyle],
            measure: float) -> list[float]:
    """Column widths over the measure: as the contents ask, wrapped where they must be."""
    natural, least = [], []
    for col in range(len(node.header)):
        texts = [(plain(node.header[col]), heads[col])]
        texts += [(plain(row[col]), cells[col]) for row in node.rows]
        natural.append(max(stringWidth(t, s.fontName, s.fontSize) for t, s in texts))
        least.append(max(stringWidth(w, s.fontName, s.fontSize)
                         for t, s in texts for w in _unbroken(t)))
    return column_widths([w + 2 * CELL_PAD_X + 1 for w in natural],
                         [w + 2 * CELL_PAD_X + 1 for w in least], measure)


def mirrored(node: DataTable) -> DataTable:
    """A table as a right-to-left page sets it: first column on the right, text flush
    right (numbers already are)."""
    return replace(node, header=node.header[::-1], rows=tuple(r[::-1] for r in node.rows),
                   align=tuple(_MIRRORED.get(a, a) for a in node.align[::-1]))


def data_table(node: DataTable, ctx: Context) -> list[Flowable]:
    """A numbered table: caption, invisible summary, the grid, its source line."""
    s, palette = ctx.styles, ctx.palette
    shown = mirrored(node) if ctx.rtl else node  # the summary keeps the reading order
    heads, cells = _cell_styles(ctx, shown)
    rows: list[list[Any]] = [[Paragraph(ctx.runs(h), heads[i])
                              for i, h in enumerate(shown.header)]]
    rows += [[Paragraph(ctx.runs(c), cells[i]) for i, c in enumerate(row)] for row in shown.rows]
    grid = Table(rows, colWidths=_widths(shown, heads, cells, ctx.geometry.column),
                 repeatRows=1, hAlign="LEFT", splitByRow=1)
    commands: list[tuple[Any, ...]] = [
        ctx.table_font,
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD_X),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD_X),
        ("TOPPADDING", (0, 0), (-1, -1), CELL_PAD_Y),
        ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PAD_Y),
        ("LINEABOVE", (0, 0), (-1, 0), OUTER_RULE, palette.primary),
        ("LINEBELOW", (0, 0), (-1, 0), OUTER_RULE, palette.primary),
        ("LINEBELOW", (0, -1), (-1, -1), OUTER_RULE, palette.primary),
    ]
    if len(rows) > 2:
        commands.append(("LINEBELOW", (0, 1), (-1, -2), ROW_RULE, palette.rule))
    grid.setStyle(TableStyle(commands))
    caption = Paragraph(markup.text(node.caption), s.figure_title)
    summary = InvisibleText(table_summary(node, caption=False, language=ctx.document.language),
                            s.table_cell.fontName)
    summary.keepWithNext = 1
    parts: list[Flowable] = [caption, summary, grid]
    if node.source:
        parts.append(Paragraph(f"<b>{markup.text(ctx.labels.source)}</b> "
                               f"{markup.text(node.source)}", s.figure_source))
    if len(node.rows) <= KEEP_ROWS:  # kept whole; like a figure, it may float
        return [Float([*parts, Gap(BLOCK_GAP)])]
    return [*parts, Gap(BLOCK_GAP)]
