"""Datasets: CSV and inline tables become typed columns; bad cells are located errors."""

from __future__ import annotations

from pathlib import Path

from reportgen.data.sources import from_csv, from_rows
from reportgen.data.tables import check_values


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
