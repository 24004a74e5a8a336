"""Where datasets come from: each source is one function that reads into a typed Table.

`from_rows` (inline records), `from_csv`, `from_excel`, `from_json`, `from_sql` and
`from_dataset` (another dataset, filtered) all give the same Table, with the same
located problems: a bad row at its line in the data file (its row in a workbook) or
its node in the spec. A problem of the whole source has line 0 and the key path of
the spec key it concerns (`data.ID.sheet`); the spec checks place it there.

Every file source is bounded: its size, its rows (read as a stream, stopped at the
limit) and, for a workbook, what it unpacks to. A new source is one more function
here, plus its keys in `spec/models.py` `Dataset`.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import hashlib
import json
import math
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from reportgen.core.hints import did_you_mean
from reportgen.data import database
from reportgen.data.filters import Wanted, select
from reportgen.data.tables import Cell, DataFile, Table, parse_number
from reportgen.errors import Problem
from reportgen.text import refused_message

MAX_CSV_BYTES = 20 * 1024 * 1024
"""Largest CSV file accepted."""
MAX_JSON_BYTES = 20 * 1024 * 1024
"""Largest JSON file accepted."""
MAX_WORKBOOK_BYTES = 20 * 1024 * 1024
"""Largest .xlsx workbook accepted."""
MAX_WORKBOOK_UNPACKED = 200 * 1024 * 1024
"""Most a workbook may unpack to (its parts' declared sizes): a zip bomb is refused."""
MAX_ROWS = 100_000
"""Most rows in one dataset."""
MAX_COLUMNS = 500
"""Most columns in one dataset."""
MAX_PROBLEMS = 20
"""Problems reported per source before reading stops."""
DELIMITERS = ",;\t|"
"""Field separators a CSV file's header line is sniffed for."""
_DELIMITER_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "vertical bars"}
_XLS_MAGIC = b"\xd0\xcf\x11\xe0"


