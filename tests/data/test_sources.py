"""Datasets: CSV and inline tables become typed columns; bad cells are located errors."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from reportgen.data.sources import (
    MAX_CSV_BYTES,
    MAX_WORKBOOK_UNPACKED,
    from_csv,
    from_dataset,
    from_excel,
    from_json,
    from_rows,
)
from reportgen.data.tables import Table, check_values


def test_csv_numbers_text_and_quoted_commas(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text('region,value\n"North, upper",1.5\nSouth,-2\n', encoding="utf-8")
    table, problems = from_csv("d", path, "d.csv", "src")
    assert problems == [] and table is not None
    assert table.column("region") == ["North, upper", "South"]
    assert table.column("value") == [1.5, -2.0]
    assert table.is_numeric("value") and not table.is_numeric("region")


def test_csv_control_characters_are_refused_with_their_line(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_bytes(b'name,v\nok,1\n"a\x01b",2\n')
    table, problems = from_csv("d", path, "d.csv", None)
    assert table is None
    assert [(p.line, p.message.split(":")[0]) for p in problems] == [
        (3, "column 'name' contains control characters")
    ]


def test_text_in_a_value_column_names_row_and_column() -> None:
    rows = [{"x": "a", "y": 1}, {"x": "b", "y": "n/a"}]
    table, problems = from_rows("d", rows, "r.yaml", [(5, 7), (6, 7)], None,
                                {(1, "y"): (6, 20)})
    assert problems == [] and table is not None
    (problem,) = check_values(table, "y", "chart 'c'")
    assert (problem.line, problem.col, problem.path) == (6, 20, "data.d.rows.1.y")
    assert "row 2, column 'y' is 'n/a', not a number" in problem.message


# -- CSV: separators and size ----------------------------------------------------------------
@pytest.mark.parametrize("separator", [";", "\t", "|", ","])
def test_csv_separator_is_taken_from_the_header(tmp_path: Path, separator: str) -> None:
    path = tmp_path / "d.csv"
    path.write_text(f"region{separator}value\nNorth{separator}1.5\nSouth{separator}-2\n", "utf-8")
    table, problems = from_csv("d", path, "d.csv", None)
    assert problems == [] and table is not None
    assert table.columns == ("region", "value")
    assert table.column("value") == [1.5, -2.0]


def test_csv_field_count_mismatch_names_the_separator(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text("region;value\nNorth;1.5;extra\n", "utf-8")
    _, problems = from_csv("d", path, "d.csv", None)
    assert [(p.line, p.message) for p in problems] == [
        (2, "row has 3 fields but the header has 2 (fields separated by semicolons, "
            "as in the header line)")]


def test_decimal_comma_gets_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text("region;value\nNorth;1,5\n", "utf-8")
    table, _ = from_csv("d", path, "d.csv", None)
    assert table is not None
    (problem,) = check_values(table, "value", "chart 'c'")
    assert "write the decimal mark as a point" in problem.message and problem.line == 2


def test_csv_rows_keep_their_line_when_a_quoted_field_spans_lines(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text('name,v\n"two\nlines",1\n\nthird,x\n', "utf-8")
    table, _ = from_csv("d", path, "d.csv", None)
    assert table is not None and table.row_marks == ((2, 1), (5, 1))


STREAM_SCRIPT = """
import sys, time
from pathlib import Path
# ru_maxrss of a child starts at the size of the process that forked it (the test run):
# reset this process's own peak and read it (VmHWM) instead
with open("/proc/self/clear_refs", "w") as refs:
    refs.write("5")
from reportgen.data.sources import from_csv
started = time.perf_counter()
table, problems = from_csv("big", Path(sys.argv[1]), "big.csv", None)
with open("/proc/self/status") as status:
    peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM")) // 1024
