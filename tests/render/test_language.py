"""Briefs in the reader's language: a Russian and an Arabic build of the sample, read back.

The brief's text (pdfplumber), the deck's text and paragraph attributes (python-pptx)
and the chart's SVG are checked for what a reader sees: dates, number separators,
labels, and Arabic letters joined and laid right to left.
"""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest
import yaml
from pptx import Presentation
from pptx.oxml.ns import qn

from reportgen.core.bidi import visual
from tests.conftest import copy_sample, run_cli

NBSP = "\u00a0"
AR_HEADING = "مرحلة من التوتر المتصاعد"
AR_SENTENCE = "أغلقت باكو البيت الروسي"


def _build(root: Path, language: str, edit=None) -> Path:  # type: ignore[no-untyped-def]
    spec = copy_sample(root)
    data = yaml.safe_load(spec.read_text(encoding="utf-8"))
    data["report"]["language"] = language
    if edit:
        edit(data)
    spec.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run_cli("build", spec, "--out", root / "dist")
    assert result.returncode == 0, result.stderr
    return root / "dist"


def _arabic(data: dict) -> None:  # type: ignore[type-arg]
    section = data["sections"][0]
    section["heading"] = AR_HEADING
    section["body"] = (f"{AR_SENTENCE} (2025).\n\n"
                       f"In English, the Russian House ({AR_SENTENCE}) closed.\n")


@pytest.fixture(scope="module")
def russian(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("ru"), "ru")


@pytest.fixture(scope="module")
def arabic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("ar"), "ar", _arabic)


def _pages(dist: Path, y_tolerance: float = 3) -> list[str]:
    """Each page's text, its left column (and the left of the cover band) then its right."""
    with pdfplumber.open(dist / "azerbaijan-russia.pdf") as pdf:
        return ["\n".join(page.crop(box).extract_text(y_tolerance=y_tolerance) or ""
                          for box in ((0, 0, page.width / 2, page.height),
                                      (page.width / 2, 0, page.width, page.height)))
                for page in pdf.pages]


def _slides(dist: Path) -> list[str]:
    deck = Presentation(str(dist / "azerbaijan-russia.pptx"))
    return ["\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)
            for slide in deck.slides]


def test_russian_brief_prints_russian_dates_numbers_and_labels(russian: Path) -> None:
    pages = _pages(russian)
    text = "\n".join(pages)
    assert "1 марта 2025" in pages[0] and "March" not in text
    assert "Page " not in text and "Страница" not in pages[0]  # no number on the cover
    for number, page in enumerate(pages[1:], start=2):
        assert f"Страница {number} из {len(pages)}" in page
    for label in ("Ключевые выводы", "Ключевые цифры", "Рисунок 1", "Таблица 1:", "Источник:",
                  "Хронология", "Об авторе", "См. также", "Источники и примечания",
                  "Использовано в:", "25 дек. 2024"):
        assert label.upper() in text.upper(), label
    assert "$1,178bn" in text and "4,4%" in text  # key figures, decimal comma
    assert re.search(r"pipeline 20[\s\u00a0]000 barrels per day", text)  # table: space groups
    assert "Source:" not in text and "Figure 1" not in text


def test_russian_deck_uses_the_same_words(russian: Path) -> None:
    slides = _slides(russian)
    text = "\n".join(slides)
    assert "Ключевые выводы" in text and "(прод.)" in text and "Источник:" in text
    assert "1 марта 2025" in slides[0] and "$1,178bn" in text
    assert "(cont.)" not in text and "Source:" not in text


def test_russian_chart_labels_use_a_decimal_comma(russian: Path) -> None:
    svg = (russian / "charts" / "trade_asymmetry.svg").read_text(encoding="utf-8")
    shown = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert "1,178" in shown and "3,621" in shown and "1.178" not in shown
    assert any(t.startswith("Источник:") for t in shown)


