"""Key-figure tiles: a big number, its label and note, three or four to a slide.

Columns come from the content area's width (four across on 16:9, two by two on 4:3);
rows are as tall as their tallest tile needs. A number may wrap once but never inside
a word; labels and notes stay at or above the body minimum. When tiles do not fit,
sizes shrink first, then fewer tiles go on each slide.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from pptx.util import Emu, Inches

from reportgen.document.nodes import KeyFigure, KeyFigures
from reportgen.render.pptx.colors import WHITE, contrast, readable_on
from reportgen.render.pptx.deck import Deck
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
TILE_PAD = Inches(0.12)
"""Extra inset inside a tile (on top of the deck's text insets)."""
TILE_INSETS = Insets(INSET_X + TILE_PAD, INSET_Y + TILE_PAD, INSET_X + TILE_PAD,
                     INSET_Y + TILE_PAD)
LABEL_SIZE = 20.0
MIN_TILE_HEIGHT = Inches(2.2)
"""Tiles are at least this tall (where the area allows), so that a row looks like tiles."""
MAX_TILE_HEIGHT = Inches(4.2)
MIN_TILE_CONTRAST = 1.05
"""A tile tint closer than this to the slide's background would not show as a tile."""
VALUE_LINES = 2
"""A number with spaces (`20,000 barrels/day`) may wrap once, never inside a word."""


def _columns(area: Rect, count: int) -> int:
    across = max(1, (area.width + TILE_GUTTER) // (MIN_TILE_WIDTH + TILE_GUTTER))
    return count if count <= across else min(2, count)


def _widths(area: Rect, count: int) -> tuple[int, int]:
    """Columns and tile width for a page of `count` tiles."""
    cols = _columns(area, count)
    return cols, (area.width - (cols - 1) * TILE_GUTTER) // cols


def tile_fill(theme: Theme, background: str) -> str:
    """The tiles' tint: the theme's light tint, or white if that is the background's colour."""
    if contrast(theme.light, background) >= MIN_TILE_CONTRAST:
        return theme.light
    return theme.background if contrast(theme.background, background) > 1 else WHITE


def _paras(fig: KeyFigure, value_size: float, base: float, theme: Theme,
           fill: str | None = None) -> list[Para]:
    fill = fill or theme.light
    value = Span(fig.value, bold=True, color=readable_on(fill, theme.primary, theme.text))
    paras = [Para((value,), scale=value_size / base, space_after=0.15),
             Para((Span(fig.label, bold=True, color=readable_on(fill, theme.text)),),
                  space_after=0.35)]
    if fig.note:
        paras.append(Para((Span(fig.note, color=readable_on(fill, theme.muted, theme.text)),),
                          space_after=0.0))
    return paras


def _value_fits(deck: Deck, fig: KeyFigure, size: float, width: float) -> bool:
    """Whether the number takes at most two lines at a size, no word broken."""
    family = deck.style.family
    words = [(Span(w, bold=True),) for w in fig.value.split()]
    return (count_lines((Span(fig.value, bold=True),), family, size, width) <= VALUE_LINES
            and all(count_lines(w, family, size, width) == 1 for w in words))


@dataclass(frozen=True)
class Plan:
    """How the key figures are laid out."""

    pages: list[range]
    """Indices of the figures on each slide."""
    value_size: float
    """Size of the numbers."""
    base: float
    """Size of labels and notes."""
    rows: list[list[int]]
    """Height of each row of tiles on each slide (accent rule included)."""


def _row_heights(deck: Deck, figures: KeyFigures, page: range, area: Rect,
                 value_size: float, base: float) -> list[int] | None:
    """Row heights of one page at these sizes, or None if the tiles do not fit."""
    cols, width = _widths(area, len(page))
    inner = Rect(0, 0, width, 0).inner_width_pt(TILE_INSETS)
    if not all(_value_fits(deck, figures.items[i], value_size, inner) for i in page):
        return None
    needed = [height_for_text(text_height(_paras(figures.items[i], value_size, base, deck.theme),
                                          deck.style.family, base, inner), TILE_INSETS)
              + RULE_HEIGHT for i in page]
    rows = [max(needed[r * cols:(r + 1) * cols]) for r in range(-(-len(page) // cols))]
    room = area.height - (len(rows) - 1) * TILE_GUTTER
    if sum(rows) > room or max(rows) > MAX_TILE_HEIGHT:
        return None
    floor = min(MIN_TILE_HEIGHT, room // len(rows))
    rows = [max(r, floor) for r in rows]
    if len(rows) * max(rows) <= room:  # equal rows where they fit: a calmer grid
        rows = [max(rows)] * len(rows)
    return rows


def _plan(deck: Deck, figures: KeyFigures, area: Rect) -> Plan:
    for per_slide in range(MAX_PER_SLIDE, 0, -1):
        pages = chunk_evenly(len(figures.items), per_slide)
        for value_size in sizes_down(FIGURE_VALUE_SIZE.pt, TITLE_MIN.pt, 4):
            for base in sizes_down(LABEL_SIZE, BODY_MIN.pt):
                rows = [_row_heights(deck, figures, p, area, value_size, base) for p in pages]
                if all(r is not None for r in rows):
                    return Plan(pages, value_size, base, [r for r in rows if r is not None])
    pages = chunk_evenly(len(figures.items), 1)
    return Plan(pages, TITLE_MIN.pt, BODY_MIN.pt, [[MAX_TILE_HEIGHT]] * len(pages))


def _grid(area: Rect, count: int, rows: list[int]) -> list[Rect]:
    """Tile boxes of one page, the block a third of the way down the free space."""
    cols, width = _widths(area, count)
    block = sum(rows) + (len(rows) - 1) * TILE_GUTTER
    top = area.top + max(0, area.height - block) // 3
    boxes = []
    for i in range(count):
        r = i // cols
        boxes.append(Rect(area.left + (i % cols) * (width + TILE_GUTTER),
                          top + sum(rows[:r]) + r * TILE_GUTTER, width, rows[r]))
    return boxes


LABEL_SHARE = 0.6
"""Share of a tile's text room a label may take when label and note must be cut short."""


def _clipped(deck: Deck, figures: KeyFigures, area: Rect) -> KeyFigures:
    """The figures with labels and notes cut short (…) where even a tile of its own,
    at the smallest sizes, could not hold them; the notes keep the full text."""
    _, width = _widths(area, 1)
    inner = Rect(0, 0, width, 0).inner_width_pt(TILE_INSETS)
    room = Emu(min(MAX_TILE_HEIGHT, area.height) - RULE_HEIGHT - TILE_INSETS.top
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


def render_key_figures(deck: Deck, figures: KeyFigures) -> None:
    """The key figures on as few slides as keep every tile legible."""
    if not figures.items:
        return
    full = figures
    area = deck.text_area("key_figures", figures.heading)
    figures = _clipped(deck, figures, area)
    plan = _plan(deck, figures, area)
    theme = deck.theme
    for n, (page, rows) in enumerate(zip(plan.pages, plan.rows, strict=True)):
        frame = deck.new_slide("key_figures", deck.continued(figures.heading, n))
        fill = tile_fill(theme, frame.background)
        for i, tile in zip(page, _grid(frame.content, len(page), rows), strict=True):
            fig = figures.items[i]
            add_rect(frame.slide.shapes, Rect(tile.left, tile.top, tile.width, RULE_HEIGHT),
                     theme.accent)
            shape = add_rect(frame.slide.shapes, tile.with_top(tile.top + RULE_HEIGHT), fill,
                             decorative=False)
            shape.name = f"Key figure {fig.id}"
            write_frame(shape.text_frame, _paras(fig, plan.value_size, plan.base, theme, fill),
                        plan.base, deck.style, anchor="top", insets=TILE_INSETS)
        notes = "\n".join(
            f"{f.value}: {f.label}" + (f" ({f.note})" if f.note else "")
            + (f". {deck.language.labels.source_line(f.source)}" if f.source else "")
            for f in (full.items[i] for i in page))
        deck.finish(frame, notes)
