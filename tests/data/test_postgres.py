"""`sql` datasets on a database URL, against a real PostgreSQL server started for these tests.

The server runs from Debian's `postgresql` binaries in a temporary folder, on a free
port of 127.0.0.1, as the `postgres` user when the tests run as root (PostgreSQL
refuses to run as root). It is skipped only outside CI when the binaries are missing.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from reportgen.data import database
from reportgen.data.sources import from_sql
from reportgen.errors import SpecError
from reportgen.spec.loader import load_spec

BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)), None)
PASSWORD = "s3cret-for-tests"


@dataclass(frozen=True)
class Server:
    """A running PostgreSQL server and how to reach it."""

    port: int
    socket_dir: Path
    as_user: list[str]

    @property
    def url(self) -> str:
        return f"postgresql://reports@127.0.0.1:{self.port}/energy"

    def psql(self, sql: str, database_name: str = "energy") -> str:
        result = subprocess.run(
            [*self.as_user, str(BIN / "psql"), "-h", str(self.socket_dir), "-p", str(self.port),
             "-U", "postgres", "-d", database_name, "-v", "ON_ERROR_STOP=1", "-At", "-c", sql],
            capture_output=True, text=True, timeout=60, check=True)
        return result.stdout.strip()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    if BIN is None or not (BIN / "initdb").exists():
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL binaries are missing: .ci/run installs `postgresql`")
        pytest.skip("PostgreSQL binaries are not installed")
    folder = Path(tempfile.mkdtemp(prefix="reportgen-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(folder, user.pw_uid, user.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    log = (folder / "server.log").open("w")
    process = None
    try:
        subprocess.run([*as_user, str(BIN / "initdb"), "-D", str(folder / "db"), "-U", "postgres",
                        "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8",
                        "--no-sync"], capture_output=True, check=True, timeout=120)
        port = _free_port()
        process = subprocess.Popen(
            [*as_user, str(BIN / "postgres"), "-D", str(folder / "db"), "-p", str(port),
             "-k", str(folder), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"],
            stdout=log, stderr=subprocess.STDOUT)
        for _ in range(300):
            ready = subprocess.run([str(BIN / "pg_isready"), "-h", "127.0.0.1", "-p", str(port)],
                                   capture_output=True)
            if ready.returncode == 0:
                break
            assert process.poll() is None, (folder / "server.log").read_text()
            time.sleep(0.1)
        running = Server(port, folder, as_user)
        running.psql(f"CREATE ROLE reports LOGIN PASSWORD '{PASSWORD}'", "postgres")
        running.psql("CREATE DATABASE energy OWNER reports", "postgres")
        running.psql("SET ROLE reports; CREATE TABLE pipelines (route text, capacity_bcm numeric, "
                     "opened date); INSERT INTO pipelines VALUES ('TANAP', 16.2, '2018-06-12'), "
                     "('TAP', 10.0, '2020-11-15'), ('SCP', 25.45, '2006-12-15')")
        yield running
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=60)
        log.close()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture()
def password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PGPASSWORD", PASSWORD)


def test_a_query_on_a_url_gives_a_typed_table(server: Server, password: None) -> None:
    table, problems = from_sql(
        "p", "SELECT route, capacity_bcm, opened FROM pipelines WHERE route LIKE 'TA%' "
             "ORDER BY route", server.url, server.url, "src")
    assert problems == [] and table is not None
    assert table.columns == ("route", "capacity_bcm", "opened")
    assert [r[:2] for r in table.rows] == [("TANAP", 16.2), ("TAP", 10.0)]
    assert str(table.rows[0][2]) == "2018-06-12"
    assert table.file is not None and table.file.path == server.url and table.file.sha256 is None


def test_the_password_can_come_from_a_named_variable(server: Server,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("ENERGY_DB_PASSWORD", PASSWORD)
    table, problems = from_sql("p", "SELECT count(*) AS n FROM pipelines", server.url,
                               server.url, None, "ENERGY_DB_PASSWORD")
    assert problems == [] and table is not None and table.rows == ((3.0,),)
    monkeypatch.delenv("ENERGY_DB_PASSWORD")
    _, problems = from_sql("p", "SELECT 1 AS n", server.url, server.url, None,
                           "ENERGY_DB_PASSWORD")
    assert "ENERGY_DB_PASSWORD (password_env) is not set" in problems[0].message


def test_a_wrong_password_is_a_clear_error(server: Server, monkeypatch: pytest.MonkeyPatch
                                           ) -> None:
    monkeypatch.setenv("PGPASSWORD", "wrong")
    _, problems = from_sql("p", "SELECT 1 AS n", server.url, server.url, None)
    assert problems[0].message.startswith(f"cannot connect to {server.url}: ")
    assert "password authentication failed" in problems[0].message
    assert "wrong" not in problems[0].message


@pytest.mark.parametrize(("query", "message"), [
    ("DROP TABLE pipelines", "the query may only read, but it asks to DROP TABLE"),
    ("DELETE FROM pipelines", "the query may only read, but it asks to DELETE"),
    ("UPDATE pipelines SET capacity_bcm = 0", "the query may only read, but it asks to UPDATE"),
    ("WITH gone AS (DELETE FROM pipelines RETURNING *) SELECT * FROM gone", "SQL error: "),
    ("SELECT 1 AS n; DROP TABLE pipelines", "SQL error: "),
])
def test_a_query_that_would_write_is_refused(server: Server, password: None, query: str,
                                             message: str) -> None:
    before = server.psql("SELECT route, capacity_bcm FROM pipelines ORDER BY route")
    table, problems = from_sql("p", query, server.url, server.url, None)
    assert table is None
    assert problems[0].message.startswith(message), problems[0].message
    assert server.psql("SELECT route, capacity_bcm FROM pipelines ORDER BY route") == before


def test_the_transaction_itself_is_read_only(server: Server, password: None) -> None:
    table, problems = from_sql("p", "SELECT current_setting('transaction_read_only') AS ro",
                               server.url, server.url, None)
    assert problems == [] and table is not None and table.rows == (("on",),)


def test_a_long_query_is_stopped(server: Server, password: None,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(database, "QUERY_SECONDS", 1.0)
    started = time.perf_counter()
    _, problems = from_sql("p", "SELECT pg_sleep(30) AS s", server.url, server.url, None)
    assert time.perf_counter() - started < 10
    assert "ran longer than 1 s and was stopped" in problems[0].message


def test_syntax_errors_are_said(server: Server, password: None) -> None:
    _, problems = from_sql("p", "SELEC route FROM pipelines", server.url, server.url, None)
    assert problems[0].message.startswith('SQL error: syntax error at or near "SELEC"')


def test_a_spec_computes_a_figure_from_the_server(server: Server, password: None,
                                                  tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    spec = tmp_path / "report.yaml"
    spec.write_text(f"""\
