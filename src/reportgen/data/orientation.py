"""The chart a reader gets when the asked-for one would not read: the rules, from data only.

A bar chart whose category names cannot stand side by side under their bars (they
would be slanted into the figure above, or wrapped into towers) is drawn as horizontal
bars; a pie or donut of more than MAX_SLICES slices whose grouping would hide many
categories in `Other`, or make `Other` one of its biggest slices, is drawn as a bar
chart sorted largest first. The charts draw by these rules and `check` says when one
applies, so both decide from the same data, whatever size a chart is drawn at.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence

from reportgen.data.series import MAX_SLICES, ChartData, pie_slices

NARROW_PLOT_PT = 150.0
"""About the narrowest plot a bar chart is drawn in (beside points on a 4:3 slide),
measured in the size its names are set at (8 pt in print, enlarged with the chart)."""
NAME_PT = 8.0
"""Size of a category name (the charts' tick size)."""
NAME_CHAR_EM = 0.52
"""Average width of a character of a name, in ems."""
NAME_GAP_EM = 1.0
"""Least space between two names side by side, in ems."""
MAX_NAME_LINES = 2
"""Most lines a name under a bar may wrap to."""
MIN_NAME_CHARS = 6
"""Fewest characters per line a name is wrapped to."""
MAX_HIDDEN_SLICES = 3
"""Most categories a pie may sum into `Other` before a bar chart shows them better."""
ROUND_KINDS = ("pie", "donut")
"""Chart kinds drawn as a circle of slices."""


def reads_as_sequence(name: str) -> bool:
    """Whether a category reads as a point in a sequence (`2024`, `2024Q1`, `Jan 2024`)."""
    chars = name.replace(" ", "")
    return bool(chars) and sum(c.isdigit() for c in chars) * 2 >= len(chars)


def names_crowd(names: Sequence[str]) -> bool:
    """Whether category names are too long or too many to stand side by side under
    bars in the narrowest plot (names of a sequence are thinned instead, never crowd)."""
    if not names or all(reads_as_sequence(n) for n in names):
        return False
    slot_pt = NARROW_PLOT_PT / len(names)
    room_pt = slot_pt - NAME_GAP_EM * NAME_PT
    chars = max(int(room_pt / (NAME_PT * NAME_CHAR_EM)), MIN_NAME_CHARS)
    for name in names:
        lines = textwrap.wrap(name, width=chars, break_long_words=False) or [name]
        widest = max(len(line) for line in lines) * NAME_PT * NAME_CHAR_EM
        if len(lines) > MAX_NAME_LINES or widest + NAME_GAP_EM * NAME_PT > slot_pt:
            return True
    return False


def pie_hides_too_much(data: ChartData) -> bool:
    """Whether grouping a pie's smallest slices as `Other` would hide more than
    MAX_HIDDEN_SLICES categories, or make `Other` one of its two biggest slices."""
    if len(data.categories) <= MAX_SLICES or not data.series:
        return False
    if len(data.categories) - (MAX_SLICES - 1) > MAX_HIDDEN_SLICES:
        return True
    values = [v if math.isfinite(v) else 0.0 for v in pie_slices(data).series[0].values]
    *kept, other = values
    return other >= sorted(kept, reverse=True)[1]


def drawn_type(chart_type: str, data: ChartData) -> str:
    """The chart type a chart is drawn as: `barh` for a bar chart whose names crowd and
    for a pie or donut that would hide too much in `Other`; else the type asked for."""
    if chart_type == "bar" and names_crowd(data.categories):
        return "barh"
    if chart_type in ROUND_KINDS and pie_hides_too_much(data):
        return "barh"
    return chart_type
