"""Charts on slides: a chart block (headline, units, chart, source) in any box.

A block stacks, top to bottom: the chart's own headline (only when the slide's title
says something else), its units line (the subtitle: every chart slide carries it,
picture or native), the chart, and its source line. The chart is the PNG (kept in
proportion) or, with `charts="native"`, an editable PowerPoint chart drawn from the
figure's data. A figure gets a slide of its own, or shares one with a second small
chart, or stands beside its section's points (sections.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from PIL import Image
from pptx.util import Emu

from reportgen.document.nodes import Figure
from reportgen.render.pptx.deck import Deck, SlideFrame
from reportgen.render.pptx.draw import set_alt_text
from reportgen.render.pptx.fit import Para, Span, clip, text_height
from reportgen.render.pptx.geometry import (
    COLUMN_GUTTER,
    HEADLINE_SIZE,
    SOURCE_GAP,
    SOURCE_SIZE,
    UNITS_SIZE,
    Rect,
    height_for_text,
)
from reportgen.render.pptx.native import add_native_chart

LINE_SHARE = 0.2
"""Most of a chart block's height a headline, units or source line may take (longer
ones are cut short with "…"; the notes keep them whole)."""
SMALL_CATEGORIES = 3
"""A chart with at most this many categories (or slices) is small: two share a slide."""


def is_small(figure: Figure) -> bool:
    """Whether a chart says what it says with few marks (two such charts share a slide)."""
    data = figure.data
    return data is not None and len(data.categories) <= SMALL_CATEGORIES and \
        figure.chart_type != "scatter"


def chart_notes(figure: Figure) -> str:
    """Speaker notes of a chart: number and headline, units, caption, description, source."""
    parts = [f"Figure {figure.number}: {figure.title}", figure.subtitle, figure.caption,
             f"Description: {figure.alt}", f"Source: {figure.source}" if figure.source else None]
    return "\n\n".join(p for p in parts if p)


def _line(deck: Deck, frame: SlideFrame, text: str, box: Rect, size: float, *,
          bold: bool = False, muted: bool = True, name: str) -> int:
    """One short line of text at the top of `box` (cut short if long); its height."""
    text = clip(text, deck.style.family, size, box.inner_width_pt(),
                Emu(int(box.height * LINE_SHARE)).pt, bold=bold)
    color = deck.muted(frame.background) if muted else deck.ink(frame.background)
    para = Para((Span(text, bold=bold, color=color),), space_after=0.0)
    need = height_for_text(text_height([para], deck.style.family, size, box.inner_width_pt()))
    shape = deck.add_text(frame, Rect(box.left, box.top, box.width, need), [para], size)
    shape.name = name
    return need


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
    top = box.top
    if headline:
        top += _line(deck, frame, figure.title, box, HEADLINE_SIZE.pt, bold=True, muted=False,
                     name=f"Figure {figure.number} headline")
    units = units_text(figure)
    if units:
        top += _line(deck, frame, units, box.with_top(top), UNITS_SIZE.pt,
                     name=f"Figure {figure.number} units") + SOURCE_GAP
    area = box.with_top(top)
    source = None
    if figure.source:
        text = clip("Source: " + figure.source, deck.style.family, SOURCE_SIZE.pt,
                    box.inner_width_pt(), Emu(int(box.height * LINE_SHARE)).pt)
        source = Para((Span(text, color=deck.muted(frame.background)),), space_after=0.0)
        need = height_for_text(text_height([source], deck.style.family, SOURCE_SIZE.pt,
                                           box.inner_width_pt()))
        area = area.with_bottom(area.bottom - need - SOURCE_GAP)
    chart = area if native else fit_box(area, picture_aspect(figure))
    if native:
        shape = add_native_chart(deck, frame, figure, chart)
    else:
        shape = frame.slide.shapes.add_picture(str(figure.png), *chart.emu())
    shape.name = f"Figure {figure.number}"
    set_alt_text(shape, figure.alt)
    if source is not None:
        need = height_for_text(text_height([source], deck.style.family, SOURCE_SIZE.pt,
                                           box.inner_width_pt()))
        src = deck.add_text(frame, Rect(box.left, chart.bottom + SOURCE_GAP, box.width, need),
                            [source], SOURCE_SIZE.pt)
        src.name = f"Figure {figure.number} source"


def render_figure(deck: Deck, figure: Figure, extra_notes: str = "") -> None:
    """One slide for one figure: its headline as the title."""
    frame = deck.new_slide("chart", figure.title)
    chart_block(deck, frame, figure, frame.content, headline=False)
    deck.finish(frame, "\n\n".join(x for x in (chart_notes(figure), extra_notes) if x))


def render_pair(deck: Deck, title: str, figures: Sequence[Figure], extra_notes: str = "") -> None:
    """Two small charts side by side under one title, each with its own headline."""
    frame = deck.new_slide("chart", title)
    area = frame.content
    width = (area.width - COLUMN_GUTTER) // 2
    for i, figure in enumerate(figures):
        box = Rect(area.left + i * (width + COLUMN_GUTTER), area.top, width, area.height)
        chart_block(deck, frame, figure, box, headline=True)
    notes = "\n\n".join(chart_notes(f) for f in figures)
    deck.finish(frame, "\n\n".join(x for x in (notes, extra_notes) if x))


def picture_aspect(figure: Figure) -> float:
    """Height over width of a figure's picture."""
    with Image.open(figure.png) as img:
        return img.height / img.width


def fit_box(box: Rect, aspect: float) -> Rect:
    """The largest box of a given height/width ratio inside `box`, centred, at its top."""
    width = min(box.width, int(box.height / aspect))
    height = int(width * aspect)
    return Rect(box.left + (box.width - width) // 2, box.top, width, height)
