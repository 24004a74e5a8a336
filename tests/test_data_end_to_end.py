"""End to end: a spec reading a workbook (a named sheet), a JSON list and an SQLite file,
with computed key figures (one filtered), a dataset table and a pipe table.

The data files are written here (openpyxl, json, sqlite3). The figures are recomputed
from those files independently of reportgen and looked for in the brief (pdfplumber)
and the deck (python-pptx); the deck must hold native tables; the provenance must name
each file with its hash; and a spec that tries to drop the table leaves the database
byte-identical. Bad specs of each kind fail located, with exit status 2.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import openpyxl
import pdfplumber
import pytest
from pptx import Presentation

from reportgen.spec.loader import load_spec

SPEC = """\
report:
  title: "Energy links at a glance"
  date: 2025-03-01
authors:
  - name: "A. Analyst"
key_figures:
  - id: capacity
    label: "Gas pipeline capacity"
    value: {data: pipelines, column: capacity_bcm, agg: sum}
    suffix: " bcm/yr"
    decimals: 1
  - id: btc_mean
    label: "Average BTC flow"
    value: {data: flows, column: bpd, agg: mean, where: {route: BTC}}
    suffix: " b/d"
    decimals: 0
  - id: health
    label: "Health budget"
    value: {data: budget, column: usd_bn, agg: last}
    prefix: "$"
    suffix: "bn"
  - id: routes
    label: "Oil routes"
    value: {data: flows, agg: count, where: {year: 2024}}
data:
  budget: {excel: data/budget.xlsx, sheet: "2024", source: "Ministry of Finance"}
  flows: {json: data/flows.json, source: "Pipeline operators"}
  pipelines:
    sql: "SELECT route, capacity_bcm FROM pipelines ORDER BY capacity_bcm DESC"
    db: data/energy.sqlite
    source: "Energy database"
tables:
  - id: pipeline_table
    data: pipelines
    title: "Gas pipelines by capacity"
    labels: {route: "Route", capacity_bcm: "Capacity, bcm/yr"}
    decimals: {capacity_bcm: 1}
sections:
  - heading: "Energy"
    body: |
      Pipelines carry {{ key_figures.capacity }} a year; BTC averages {{ key_figures.btc_mean }}.

      | Route | Operator | Length (km) |
      |:------|:---------|------:|
      | BTC | BP | 1,768 |
      | SCP | BP | 692 |

      Table: Oil and gas routes from the Caspian
    tables: [pipeline_table]
    notes: "Health: {{ key_figures.health }}; {{ key_figures.routes }} routes."