print(peak, round(time.perf_counter() - started, 2), len(problems), problems[0].message)
"""


def test_a_large_csv_is_refused_at_the_row_limit_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    row = b"North,2024,1.5\n"
    with path.open("wb") as file:
        file.write(b"region,year,value\n")
        file.write(row * ((MAX_CSV_BYTES - 100) // len(row)))
    assert path.stat().st_size > 19 * 1024 * 1024
    result = subprocess.run([sys.executable, "-c", STREAM_SCRIPT, str(path)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    peak_mib, seconds, count, message = result.stdout.split(maxsplit=3)
    assert count == "1" and "more than 100,000 rows" in message
    assert int(peak_mib) < 250, f"peak memory {peak_mib} MiB"
    assert float(seconds) < 10


# -- Excel ---------------------------------------------------------------------------------
def _workbook(path: Path) -> None:
    """A workbook with two sheets; `2024` has a date column and a formula with a cached value."""
    wb = openpyxl.Workbook()
    wb.active.title = "Notes"
    wb.active.append(["read me"])
    wb.active.append(["the data is on sheet 2024"])
    sheet = wb.create_sheet("2024")
    sheet.append(["item", "usd_bn", "when"])
    sheet.append(["Defence", 3.5, dt.date(2024, 1, 31)])
    sheet.append(["Health", 1.25, dt.datetime(2024, 2, 29)])
    sheet.append(["Total", "=B2+B3", None])
    wb.save(path)
    _cache_formula(path, "xl/worksheets/sheet2.xml", "B2+B3", "4.75")


def _cache_formula(path: Path, part: str, formula: str, value: str) -> None:
    """Store a formula's computed value, as Excel does when it saves (openpyxl cannot)."""
    with zipfile.ZipFile(path) as old:
        parts = {i.filename: old.read(i) for i in old.infolist()}
    xml = parts[part].decode()
    cached = re.sub(rf"<f>{re.escape(formula)}</f>(<v\s*/>|<v></v>)?",
                    f"<f>{formula}</f><v>{value}</v>", xml)
    assert cached != xml
    parts[part] = cached.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for name, data in parts.items():
            new.writestr(name, data)


def test_excel_named_sheet_dates_and_cached_formulas(tmp_path: Path) -> None:
    path = tmp_path / "budget.xlsx"
    _workbook(path)
    table, problems = from_excel("b", path, "budget.xlsx", "src", "2024")
    assert problems == [] and table is not None
    assert table.columns == ("item", "usd_bn", "when")
    assert table.column("usd_bn") == [3.5, 1.25, 4.75]
    assert table.column("when") == [dt.date(2024, 1, 31), dt.date(2024, 2, 29), None]
    assert table.row_marks == ((2, 1), (3, 1), (4, 1))
    assert table.file is not None and table.file.sha256 == hashlib.sha256(
        path.read_bytes()).hexdigest()
    first, _ = from_excel("b", path, "budget.xlsx", None)
    assert first is not None and first.columns == ("read me",)


def test_excel_missing_sheet_is_named_with_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "budget.xlsx"
    _workbook(path)
    _, problems = from_excel("b", path, "budget.xlsx", None, "2042")
    (problem,) = problems
    assert problem.path == "data.b.sheet" and problem.line == 0
    assert "no sheet '2042'; did you mean '2024'?" in problem.message
    assert "(sheets: 'Notes', '2024')" in problem.message


def test_excel_text_in_a_number_column_is_located_at_its_row(tmp_path: Path) -> None:
    path = tmp_path / "w.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["flow", "usd_bn"])
    wb.active.append(["A", 1.5])
    wb.active.append(["B", "n/a"])
    wb.save(path)
    table, _ = from_excel("w", path, "w.xlsx", None)
    assert table is not None
    (problem,) = check_values(table, "usd_bn", "chart 'c'")
    assert (problem.file, problem.line, problem.path) == ("w.xlsx", 3, "data.w.excel")


