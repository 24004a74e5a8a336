"""Tables for the document: a dataset's rows formatted for reading, and a summary of any table.

Numbers are right-aligned with the same decimals down a column (the spec's, or as many
as the column's data has), thousands separated, minus signs typographic; a column of
years keeps them as written (2024, not 2,024). Empty number cells show a dash.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence

from reportgen.core.format import decimals_as_written
from reportgen.core.language import Language, english
from reportgen.data.tables import Cell
from reportgen.data.tables import Table as Dataset
from reportgen.document.nodes import DataTable, Run, plain

MAX_DECIMALS = 6
"""Most decimals a column shows by default (as written, data may carry float noise)."""
EMPTY_NUMBER = "\u2013"
"""What an empty or non-finite cell of a number column shows."""
SUMMARY_ROWS = 3
"""Rows spelled out in a table's summary for screen readers."""


def _is_year_column(values: Sequence[float]) -> bool:
    return all(v.is_integer() and 1000 <= v <= 2999 for v in values)


def _number_format(values: Sequence[float], decimals: int | None) -> tuple[int, bool]:
    """Decimals and whether to separate thousands, for one column of numbers."""
    finite = [v for v in values if math.isfinite(v)]
    if decimals is None:
        decimals = min(max((decimals_as_written(v) for v in finite), default=0), MAX_DECIMALS)
    return decimals, not (decimals == 0 and finite and _is_year_column(finite))


def _text(cell: Cell, language: Language) -> str:
    if cell is None:
        return ""
    if isinstance(cell, dt.datetime):
        return cell.strftime("%Y-%m-%d %H:%M")
    if isinstance(cell, dt.date):
        return cell.isoformat()
    if isinstance(cell, float):
        return language.number(cell)
    return cell


def _number(value: Cell, decimals: int, separate: bool, language: Language) -> str:
    if not isinstance(value, float) or not math.isfinite(value):
        return EMPTY_NUMBER
    return language.number(value, decimals, grouped=separate)


def dataset_table(
    data: Dataset,
    table_id: str,
    title: str,
    columns: Sequence[str] | None,
    labels: Mapping[str, str],
    decimals: Mapping[str, int],
    source: str | None,
    language: Language | None = None,
) -> DataTable:
    """A `tables:` entry as an (unnumbered) table of formatted cells, numbers written
    the way `language` writes them (English by default)."""
    language = language or english()
    shown = list(columns or data.columns)
    formats: dict[str, tuple[int, bool]] = {}
    for name in shown:
        cells = data.column(name)
        numbers = [c for c in cells if isinstance(c, float)]
        if numbers and data.is_numeric(name):
            formats[name] = _number_format(numbers, decimals.get(name))
    rows = []
    for row in data.rows:
        cells = []
        for name in shown:
            value = row[data.columns.index(name)]
            text = (_number(value, *formats[name], language) if name in formats
                    else _text(value, language))
            cells.append((Run(text),) if text else ())
        rows.append(tuple(cells))
    header = tuple((Run(labels.get(name, name)),) for name in shown)
    align = tuple("right" if name in formats else "left" for name in shown)
    return DataTable(0, title, header, tuple(rows), align, source, "", table_id)


def summary(table: DataTable, *, caption: bool = True, language: Language | None = None) -> str:
    """What a screen reader says of a table: caption, size, columns and its first rows.

    Without `caption`, for a writer that shows the caption as text right before.
    """
    language = language or english()
    labels = language.labels
    head = [plain(h) for h in table.header]
    count = len(table.rows)
    lead = f"{table.caption}. " if caption else f"{labels.table_summary} "
    shape = labels.table_shape.format(rows=language.counted(labels.rows, count),
                                      columns=language.counted(labels.columns, len(head)))
    parts = [f"{lead}{shape} {labels.comma.join(head)}."]
    for row in table.rows[:SUMMARY_ROWS]:
        cells = [f"{name} {plain(cell)}" for name, cell in zip(head, row, strict=False)
                 if plain(cell)]
        parts.append("; ".join(cells) + ".")
    if count > SUMMARY_ROWS:
        parts.append(language.counted(labels.more_rows, count - SUMMARY_ROWS))
    if table.source:
        parts.append(f"{labels.source_line(table.source)}.")
    return " ".join(parts)


def as_text(table: DataTable) -> str:
    """A table as lines of text (speaker notes): caption, header and rows joined by `|`."""
    lines = [table.caption, " | ".join(plain(h) for h in table.header)]
    lines += [" | ".join(plain(c) for c in row) for row in table.rows]
    return "\n".join(lines)
