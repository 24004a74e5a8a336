"""Pagination of long text on slides: linear work, nothing lost, nothing overflowing."""

from __future__ import annotations

import random

import pytest

from reportgen.fonts import find_family
from reportgen.render.pptx import pages
from reportgen.render.pptx.fit import Para, Span, measure, text_height, wrap
from reportgen.render.pptx.pages import paginate

FAMILY = find_family("DejaVu Sans")
WORDS = ("trade", "pipeline", "transit", "energy", "remittances", "Baku", "Moscow",
         "corridor", "sanctions", "policy", "Novorossiysk")
WIDTH, HEIGHT = 800.0, 380.0  # a 16:9 content area, in points


def prose(words: int, seed: int = 1) -> str:
    """Words without sentence ends (the worst case: no early place to cut)."""
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) for _ in range(words))


def _work(monkeypatch: pytest.MonkeyPatch, paras: list[Para]) -> tuple[int, int]:
    """Characters wrapped and characters measured while paginating `paras`; pages made."""
    walked = 0
    real_wrap = pages.wrap

    def counting_wrap(measured, size, width, start=0, most=None):  # type: ignore[no-untyped-def]
        nonlocal walked
        starts = real_wrap(measured, size, width, start, most)
        nxt = starts[-1] if most is not None and len(starts) > most else len(measured.text)
        walked += nxt - start
        return starts

    monkeypatch.setattr(pages, "wrap", counting_wrap)
    measure.cache_clear()
    _, boxes = paginate(paras, FAMILY, WIDTH, HEIGHT, 24, 14)
    return walked, len(boxes)


def test_work_grows_linearly_with_the_length_of_a_paragraph(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Before the fix, every split re-measured the rest of the paragraph (5k characters
    took 2.6 s, 40k 46 s, 200k more than 300 s)."""
    short = [Para((Span(prose(3000)),), bullet=True)]
    long = [Para((Span(prose(12000)),), bullet=True)]
    work_short, boxes_short = _work(monkeypatch, short)
    work_long, boxes_long = _work(monkeypatch, long)
    assert boxes_short >= 10  # a ten-slide paragraph
    assert boxes_long >= 4 * boxes_short - 4
    assert work_long / work_short < 5  # linear: about 4; quadratic would be about 16


def test_nothing_is_lost_and_every_box_fits() -> None:
    text = prose(3000) + ". Then " + "x" * 3000 + " and the end."
    paras = [Para((Span(text),), bullet=True), Para((Span("A short point."),), bullet=True)]
    size, boxes = paginate(paras, FAMILY, WIDTH, HEIGHT, 24, 14)
    shown = " ".join(s.text for box in boxes for p in box for s in p.spans)
    assert shown.replace(" ", "") == (text + "A short point.").replace(" ", "")
    assert all(text_height(box, FAMILY, size, WIDTH) <= HEIGHT + 0.01 for box in boxes)


def test_a_head_ends_at_a_sentence_when_one_is_near() -> None:
    text = " ".join(f"Sentence number {i} is about trade and transit." for i in range(200))
    _, boxes = paginate([Para((Span(text),), bullet=True)], FAMILY, WIDTH, HEIGHT, 24, 14)
    assert len(boxes) > 2
    for box in boxes[:-1]:
        assert box[-1].text.endswith(".")


def test_wrap_stops_where_asked() -> None:
    measured = measure((Span(prose(5000)),), FAMILY)
    everything = wrap(measured, 18, WIDTH)
    assert wrap(measured, 18, WIDTH, most=3) == everything[:4]
    assert wrap(measured, 18, WIDTH, start=everything[10])[:5] == everything[10:15]