def test_arabic_brief_is_joined_and_right_to_left(arabic: Path) -> None:
    # the fallback Arabic font sits a little higher: a looser tolerance keeps lines whole
    lines = "\n".join(_pages(arabic, y_tolerance=6)).splitlines()
    # drawn as read: contextual forms, in visual order (extraction reads left to right)
    shown = visual(AR_SENTENCE)
    assert shown[0] == "\ufef2" and AR_SENTENCE not in "".join(lines)  # final yeh leftmost
    # the heading's word gaps are narrower than pdfplumber's word tolerance in the new face
    assert visual(AR_HEADING).replace(" ", "") in [line.replace(" ", "") for line in lines]
    assert f".(2025) {shown}" in lines  # an Arabic paragraph reads from the right
    joined = " ".join(lines)  # a column may wrap the mixed sentence
    assert f"In English, the Russian House ({shown}) closed." in joined  # mixed text
    pages = len(_pages(arabic))
    assert any(line.endswith(visual(f"صفحة 2 من {pages}")) for line in lines)


def test_arabic_deck_paragraphs_are_right_to_left(arabic: Path) -> None:
    deck = Presentation(str(arabic / "azerbaijan-russia.pptx"))
    found = {}
    for slide in deck.slides:
        for shape in slide.shapes:
            if not shape.has_text_frame:
                continue
            for p in shape.text_frame.paragraphs:
                pPr = p._p.find(qn("a:pPr"))
                found[p.text] = (pPr.get("rtl"), pPr.get("algn")) if pPr is not None else None
    # a section's slide is titled by its chart (the heading goes to the notes): the
    # key judgments' heading is the Arabic text every deck shows
    assert found["الاستنتاجات الرئيسية"] == ("1", "r")  # logical text: PowerPoint shapes it
    assert any(t.startswith("Baku") and v is not None and v[0] is None
               for t, v in found.items())  # English stays left to right


def test_arabic_deck_rules_stand_under_the_right_aligned_titles(arabic: Path) -> None:
    deck = Presentation(str(arabic / "azerbaijan-russia.pptx"))
    width = int(deck.slide_width)
    rules = [shape for layout in deck.slide_layouts for shape in layout.shapes
             if shape.name == "Accent rule"]
    assert rules
    for rule in rules:  # flush with the right margin, as the title above it
        assert int(rule.left) + int(rule.width) > width * 0.8, rule.left


def test_arabic_chart_svg_keeps_text_as_written(arabic: Path) -> None:
    """The SVG is for browsers, which lay text out themselves: it keeps the logical text."""
    svg = (arabic / "charts" / "trade_asymmetry.svg").read_text(encoding="utf-8")
    assert "المصدر:" in svg


def test_georgian_capitals_are_drawn_in_a_font_that_has_them(tmp_path: Path) -> None:
    """Box labels print in capitals: Georgian ones (Mtavruli) need the Noto fallback."""
    dist = _build(tmp_path, "ka")
    with pdfplumber.open(dist / "azerbaijan-russia.pdf") as pdf:
        chars = [c for c in pdf.pages[0].chars if "\u1c90" <= c["text"] <= "\u1cbf"]
        text = pdf.pages[0].extract_text()
    assert "მთავარი დასკვნები".upper() in text and "1 მარტი, 2025" in text
    assert chars and all("Georgian" in c["fontname"] for c in chars)


def test_arabic_masthead_date_reads_right_to_left(arabic: Path) -> None:
    # "1 مارس 2025" drawn on its own, right to left: the year leftmost, the day rightmost
    with pdfplumber.open(arabic / "azerbaijan-russia.pdf") as pdf:
        band = [c for c in pdf.pages[0].chars if c["top"] < 50 and c["text"].isdigit()]
    assert "".join(c["text"] for c in sorted(band, key=lambda c: c["x0"])) == "20251"


def test_russian_sources_say_how_figures_were_computed_in_russian(russian: Path) -> None:
    text = " ".join("\n".join(_pages(russian)).split())
    sources = text[text.upper().index("ИСТОЧНИКИ И ПРИМЕЧАНИЯ"):]
    assert "Использовано в: Рисунки 1–5; Таблицы 1, 2; Ключевые цифры" in sources
    assert "$4,799bn: сумма usd_bn (data/trade_2024.csv, 2 строки)." in sources
    for english in ("computed", "sum of", "column", "row", "dataset", "where"):
        assert english not in sources, english
