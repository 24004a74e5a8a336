"""Table slides: a native PowerPoint table (editable), split over continuation slides.

Text is set at the largest size from 24 down to 14 pt that needs no more slides than
14 pt does; every cell is measured with the font file its runs name, so rows get
exact heights and nothing runs off the slide. Each continuation slide repeats the
header row, the source line sits under the table, and the table's summary is its
alternative text. Rules are light, as in the brief: the primary colour above and
below the header and under the last row, hairlines between rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree
from pptx.enum.text import MSO_ANCHOR
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from reportgen.core.color import readable_on
from reportgen.core.layout import column_widths
from reportgen.document.nodes import DataTable, Runs, plain
from reportgen.document.tables import as_text
from reportgen.render.pptx.deck import Deck, SlideFrame
from reportgen.render.pptx.draw import set_alt_text
from reportgen.render.pptx.fit import (
    LEADING,
    WIDTH_SAFETY,
    Para,
    Span,
    count_lines,
    face_path,
    font_metrics,
    text_height,
)
from reportgen.render.pptx.geometry import (
    SOURCE_GAP,
    SOURCE_SIZE,
    UNITS_SIZE,
    Insets,
    Rect,
    height_for_text,
)
from reportgen.render.pptx.text import write_frame

TABLE_SIZES = (24.0, 22.0, 20.0, 18.0, 16.0, 14.0)
"""Type sizes tried for a table, largest first: the body text's down to a 14 pt floor."""
CELL_X = Inches(0.08)
"""Left and right margin inside a cell."""
CELL_Y = Inches(0.04)
"""Top and bottom margin inside a cell."""
OUTER_RULE = Pt(1.5)
"""Rules above and below the header and under the last row."""
ROW_RULE = Pt(0.5)
"""Hairlines between rows."""
NO_STYLE = "{2D5ABB26-0587-4C30-8999-92F81FD0307C}"
"""PowerPoint's built-in table style "No Style, No Grid": the rules drawn here are all."""
_ALIGN = {"left": "l", "right": "r", "center": "ctr"}
_CELL_INSETS = Insets(CELL_X, CELL_Y, CELL_X, CELL_Y)


@dataclass(frozen=True)
class TablePlan:
    """How a table is laid out on its slides."""

    size: float
    """Type size of every cell."""
    widths: list[int]
    """Column widths (EMU)."""
    heights: list[int]
    """Row heights (EMU), the header's first."""
    pages: list[range]
    """The body rows on each slide."""


def _spans(cell: Runs, bold: bool, color: str) -> tuple[Span, ...]:
    return tuple(Span(r.text, bold=bold or r.bold, italic=r.italic, href=r.href, color=color)
                 for r in cell if r.text) or (Span(""),)


def _widths(deck: Deck, table: DataTable, size: float, total: int) -> list[int]:
    """Column widths (EMU) that fill `total`, by the width of their contents at `size`."""
    family = deck.style.family
    natural, least = [], []
    for col in range(len(table.header)):
        cells = [(table.header[col], True)] + [(row[col], False) for row in table.rows]
        metrics = [(plain(c), font_metrics(face_path(family, bold, False))) for c, bold in cells]
        natural.append(max(m.width(t, size) for t, m in metrics))
        least.append(max(m.width(w, size) for t, m in metrics for w in (t.split() or [""])))
    def box(width: float) -> float:  # the cell width whose measure holds `width`
        return width / WIDTH_SAFETY + 2 * CELL_X.pt + 1

    points = column_widths([box(w) for w in natural], [box(w) for w in least], Emu(total).pt)
    widths = [int(Pt(w)) for w in points]
    widths[-1] += total - sum(widths)
    return widths


def _row_height(deck: Deck, row: tuple[Runs, ...], widths: list[int], size: float,
                bold: bool) -> int:
    lines = max(count_lines(_spans(cell, bold, "#000000"), deck.style.family, size,
                            Rect(0, 0, w, 0).inner_width_pt(_CELL_INSETS))
                for cell, w in zip(row, widths, strict=True))
    return height_for_text(lines * size * LEADING, _CELL_INSETS)


