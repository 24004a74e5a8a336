"""A chart's data drawn out of its table (once per chart), and a description for alt text."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from reportgen.core.format import format_number, format_partial_date
from reportgen.core.language import Language
from reportgen.data.tables import Cell, Table

ALT_MAX_POINTS = 24
"""Most data points spelled out in generated alt text."""


@dataclass(frozen=True)
class Series:
    """One named series of a chart."""

    name: str
    """Legend label (the column's display name)."""
    values: tuple[float, ...]
    """One value per category."""


@dataclass(frozen=True)
class ChartData:
    """A chart's categories and series: what every drawing of it and its native chart show."""

    categories: tuple[str, ...]
    """The x values as text (or numbers formatted) in order."""
    series: tuple[Series, ...]
    """One or more series."""
    x_values: tuple[float, ...] | None = None
    """Numeric x values, when the chart kind places x on a true numeric scale."""
    x_label: str | None = None
    """Axis label for x."""
    y_label: str | None = None
    """Axis label for y."""
    unit: str | None = None
    """Unit of the values, shown with value labels (e.g. `%`, `bn`)."""
    highlight: tuple[str, ...] = ()
    """Categories (series, for lines and areas) drawn in the accent, the rest in grey."""
    point_labels: tuple[str, ...] | None = None
    """A name per point (a scatter's `label` column), printed beside it."""


MAX_SLICES = 6
"""Most slices a pie or donut draws; beyond, the smallest are grouped as `Other`."""
OTHER = "Other"
"""The name of a pie's grouped smallest slices."""
UNIT_WORDS = {
    "pct": "%", "percent": "%", "pp": "pp", "bn": "bn", "mn": "m", "m": "m", "k": "k",
    "tn": "tn", "bcm": "bcm", "mcm": "mcm", "km3": "km³", "km2": "km²", "mt": "Mt",
    "kt": "kt", "twh": "TWh", "gwh": "GWh", "mw": "MW", "gw": "GW", "bpd": "bpd",
    "usd": "USD", "eur": "EUR", "gbp": "GBP", "rub": "RUB", "azn": "AZN", "gel": "GEL",
}
"""Last words of a column name that name its unit, as the unit is written."""
ACRONYMS = frozenset({"gdp", "eu", "us", "uk", "un", "lng", "fdi", "cpi", "nato", "imf",
                      "usd", "eur", "gbp", "co2", "ppp", "id"})
"""Words of a column name written in capitals."""
SMALL_WORDS = frozenset({"a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on",
                         "or", "per", "the", "to", "vs", "via", "with"})
"""Words left in lower case inside a humanised name."""
IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*$")
"""A column name written as a code (`to_europe_bcm`, `exports`), not as words."""
ISO_DATE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$")
"""A date written as YYYY-MM-DD or YYYY-MM."""


def humanise(column: str) -> str:
    """A column's code name as words: `to_europe_bcm` -> `To Europe (bcm)`, `usd_bn` ->
    `USD bn`, `share_pct` -> `Share (%)`; a name already written as words is kept."""
    if not IDENTIFIER.match(column) or (column != column.lower() and "_" not in column):
        return column
    words = column.lower().split("_")
    units: list[str] = []
    while len(words) > 1 and words[-1] in UNIT_WORDS:
        units.insert(0, UNIT_WORDS[words.pop()])
    if all(w in UNIT_WORDS for w in words):  # a name that is all unit: `usd_bn`
        return " ".join([UNIT_WORDS[w] for w in words] + units)
    shown = []
    for index, word in enumerate(words):
        if word in ACRONYMS:
            shown.append(word.upper())
        elif index and word in SMALL_WORDS:
            shown.append(word)
        else:
            shown.append(word[:1].upper() + word[1:])
    name = " ".join(shown)
    return f"{name} ({' '.join(units)})" if units else name


def category_label(value: object) -> str:
    """A category as a label: numbers as written, without thousands separators (years!)."""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


def category_labels(cells: Sequence[Cell], language: Language | None = None
                    ) -> tuple[str, ...]:
    """A column's cells as category labels; a column of dates reads `Feb 2024` (all on
    the first of a month), `2024` (all on 1 January) or `25 Feb 2024`, in `language`
    (`февр. 2024` in Russian; English by default)."""
    date = language.partial_date if language is not None else format_partial_date
    texts = [category_label(v) for v in cells]
    if not texts or not all(ISO_DATE.match(t) for t in texts):
        return tuple(texts)
    parts = [t.split("-") for t in texts]
    if all(len(p) == 2 or p[2] == "01" for p in parts):
        if all(p[1] == "01" for p in parts) and len(set(p[0] for p in parts)) == len(parts):
            return tuple(p[0] for p in parts)
        return tuple(date(f"{p[0]}-{p[1]}") for p in parts)
    return tuple(date(t) for t in texts)


def display_names(ys: Sequence[str], labels: Mapping[str, str] | None) -> list[str]:
    """What each y column is called on a chart: its label, else its name humanised."""
    labels = labels or {}
    return [labels.get(name) or humanise(name) for name in ys]


def chart_data(
    table: Table,
    x: str,
    ys: Sequence[str],
    *,
    numeric_x: bool = False,
    labels: Mapping[str, str] | None = None,
    x_label: str | None = None,
    y_label: str | None = None,
    unit: str | None = None,
    highlight: Sequence[str] = (),
    label: str | None = None,
    language: Language | None = None,
) -> ChartData:
    """Categories and series of a chart, in the table's row order.

    With `numeric_x` (kinds that place x on a true scale), an all-numeric x column is
    kept as numbers too. `label` names a column whose cells name the points. Dates
    among the categories are written in `language` (English by default).
    """
    x_cells = table.column(x)
    x_values = None
    if numeric_x and x_cells and all(isinstance(v, float) for v in x_cells):
        x_values = tuple(float(v) for v in x_cells)  # type: ignore[arg-type]
    series = tuple(
        Series(
            shown,
            tuple(v if isinstance(v, float) else float("nan") for v in table.column(name)),
        )
        for name, shown in zip(ys, display_names(ys, labels), strict=True)
    )
    categories = category_labels(x_cells, language)
    shown = dict(zip(ys, display_names(ys, labels), strict=True))
    shown.update(zip((category_label(v) for v in x_cells), categories, strict=True))
    return ChartData(
        categories=categories,
        series=series,
        x_values=x_values,
        x_label=x_label,
        y_label=y_label,
        unit=unit,
        highlight=tuple(shown.get(name, name) for name in highlight),
        point_labels=tuple(category_label(v) for v in table.column(label)) if label else None,
    )


def pie_slices(data: ChartData, other: str = OTHER) -> ChartData:
    """A pie's data as drawn: at most MAX_SLICES slices, the largest (and highlighted)
    first and the rest summed as `other` (`Other` in the chart's language, with any
    category already called so); fewer are kept as given."""
    if len(data.categories) <= MAX_SLICES or not data.series:
        return data
    values = data.series[0].values
    named = [i for i, name in enumerate(data.categories) if name != other]
    # Highlighted slices are never lost in `Other`; the rest go largest first.
    named.sort(key=lambda i: (data.categories[i] not in data.highlight,
                              -values[i] if math.isfinite(values[i]) else 0.0))
    kept = named[: MAX_SLICES - 1]
    rest = math.fsum(v for i, v in enumerate(values) if i not in kept and math.isfinite(v))
    categories = tuple(data.categories[i] for i in kept) + (other,)
    series = Series(data.series[0].name, tuple(values[i] for i in kept) + (rest,))
    return replace(data, categories=categories, series=(series,), x_values=None)


def describe_points(data: ChartData, *, pairs: bool = False,
                    language: Language | None = None) -> str:
    """The data in words for alt text: `Russia to Azerbaijan 3.621, ...` (at most 24 points),
    numbers written as `language` writes them (English by default)."""
    number = language.number if language is not None else format_number
    parts = []
    unit = data.unit or ""
    for series in data.series:
        points = list(zip(data.categories, series.values, strict=False))
        if pairs:
            shown = ", ".join(
                f"({c}, {number(v)}{unit})" for c, v in points[:ALT_MAX_POINTS]
            )
        else:
            shown = ", ".join(f"{c} {number(v)}{unit}" for c, v in points[:ALT_MAX_POINTS])
        if len(points) > ALT_MAX_POINTS:
            more = len(points) - ALT_MAX_POINTS
            shown += " " + (language.counted(language.labels.more_points, more)
                            if language is not None else f"and {more} more")
        parts.append(f"{series.name}: {shown}" if len(data.series) > 1 else shown)
    return "; ".join(parts)