def _cell(value: Any) -> Cell:
    """A typed value (inline, JSON, workbook, database) as a cell; ValueError if it cannot be."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float, decimal.Decimal)):
        return float(value)
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time(0) and value.tzinfo is None else value
    if isinstance(value, dt.date):
        return value
    if isinstance(value, dt.time):
        return value.isoformat()
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, (bytes, bytearray, memoryview)):
        raise ValueError("holds binary data (a blob), not a number, text or date")
    if isinstance(value, (dict, list, tuple)):
        raise ValueError("holds a list or mapping, not a number, text or date")
    return str(value)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class _Collector:
    """Rows of one source on their way into a Table, with the problems found so far."""

    def __init__(self, dataset_id: str, shown: str, key: str) -> None:
        self.dataset_id = dataset_id
        self.shown = shown
        self.key = key
        self.columns: tuple[str, ...] = ()
        self.rows: list[tuple[Cell, ...]] = []
        self.marks: list[tuple[int, int]] = []
        self.problems: list[Problem] = []
        self.too_many = False

    def problem(self, line: int, col: int, message: str, key: str | None = None) -> None:
        self.problems.append(Problem(self.shown, line, col, key or self.key, message))

    @property
    def full(self) -> bool:
        """Whether reading should stop: too many problems or rows."""
        return self.too_many or len(self.problems) >= MAX_PROBLEMS

    def header(self, names: Sequence[Any], line: int) -> None:
        columns = tuple(_column_name(n) for n in names)
        self.columns = columns
        if len(columns) > MAX_COLUMNS:
            self.problem(line, 1, f"the header has {len(columns):,} columns; "
                                  f"the limit is {MAX_COLUMNS:,}")
        if any(not c for c in columns):
            self.problem(line, 1, "the header row has an empty column name")
        if len(set(columns)) != len(columns):
            dupes = sorted({c for c in columns if columns.count(c) > 1})
            self.problem(line, 1, f"the header row repeats column {', '.join(map(repr, dupes))}")
        refused = refused_message("".join(columns))
        if refused:
            self.problem(line, 1, f"the header row {refused}")

    def row(self, line: int, values: Sequence[Any], *, typed: bool = True) -> None:
        """One row of values in column order (typed values, or CSV text when not `typed`)."""
        if len(self.rows) >= MAX_ROWS:
            self.problem(0, 0, f"more than {MAX_ROWS:,} rows; filter the data (a query, "
                               "a smaller sheet) or aggregate it first")
            self.too_many = True
            return
        cells: list[Cell] = []
        for column, value in zip(self.columns, values, strict=True):
            if not typed:
                number = parse_number(value)
                value = number if number is not None else value.strip()
            try:
                cell = _cell(value)
            except ValueError as exc:
                self.problem(line, 1, f"column {column!r} {exc}")
                continue
            refused = refused_message(cell) if isinstance(cell, str) else None
            if refused:
                self.problem(line, 1, f"column {column!r} {refused}")
            cells.append(cell)
        self.rows.append(tuple(cells))
        self.marks.append((line, 1))

    def table(self, source: str | None, file: DataFile | None,
              what: str = "file") -> tuple[Table | None, list[Problem]]:
        if not self.problems and not self.columns:
            self.problem(1, 1, f"the {what} is empty: expected a header row")
        elif not self.problems and not self.rows:
            self.problem(1, 1, f"the {what} has a header but no rows")
        if self.problems:
            return None, self.problems[:MAX_PROBLEMS]
        return Table(self.dataset_id, self.columns, tuple(self.rows), self.shown,
                     tuple(self.marks), source, inline=False, key=self.key, file=file), []


def _column_name(name: Any) -> str:
    if isinstance(name, float) and name.is_integer():
        return str(int(name))
    return "" if name is None else str(name).strip()


def _too_large(path: Path, limit: int, what: str, collector: _Collector) -> bool:
    size = path.stat().st_size
    if size > limit:
        collector.problem(0, 0, f"the {what} is {size:,} bytes; the limit is {limit:,}")
        return True
    return False


# ---- inline rows --------------------------------------------------------------------------


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
    if len(rows) > MAX_ROWS:
        line, col = marks[0]
        return None, [Problem(file, line, col, path, f"more than {MAX_ROWS:,} rows")]
    columns = tuple(str(k) for k in rows[0])
    problems = []
    cells = []
    for index, row in enumerate(rows):
        line, col = marks[index]
        if tuple(str(k) for k in row) != columns:
            missing = [c for c in columns if c not in row]
            extra = [str(k) for k in row if str(k) not in columns]
            detail = "; ".join(filter(None, [
                f"missing {', '.join(map(repr, missing))}" if missing else "",
                f"unexpected {', '.join(map(repr, extra))}" if extra else "",
            ])) or "columns in another order"
            problems.append(Problem(file, line, col, f"{path}.{index}",
                                    f"row {index + 1} has other columns than the first row: "
                                    f"{detail}"))
            continue
        if any(isinstance(v, (dict, list)) for v in row.values()):
            problems.append(Problem(file, line, col, f"{path}.{index}",
                                    "a cell must be a number or text, not a list or mapping"))
            continue
        cells.append(tuple(_cell(row[c]) for c in columns))
    if problems:
        return None, problems
    return Table(
        dataset_id, columns, tuple(cells), file, tuple(marks), source, True, cell_marks, path
    ), []


# ---- CSV ------------------------------------------------------------------------------------


class _NotText(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def _text_lines(raw: IO[bytes], digest: Any) -> Iterator[str]:
    """The lines of a UTF-8 file, decoded one at a time (a BOM dropped), hashed as read."""
    for number, data in enumerate(raw, start=1):
        digest.update(data)
        try:
            text = data.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            raise _NotText(number, "the CSV file is not UTF-8 text") from None
        if "\x00" in text:
            raise _NotText(number, "the CSV file is binary, not text")
        yield text


def sniff_delimiter(header: str) -> str:
    """The field separator of a CSV file from its header line: `,` `;` tab or `|`."""
    try:
        found = csv.Sniffer().sniff(header, delimiters=DELIMITERS).delimiter
    except csv.Error:
        return ","
    return found if found in DELIMITERS else ","


def from_csv(
    dataset_id: str, path: Path, shown: str, source: str | None
) -> tuple[Table | None, list[Problem]]:
    """A table from a CSV file with a header row; `shown` is the name used in messages.

    The file is read as a stream and reading stops at the row limit, so memory stays
    bounded whatever its size. The separator (`,` `;` tab `|`) is taken from the header.
    """
    out = _Collector(dataset_id, shown, f"data.{dataset_id}.csv")
    digest = hashlib.sha256()
    try:
        if _too_large(path, MAX_CSV_BYTES, "CSV file", out):
            return None, out.problems
        with path.open("rb") as raw:
            _read_csv(_text_lines(raw, digest), out)
    except _NotText as exc:
        return None, [Problem(shown, exc.line, 1, out.key, str(exc))]
    except OSError as exc:
        return None, [Problem(shown, 0, 0, out.key, f"cannot read the CSV file: {exc.strerror}")]
    except csv.Error as exc:
        return None, [Problem(shown, 0, 0, out.key, f"cannot read the CSV file: {exc}")]
    return out.table(source, DataFile(shown, digest.hexdigest()), "CSV file")


def _read_csv(lines: Iterator[str], out: _Collector) -> None:
    skipped = 0
    for header_line in lines:
        if header_line.strip():
            break
        skipped += 1
    else:
        return
    delimiter = sniff_delimiter(header_line)
    reader = csv.reader(_chain(header_line, lines), delimiter=delimiter)
    header = next(reader)
    out.header(header, skipped + 1)  # rows are read on after a header's problems: all at once
    start = reader.line_num
    for record in reader:
        line = skipped + start + 1
        start = reader.line_num
        if not any(c.strip() for c in record):
            continue
        if len(record) != len(out.columns):
            out.problem(line, 1, f"row has {len(record)} fields but the header has "
                                 f"{len(out.columns)} (fields separated by "
                                 f"{_DELIMITER_NAMES[delimiter]}, as in the header line)")
        else:
            out.row(line, record, typed=False)
        if out.full:
            return


def _chain(first: str, rest: Iterable[str]) -> Iterator[str]:
    yield first
    yield from rest


# ---- Excel ------------------------------------------------------------------------------------


def _unpacked_problem(path: Path) -> str | None:
    """Why a workbook may not be opened (not a zip, a zip bomb), or None."""
    with path.open("rb") as file:
        if file.read(4) == _XLS_MAGIC:
            return "an old-style .xls workbook: save it as .xlsx (Excel Workbook)"
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return "not an .xlsx workbook (not a zip archive)"
    total = sum(i.file_size for i in infos)
    if total > MAX_WORKBOOK_UNPACKED or len(infos) > 10_000:
        return (f"the workbook unpacks to {total:,} bytes in {len(infos):,} parts; the limit "
                f"is {MAX_WORKBOOK_UNPACKED:,} bytes (a zip bomb?)")
    if "xl/workbook.xml" not in {i.filename for i in infos}:
        return "not an .xlsx workbook (no xl/workbook.xml inside)"
    return None


def from_excel(
    dataset_id: str, path: Path, shown: str, source: str | None, sheet: str | None = None
) -> tuple[Table | None, list[Problem]]:
    """A table from a sheet of an .xlsx workbook (the first, or `sheet`): first row the header.

    Read-only and streamed: formulas give their cached values, dates stay dates.
    """
    import openpyxl  # a quarter second to import: only for specs that read workbooks

    out = _Collector(dataset_id, shown, f"data.{dataset_id}.excel")
    try:
        if _too_large(path, MAX_WORKBOOK_BYTES, "workbook", out):
            return None, out.problems
        refused = _unpacked_problem(path)
        if refused:
            return None, [Problem(shown, 0, 0, out.key, refused)]
        digest = _sha256(path)
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except OSError as exc:
        return None, [Problem(shown, 0, 0, out.key, f"cannot read the workbook: {exc}")]
    except Exception as exc:  # openpyxl raises many kinds for a broken workbook
        return None, [Problem(shown, 0, 0, out.key, f"cannot read the workbook: {exc}")]
    try:
        names = list(workbook.sheetnames)
        if sheet is not None and sheet not in names:
            hint = did_you_mean(sheet, names)
            return None, [Problem(shown, 0, 0, f"data.{dataset_id}.sheet",
                                  f"the workbook has no sheet {sheet!r}{hint} "
                                  f"(sheets: {', '.join(map(repr, names))})")]
        worksheet = workbook[sheet if sheet is not None else names[0]]
        worksheet.reset_dimensions()  # a sheet's declared size is not trusted
        _read_sheet(worksheet.iter_rows(values_only=True), out)
    except Exception as exc:  # a malformed sheet part
        if isinstance(exc, (KeyboardInterrupt, MemoryError)):
            raise
        return None, [Problem(shown, 0, 0, out.key, f"cannot read the workbook: {exc}")]
    finally:
        workbook.close()
    return out.table(source, DataFile(shown, digest), "sheet")


def _read_sheet(rows: Iterable[tuple[Any, ...]], out: _Collector) -> None:
    width = 0
    for line, values in enumerate(rows, start=1):
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        if not width:
            values = _trimmed(values)
            width = len(values)
            out.header(values, line)
            continue
        if len(values) > MAX_COLUMNS or any(v is not None for v in values[width:]):
            out.problem(line, width + 1, f"row {line} has a value beyond the header's "
                                         f"{width} columns")
        else:
            out.row(line, tuple(values) + (None,) * (width - len(values)))
        if out.full:
            return


def _trimmed(values: tuple[Any, ...]) -> tuple[Any, ...]:
    end = len(values)
    while end and values[end - 1] is None:
        end -= 1
    return values[:end]


# ---- JSON -------------------------------------------------------------------------------------


def from_json(
    dataset_id: str, path: Path, shown: str, source: str | None
) -> tuple[Table | None, list[Problem]]:
    """A table from a JSON file holding a list of records (objects of numbers, text, null).

    The columns are every key in order of first use; a key a record lacks is empty there.
    """
    out = _Collector(dataset_id, shown, f"data.{dataset_id}.json")
    try:
        if _too_large(path, MAX_JSON_BYTES, "JSON file", out):
            return None, out.problems
        data = path.read_bytes()
    except OSError as exc:
        return None, [Problem(shown, 0, 0, out.key, f"cannot read the JSON file: {exc.strerror}")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [Problem(shown, line, 1, out.key, "the JSON file is not UTF-8 text")]
    try:
        records = list(_records(text))
    except _NotText as exc:
        return None, [Problem(shown, exc.line, 1, out.key, str(exc))]
    if not records:
        return None, [Problem(shown, 1, 1, out.key, "the JSON list has no records")]
    columns: dict[str, None] = {}
    for _, record in records:
        columns.update(dict.fromkeys(record))
    out.header(list(columns), records[0][0])
    for line, record in records:
        if out.full or out.problems and not out.rows:
            break
        out.row(line, [record.get(c) for c in columns])
    return out.table(source, DataFile(shown, hashlib.sha256(data).hexdigest()), "JSON list")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        dupes = sorted({k for k in keys if keys.count(k) > 1})
        raise ValueError(f"a record repeats key {', '.join(map(repr, dupes))}")
    return dict(pairs)


def _records(text: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """Each record of a JSON list with the line it starts on."""
    decoder = json.JSONDecoder(object_pairs_hook=_no_duplicates,
                               parse_constant=lambda name: math.nan)
    at, line = _skip(text, 0), 1
    if text[at:at + 1] != "[":
        raise _NotText(text.count("\n", 0, at) + 1,
                       "expected a JSON list of records ([{...}, {...}])")
    at = _skip(text, at + 1)
    seen, item = 0, 0
    while text[at:at + 1] != "]":
        item += 1
        line += text.count("\n", seen, at)
        seen = at
        try:
            record, end = decoder.raw_decode(text, at)
        except (ValueError, RecursionError) as exc:
            raise _NotText(line, f"not valid JSON: {exc}") from None
        if not isinstance(record, dict):
            raise _NotText(line, f"each item of the list must be a record ({{...}}) but item "
                                 f"{item} is {type(record).__name__}")
        yield line, record
        at = _skip(text, end)
        if text[at:at + 1] == ",":
            at = _skip(text, at + 1)
        elif text[at:at + 1] != "]":
            raise _NotText(line + text.count("\n", seen, at), "expected ',' or ']' after a record")
    if _skip(text, at + 1) != len(text):
        raise _NotText(line, "unexpected text after the list")


def _skip(text: str, at: int) -> int:
    while at < len(text) and text[at] in " \t\r\n":
        at += 1
    return at


# ---- SQL -------------------------------------------------------------------------------------


def from_sql(
    dataset_id: str, query: str, db: Path | str, shown: str, source: str | None,
    password_env: str | None = None,
) -> tuple[Table | None, list[Problem]]:
    """A table from a query: on an SQLite file (a Path), or on a database URL (a str).

    Nothing can write: see data/database.py. Rows are fetched in batches and fetching
    stops at the row limit.
    """
    out = _Collector(dataset_id, shown, f"data.{dataset_id}.sql")
    try:
        if isinstance(db, Path):
            file = DataFile(shown, _sha256(db))
            rows = database.sqlite_rows(db, query)
        else:
            file = DataFile(database.shown_url(db), None)
            rows = database.url_rows(db, query, password_env)
        with rows as (columns, values):
            out.header(columns, 0)
            if out.problems:
                return None, [_whole(p, shown) for p in out.problems]
            for number, row in enumerate(values, start=1):
                out.row(number, row)
                if out.full:
                    break
    except database.QueryError as exc:
        message = str(exc)
        if isinstance(db, Path) and "no such table" in message:
            missing = message.rsplit(":", 1)[-1].strip()
            tables = database.sqlite_tables(db)
            message += did_you_mean(missing, tables) + (
                f" (tables: {', '.join(tables)})" if tables else " (the database has no tables)")
        return None, [Problem(shown, 0, 0, out.key, message)]
    except OSError as exc:
        return None, [Problem(shown, 0, 0, out.key, f"cannot read the database: {exc.strerror}")]
    if not out.rows and not out.problems:
        return None, [Problem(shown, 0, 0, out.key, "the query returned no rows")]
    table, problems = out.table(source, file, "query result")
    return table, [_whole(p, shown) for p in problems]


def _whole(problem: Problem, shown: str) -> Problem:
    """A problem of a query's result row, said of the query (a result row has no line)."""
    if not problem.line:
        return problem
    return Problem(shown, 0, 0, problem.path, f"result row {problem.line}: {problem.message}")