def _pages(heights: list[int], room: int) -> list[range]:
    """Body rows on as few slides as fit under the header, then balanced between them."""
    head, body = heights[0], heights[1:]

    def fill(most: int) -> list[range]:
        pages, start, used = [], 0, head
        for index, h in enumerate(body):
            if index > start and (used + h > room or index - start >= most):
                pages.append(range(start, index))
                start, used = index, head
            used += h
        pages.append(range(start, len(body)))
        return pages

    greedy = fill(len(body) or 1)
    even = fill(-(-len(body) // len(greedy)) if body else 1)
    return even if len(even) == len(greedy) else greedy


def plan_table(deck: Deck, table: DataTable, area: Rect) -> TablePlan:
    """The largest size that needs no more slides than 14 pt does, and the slides' rows."""
    plans = []
    for size in TABLE_SIZES:
        widths = _widths(deck, table, size, area.width)
        heights = [_row_height(deck, table.header, widths, size, True)]
        heights += [_row_height(deck, row, widths, size, False) for row in table.rows]
        plans.append(TablePlan(size, widths, heights, _pages(heights, area.height)))
    fewest = len(plans[-1].pages)
    return next(p for p in plans if len(p.pages) <= fewest)


def table_block(deck: Deck, frame: SlideFrame, table: DataTable, box: Rect) -> int | None:
    """The whole table in a box (caption above, source under), if it fits there at
    14 pt or more: the bottom of what was drawn; None (nothing drawn) if it does not."""
    family = deck.style.family
    muted = deck.muted(frame.background)
    caption = Para((Span(slide_caption(table), bold=True,
                         color=deck.ink(frame.background)),), space_after=0.0)
    cap_h = height_for_text(text_height([caption], family, UNITS_SIZE.pt, box.inner_width_pt()))
    source = None
    src_h = 0
    if table.source:
        source = Para((Span(deck.language.labels.source_line(table.source), color=muted),),
                      space_after=0.0)
        src_h = height_for_text(text_height([source], family, SOURCE_SIZE.pt,
                                            box.inner_width_pt())) + SOURCE_GAP
    area = Rect(box.left, box.top + cap_h + SOURCE_GAP, box.width,
                box.height - cap_h - SOURCE_GAP - src_h)
    if area.height <= 0:
        return None
    plan = plan_table(deck, table, area)
    if len(plan.pages) > 1:
        return None
    shape = deck.add_text(frame, Rect(box.left, box.top, box.width, cap_h), [caption],
                          UNITS_SIZE.pt)
    shape.name = f"Table {table.number} caption"
    bottom = _draw(deck, frame, table, plan, plan.pages[0], Rect(area.left, area.top,
                                                                 area.width, 0))
    if source is not None:
        shape = deck.add_text(frame, Rect(box.left, bottom + SOURCE_GAP, box.width,
                                          src_h - SOURCE_GAP), [source], SOURCE_SIZE.pt)
        shape.name = f"Table {table.number} source"
        return bottom + src_h
    return bottom


def slide_caption(table: DataTable) -> str:
    """A table as a slide names it: by its title, which says what it shows ("Table 1"
    is the brief's numbering; the notes keep it). A table without a title keeps it."""
    return table.title or table.caption


def table_notes(table: DataTable) -> str:
    """A table's speaker notes: its summary and its rows as text."""
    return "\n\n".join(x for x in (table.caption, table.summary,
                                    _rows_text(table, range(len(table.rows)))) if x)


def render_table(deck: Deck, table: DataTable) -> None:
    """The table's slides: its title as headline, the table, its source line under it."""
    title = slide_caption(table)
    area = deck.text_area("chart", title)
    source = None
    if table.source:
        color = deck.muted(deck.roles["chart"].background)
        source = Para((Span(deck.language.labels.source_line(table.source), color=color),),
                      space_after=0.0)
        need = height_for_text(text_height([source], deck.style.family, SOURCE_SIZE.pt,
                                           area.inner_width_pt()))
        area = area.with_bottom(area.bottom - need - SOURCE_GAP)
    plan = plan_table(deck, table, area)
    for number, rows in enumerate(plan.pages):
        frame = deck.new_slide("chart", deck.continued(title, number))
        box = Rect(frame.content.left, frame.content.top, area.width, 0)
        bottom = _draw(deck, frame, table, plan, rows, box)
        if source is not None:
            need = height_for_text(text_height([source], deck.style.family, SOURCE_SIZE.pt,
                                               box.inner_width_pt()))
            src = deck.add_text(frame, Rect(box.left, bottom + SOURCE_GAP, box.width, need),
                                [source], SOURCE_SIZE.pt)
            src.name = f"Table {table.number} source"
        part = "" if len(plan.pages) == 1 else " " + deck.language.labels.rows_of.format(
            first=rows.start + 1, last=rows.stop, total=len(table.rows))
        notes = "\n\n".join(x for x in (table.caption, table.summary,
                                         _rows_text(table, rows)) if x)
        deck.finish(frame, notes + part)


def _rows_text(table: DataTable, rows: range) -> str:
    part = DataTable(table.number, table.title, table.header,
                     tuple(table.rows[i] for i in rows), table.align)
    return as_text(part)


def _draw(deck: Deck, frame: SlideFrame, table: DataTable, plan: TablePlan, rows: range,
          box: Rect) -> int:
    """One slide's part of the table (header and `rows`); the bottom edge it reached."""
    heights = [plan.heights[0]] + [plan.heights[i + 1] for i in rows]
    shape = frame.slide.shapes.add_table(len(heights), len(plan.widths), box.left, box.top,
                                         sum(plan.widths), sum(heights))
    shape.name = f"Table {table.number}"
    set_alt_text(shape, table.summary or table.caption)
    grid = shape.table
    grid.first_row, grid.horz_banding, grid.vert_banding = True, False, False
    style = grid._tbl.tblPr.find(qn("a:tableStyleId"))
    if style is None:
        style = etree.SubElement(grid._tbl.tblPr, qn("a:tableStyleId"))
    style.text = NO_STYLE
    for index, width in enumerate(plan.widths):
        grid.columns[index].width = width
    ink = deck.ink(frame.background)
    strong = readable_on(frame.background, deck.theme.primary, deck.theme.text)
    body = [table.header] + [table.rows[i] for i in rows]
    for r, (cells, height) in enumerate(zip(body, heights, strict=True)):
        grid.rows[r].height = height
        for c, runs in enumerate(cells):
            cell = grid.cell(r, c)
            cell.margin_left = cell.margin_right = CELL_X
            cell.margin_top = cell.margin_bottom = CELL_Y
            cell.vertical_anchor = MSO_ANCHOR.TOP
            para = Para(_spans(runs, r == 0, ink), align=_ALIGN[table.align[c]],
                        space_after=0.0)
            write_frame(cell.text_frame, [para], plan.size, deck.style, anchor=None,
                        insets=_CELL_INSETS)
            last = r == len(body) - 1
            lines = {"a:lnB": (OUTER_RULE if r == 0 or last else ROW_RULE,
                               strong if r == 0 or last else deck.theme.rule)}
            if r == 0:
                lines["a:lnT"] = (OUTER_RULE, strong)
            _rules(cell, lines)
    return box.top + sum(heights)


_LINE_ORDER = ("a:lnL", "a:lnR", "a:lnT", "a:lnB")


def _rules(cell, lines: dict[str, tuple[int, str]]) -> None:  # type: ignore[no-untyped-def]
    """Solid rules on some sides of a cell, none on the others (in the schema's order)."""
    tc_pr = cell._tc.get_or_add_tcPr()
    for tag in _LINE_ORDER:
        old = tc_pr.find(qn(tag))
        if old is not None:
            tc_pr.remove(old)
    for position, tag in enumerate(_LINE_ORDER):
        line = etree.Element(qn(tag))
        if tag in lines:
            width, color = lines[tag]
            line.set("w", str(int(width)))
            fill = etree.SubElement(line, qn("a:solidFill"))
            etree.SubElement(fill, qn("a:srgbClr")).set("val", color.lstrip("#").upper())
        else:
            line.set("w", "0")
            etree.SubElement(line, qn("a:noFill"))
        tc_pr.insert(position, line)
