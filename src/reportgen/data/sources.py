"""Where datasets come from: inline rows or a CSV file, each read into a typed Table.

Every problem of a source is located: a bad row at its line in the CSV file or its
node in the spec.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from reportgen.data.tables import Cell, Table, parse_number
from reportgen.errors import Problem
from reportgen.text import refused_message

MAX_CSV_BYTES = 20 * 1024 * 1024
"""Largest CSV file accepted."""
MAX_ROWS = 100_000
"""Most rows in one dataset."""


def _cell(value: Any) -> Cell:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)):
        return float(value)
    return str(value)


def from_rows(
    dataset_id: str,
    rows: list[dict[str, Any]],
    file: str,
    marks: list[tuple[int, int]],
    source: str | None,
    cell_marks: dict[tuple[int, str], tuple[int, int]] | None = None,
) -> tuple[Table | None, list[Problem]]:
    """A table from inline records; rows with other columns than the first are errors."""
    path = f"data.{dataset_id}.rows"
    if not rows:
        line, col = marks[0] if marks else (0, 0)
        return None, [Problem(file, line, col, path, "the dataset has no rows")]
    columns = tuple(str(k) for k in rows[0])
    problems = []
    cells = []
    for index, row in enumerate(rows):
        line, col = marks[index]
        if tuple(str(k) for k in row) != columns:
            missing = [c for c in columns if c not in row]
            extra = [str(k) for k in row if str(k) not in columns]
            detail = (
                "; ".join(
                    filter(
                        None,
                        [
                            f"missing {', '.join(map(repr, missing))}" if missing else "",
                            f"unexpected {', '.join(map(repr, extra))}" if extra else "",
                        ],
                    )
                )
                or "columns in another order"
            )
            problems.append(
                Problem(
                    file,
                    line,
                    col,
                    f"{path}.{index}",
                    f"row {index + 1} has other columns than the first row: {detail}",
                )
            )
            continue
        if any(isinstance(v, (dict, list)) for v in row.values()):
            problems.append(
                Problem(
                    file,
                    line,
                    col,
                    f"{path}.{index}",
                    "a cell must be a number or text, not a list or mapping",
                )
            )
            continue
        cells.append(tuple(_cell(row[c]) for c in columns))
    if problems:
        return None, problems
    return Table(
        dataset_id, columns, tuple(cells), file, tuple(marks), source, True, cell_marks
    ), []


def from_csv(
    dataset_id: str, path: Path, shown: str, source: str | None
) -> tuple[Table | None, list[Problem]]:
    """A table from a CSV file with a header row; `shown` is the name used in messages."""
    key = f"data.{dataset_id}.csv"
    try:
        size = path.stat().st_size
        if size > MAX_CSV_BYTES:
            return None, [
                Problem(
                    shown,
                    0,
                    0,
                    key,
                    f"the CSV file is {size:,} bytes; the limit is {MAX_CSV_BYTES:,}",
                )
            ]
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(shown, 0, 0, key, f"cannot read the CSV file: {exc.strerror}")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(shown, line, 1, key, "the CSV file is not UTF-8 text")]
    if "\x00" in text:
        return None, [Problem(shown, 1, 1, key, "the CSV file is binary, not text")]
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        return None, [Problem(shown, 0, 0, key, f"cannot read the CSV file: {exc}")]
    numbered = [(n + 1, r) for n, r in enumerate(records) if any(c.strip() for c in r)]
    if not numbered:
        return None, [Problem(shown, 1, 1, key, "the CSV file is empty: expected a header row")]
    header_line, header = numbered[0]
    columns = tuple(c.strip() for c in header)
    refused = refused_message("".join(columns))
    problems = [Problem(shown, header_line, 1, key, f"the header row {refused}")] if refused else []
    if any(not c for c in columns):
        problems.append(
            Problem(shown, header_line, 1, key, "the header row has an empty column name")
        )
    if len(set(columns)) != len(columns):
        dupes = sorted({c for c in columns if columns.count(c) > 1})
        problems.append(
            Problem(
                shown,
                header_line,
                1,
                key,
                f"the header row repeats column {', '.join(map(repr, dupes))}",
            )
        )
    body = numbered[1:]
    if not body:
        problems.append(
            Problem(shown, header_line, 1, key, "the CSV file has a header but no rows")
        )
    if len(body) > MAX_ROWS:
        problems.append(Problem(shown, 0, 0, key, f"more than {MAX_ROWS:,} rows"))
    cells, marks = [], []
    for line, record in body:
        if len(record) != len(columns):
            problems.append(
                Problem(
                    shown,
                    line,
                    1,
                    key,
                    f"row has {len(record)} fields but the header has {len(columns)}",
                )
            )
            continue
        row: list[Cell] = []
        for position, text_cell in enumerate(record):
            refused = refused_message(text_cell)
            if refused:
                problems.append(
                    Problem(shown, line, 1, key, f"column {columns[position]!r} {refused}")
                )
            number = parse_number(text_cell)
            row.append(number if number is not None else (text_cell.strip() or None))
        cells.append(tuple(row))
        marks.append((line, 1))
    if problems:
        return None, problems[:20]
    return Table(dataset_id, columns, tuple(cells), shown, tuple(marks), source, inline=False), []


