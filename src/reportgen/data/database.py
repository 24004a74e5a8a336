"""Read-only queries for `sql` datasets: on an SQLite file, or on a database URL.

An SQLite file is opened read-only and immutable (`file:...?mode=ro&immutable=1`),
with `query_only` on and an authorizer that lets a statement read and nothing else:
a `DROP TABLE` or an `ATTACH` is refused before it runs, and the file keeps every
byte. A progress handler stops a query that runs too long, and a length limit stops
one that builds huge values.

A URL (PostgreSQL, through SQLAlchemy and psycopg: the `reportgen[sql]` extra) is
used in a read-only transaction with a statement timeout. Its password never comes
from the spec: from the environment variable the dataset names, or libpq's own
(`PGPASSWORD`, `~/.pgpass`).
"""

from __future__ import annotations

import os
import re
import sqlite3
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

QUERY_SECONDS = 10.0
"""Longest a query may run before it is stopped."""
MAX_VALUE_BYTES = 1_000_000
"""Longest text or blob a query may build (SQLite)."""
FETCH_ROWS = 1_000
"""Rows fetched at a time."""
URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
"""A database URL, as opposed to a file path."""
URL_SCHEMES = ("postgresql", "postgres")
"""The URL schemes a `db` may have (the others' read-only guarantees are not tested)."""
SQLITE_MAGIC = b"SQLite format 3\x00"
"""How every SQLite database file begins."""
_PROGRESS_STEPS = 10_000
"""Virtual-machine steps between two looks at the clock."""
_READ_ACTIONS = frozenset(
    {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION,
     sqlite3.SQLITE_RECURSIVE}
)
_ACTION_NAMES = {
    getattr(sqlite3, name): name.removeprefix("SQLITE_").replace("_", " ")
    for name in (
        "SQLITE_ALTER_TABLE", "SQLITE_ANALYZE", "SQLITE_ATTACH", "SQLITE_CREATE_INDEX",
        "SQLITE_CREATE_TABLE", "SQLITE_CREATE_TEMP_INDEX", "SQLITE_CREATE_TEMP_TABLE",
        "SQLITE_CREATE_TEMP_TRIGGER", "SQLITE_CREATE_TEMP_VIEW", "SQLITE_CREATE_TRIGGER",
        "SQLITE_CREATE_VIEW", "SQLITE_CREATE_VTABLE", "SQLITE_DELETE", "SQLITE_DETACH",
        "SQLITE_DROP_INDEX", "SQLITE_DROP_TABLE", "SQLITE_DROP_TEMP_INDEX",
        "SQLITE_DROP_TEMP_TABLE", "SQLITE_DROP_TEMP_TRIGGER", "SQLITE_DROP_TEMP_VIEW",
        "SQLITE_DROP_TRIGGER", "SQLITE_DROP_VIEW", "SQLITE_DROP_VTABLE", "SQLITE_INSERT",
        "SQLITE_PRAGMA", "SQLITE_REINDEX", "SQLITE_SAVEPOINT", "SQLITE_TRANSACTION",
        "SQLITE_UPDATE",
    )
}


class QueryError(Exception):
    """A query could not run; the message says why, in the user's words."""


Rows = Iterator[tuple[Any, ...]]


def is_url(db: str) -> bool:
    """Whether a `db` value is a database URL rather than a file path."""
    return bool(URL.match(db))


def url_problem(db: str) -> str | None:
    """What is wrong with a database URL as written in a spec, or None."""
    scheme = db.split("://", 1)[0].split("+", 1)[0].lower()
    if scheme not in URL_SCHEMES:
        return (f"a database URL must start with postgresql:// but got {scheme}://; "
                "for SQLite, give the file's path")
    netloc = urllib.parse.urlsplit(db).netloc
    userinfo = netloc.rpartition("@")[0] if "@" in netloc else ""
    if ":" in userinfo or "password=" in db.lower():
        return ("the URL holds a password: never write one in the spec; name an environment "
                "variable with `password_env`, or set PGPASSWORD")
    return None