"""


def write_data(folder: Path) -> None:
    """The spec's data files, as an analyst's tools would save them."""
    data = folder / "data"
    data.mkdir(parents=True)
    wb = openpyxl.Workbook()
    wb.active.title = "Read me"
    wb.active.append(["note"])
    wb.active.append(["the 2024 sheet holds the budget"])
    sheet = wb.create_sheet("2024")
    sheet.append(["item", "usd_bn", "approved"])
    sheet.append(["Defence", 3.482, dt.date(2024, 1, 31)])
    sheet.append(["Health", 1.257, dt.date(2024, 2, 29)])
    wb.save(data / "budget.xlsx")
    flows = [{"route": "BTC", "year": 2023, "bpd": 601000},
             {"route": "BTC", "year": 2024, "bpd": 587500},
             {"route": "Baku-Novorossiysk", "year": 2024, "bpd": 20000}]
    (data / "flows.json").write_text(json.dumps(flows, indent=1), "utf-8")
    with sqlite3.connect(data / "energy.sqlite") as connection:
        connection.execute("CREATE TABLE pipelines (route TEXT, capacity_bcm REAL)")
        connection.executemany("INSERT INTO pipelines VALUES (?, ?)",
                               [("TANAP", 16.2), ("TAP", 10.0), ("SCP", 25.45)])
    connection.close()


def expected_figures(folder: Path) -> dict[str, str]:
    """Each figure recomputed from the files with plain libraries, formatted as printed."""
    with sqlite3.connect(f"file:{folder / 'data/energy.sqlite'}?mode=ro", uri=True) as db:
        capacity = sum(r[0] for r in db.execute("SELECT capacity_bcm FROM pipelines"))
    db.close()
    flows = json.loads((folder / "data/flows.json").read_text("utf-8"))
    btc = statistics.mean(f["bpd"] for f in flows if f["route"] == "BTC")
    routes = sum(1 for f in flows if f["year"] == 2024)
    sheet = openpyxl.load_workbook(folder / "data/budget.xlsx")["2024"]
    health = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)][-1]
    return {"capacity": f"{half_up(capacity, '0.1'):,} bcm/yr",
            "btc_mean": f"{half_up(btc, '1'):,} b/d",
            "health": f"${health:.3f}bn", "routes": f"{routes}"}


def half_up(value: float, step: str) -> Decimal:
    """Rounded as a reader rounds the number as written (51.65 -> 51.7)."""
    return Decimal(repr(round(value, 10))).quantize(Decimal(step), ROUND_HALF_UP)


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reportgen", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, timeout=300)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("data_e2e") / "brief"
    write_data(folder)
    (folder / "report.yaml").write_text(SPEC, "utf-8")
    before = digest(folder / "data/energy.sqlite")
    result = run("build", "report.yaml", cwd=folder)
    assert result.returncode == 0, result.stderr
    assert digest(folder / "data/energy.sqlite") == before
    return folder


def pdf_text(folder: Path) -> str:
    with pdfplumber.open(next((folder / "dist").glob("*.pdf"))) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    return " ".join(text.replace("\u2212", "-").split())


def column_text(folder: Path) -> str:
    """The brief's text read column by column (a table's rows are not interleaved with
    the lines of the column beside it)."""
    parts = []
    with pdfplumber.open(next((folder / "dist").glob("*.pdf"))) as pdf:
        for page in pdf.pages:
            middle = page.width / 2
            for box in ((0, 0, middle, page.height), (middle, 0, page.width, page.height)):
                parts.append(page.crop(box).extract_text() or "")
    return " ".join("\n".join(parts).replace("\u2212", "-").split())


def deck(folder: Path):  # type: ignore[no-untyped-def]
    return Presentation(str(next((folder / "dist").glob("*.pptx"))))


def test_computed_figures_are_in_the_brief_as_recomputed(built: Path) -> None:
    text = pdf_text(built)
    for figure_id, shown in expected_figures(built).items():
        assert shown in text, f"{figure_id}: {shown!r} not in the brief"
    assert "Pipelines carry 51.7 bcm/yr a year; BTC averages 594,250 b/d." in text


def test_the_sources_list_says_how_each_figure_was_derived(built: Path) -> None:
    # in words, as a publication's note: the aggregation, column, file and rows
    text = pdf_text(built)
    assert "51.7 bcm/yr: the sum of capacity_bcm (data/energy.sqlite, 3 rows)." in text
    assert "594,250 b/d: the mean of bpd (data/flows.json, 2 rows; route = BTC)." in text
    assert "2: the number of rows (data/flows.json, 2 rows; year = 2024)." in text
    assert "computed:" not in text and "of dataset" not in text  # no machine log


def test_tables_are_numbered_with_captions_and_sources_in_the_brief(built: Path) -> None:
    text = column_text(built)
    assert "Table 1: Oil and gas routes from the Caspian" in text
    assert "Table 2: Gas pipelines by capacity" in text
    assert "Route Capacity, bcm/yr SCP 25.5 TANAP 16.2 TAP 10.0 Source: Energy database" in text
    assert "BTC BP 1,768" in text


def test_the_deck_has_native_tables_and_every_figure(built: Path) -> None:
    prs = deck(built)
    texts, tables = [], []
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if shape.has_table:
                tables.append(shape)
        if slide.has_notes_slide:
            texts.append(slide.notes_slide.notes_text_frame.text)
    flat = " ".join(" ".join(texts).split())
    for figure_id, shown in expected_figures(built).items():
        assert shown in flat, f"{figure_id}: {shown!r} not in the deck"
    assert len(tables) == 2
    cells = [[c.text for c in row.cells] for row in tables[1].table.rows]
    assert cells == [["Route", "Capacity, bcm/yr"], ["SCP", "25.5"], ["TANAP", "16.2"],
                     ["TAP", "10.0"]]
    for shape in tables:
        assert shape._element._nvXxPr.cNvPr.get("descr", "").startswith("Table ")
        assert shape.left + shape.width <= prs.slide_width
        assert shape.top + shape.height <= prs.slide_height
        sizes = {r.font.size.pt for row in shape.table.rows for c in row.cells
                 for p in c.text_frame.paragraphs for r in p.runs}
        assert sizes and min(sizes) >= 14


def test_provenance_names_each_file_with_its_hash(built: Path, monkeypatch: pytest.MonkeyPatch
                                                  ) -> None:
    monkeypatch.chdir(built)
    records = {r["id"]: r for r in load_spec(Path("report.yaml")).key_figure_records()}
    files = {"capacity": "data/energy.sqlite", "btc_mean": "data/flows.json",
             "health": "data/budget.xlsx", "routes": "data/flows.json"}
    for figure_id, path in files.items():
        source = records[figure_id]["from"]
        assert source["path"] == path
        assert source["sha256"] == digest(built / path)
    assert records["btc_mean"]["from"] == {
        "data": "flows", "path": "data/flows.json", "sha256": digest(built / "data/flows.json"),
        "column": "bpd", "agg": "mean", "rows": 2, "where": {"route": "BTC"}}
    assert records["capacity"]["text"] == "51.7 bcm/yr" and records["capacity"]["value"] == 51.65


BAD = {
    "missing sheet": (('sheet: "2024"', 'sheet: "2042"'),
                      "data.budget.sheet: data/budget.xlsx: the workbook has no sheet '2042'; "
                      "did you mean '2024'?"),
    "bad SQL": (("SELECT route,", "SELEC route,"),
                'data.pipelines.sql: data/energy.sqlite: SQL error: near "SELEC": syntax error'),
    "db outside": (("db: data/energy.sqlite", "db: ../energy.sqlite"),
                   "data.pipelines.db: the path '../energy.sqlite' leads outside"),
    "missing column": (("column: capacity_bcm, agg: sum", "column: capacity, agg: sum"),
                       "key_figures.0.value.column: unknown column 'capacity' in dataset "
                       "'pipelines'; did you mean 'capacity_bcm'?"),
    "no rows": (("where: {route: BTC}", "where: {route: BTX}"),
                "key_figures.1.value.where: no row of dataset 'flows' matches route = 'BTX', "
                "so there is nothing to mean; did you mean 'BTC'?"),
    "drop table": (('"SELECT route, capacity_bcm FROM pipelines ORDER BY capacity_bcm DESC"',
                    '"DROP TABLE pipelines"'),
                   "data.pipelines.sql: data/energy.sqlite: the query may only read, but it "
                   "asks to DROP TABLE"),
}


@pytest.mark.parametrize("case", sorted(BAD))
@pytest.mark.parametrize("command", ["check", "build"])
def test_bad_data_is_a_located_error(case: str, command: str, built: Path,
                                     tmp_path: Path) -> None:
    (old, new), message = BAD[case]
    folder = tmp_path / "bad"
    shutil.copytree(built / "data", folder / "data")
    (tmp_path / "energy.sqlite").write_bytes((built / "data/energy.sqlite").read_bytes())
    assert old in SPEC
    spec = SPEC.replace(old, new)
    (folder / "report.yaml").write_text(spec, "utf-8")
    before = digest(folder / "data/energy.sqlite")
    result = run(command, "report.yaml", cwd=folder)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    line = next(n for n, text in enumerate(spec.splitlines(), 1) if new in text)
    located = [x for x in result.stderr.splitlines() if x.startswith(f"report.yaml:{line}:")]
    assert any(message in x for x in located), result.stderr
    assert digest(folder / "data/energy.sqlite") == before
    assert not (folder / "dist").exists()
    assert sorted(p.name for p in (folder / "data").iterdir()) == [
        "budget.xlsx", "energy.sqlite", "flows.json"]


def test_a_number_column_with_text_is_located_in_the_workbook(built: Path, tmp_path: Path
                                                              ) -> None:
    folder = tmp_path / "bad"
    shutil.copytree(built / "data", folder / "data")
    wb = openpyxl.load_workbook(folder / "data/budget.xlsx")
    wb["2024"]["B3"] = "about 1.3"
    wb.save(folder / "data/budget.xlsx")
    (folder / "report.yaml").write_text(SPEC, "utf-8")
    result = run("check", "report.yaml", cwd=folder)
    assert result.returncode == 2
    assert re.search(r"^data/budget\.xlsx:3:1: data\.budget\.excel: row 2, column 'usd_bn' is "
                     r"'about 1\.3', not a number \(needed as numbers by key figure 'health'\)$",
                     result.stderr, re.MULTILINE), result.stderr


def test_table_rows_are_right_aligned_numbers_in_the_brief(built: Path) -> None:
    with pdfplumber.open(next((built / "dist").glob("*.pdf"))) as pdf:
        words = [w for page in pdf.pages for w in page.extract_words()]
    ends = {round(w["x1"], 1) for w in words if w["text"] in ("25.5", "16.2", "10.0")}
    assert len(ends) == 1, ends
