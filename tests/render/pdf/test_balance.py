"""The last page's two columns end level, and balancing them never adds a page.

Read back with pdfplumber: how far down each column of the last page its text goes.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pdfplumber
import pytest

from reportgen.document.nodes import Document, Section, Summary
from reportgen.render.pdf import writer
from reportgen.render.pdf.geometry import TOP_MARGIN
from reportgen.render.pdf.writer import render_brief
from reportgen.theme import Theme
from tests.render.pdf.conftest import P

HEADER = 50.0
"""Points from the page's top edge past the running header."""
FOOTER = 45.0
"""Points from the page's bottom edge above the footer."""
TWO_LINES = 26.0
"""Two lines of body text, in points."""


def _with_filler(document: Document, paragraphs: int) -> Document:
    """The fixture brief with a section of filler paragraphs after its first section."""
    filler = P("Filler text that takes up a few lines of the page. " * 7)
    extra = Section(index=9, heading="More of the argument", items=(filler,) * paragraphs,
                    points=(), notes="")
    body = list(document.body)
    at = next(i for i, node in enumerate(body) if isinstance(node, Section))
    return replace(document, body=(*body[:at + 1], extra, *body[at + 1:]))


def _last_page_depths(pdf: Path) -> tuple[int, float, float]:
    """The page count and how far below the columns' top the last page's text reaches,
    in its left and right column."""
    with pdfplumber.open(pdf) as doc:
        page = doc.pages[-1]
        middle = page.width / 2
        chars = [c for c in page.chars
                 if HEADER < c["top"] < page.height - FOOTER and c["text"].strip()]
        pages = len(doc.pages)
    def depth(left: bool) -> float:
        bottoms = [c["bottom"] for c in chars if (c["x0"] < middle) == left]
        return max(bottoms) - TOP_MARGIN if bottoms else 0.0
    return pages, depth(True), depth(False)


@pytest.mark.parametrize("paragraphs", [2, 4, 6])
def test_the_last_pages_columns_end_level(document: Document, theme: Theme, tmp_path: Path,
                                          paragraphs: int,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    brief = _with_filler(document, paragraphs)
    out = tmp_path / "balanced.pdf"
    render_brief(brief, theme, out)
    pages, left, right = _last_page_depths(out)
    # both columns hold text and end within half of the longer one of each other, or
    # within two lines when what is left is too little to split finer (a panel, a line)
    assert left > 0 and right > 0
    assert abs(left - right) <= max(max(left, right) / 2, TWO_LINES), (left, right)
    monkeypatch.setattr(writer, "BALANCE_TRIES", 0)  # laid out as it falls
    render_brief(brief, theme, tmp_path / "as_it_falls.pdf")
    assert _last_page_depths(tmp_path / "as_it_falls.pdf")[0] == pages  # no page added


def test_a_split_key_judgments_box_says_it_continues(document: Document, theme: Theme,
                                                      tmp_path: Path) -> None:
    judgment = P("A judgment long enough to take several lines of the narrow column, "
                 "so that a dozen of them cannot stand in what is left of the first page. " * 2)
    body = tuple(replace(node, items=(judgment,) * 14) if isinstance(node, Summary) else node
                 for node in document.body)
    out = tmp_path / "split.pdf"
    render_brief(replace(document, body=body), theme, out)
    with pdfplumber.open(out) as pdf:
        halves = [half for page in pdf.pages
                  for half in (page.crop((0, 0, page.width / 2, page.height)),
                               page.crop((page.width / 2, 0, page.width, page.height)))]
        columns = [(half.extract_text() or "").splitlines() for half in halves]
    lines = [line for column in columns for line in column]
    squeezed = [line.replace(" ", "") for line in lines]
    squeezed = [line for line in squeezed if line.startswith("KEYJUDGMENTS")]
    labels = squeezed
    assert squeezed[0] == "KEYJUDGMENTS"
    assert len(squeezed) >= 2 and all(s == "KEYJUDGMENTS(CONT.)" for s in squeezed[1:]), labels
    # each part fills its column: no column holds two parts of the box
    assert all(sum(line.replace(" ", "").startswith("KEYJUDGMENTS") for line in column) <= 1
               for column in columns)