def shown_url(db: str) -> str:
    """A database URL as shown and recorded (it holds no password: `url_problem` saw to it)."""
    return db


# ---- SQLite --------------------------------------------------------------------------------


@contextmanager
def sqlite_rows(path: Path, query: str) -> Iterator[tuple[list[str], Rows]]:
    """The column names and rows of a query on an SQLite file that nothing can change."""
    with path.open("rb") as file:
        head = file.read(len(SQLITE_MAGIC))
    if head and head != SQLITE_MAGIC:
        raise QueryError("the file is not an SQLite database")
    wal = path.with_name(path.name + "-wal")
    if wal.is_file() and wal.stat().st_size > 0:
        raise QueryError(f"the database has changes not yet written back ({wal.name} beside "
                         "it): close the program that writes to it, then build again")
    uri = f"file:{urllib.parse.quote(str(path))}?mode=ro&immutable=1"
    refused: list[tuple[str, str]] = []
    try:
        connection = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as exc:
        raise QueryError(f"cannot open the database: {exc}") from None
    try:
        deadline = time.monotonic() + QUERY_SECONDS
        try:
            connection.execute("PRAGMA query_only = ON")
            connection.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
            connection.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
            connection.set_authorizer(_reader(refused))
            connection.set_progress_handler(lambda: int(time.monotonic() > deadline),
                                            _PROGRESS_STEPS)
            cursor = connection.execute(query)
            columns = [str(d[0]) for d in cursor.description or ()]
            yield columns, _fetched(cursor)
        except sqlite3.Error as exc:
            raise QueryError(_sqlite_message(exc, _verb(query, refused), deadline)) from None
    finally:
        connection.close()


def _reader(refused: list[tuple[str, str]]) -> Any:
    def authorize(action: int, target: str | None, *_args: object) -> int:
        if action in _READ_ACTIONS:
            return sqlite3.SQLITE_OK
        refused.append((_ACTION_NAMES.get(action, f"action {action}"), target or ""))
        return sqlite3.SQLITE_DENY

    return authorize


def _fetched(cursor: Any) -> Rows:
    while True:
        batch = cursor.fetchmany(FETCH_ROWS)
        if not batch:
            return
        yield from batch


_LEAD = re.compile(r"\s*(?:(?:--[^\n]*(?:\n|$)|/\*.*?\*/)\s*)*([A-Za-z]+)(?:\s+([A-Za-z]+))?",
                   re.DOTALL)
_TWO_WORDS = ("CREATE", "DROP", "ALTER")


_WRITING = frozenset({
    "ALTER", "ANALYZE", "ATTACH", "BEGIN", "CALL", "CLUSTER", "COMMENT", "COMMIT", "COPY",
    "CREATE", "DELETE", "DETACH", "DO", "DROP", "GRANT", "INSERT", "LOCK", "MERGE", "PRAGMA",
    "REINDEX", "REPLACE", "RESET", "REVOKE", "ROLLBACK", "SAVEPOINT", "SET", "TRUNCATE",
    "UPDATE", "UPSERT", "VACUUM",
})
"""First words of statements that change a database or its session, not queries."""


def writing_verb(query: str) -> str | None:
    """What a statement that is not a query asks to do (`DROP TABLE`), or None."""
    lead = _LEAD.match(query)
    if not lead or lead.group(1).upper() not in _WRITING:
        return None
    words = lead.group(1).upper()
    if words in _TWO_WORDS and lead.group(2):
        words += " " + lead.group(2).upper()
    return words


def _verb(query: str, refused: list[tuple[str, str]]) -> str | None:
    """What a refused statement asks to do: its own first words (`DROP TABLE`), else the
    action SQLite refused (the first is often its bookkeeping: DELETE on sqlite_master)."""
    if not refused:
        return None
    return writing_verb(query) or next(
        (a for a, t in refused if not t.startswith("sqlite_")), refused[0][0])


