"""Text measurement and fitting against the real font file."""

from __future__ import annotations

import pytest
from PIL import ImageFont

from reportgen.render.pptx.fit import Para, Span, count_lines, font_metrics, text_height
from reportgen.render.pptx.pages import chunk_evenly, flow, paginate


@pytest.fixture()
def family(theme):
    return theme.heading_font


@pytest.mark.parametrize("text", ["Key judgments", "Нино Беридзе", "ნინო ბერიძე",
                                  "$1.178bn", "WAVE AVA Typography"])
def test_widths_agree_with_freetype(family, text: str) -> None:
    ours = font_metrics(family.regular).width(text, 100)
    theirs = ImageFont.truetype(str(family.regular), 100).getlength(text, features=["-kern"])
    assert ours == pytest.approx(theirs, rel=0.01)


def test_wrapping(family) -> None:
    word = "relations "
    width = font_metrics(family.regular).width(word * 5, 20) / 0.96 + 1
    assert count_lines((Span(word * 5),), family, 20, width) == 1
    assert count_lines((Span(word * 10),), family, 20, width) == 2
    assert count_lines((Span("x" * 200),), family, 20, 100) > 1  # one long word is broken


def test_height_is_lines_times_leading(family) -> None:
    para = Para((Span("one"),), space_after=0.5)
    assert text_height([para, para], family, 20, 500) == pytest.approx(2 * (24 + 10))


def test_pagination_keeps_every_word(family) -> None:
    text = " ".join(f"Sentence number {i} says something about pipelines." for i in range(80))
    paras = [Para((Span("Lead", bold=True),)), Para((Span(text),), splittable=True)]
    size, pages = paginate(paras, family, 600, 300, 24, 16)
    assert 16 <= size <= 24 and len(pages) > 1
    joined = " ".join(s.text for page in pages for p in page for s in p.spans)
    assert joined.split() == ("Lead " + text).split()
    for page in pages:
        assert text_height(page, family, size, 600) <= 300


def test_a_huge_unbreakable_word_is_split_not_lost(family) -> None:
    paras = [Para((Span("x" * 3000),))]
    pages = flow(paras, family, 16, 200, 100)
    assert "".join(s.text for page in pages for p in page for s in p.spans) == "x" * 3000


def test_chunk_evenly() -> None:
    assert [len(r) for r in chunk_evenly(10, 4)] == [4, 3, 3]
    assert [len(r) for r in chunk_evenly(12, 4)] == [4, 4, 4]
    assert [len(r) for r in chunk_evenly(3, 4)] == [3]