def test_a_workbook_zip_bomb_is_refused_before_it_is_opened(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            block = b"<row/>" * 100_000
            for _ in range(MAX_WORKBOOK_UNPACKED // len(block) + 1):
                part.write(block)
    assert path.stat().st_size < 2 * 1024 * 1024
    started = time.perf_counter()
    _, problems = from_excel("w", path, "bomb.xlsx", None)
    assert time.perf_counter() - started < 2
    assert "a zip bomb?" in problems[0].message


def test_an_old_xls_or_a_fake_workbook_is_named(tmp_path: Path) -> None:
    path = tmp_path / "old.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    assert "save it as .xlsx" in from_excel("w", path, "old.xlsx", None)[1][0].message
    path.write_text("flow,usd_bn\n", "utf-8")
    assert "not an .xlsx workbook" in from_excel("w", path, "old.xlsx", None)[1][0].message


# -- JSON ----------------------------------------------------------------------------------
def test_json_records_keep_types_and_lines(tmp_path: Path) -> None:
    path = tmp_path / "f.json"
    path.write_text('[\n  {"route": "BTC", "bpd": 600000, "open": true},\n'
                    '  {"route": "Baku-Novorossiysk", "bpd": 20000}\n]\n', "utf-8")
    table, problems = from_json("f", path, "f.json", None)
    assert problems == [] and table is not None
    assert table.columns == ("route", "bpd", "open")
    assert table.rows == (("BTC", 600000.0, "true"), ("Baku-Novorossiysk", 20000.0, None))
    assert table.row_marks == ((2, 1), (3, 1))


@pytest.mark.parametrize(("text", "line", "message"), [
    ('{"rows": []}', 1, "expected a JSON list of records"),
    ('[\n{"a": 1},\n{"a": [1, 2]}\n]', 3, "column 'a' holds a list or mapping"),
    ('[\n{"a": 1},\n5\n]', 3, "item 2 is int"),
    ('[\n{"a": 1, "a": 2}\n]', 2, "repeats key 'a'"),
    ('[\n{"a": 1}\n', 3, "expected ',' or ']'"),
    ("[]", 1, "the JSON list has no records"),
])
def test_bad_json_is_located(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = tmp_path / "f.json"
    path.write_text(text, "utf-8")
    table, problems = from_json("f", path, "f.json", None)
    assert table is None
    assert any(p.line == line and message in p.message for p in problems), problems


# -- from + where --------------------------------------------------------------------------
def _prices() -> Table:
    rows = [{"country": "Azerbaijan", "year": 2023, "price": 1.5},
            {"country": "Georgia", "year": 2024, "price": 2.0},
            {"country": "Azerbaijan", "year": 2024, "price": 2.5}]
    table, _ = from_rows("p", rows, "r.yaml", [(5, 7), (6, 7), (7, 7)], "src")
    assert table is not None
    return table


@pytest.mark.parametrize(("where", "count"), [
    ({"country": "Azerbaijan"}, 2),
    ({"country": ["Azerbaijan", "Georgia"]}, 3),
    ({"year": 2024}, 2),
    ({"year": "2024"}, 2),
    ({"country": "Azerbaijan", "year": [2024.0]}, 1),
])
def test_where_compares_typed(where: dict, count: int) -> None:
    table, problems = from_dataset("az", _prices(), where, None)
    assert problems == [] and table is not None and len(table.rows) == count
    assert table.source == "src" and table.origin == "r.yaml"


def test_where_on_an_unknown_column_or_with_no_match_is_an_error() -> None:
    _, problems = from_dataset("az", _prices(), {"contry": "Azerbaijan"}, None)
    assert problems[0].path == "data.az.where.contry"
    assert "did you mean 'country'?" in problems[0].message
    _, problems = from_dataset("az", _prices(), {"country": "Armenia"}, None)
    assert problems[0].path == "data.az.where" and "no row" in problems[0].message


def test_a_filtered_table_points_at_the_original_rows() -> None:
    table, _ = from_dataset("az", _prices(), {"year": 2024}, None)
    assert table is not None
    assert table.row_marks == ((6, 7), (7, 7))
    assert table.where(1, "price") == "data.p.rows.2.price"