# ---- another dataset, filtered ----------------------------------------------------------------


def from_dataset(
    dataset_id: str, parent: Table, where: Mapping[str, Wanted], source: str | None
) -> tuple[Table | None, list[Problem]]:
    """The rows of another dataset that match `where` (column: value or [values]).

    Problems have line 0 and the key path of the `where` entry at fault: they are in
    the spec, not in the parent's file.
    """
    key = f"data.{dataset_id}"
    problems = []
    for column in where:
        if column not in parent.columns:
            problems.append(Problem("", 0, 0, f"{key}.where.{column}",
                                    f"unknown column {column!r} in dataset {parent.id!r}"
                                    + did_you_mean(column, parent.columns)
                                    + f" (columns: {', '.join(parent.columns)})"))
    if problems:
        return None, problems
    picked = select(parent, where)
    if not picked:
        return None, [Problem("", 0, 0, f"{key}.where",
                              f"no row of dataset {parent.id!r} matches")]
    marks = {}
    if parent.cell_marks:
        for new, old in enumerate(picked):
            for column in parent.columns:
                if (old, column) in parent.cell_marks:
                    marks[(new, column)] = parent.cell_marks[(old, column)]
    return Table(
        dataset_id, parent.columns, tuple(parent.rows[i] for i in picked), parent.origin,
        tuple(parent.row_marks[i] for i in picked), source or parent.source, parent.inline,
        marks or None, parent.key, parent.file,
        tuple(parent.row_number(i) for i in picked),
    ), []
