"""A right-to-left brief (Arabic) is mirrored, as an Arabic publisher sets it.

Read back with pdfplumber: where each text stands on the page (x positions), which
column a paragraph fills first, which side bullets, tiles and the running header's
parts stand on, and which face (bold or regular) draws the Arabic letters.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pdfplumber
import pytest

from reportgen.core.language import language_of
from reportgen.document.nodes import Cover, Document, KeyFigures, ListBlock, Run, Section, Summary
from reportgen.render.pdf.writer import render_brief
from reportgen.theme import Theme, build_theme
from tests.render.pdf.conftest import P, make_document

AR_HEADING = "مرحلة من التوتر المتصاعد"
AR_PLAIN = "قلّلت موسكو من أهمية الخطوة واعتبرت الإغلاق سوء تفاهم يمكن حله دبلوماسياً"
AR_BOLD = "اعتذار رسمي"
AR_SENTENCE = ("دخلت العلاقة بين روسيا وأذربيجان مرحلة من التوتر المتصاعد، مدفوعة بخلافات "
               "دبلوماسية وتحولات في التحالفات الجيوسياسية في جنوب القوقاز. ")
PARAGRAPHS = 24
"""Numbered paragraphs: enough to fill the first page's columns and run onto the next."""
ARABIC = re.compile(r"[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]")


def _arabic(document: Document) -> Document:
    """The fixture document in Arabic: a cover, key judgments, key figures, then one
    section of numbered paragraphs (`فقرة 7`), a bold run and a bullet list."""
    numbered = tuple(P(f"فقرة {n} ", AR_SENTENCE * 2) for n in range(1, PARAGRAPHS + 1))
    items = (P(AR_PLAIN, " ", Run(AR_BOLD, bold=True), "."),
             ListBlock(items=(P(AR_PLAIN), P(AR_PLAIN))), *numbered)
    section = Section(index=1, heading=AR_HEADING, items=items, points=(), notes="")
    kept = tuple(n for n in document.body if isinstance(n, (Cover, Summary, KeyFigures)))
    return replace(document, language=language_of("ar"), body=(*kept, section))


@pytest.fixture(scope="module")
def brief(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("rtl")
    out = folder / "ar.pdf"
    render_brief(_arabic(make_document(folder)), build_theme("default"), out)
    return out


def _numbers_in_reading_order(page: pdfplumber.page.Page) -> list[int]:
    """The paragraph numbers of a page, read right column first, each top to bottom."""
    middle = page.width / 2
    found = []
    body = page.crop((0, 50, page.width, page.height - 50))  # not the header or footer
    for word in body.extract_words():
        if word["text"].isdigit() and ARABIC.search(
                "".join(c["text"] for c in page.chars
                        if abs(c["top"] - word["top"]) < 8 and 0 < c["x0"] - word["x1"] < 40)):
            found.append((word["x0"] < middle, word["top"], int(word["text"])))
    return [n for _left, _top, n in sorted(found)]


def test_an_arabic_brief_fills_its_right_column_first(brief: Path) -> None:
    with pdfplumber.open(brief) as pdf:
        pages = [_numbers_in_reading_order(page) for page in pdf.pages]
    numbers = [n for page in pages for n in page]
    assert len(pages) >= 2 and len(numbers) >= PARAGRAPHS - 2
    assert numbers == sorted(numbers)  # right column, then left, then the next page
    assert pages[1] and pages[1][0] > pages[0][-1]


def test_text_lists_and_boxes_stand_on_the_right(brief: Path) -> None:
    with pdfplumber.open(brief) as pdf:
        page = pdf.pages[0]
        middle = page.width / 2
        bullets = [c for c in page.chars if c["text"] == "\u2022"]
        assert bullets
        for bullet in bullets:  # every bullet hangs right of the text of its line
            # its line: the letters beside it in its column (Arabic sits a little higher)
            line = [c for c in page.chars if abs(c["top"] - bullet["top"]) < 8
                    and c is not bullet and (c["x0"] < middle) == (bullet["x0"] < middle)
                    and c["text"].strip()]
            assert line and all(c["x1"] < bullet["x0"] for c in line)
        # the key figures read from the right: the first tile stands rightmost
        words = {w["text"]: w for w in page.extract_words()}
        assert words["$1.178bn"]["x0"] > words["$3.621bn"]["x0"]
        # the section's lines end flush right, at the column's right edge
        right_edges = [c["x1"] for c in page.chars if ARABIC.search(c["text"])
                       and c["x0"] > middle]
        assert right_edges and max(right_edges) > page.width - 60


def test_running_header_and_footer_are_mirrored(brief: Path) -> None:
    with pdfplumber.open(brief) as pdf:
        page = pdf.pages[1]
        middle = page.width / 2
        header = [c for c in page.chars if c["top"] < 40]
        footer = [c for c in page.chars if c["top"] > page.height - 40]
    date = [c for c in header if c["text"].isdigit()]  # "1 March 2025" (the meta's)
    series = [c for c in header if c["text"] in "POLICYBRF"]  # POLICY BRIEF
    assert date and all(c["x0"] < middle for c in date)
    assert series and min(c["x0"] for c in series) > middle
    assert max(c["x1"] for c in series) > page.width - 60
    number = [c for c in footer if c["text"].isdigit()]  # "صفحة 2 من 2"
    publisher = [c for c in footer if c["text"].isalpha() and c["text"].isascii()]
    assert number and all(c["x0"] < middle for c in number)
    assert publisher and all(c["x0"] > middle for c in publisher)


def test_arabic_headings_and_bold_runs_are_set_in_a_bold_face(brief: Path) -> None:
    with pdfplumber.open(brief) as pdf:
        chars = [c for page in pdf.pages for c in page.chars if ARABIC.search(c["text"])]
    heading_size = max(c["size"] for c in chars if 12 < c["size"] < 13)
    heading = [c for c in chars if c["size"] == heading_size]
    assert heading and all("Bold" in c["fontname"] for c in heading)
    body = [c for c in chars if round(c["size"], 1) == 9.5]
    bold = [c for c in body if "Bold" in c["fontname"]]
    regular = [c for c in body if "Bold" not in c["fontname"]]
    assert regular and all("NotoSansArabic" in c["fontname"] for c in regular)
    # the bold run, and only it, in the body: its letters (shaped forms) in the bold face
    assert 0 < len(bold) <= len(AR_BOLD) and all("DejaVuSans-Bold" in c["fontname"]
                                                   for c in bold)


def test_a_left_to_right_brief_is_not_mirrored(document: Document, theme: Theme,
                                               tmp_path: Path) -> None:
    out = tmp_path / "en.pdf"
    render_brief(document, theme, out)
    with pdfplumber.open(out) as pdf:
        page = pdf.pages[0]
        words = {w["text"]: w for w in page.extract_words()}
        bullets = [c for c in page.chars if c["text"] == "\u2022"]
    assert words["$1.178bn"]["x0"] < words["$3.621bn"]["x0"]
    assert bullets and all(b["x0"] < page.width / 2 for b in bullets[:1])
