"""Design lint: what `check` warns about in a valid spec that would print badly.

Each rule gives a message and the key it is about; the checker locates it and reports it
as a warning (an error with `--strict`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from reportgen.data.kinds import ChartKind
from reportgen.data.orientation import drawn_type
from reportgen.data.series import MAX_SLICES, OTHER, ChartData, humanise
from reportgen.spec.source import Path_

MIN_POINTS = 3
"""Fewer values than this say more as a sentence or a key figure than as a chart."""
MAX_CALLOUT_WORDS = 30
"""Longest pull quote that still reads at a glance."""
MAX_JUDGMENTS = 5
"""Most key judgments a reader takes in up front."""
MAX_JUDGMENT_WORDS = 40
"""Longest key judgment."""
COVER_ROW_FIGURES = 4
"""Key figures in the row of big numbers the brief and the deck open with."""
SERIES_KINDS = frozenset({"line", "area"})
"""Chart kinds whose `highlight` names series rather than categories."""


def chart_warnings(kind: ChartKind, data: ChartData, ys: Sequence[str],
                   labels: Mapping[str, Any]) -> list[tuple[str, Path_]]:
    """What reads badly in one chart, each with the key (under the chart) it is about."""
    found: list[tuple[str, Path_]] = []
    categories = len(data.categories)
    points = categories * (1 if kind.one_series else len(data.series))
    if kind.name == "stacked_bar" and categories == 1:
        found.append(("a stacked bar of one category is a single bar: show its parts side by "
                      "side as a bar chart, or say them in a sentence", ("x",)))
    elif points < MIN_POINTS:
        found.append((f"a chart of {points} value{'s' if points != 1 else ''} says less than "
                      "a sentence or a key figure would, in more room", ("type",)))
    if kind.one_series and categories > MAX_SLICES:
        rest = categories - (MAX_SLICES - 1)
        if drawn_type(kind.name, data) == "barh":
            found.append((f"a {kind.name} of {categories} slices cannot be read, and summing "
                          f"the smallest {rest} as '{OTHER}' would hide too much: it is drawn "
                          "as horizontal bars, largest first (say type: barh)", ("type",)))
        else:
            found.append((f"a {kind.name} of {categories} slices cannot be read: the "
                          f"{MAX_SLICES - 1} largest are drawn and the other {rest} summed "
                          f"as '{OTHER}'; a barh chart shows them all", ("type",)))
    if kind.name == "bar" and drawn_type(kind.name, data) == "barh":
        found.append((f"the names of these {categories} categories are too long or too many "
                      "to stand side by side under the bars: the chart is drawn with "
                      "horizontal bars (say type: barh)", ("type",)))
    if len(ys) > 1:
        for index, column in enumerate(ys):
            if not labels.get(column):
                found.append((f"column {column!r} has no label: the legend shows it as "
                              f"{humanise(column)!r} (set labels.{column})", ("y", index)))
    return found


def highlightable(kind: ChartKind, data: ChartData, ys: Sequence[str],
                  raw: Sequence[str]) -> tuple[list[str], str]:
    """The names a chart's `highlight` may give, and what they are called."""
    if kind.name in SERIES_KINDS:
        return [*ys, *(s.name for s in data.series)], "series"
    if kind.name == "scatter":
        return [*(data.point_labels or ()), *data.categories, *raw], "point"
    return [*data.categories, *raw], "category"


def document_warnings(raw: Mapping[str, Any]) -> list[tuple[Path_, str]]:
    """What reads badly in the text around the charts: long callouts and judgments,
    too many judgments or key figures, a timeline out of order."""
    found: list[tuple[Path_, str]] = []
    for index, section in _items(raw, "sections"):
        callout = section.get("callout")
        if isinstance(callout, str) and _words(callout) > MAX_CALLOUT_WORDS:
            found.append((("sections", index, "callout"),
                          f"a callout of {_words(callout)} words is a paragraph, not a pull "
                          f"quote: keep it to {MAX_CALLOUT_WORDS} words or fewer"))
    report = raw.get("report") if isinstance(raw.get("report"), dict) else {}
    summary = report.get("summary")
    if isinstance(summary, list):
        if len(summary) > MAX_JUDGMENTS:
            found.append((("report", "summary", MAX_JUDGMENTS),
                          f"{len(summary)} key judgments: a reader takes in "
                          f"{MAX_JUDGMENTS} at most; merge or cut the rest"))
        for index, judgment in enumerate(summary):
            if isinstance(judgment, str) and _words(judgment) > MAX_JUDGMENT_WORDS:
                found.append((("report", "summary", index),
                              f"a key judgment of {_words(judgment)} words: keep each to "
                              f"{MAX_JUDGMENT_WORDS} words or fewer"))
    figures = raw.get("key_figures")
    if isinstance(figures, list) and len(figures) > COVER_ROW_FIGURES:
        found.append((("key_figures", COVER_ROW_FIGURES),
                      f"{len(figures)} key figures: the cover row holds {COVER_ROW_FIGURES}; "
                      "the others push the text down and dilute them (keep the "
                      f"{COVER_ROW_FIGURES} a reader must remember)"))
    before: tuple[int, ...] | None = None
    for index, event in _items(raw, "timeline"):
        when = _date_key(event.get("date"))
        if when is None:
            continue
        if before is not None and when < before[: len(when)]:
            found.append((("timeline", index, "date"),
                          "the timeline is out of order: this event is dated before the one "
                          "above it"))
        before = when
    return found


def _items(raw: Mapping[str, Any], key: str) -> list[tuple[int, dict[str, Any]]]:
    value = raw.get(key)
    if not isinstance(value, list):
        return []
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)]


def _words(text: str) -> int:
    return len(text.split())


def _date_key(value: Any) -> tuple[int, ...] | None:
    """A timeline date (YYYY, YYYY-MM, YYYY-MM-DD, or a date) as numbers to compare."""
    if isinstance(value, dt.date):
        return value.year, value.month, value.day
    if isinstance(value, int) and not isinstance(value, bool):
        return (value,)
    if isinstance(value, str):
        try:
            return tuple(int(part) for part in value.split("-"))
        except ValueError:
            return None
    return None
