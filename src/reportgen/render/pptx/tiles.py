"""Key-figure tiles: a big number, its label and note, three or four to a slide.

Columns come from the content area's width (four across on 16:9, two by two on 4:3);
rows are as tall as their tallest tile needs. A number may wrap once but never inside
a word; labels and notes stay at or above the body minimum. When tiles do not fit,
sizes shrink first, then fewer tiles go on each slide.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from pptx.util import Emu, Inches

from reportgen.core.labels import Labels
from reportgen.document.nodes import KeyFigure, KeyFigures
from reportgen.render.pptx.colors import WHITE, contrast, readable_on
from reportgen.render.pptx.deck import Deck, SlideFrame
from reportgen.render.pptx.draw import add_rect
from reportgen.render.pptx.fit import (
    Para,
    Span,
    clip,
    count_lines,
    sizes_down,
    text_height,
)
from reportgen.render.pptx.geometry import (
    BODY_MIN,
    FIGURE_VALUE_MIN,
    FIGURE_VALUE_SIZE,
    INSET_X,
    INSET_Y,
    RULE_HEIGHT,
    TITLE_MIN,
    Insets,
    Rect,
    height_for_text,
)
from reportgen.render.pptx.pages import chunk_evenly
from reportgen.render.pptx.text import write_frame
from reportgen.theme import Theme

MAX_PER_SLIDE = 4
MIN_TILE_WIDTH = Inches(2.7)
"""Narrowest tile in a single row; a narrower area puts four tiles two by two."""
TILE_GUTTER = Inches(0.3)
TILE_PAD = Inches(0.1)
"""Extra inset inside a tile (on top of the deck's text insets)."""
TILE_INSETS = Insets(INSET_X + TILE_PAD, INSET_Y + TILE_PAD, INSET_X + TILE_PAD,
                     INSET_Y + TILE_PAD)
LABEL_SIZE = 20.0
UNIT_SHARE = 0.45
"""The unit line's size as a share of the number's (never below the body minimum)."""
MIN_TILE_HEIGHT = Inches(2.2)
"""Tiles are at least this tall (where the area allows), so that a row looks like tiles."""
MIN_TILE_CONTRAST = 1.05
"""A tile tint closer than this to the slide's background would not show as a tile."""
VALUE_STEP = 4.0
"""Step when looking for the largest number size (points)."""


def split_value(value: str) -> tuple[str, str | None]:
    """A formatted figure as its number and its unit: `20,000 barrels/day` gives
    (`20,000`, `barrels/day`); `$1.178bn` stays whole (a unit written close is part
    of the number)."""
    number, _, unit = value.strip().partition(" ")
    return number, unit.strip() or None


def _column_choices(area: Rect, count: int) -> list[int]:
    """Tiles across for a page of `count`: all in a row if they are wide enough, else
    (or as the next choice, for four) two by two."""
    across = max(1, (area.width + TILE_GUTTER) // (MIN_TILE_WIDTH + TILE_GUTTER))
    if count <= across:
        return [count, 2] if count == 4 else [count]
    return [min(2, count)]


def _widths(area: Rect, count: int, cols: int | None = None) -> tuple[int, int]:
    """Columns and tile width for a page of `count` tiles."""
    cols = cols or _column_choices(area, count)[0]
    return cols, (area.width - (cols - 1) * TILE_GUTTER) // cols


def tile_fill(theme: Theme, background: str) -> str:
    """The tiles' tint: the theme's light tint, or white if that is the background's colour."""
    if contrast(theme.light, background) >= MIN_TILE_CONTRAST:
        return theme.light
    return theme.background if contrast(theme.background, background) > 1 else WHITE


def _unit_size(value_size: float) -> float:
    return max(BODY_MIN.pt, round(value_size * UNIT_SHARE))


def _paras(fig: KeyFigure, value_size: float, base: float, theme: Theme,
           fill: str | None = None) -> list[Para]:
    """A tile's text: the number, its unit on a line of its own, the label, the note."""
    fill = fill or theme.light
    strong = readable_on(fill, theme.primary, theme.text)
    number, unit = split_value(fig.value)
    paras = [Para((Span(number, bold=True, color=strong),), scale=value_size / base,
                  space_after=0.05 if unit else 0.15)]
    if unit:
        paras.append(Para((Span(unit, bold=True, color=strong),),
                          scale=_unit_size(value_size) / base, space_after=0.35))
    paras.append(Para((Span(fig.label, bold=True, color=readable_on(fill, theme.text)),),
                      space_after=0.35 if fig.note else 0.0))
    if fig.note:
        paras.append(Para((Span(fig.note, color=readable_on(fill, theme.muted, theme.text)),),
                          space_after=0.0))
    return paras  # the last paragraph has no space after: the tile's inset is its margin


def _number_fits(deck: Deck, fig: KeyFigure, size: float, width: float) -> bool:
    """Whether the number stands on one line at a size."""
    number, _ = split_value(fig.value)
    return count_lines((Span(number, bold=True),), deck.style.family, size, width) == 1


@dataclass(frozen=True)
class Plan:
    """How the key figures are laid out: one grid for every slide of them."""

    figures: KeyFigures
    """The figures as the tiles show them (without notes when that saves a slide)."""
    pages: list[range]
    """Indices of the figures on each slide."""
    value_size: float
    """Size of the numbers (the same on every slide)."""
    base: float
    """Size of labels and notes."""
    height: int
    """Height of every tile (accent rule included)."""
    columns: int
    """Tiles across."""
    width: int
    """Width of every tile."""


def _fit(deck: Deck, figures: KeyFigures, area: Rect, pages: list[range],
         value_size: float, base: float, columns: int | None = None) -> Plan | None:
    """The plan at these sizes, or None if a tile does not fit."""
    most = max(len(p) for p in pages)
    cols, width = _widths(area, most, columns)
    inner = Rect(0, 0, width, 0).inner_width_pt(TILE_INSETS)
    items = figures.items
    if not all(_number_fits(deck, items[i], value_size, inner) for p in pages for i in p):
        return None
    needed = max(height_for_text(text_height(_paras(items[i], value_size, base, deck.theme),
                                             deck.style.family, base, inner), TILE_INSETS)
                 + RULE_HEIGHT for p in pages for i in p)
    rows = -(-most // cols)
    room = (area.height - (rows - 1) * TILE_GUTTER) // rows
    if needed > room:
        return None
    return Plan(figures, pages, value_size, base, max(needed, min(MIN_TILE_HEIGHT, room)),
                cols, width)


def _without_notes(figures: KeyFigures) -> KeyFigures:
    return replace(figures, items=tuple(replace(f, note=None) for f in figures.items))


def _plan(deck: Deck, figures: KeyFigures, area: Rect) -> Plan:
    """Fewest slides with numbers of at least 40 pt, then the largest numbers; tiles
    leave their notes to the speaker notes when that saves a slide."""
    for per_slide in range(MAX_PER_SLIDE, 0, -1):
        pages = chunk_evenly(len(figures.items), per_slide)
        most = max(len(p) for p in pages)
        for shown in (figures, _without_notes(figures)):
            for columns in _column_choices(area, most):
                for value_size in sizes_down(FIGURE_VALUE_SIZE.pt, FIGURE_VALUE_MIN.pt,
                                             VALUE_STEP):
                    for base in sizes_down(LABEL_SIZE, BODY_MIN.pt):
                        plan = _fit(deck, shown, area, pages, value_size, base, columns)
                        if plan is not None:
                            return plan
    pages = chunk_evenly(len(figures.items), 1)
    for value_size in sizes_down(FIGURE_VALUE_MIN.pt, TITLE_MIN.pt, VALUE_STEP):
        plan = _fit(deck, figures, area, pages, value_size, BODY_MIN.pt)
        if plan is not None:
            return plan
    cols, width = _widths(area, 1)
    return Plan(figures, pages, TITLE_MIN.pt, BODY_MIN.pt, area.height, cols, width)
    


def _grid(area: Rect, count: int, plan: Plan) -> list[Rect]:
    """Tile boxes of one page, on the run's grid, the block a third of the way down."""
    full_rows = -(-max(len(p) for p in plan.pages) // plan.columns)
    block = full_rows * plan.height + (full_rows - 1) * TILE_GUTTER
    top = area.top + max(0, area.height - block) // 3
    boxes = []
    for i in range(count):
        r = i // plan.columns
        boxes.append(Rect(area.left + (i % plan.columns) * (plan.width + TILE_GUTTER),
                          top + r * (plan.height + TILE_GUTTER), plan.width, plan.height))
    return boxes


LABEL_SHARE = 0.6
"""Share of a tile's text room a label may take when label and note must be cut short."""


def _clipped(deck: Deck, figures: KeyFigures, area: Rect) -> KeyFigures:
    """The figures with labels and notes cut short (…) where even a tile of its own,
    at the smallest sizes, could not hold them; the notes keep the full text."""
    _, width = _widths(area, 1)
    inner = Rect(0, 0, width, 0).inner_width_pt(TILE_INSETS)
    room = Emu(area.height - RULE_HEIGHT - TILE_INSETS.top
               - TILE_INSETS.bottom).pt
    family, size = deck.style.family, BODY_MIN.pt
    items = []
    for fig in figures.items:
        value = text_height([Para((Span(fig.value, bold=True),), space_after=0.15)], family,
                            TITLE_MIN.pt, inner)
        text_room = max(room - value, 0.0) * 0.9  # the space after each paragraph
        label_room = text_room * LABEL_SHARE if fig.note else text_room
        label = clip(fig.label, family, size, inner, label_room, bold=True)
        note = clip(fig.note, family, size, inner, text_room - label_room) if fig.note else None
        items.append(replace(fig, label=label, note=note))
    return replace(figures, items=tuple(items))


def render_key_figures(deck: Deck, figures: KeyFigures, *, beside: bool = False) -> None:
    """The key figures on as few slides as keep every tile legible (those a section's
    slide shows beside its points are not repeated, unless `beside`: they are the ones
    that turned out not to fit there)."""
    if not beside:
        figures = replace(figures, items=tuple(f for f in figures.items
                                               if f.id not in deck.figures_shown))
    if not figures.items:
        return
    full = figures
    area = deck.text_area("key_figures", figures.heading)
    figures = _clipped(deck, figures, area)
    plan = _plan(deck, figures, area)
    figures = plan.figures
    for n, page in enumerate(plan.pages):
        frame = deck.new_slide("key_figures", deck.continued(figures.heading, n + int(beside)))
        for i, tile in zip(page, _grid(frame.content, len(page), plan), strict=True):
            draw_tile(deck, frame, figures.items[i], tile, plan.value_size, plan.base)
        deck.finish(frame, "\n".join(figure_notes(full.items[i], deck.language.labels)
                                     for i in page))


def figure_notes(fig: KeyFigure, labels: Labels) -> str:
    """A key figure said in full, for the speaker notes."""
    return (f"{fig.value}: {fig.label}" + (f" ({fig.note})" if fig.note else "")
            + (f". {labels.source_line(fig.source)}" if fig.source else ""))


def draw_tile(deck: Deck, frame: SlideFrame, fig: KeyFigure, tile: Rect, value_size: float,
              base: float) -> None:
    """One tile: an accent rule on top of a tinted box holding the figure's text."""
    theme = deck.theme
    fill = tile_fill(theme, frame.background)
    rule = add_rect(frame.slide.shapes, Rect(tile.left, tile.top, tile.width, RULE_HEIGHT),
                    deck.accent_on(frame.background))
    rule.name = f"Tile rule {fig.id}"
    shape = add_rect(frame.slide.shapes, tile.with_top(tile.top + RULE_HEIGHT), fill,
                     decorative=False)
    shape.name = f"Key figure {fig.id}"
    write_frame(shape.text_frame, _paras(fig, value_size, base, theme, fill), base,
                deck.style, anchor="top", insets=TILE_INSETS)


def column_tiles(deck: Deck, frame: SlideFrame, figures: tuple[KeyFigure, ...],
                 box: Rect) -> bool:
    """Tiles stacked in a column (beside a section's points), at one size; False (and
    nothing drawn) when they do not fit at 40 pt or more."""
    height = (box.height - (len(figures) - 1) * TILE_GUTTER) // len(figures)
    inner = Rect(0, 0, box.width, 0).inner_width_pt(TILE_INSETS)
    for value_size in sizes_down(FIGURE_VALUE_SIZE.pt, FIGURE_VALUE_MIN.pt, VALUE_STEP):
        if not all(_number_fits(deck, f, value_size, inner) for f in figures):
            continue
        for base in sizes_down(LABEL_SIZE, BODY_MIN.pt):
            needed = max(height_for_text(text_height(_paras(f, value_size, base, deck.theme),
                                                     deck.style.family, base, inner),
                                         TILE_INSETS) + RULE_HEIGHT for f in figures)
            if needed <= height:
                for n, fig in enumerate(figures):
                    top = box.top + n * (needed + TILE_GUTTER)
                    draw_tile(deck, frame, fig, Rect(box.left, top, box.width, needed),
                              value_size, base)
                return True
    return False
