"""`sql` datasets on SQLite files: read-only whatever the query asks, bounded, located errors."""

from __future__ import annotations

import hashlib
import sqlite3
import time
from pathlib import Path

import pytest

from reportgen.data import database
from reportgen.data.sources import MAX_ROWS, from_sql


@pytest.fixture()
def energy(tmp_path: Path) -> Path:
    """A small SQLite database (written by the test, never committed)."""
    path = tmp_path / "energy.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE pipelines (route TEXT, capacity_bcm REAL, opened TEXT)")
        connection.executemany("INSERT INTO pipelines VALUES (?, ?, ?)", [
            ("TANAP", 16.0, "2018-06-12"), ("TAP", 10.0, "2020-11-15"),
            ("SCP", 25.0, "2006-12-15")])
    connection.close()
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_query_gives_a_typed_table_with_the_file_hash(energy: Path) -> None:
    table, problems = from_sql("p", "SELECT route, capacity_bcm FROM pipelines ORDER BY route",
                               energy, "energy.sqlite", "src")
    assert problems == [] and table is not None
    assert table.columns == ("route", "capacity_bcm")
    assert table.rows == (("SCP", 25.0), ("TANAP", 16.0), ("TAP", 10.0))
    assert table.file is not None and table.file.sha256 == digest(energy)


@pytest.mark.parametrize("query", [
    "DROP TABLE pipelines",
    "DELETE FROM pipelines",
    "UPDATE pipelines SET capacity_bcm = 0",
    "INSERT INTO pipelines VALUES ('x', 1, 'y')",
    "CREATE TABLE t (a)",
    "PRAGMA journal_mode = WAL",
    "ATTACH DATABASE 'other.sqlite' AS other",
    "VACUUM",
])
def test_a_query_that_would_write_is_refused_and_the_file_keeps_every_byte(
        energy: Path, query: str) -> None:
    before = digest(energy)
    names = sorted(p.name for p in energy.parent.iterdir())
    table, problems = from_sql("p", query, energy, "energy.sqlite", None)
    assert table is None
    (problem,) = problems
    assert problem.path == "data.p.sql" and problem.line == 0
    assert "may only read" in problem.message or "SQL error" in problem.message, problem.message
    assert digest(energy) == before
    assert sorted(p.name for p in energy.parent.iterdir()) == names  # no journal, no -shm


def test_drop_table_names_what_was_refused(energy: Path) -> None:
    _, problems = from_sql("p", "DROP TABLE pipelines", energy, "energy.sqlite", None)
    assert problems[0].message.startswith("the query may only read, but it asks to DROP TABLE")


@pytest.mark.parametrize(("query", "message"), [
    ("SELEC route FROM pipelines", 'SQL error: near "SELEC": syntax error'),
    ("SELECT * FROM pipeline", "no such table: pipeline; did you mean 'pipelines'? "
                               "(tables: pipelines)"),
    ("SELECT route, route FROM pipelines", "repeats column 'route'"),
    ("SELECT route FROM pipelines WHERE 0", "the query returned no rows"),
    ("SELECT 1; SELECT 2", "one statement at a time"),
    ("SELECT zeroblob(10) AS b", "holds binary data"),
])
def test_query_problems_are_said_in_words(energy: Path, query: str, message: str) -> None:
    table, problems = from_sql("p", query, energy, "energy.sqlite", None)
    assert table is None
    assert any(message in p.message for p in problems), problems


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "fake.sqlite"
    path.write_text("flow,usd_bn\n", "utf-8")
    _, problems = from_sql("p", "SELECT 1", path, "fake.sqlite", None)
    assert "not an SQLite database" in problems[0].message


def test_a_runaway_query_is_stopped(energy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(database, "QUERY_SECONDS", 1.0)
    started = time.perf_counter()
    _, problems = from_sql("p", "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
                                "SELECT count(*) FROM n", energy, "energy.sqlite", None)
    assert time.perf_counter() - started < 5
    assert "ran longer than 1 s and was stopped" in problems[0].message


def test_huge_values_and_row_counts_are_bounded(energy: Path) -> None:
    _, problems = from_sql("p", "SELECT hex(zeroblob(600000)) AS t", energy,
                           "energy.sqlite", None)
    assert "longer than 1,000,000 bytes" in problems[0].message
    started = time.perf_counter()
    _, problems = from_sql("p", "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                                f"LIMIT {MAX_ROWS * 10}) SELECT i FROM n", energy,
                           "energy.sqlite", None)
    assert f"more than {MAX_ROWS:,} rows" in problems[0].message
    assert time.perf_counter() - started < 5


def test_a_database_with_unwritten_changes_is_refused(energy: Path) -> None:
    energy.with_name(energy.name + "-wal").write_bytes(b"x" * 32)
    _, problems = from_sql("p", "SELECT 1 AS a", energy, "energy.sqlite", None)
    assert "changes not yet written back" in problems[0].message


@pytest.mark.parametrize(("url", "message"), [
    ("postgresql://reports:secret@localhost/energy", "never write one in the spec"),
    ("postgresql://localhost/energy?password=secret", "never write one in the spec"),
    ("mysql://reports@localhost/energy", "must start with postgresql://"),
])
def test_database_urls_carry_no_password(url: str, message: str) -> None:
    problem = database.url_problem(url)
    assert problem is not None and message in problem
    assert database.url_problem("postgresql://reports@localhost/energy") is None
