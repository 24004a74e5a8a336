"""The key figures the cover row has no room for: a compact panel in the column.

The cover shows one row of big numbers. The others are set smaller, one to a line (the
number, its unit under it, its label beside it) on the tinted card of the tiles, so
they stay at hand without a second block of big tiles pushing the text down the cover.
The panel may break between figures; each part repeats its label.
"""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table, TableStyle

from reportgen.document.nodes import KeyFigure
from reportgen.render.pdf import markup
from reportgen.render.pdf.flowables import TILE_BAR, Label
from reportgen.render.pdf.paragraph import Paragraph
from reportgen.render.pdf.styles import Palette, Styles

PANEL_VALUE_SIZE = 14.0
"""Largest size of a number in the panel (the cover's tiles print at 20)."""
PANEL_VALUE_MIN = 9.0
"""Smallest size the panel's numbers shrink to so the widest fits its share."""
PANEL_VALUE_SHARE = 0.42
"""The most of the panel's width the numbers' column takes."""
PANEL_PAD = 2.8 * mm
"""Inner padding of the panel's cells."""
PANEL_ROW_PAD = 1.6 * mm
"""Space above and below each figure's line."""


def _number_style(styles: Styles, numbers: list[str], room: float) -> ParagraphStyle:
    """The tiles' value style at one size for the panel: the largest at which every
    number fits `room`."""
    from reportgen.render.pdf.template import tracked_width

    base = styles.tile_value
    size = PANEL_VALUE_SIZE
    while size > PANEL_VALUE_MIN and max(
            (tracked_width(t, base.fontName, size) for t in numbers), default=0) > room:
        size -= 0.5
    return ParagraphStyle(f"panel-value-{size}", parent=base, fontSize=size,
                          leading=size * 1.15)


def key_figure_panel(figures: tuple[KeyFigure, ...], label: Label, styles: Styles,
                     palette: Palette, width: float) -> Flowable:
    """The figures as a tinted panel, one figure a line, under a repeated label."""
    from reportgen.render.pdf.template import tracked_width

    numbers = [markup.clean(f.number_and_unit[0]) for f in figures]
    most = width * PANEL_VALUE_SHARE - 2 * PANEL_PAD
    value = _number_style(styles, numbers, most)
    unit = styles.tile_unit
    widest = max([tracked_width(t, value.fontName, value.fontSize) for t in numbers]
                 + [tracked_width(word, unit.fontName, unit.fontSize)
                    for f in figures for word in f.number_and_unit[1].split()])
    first = min(most, widest) + 2 * PANEL_PAD
    rows: list[list[object]] = [[label, ""]]
    for figure in figures:
        number, unit = figure.number_and_unit
        left: list[Flowable] = [Paragraph(markup.text(number), value)]
        if unit:
            left.append(Paragraph(markup.text(unit), styles.tile_unit))
        rows.append([left, Paragraph(markup.text(figure.label), styles.tile_label)])
    table = Table(rows, colWidths=[first, width - first], hAlign="LEFT", repeatRows=1)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), styles.tile_label.fontName, styles.tile_label.fontSize),
        ("BACKGROUND", (0, 0), (-1, -1), palette.light),
        ("LINEABOVE", (0, 0), (-1, 0), TILE_BAR, palette.primary),
        ("SPAN", (0, 0), (-1, 0)),
        ("LINEBELOW", (0, 1), (-1, -2), 0.8, palette.white),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), PANEL_PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), PANEL_PAD),
        ("LEFTPADDING", (1, 1), (1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), PANEL_ROW_PAD),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PANEL_ROW_PAD),
        ("TOPPADDING", (0, 0), (-1, 0), PANEL_PAD),
        ("BOTTOMPADDING", (0, 0), (-1, 0), 0),
        ("BOTTOMPADDING", (0, -1), (-1, -1), PANEL_PAD),
    ]))
    return table