report: {{title: "Pipelines"}}
authors: [{{name: "A"}}]
key_figures:
  - id: capacity
    label: "Capacity"
    value: {{data: pipelines, column: capacity_bcm, agg: sum}}
    suffix: " bcm"
data:
  pipelines:
    sql: "SELECT route, capacity_bcm FROM pipelines ORDER BY route"
    db: "{server.url}"
    source: "Energy database"
sections:
  - heading: "Pipelines"
    body: "Together {{{{ key_figures.capacity }}}} a year."
""", "utf-8")
    monkeypatch.chdir(tmp_path)
    loaded = load_spec(Path("report.yaml"))
    (record,) = loaded.key_figure_records()
    assert record["text"] == "51.65 bcm"
    assert record["from"] == {"data": "pipelines", "path": server.url, "sha256": None,
                              "column": "capacity_bcm", "agg": "sum", "rows": 3}
    spec.write_text(spec.read_text("utf-8").replace("reports@", f"reports:{PASSWORD}@"), "utf-8")
    with pytest.raises(SpecError) as caught:
        load_spec(Path("report.yaml"))
    (problem,) = caught.value.problems
    assert (problem.line, problem.path) == (11, "data.pipelines.db")
    assert "never write one in the spec" in problem.message
    assert PASSWORD not in str(caught.value)