def _sqlite_message(exc: sqlite3.Error, refused: str | None, deadline: float) -> str:
    text = str(exc)
    if refused:
        return (f"the query may only read, but it asks to {refused}: the database is "
                "opened read-only and stays unchanged")
    if text == "interrupted" and time.monotonic() > deadline:
        return f"the query ran longer than {QUERY_SECONDS:g} s and was stopped"
    if "file is not a database" in text:
        return "the file is not an SQLite database"
    if "string or blob too big" in text:
        return f"the query builds a value longer than {MAX_VALUE_BYTES:,} bytes"
    if "readonly" in text or "read-only" in text:
        return f"the query may only read: {text}"
    return f"SQL error: {text}"


def sqlite_tables(path: Path) -> list[str]:
    """The table and view names of an SQLite file (for a did-you-mean), or none."""
    try:
        with sqlite_rows(path, "SELECT name FROM sqlite_master WHERE type IN "
                               "('table', 'view') ORDER BY name") as (_, rows):
            return [str(r[0]) for r in rows]
    except QueryError:
        return []


# ---- database URLs -----------------------------------------------------------------------


@contextmanager
def url_rows(db: str, query: str, password_env: str | None) -> Iterator[tuple[list[str], Rows]]:
    """The column names and rows of a query on a database URL, in a read-only transaction."""
    try:
        import sqlalchemy
        from sqlalchemy.pool import NullPool
    except ImportError:
        raise QueryError("a database URL needs the SQL extra: "
                         "pip install 'reportgen[sql]'") from None
    try:
        url = sqlalchemy.make_url(db).set(drivername="postgresql+psycopg")
    except sqlalchemy.exc.ArgumentError as exc:
        raise QueryError(f"not a database URL: {exc}") from None
    if password_env:
        password = os.environ.get(password_env)
        if password is None:
            raise QueryError(f"the environment variable {password_env} (password_env) "
                             "is not set")
        url = url.set(password=password)
    millis = int(QUERY_SECONDS * 1000)
    engine = sqlalchemy.create_engine(
        url, poolclass=NullPool,
        connect_args={"connect_timeout": int(QUERY_SECONDS),
                      "options": f"-c default_transaction_read_only=on "
                                 f"-c statement_timeout={millis}"})
    verb = writing_verb(query)
    if verb:  # the read-only transaction would refuse it too; say it plainly first
        raise QueryError(f"the query may only read, but it asks to {verb}: the database is "
                         "unchanged")
    shown = db
    try:
        try:
            connection = engine.connect()
        except sqlalchemy.exc.DBAPIError as exc:
            raise QueryError(f"cannot connect to {shown}: {_first_line(exc)}") from None
        with connection:
            try:
                streaming = connection.execution_options(stream_results=True,
                                                         max_row_buffer=FETCH_ROWS)
                # psycopg reads `%` as a placeholder here: a literal one is written `%%`
                cursor = streaming.exec_driver_sql(query.replace("%", "%%"))
                if not cursor.returns_rows:
                    raise QueryError("the query returns no rows: give a SELECT")
                names = cursor.keys()
                yield [str(k) for k in names], (tuple(row) for row in cursor)
            except sqlalchemy.exc.DBAPIError as exc:
                raise QueryError(_url_message(_first_line(exc))) from None
    finally:
        engine.dispose()


def _first_line(exc: Any) -> str:
    original = getattr(exc, "orig", None)
    lines = str(original if original is not None else exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def _url_message(text: str) -> str:
    if "read-only transaction" in text:
        return f"the query may only read: {text}; the database is unchanged"
    if "statement timeout" in text:
        return f"the query ran longer than {QUERY_SECONDS:g} s and was stopped"
    return f"SQL error: {text}"
