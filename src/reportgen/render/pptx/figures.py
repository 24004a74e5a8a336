"""Charts on slides: a chart block (headline, units, chart, source) in any box.

A block stacks, top to bottom: the chart's own headline (only when the slide's title
says something else), its units line (the subtitle: every chart slide carries it,
picture or native), the chart, and its source line. The chart is the PNG (kept in
proportion) or, with `charts="native"`, an editable PowerPoint chart drawn from the
figure's data. A figure gets a slide of its own or stands beside its section's points
(sections.py).
"""

from __future__ import annotations

from PIL import Image

from reportgen.core.labels import Labels
from reportgen.document.nodes import Figure
from reportgen.render.pptx.deck import Deck, SlideFrame
from reportgen.render.pptx.draw import set_alt_text
from reportgen.render.pptx.fit import Para, Span
from reportgen.render.pptx.geometry import (
    HEADLINE_SIZE,
    SOURCE_GAP,
    SOURCE_SIZE,
    UNITS_SIZE,
    Rect,
)
from reportgen.render.pptx.placement import block_layout


def chart_notes(figure: Figure, labels: Labels) -> str:
    """Speaker notes of a chart: number and headline, units, caption, description, source."""
    parts = [f"{labels.figure_number(figure.number)}: {figure.title}", figure.subtitle,
             figure.caption, f"{labels.description} {figure.alt}",
             labels.source_line(figure.source) if figure.source else None]
    return "\n\n".join(p for p in parts if p)


def units_text(figure: Figure) -> str | None:
    """What a chart's numbers are in: its subtitle, else its unit or value axis label."""
    data = figure.data
    return figure.subtitle or (data.y_label or data.unit if data is not None else None) or None


def chart_block(deck: Deck, frame: SlideFrame, figure: Figure, box: Rect, *,
                headline: bool) -> None:
    """A figure in a box: headline (if asked), units, the chart, the source line."""
    native = deck.charts == "native" and figure.data is not None
    if deck.charts == "native" and figure.data is None:
        deck.say(f"figure {figure.number} ({figure.chart_id}): no data, placed as a picture")
    layout = block_layout(deck.style.family, box, headline=figure.title if headline else None,
                          units=units_text(figure),
                          source=figure.source and deck.language.labels.source_line(figure.source))
    ink, muted = deck.ink(frame.background), deck.muted(frame.background)
    for part, size, bold, color, name in (
            (layout.headline, HEADLINE_SIZE.pt, True, ink, "headline"),
            (layout.units, UNITS_SIZE.pt, False, muted, "units")):
        if part is not None:
            shape = deck.add_text(frame, part[1], [Para((Span(part[0], bold=bold, color=color),),
                                                        space_after=0.0)], size)
            shape.name = f"Figure {figure.number} {name}"
    chart = layout.chart if native else fit_box(layout.chart, picture_aspect(figure))
    if native:
        # Imported here: native charts bring an xlsx writer (a third of the deck's imports).
        from reportgen.render.pptx.native import add_native_chart

        shape = add_native_chart(deck, frame, figure, chart)
    else:
        shape = frame.slide.shapes.add_picture(str(figure.png), *chart.emu())
    shape.name = f"Figure {figure.number}"
    set_alt_text(shape, figure.alt)
    if layout.source is not None:
        text, need = layout.source
        src = deck.add_text(frame, Rect(box.left, chart.bottom + SOURCE_GAP, box.width, need),
                            [Para((Span(text, color=muted),), space_after=0.0)],
                            SOURCE_SIZE.pt)
        src.name = f"Figure {figure.number} source"


def render_figure(deck: Deck, figure: Figure, extra_notes: str = "") -> None:
    """One slide for one figure: its headline as the title."""
    frame = deck.new_slide("chart", figure.title)
    chart_block(deck, frame, figure, frame.content, headline=False)
    notes = (chart_notes(figure, deck.language.labels), extra_notes)
    deck.finish(frame, "\n\n".join(x for x in notes if x))


def picture_aspect(figure: Figure) -> float:
    """Height over width of a figure's picture."""
    with Image.open(figure.png) as img:
        return img.height / img.width


def fit_box(box: Rect, aspect: float) -> Rect:
    """The largest box of a given height/width ratio inside `box`, centred, at its top."""
    width = min(box.width, int(box.height / aspect))
    height = int(width * aspect)
    return Rect(box.left + (box.width - width) // 2, box.top, width, height)
