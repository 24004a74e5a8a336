"""The fixed words a brief, a deck and a chart print, in the reader's language.

One table (`assets/labels/labels.toml`) holds them for every language reportgen
speaks; English fills in any label a language lacks, and serves any language the
table does not have. Writers never spell a label themselves: they read it here.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path

Plural = tuple[tuple[str, str], ...]
"""A counted word's forms by CLDR plural category (`one`, `few`, `many`, `other`)."""

LABELS_FILE = Path(__file__).resolve().parent.parent / "assets" / "labels" / "labels.toml"
"""The table of labels, installed with the package."""
FALLBACK = "en"
"""The language of a label no other language has."""


@dataclass(frozen=True)
class Labels:
    """Every fixed label in one language (`{name}` fields filled in by the methods)."""

    page_of: str
    """Page footer, `Page {page} of {total}`."""
    source: str
    """Before a figure's or table's source line, `Source:`."""
    sources: str
    """Heading of the closing list of sources."""
    used_for: str
    """Before what a source supports, `Used for:`."""
    computed: str
    """Source of a computed figure whose dataset names none."""
    figures: str
    """Several figures cited at once, `Figures {numbers}` (`Figures 1–3, 5`)."""
    tables: str
    """Several tables cited at once, `Tables {numbers}`."""
    method: str
    """How a computed key figure was derived, in words: `{figure}: {how} ({file}, {rows})`."""
    aggregates: tuple[tuple[str, str], ...]
    """Each aggregation of a column in words (`sum` -> `the sum of {column}`)."""
    dataset: str
    """A dataset cited as a source, `dataset {id}`."""
    about_author: str
    """Heading over one author's box."""
    about_authors: str
    """Heading over several authors' boxes."""
    key_judgments: str
    """Heading of the key-judgments box and slide."""
    key_figures: str
    """Heading of the key-figure tiles."""
    timeline: str
    """Heading of the chronology."""
    see_also: str
    """Heading of related reading."""
    continued: str
    """Mark after the title of a continuation slide, `(cont.)`."""
    figure: str
    """A figure's number, `Figure {number}`."""
    table: str
    """A table's number, `Table {number}`."""
    table_summary: str
    """Lead of a table's summary for screen readers."""
    table_shape: str
    """A table's size in its summary, `{rows} and {columns}:`."""
    rows: Plural
    """`{n} rows`, by plural category."""
    columns: Plural
    """`{n} columns`, by plural category."""
    more_rows: Plural
    """`And {n} more rows.`, by plural category."""
    notes: str
    """Heading of notes."""
    about_publisher: str
    """Heading of the publisher's note when the report names no publisher."""
    description: str
    """Before a chart's description in speaker notes."""
    chart_kinds: tuple[tuple[str, str], ...]
    """What a chart of each type is called in its description (`bar` -> `Bar chart`)."""
    more_points: Plural
    """After the points a chart's description spells out, `and {n} more`."""
    photo_of: str
    """Alternative text of an author's photo, `Photo of {name}`."""
    rows_of: str
    """Which rows a slide of a long table shows."""
    logo: str
    """Alternative text of a logo without a publisher name."""
    total: str
    """Caption of a donut's total."""
    other: str
    """The slice or bar that groups the rest."""
    and_: str
    """The last two of a list joined, `{first} and {last}`."""
    comma: str
    """Between the other items of a list, `, `."""
    date: str
    """CLDR pattern of a full date, `d MMMM y` (1 March 2025)."""
    month_year: str
    """CLDR pattern of a month, `MMM y` (Dec 2024)."""
    day_month_year: str
    """CLDR pattern of a short full date, `d MMM y` (25 Dec 2024)."""

    def page(self, page: int, total: int) -> str:
        """`Page 2 of 6`."""
        return self.page_of.format(page=page, total=total)

    def figure_number(self, number: int) -> str:
        """`Figure 3`."""
        return self.figure.format(number=number)

    def table_number(self, number: int) -> str:
        """`Table 2`."""
        return self.table.format(number=number)

    def source_line(self, text: str) -> str:
        """`Source: text`."""
        return f"{self.source} {text}"

    def aggregate(self, agg: str, column: str | None) -> str:
        """An aggregation of a column in words: `the sum of usd_bn`, `сумма usd_bn`."""
        return dict(self.aggregates)[agg].format(column=column or "")

    def chart_kind(self, kind: str) -> str:
        """What a chart of a type is called: `Bar chart` (`Chart` for a type it lacks)."""
        names = dict(self.chart_kinds)
        return names.get(kind, names["chart"])

    def authors_heading(self, count: int) -> str:
        """`About the author` or `About the authors`."""
        return self.about_authors if count > 1 else self.about_author

    def join(self, names: list[str]) -> str:
        """Names joined for display: `A`, `A and B`, `A, B and C`."""
        if len(names) <= 1:
            return "".join(names)
        return self.and_.format(first=self.comma.join(names[:-1]), last=names[-1])


_KEYS = {f.name: f.name.rstrip("_") for f in fields(Labels)}
"""Field name -> key in the table (`and_` is `and`)."""


@cache
def _table() -> dict[str, dict[str, str]]:
    with LABELS_FILE.open("rb") as handle:
        return tomllib.load(handle)


def known_languages() -> tuple[str, ...]:
    """The language tags the table has labels for."""
    return tuple(_table())


def table_language(tag: str) -> str | None:
    """The table's language serving a BCP 47 tag (`ru-RU` -> `ru`), or None."""
    table = _table()
    parts = tag.replace("_", "-").split("-")
    for end in range(len(parts), 0, -1):
        candidate = "-".join(parts[:end]).lower()
        if candidate in table:
            return candidate
    return None


@cache
def labels_for(tag: str) -> Labels:
    """The labels of a language, English where it has none of its own."""
    table = _table()
    english = table[FALLBACK]
    own = table.get(table_language(tag) or FALLBACK, {})
    found = {name: own.get(key, english[key]) for name, key in _KEYS.items()}
    return Labels(**{name: tuple(sorted(value.items())) if isinstance(value, dict) else value
                     for name, value in found.items()})


def plural(forms: Plural, category: str) -> str:
    """The form of a counted word for a CLDR plural category (`other` when it has none)."""
    table = dict(forms)
    return table.get(category, table["other"])
