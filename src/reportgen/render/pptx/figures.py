"""Figure slides: the takeaway as title, the chart fitted in the content area, its source.

The chart is the PNG (kept in proportion) or, with `charts="native"`, an editable
PowerPoint chart drawn from the figure's data. The source line sits right under it.
"""

from __future__ import annotations

from PIL import Image
from pptx.util import Emu

from reportgen.core.labels import Labels
from reportgen.document.nodes import Figure
from reportgen.render.pptx.deck import Deck, SlideFrame
from reportgen.render.pptx.draw import set_alt_text
from reportgen.render.pptx.fit import Para, Span, clip, text_height
from reportgen.render.pptx.geometry import SMALL_SIZE, SOURCE_GAP, Rect, height_for_text
from reportgen.render.pptx.native import add_native_chart

FIT_ROUNDS = 4
"""Passes of fitting chart and source line together (the source wraps to the chart's width)."""


def render_figure(deck: Deck, figure: Figure) -> None:
    """One slide for one figure."""
    frame = deck.new_slide("chart", figure.title)
    native = deck.charts == "native" and figure.data is not None
    if deck.charts == "native" and figure.data is None:
        deck.say(f"figure {figure.number} ({figure.chart_id}): no data, placed as a picture")
    area = frame.content
    if native and figure.subtitle:
        area = _subtitle(deck, frame, figure.subtitle, area)
    source = _source_para(deck, frame, figure)
    aspect = None if native else _aspect(figure)
    box = area
    chart = area
    source_rect = None
    for _ in range(FIT_ROUNDS):
        chart = box if aspect is None else _fit(box, aspect)
        if source is None:
            break
        width = chart.width if chart.width > area.width // 2 else area.width
        left = chart.left if width == chart.width else area.left
        need = height_for_text(text_height([source], deck.style.family, SMALL_SIZE.pt,
                                           Rect(0, 0, width, 0).inner_width_pt()))
        source_rect = Rect(left, chart.bottom + SOURCE_GAP, width, need)
        if source_rect.bottom <= area.bottom:
            break
        box = box.with_bottom(area.bottom - need - SOURCE_GAP)
    if native:
        shape = add_native_chart(deck, frame, figure, chart)
    else:
        shape = frame.slide.shapes.add_picture(str(figure.png), *chart.emu())
    shape.name = f"Figure {figure.number}"
    set_alt_text(shape, figure.alt)
    if source is not None and source_rect is not None:
        deck.add_text(frame, source_rect, [source], SMALL_SIZE.pt)
    deck.finish(frame, _notes(figure, deck.language.labels))


LINE_SHARE = 0.25
"""Most of the content area a subtitle or a source line may take (longer ones are cut)."""


def _short(deck: Deck, text: str, area: Rect) -> str:
    """A subtitle or source line cut short (…) if it would take over the chart's room."""
    return clip(text, deck.style.family, SMALL_SIZE.pt, area.inner_width_pt(),
                Emu(int(area.height * LINE_SHARE)).pt)


def _subtitle(deck: Deck, frame: SlideFrame, subtitle: str, area: Rect) -> Rect:
    subtitle = _short(deck, subtitle, area)
    para = Para((Span(subtitle, color=deck.muted(frame.background)),), space_after=0.0)
    need = height_for_text(text_height([para], deck.style.family, SMALL_SIZE.pt,
                                       area.inner_width_pt()))
    deck.add_text(frame, Rect(area.left, area.top, area.width, need), [para], SMALL_SIZE.pt)
    return area.with_top(area.top + need + SOURCE_GAP)


def _source_para(deck: Deck, frame: SlideFrame, figure: Figure) -> Para | None:
    if not figure.source:
        return None
    text = _short(deck, deck.language.labels.source_line(figure.source), frame.content)
    return Para((Span(text, color=deck.muted(frame.background)),), space_after=0.0)


def _aspect(figure: Figure) -> float:
    with Image.open(figure.png) as img:
        return img.height / img.width


def _fit(box: Rect, aspect: float) -> Rect:
    """The largest box of a given height/width ratio inside `box`, centred, at its top."""
    width = min(box.width, int(box.height / aspect))
    height = int(width * aspect)
    return Rect(box.left + (box.width - width) // 2, box.top, width, height)


def _notes(figure: Figure, labels: Labels) -> str:
    parts = [f"{labels.figure_number(figure.number)}: {figure.title}", figure.subtitle,
             figure.caption, f"{labels.description} {figure.alt}",
             labels.source_line(figure.source) if figure.source else None]
    return "\n\n".join(p for p in parts if p)
