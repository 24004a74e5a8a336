"""Long tables in both writers: split over pages and slides, the header repeated, legible.

A spec with a 120-row dataset table (numbers with uneven decimals, negative values,
a column of years, a text column that wraps) is built with the real command line.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest
from pptx import Presentation

ROWS = 120
SPEC = """\
report: {title: "Long tables"}
authors: [{name: "A"}]
data:
  regions: {json: data/regions.json, source: "Statistics office"}
tables:
  - id: regions_table
    data: regions
    title: "Every region, every year"
    labels: {region: "Region", year: "Year", value: "Value, USD m", note: "Note"}
sections:
  - heading: "Regions"
    body: "The table lists every region."
    tables: [regions_table]
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tables")
    (folder / "data").mkdir()
    rows = [{"region": f"Region {i}", "year": 2000 + i % 25,
             "value": round((i * 7919 % 10007) * (1.5 if i % 3 else -0.25), 2 if i % 4 else 1),
             "note": "a longer remark that will have to wrap inside its cell" if i % 9 == 0
             else "ok"} for i in range(ROWS)]
    (folder / "data/regions.json").write_text(json.dumps(rows), "utf-8")
    (folder / "report.yaml").write_text(SPEC, "utf-8")
    result = subprocess.run([sys.executable, "-m", "reportgen", "build", "report.yaml"],
                            cwd=folder, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return folder / "dist"


def _columns(page: pdfplumber.page.Page) -> list[pdfplumber.page.Page]:
    """The brief's two columns of a page, without the table's invisible 1-pt summary."""
    half = page.width / 2
    visible = page.filter(lambda obj: obj.get("object_type") != "char" or obj["size"] > 1.5)
    return [visible.crop((0, 0, half, page.height)),
            visible.crop((half, 0, page.width, page.height))]


def test_the_brief_repeats_the_header_on_every_page_of_the_table(built: Path) -> None:
    with pdfplumber.open(built / "long-tables.pdf") as pdf:
        # every column the table runs into repeats its header
        pages = [column.extract_text() or "" for page in pdf.pages for column in _columns(page)]
    with_rows = [text for text in pages if re.search(r"^Region \d+ ", text, re.MULTILINE)]
    assert len(with_rows) >= 3
    for text in with_rows:  # a column's header cell may wrap ("Value, USD" over "m")
        assert re.search(r"^Region Year Value, USD (m )?Note", text, re.MULTILINE), text
    found = [int(n) for text in with_rows for n in re.findall(r"^Region (\d+) ", text, re.M)]
    assert found == list(range(ROWS))


def test_numbers_share_decimals_and_right_edges_in_the_brief(built: Path) -> None:
    with pdfplumber.open(built / "long-tables.pdf") as pdf:
        words = [w for page in pdf.pages for w in page.extract_words()]
    values = [w for w in words if re.fullmatch(r"\u2212?[\d,]+\.\d+", w["text"])]
    assert len(values) >= ROWS
    assert {len(w["text"].split(".")[1]) for w in values} == {2}
    for column in (True, False):  # one right edge in each of the brief's two columns
        edges = {round(w["x1"], 0) for w in values if (w["x1"] < 298) == column}
        assert len(edges) <= 1
    years = {w["text"] for w in words if re.fullmatch(r"20\d\d", w["text"])}
    assert "2,000" not in {w["text"] for w in words} and len(years) == 25


def test_the_deck_splits_the_table_over_continuation_slides(built: Path) -> None:
    prs = Presentation(str(built / "long-tables.pptx"))
    parts = []
    for slide in prs.slides:
        tables = [s for s in slide.shapes if s.has_table]
        if not tables:
            continue
        (shape,) = tables
        title = slide.shapes.title.text_frame.text
        parts.append((title, shape))
    assert len(parts) >= 3
    assert parts[0][0] == "Every region, every year"  # the table's title, not its number
    assert all(title == "Every region, every year (cont.)" for title, _ in parts[1:])
    seen = []
    for _, shape in parts:
        rows = [[cell.text for cell in row.cells] for row in shape.table.rows]
        assert rows[0] == ["Region", "Year", "Value, USD m", "Note"]
        seen += [int(r[0].split()[1]) for r in rows[1:]]
        assert shape.top + shape.height <= prs.slide_height
        assert shape.left + shape.width <= prs.slide_width
        sizes = {run.font.size.pt for row in shape.table.rows for cell in row.cells
                 for p in cell.text_frame.paragraphs for run in p.runs}
        assert min(sizes) >= 14
        assert shape._element._nvXxPr.cNvPr.get("descr", "").startswith(
            f"Table 1: Every region, every year. {ROWS} rows and 4 columns")
    assert seen == list(range(ROWS))
    counts = [len(shape.table.rows) - 1 for _, shape in parts]
    assert max(counts) - min(counts) <= max(2, max(counts) // 3)  # balanced, no lone rows
