"""The deck of a long spec and of the sample at 4:3, built for real and measured slide
by slide: how many slides each part takes, that every shape stays on the slide, that
projected text keeps its floor, and that the authors share one closing slide."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pptx import Presentation
from pptx.util import Emu

from tests.conftest import copy_sample, run_cli
from tests.render.pptx.deck_checks import norm, notes_text, title_of
from tests.render.pptx.stress import stress_spec

POINTS_FLOOR = 18.0
"""Points, key judgments and timeline titles: read from the back of a room."""
DETAIL_FLOOR = 16.0
"""Secondary text (tile labels, role lines, related reading, timeline details)."""
SOURCE_FLOOR = 12.0
"""Source lines and the publisher's note."""
SMALL_PRINT = (" source", "Publisher", "Imprint", "Slide Number")
CLOSING_FLOOR = 12.0
"""The authors' text on the closing slide, read up close (rather than a second slide)."""


def _build(spec: Path) -> Path:
    result = run_cli("build", spec, "--out", spec.parent / "dist", "--only", "pptx")
    assert result.returncode == 0, result.stderr
    return next((spec.parent / "dist").glob("*.pptx"))


@pytest.fixture(scope="module", params=["16:9", "4:3"])
def long_deck(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
              ) -> tuple[str, list]:
    """The long spec's deck at each slide size, opened: (size, slides)."""
    spec = stress_spec(tmp_path_factory.mktemp("long") / "spec", request.param)
    return request.param, list(Presentation(str(_build(spec))).slides)


@pytest.fixture(scope="module")
def sample_4x3(tmp_path_factory: pytest.TempPathFactory) -> list:
    """The sample's deck at 4:3, opened."""
    spec = copy_sample(tmp_path_factory.mktemp("s43") / "sample")
    data = yaml.safe_load(spec.read_text(encoding="utf-8"))
    data["theme"]["slide_size"] = "4:3"
    spec.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return list(Presentation(str(_build(spec))).slides)


def _count(slides: list, start: str) -> int:
    return sum(title_of(s).text_frame.text.startswith(start) for s in slides)


def _runs(slide):
    for shape in slide.shapes:
        if shape.has_text_frame:
            for para in shape.text_frame.paragraphs:
                for run in para.runs:
                    if run.text.strip() and run.font.size is not None:
                        yield shape, run


def test_a_long_spec_takes_few_slides(long_deck) -> None:
    """Ten judgments, twelve figures, ten events, four authors: each part takes the
    fewest slides that keep its text at its floor, the authors one."""
    size, slides = long_deck
    assert _count(slides, "Key judgments") == 2
    assert _count(slides, "Key figures") == 3  # eleven tiles (one stands beside points)
    assert _count(slides, "Timeline") == (1 if size == "16:9" else 2)
    assert _count(slides, "About the authors") == 1
    assert len(slides) <= (17 if size == "16:9" else 18)


def test_every_shape_stays_on_the_slide(long_deck, sample_4x3) -> None:
    for slides in (long_deck[1], sample_4x3):
        prs_part = slides[0].part.package.presentation_part.presentation
        width, height = prs_part.slide_width, prs_part.slide_height
        for n, slide in enumerate(slides, 1):
            for shape in slide.shapes:
                assert shape.left >= 0 and shape.top >= 0, (n, shape.name)
                assert shape.left + shape.width <= width, (n, shape.name)
                assert shape.top + shape.height <= height, (n, shape.name)


def _check_floors(slides: list) -> None:
    for n, slide in enumerate(slides, 1):
        for shape, run in _runs(slide):
            size = run.font.size.pt
            if shape.name.startswith("Points") or shape.name == "Content Placeholder 2":
                assert size >= POINTS_FLOOR, (n, shape.name, run.text, size)
            elif any(shape.name.endswith(x) or shape.name.startswith(x)
                     for x in SMALL_PRINT):
                assert size >= SOURCE_FLOOR, (n, shape.name, run.text, size)
            elif shape.name.startswith("Author "):
                assert size >= CLOSING_FLOOR, (n, shape.name, run.text, size)
            else:
                assert size >= DETAIL_FLOOR, (n, shape.name, run.text, size)


def test_projected_text_keeps_its_floor(long_deck, sample_4x3) -> None:
    _check_floors(long_deck[1])
    _check_floors(sample_4x3)


def test_timeline_drawn_down_a_narrow_slide_keeps_its_floor(long_deck, sample_4x3) -> None:
    """On a 4:3 slide the timeline runs down the slide, each text at 18 pt or more."""
    decks = [sample_4x3] + ([long_deck[1]] if long_deck[0] == "4:3" else [])
    for slides in decks:
        for slide in slides:
            if title_of(slide).text_frame.text.startswith("Timeline"):
                sizes = [run.font.size.pt for shape, run in _runs(slide)
                         if shape.name.startswith("TextBox")]
                assert sizes and min(sizes) >= POINTS_FLOOR


def test_authors_share_the_closing_slide(long_deck) -> None:
    """Four authors two abreast on one slide, with the related reading beside them, at
    4:3 too (the text at 12 pt or more); the biographies cut short there, whole in the
    notes."""
    size, slides = long_deck
    (closing,) = [s for s in slides if title_of(s).text_frame.text.startswith("About the")]
    authors = [s for s in closing.shapes if s.name.startswith("Author ")]
    assert len(authors) == 4
    assert len({a.top for a in authors}) == 2 and len({a.left for a in authors}) == 2
    assert any(s.name == "See also" for s in closing.shapes)
    assert min(r.font.size.pt for a in authors for p in a.text_frame.paragraphs
               for r in p.runs) >= CLOSING_FLOOR
    text = " ".join(a.text_frame.text for a in authors)
    assert text.count("\u2026") >= 4  # every biography is cut short ...
    assert "fifteen years, advising governments" in notes_text(closing)  # ... and kept


def test_key_figure_slides_keep_one_grid(long_deck) -> None:
    _, slides = long_deck
    tiles = [t for s in slides if title_of(s).text_frame.text.startswith("Key figures")
             for t in s.shapes if t.name.startswith("Key figure ")]
    assert len({(t.width, t.height) for t in tiles}) == 1
    lefts = {t.left for t in tiles}
    assert len(lefts) == 2  # the same two columns on every slide


def test_sample_at_4x3(sample_4x3) -> None:
    """The sample at 4:3: 8 to 14 slides, the timeline on one, points beside each chart
    at 18 pt or more (the chart takes three fifths of the width)."""
    slides = sample_4x3
    assert 8 <= len(slides) <= 14
    assert _count(slides, "Timeline") == 1
    beside = 0
    for slide in slides:
        points = [s for s in slide.shapes if s.name == "Points"]
        figures = [s for s in slide.shapes if s.name.startswith("Figure ")
                   and s.shape_type is not None and not s.has_text_frame]
        if points and figures:
            beside += 1
            assert figures[0].left + figures[0].width <= points[0].left
            width = slides[0].part.package.presentation_part.presentation.slide_width
            assert Emu(figures[0].width).inches >= 0.45 * Emu(width).inches
    assert beside == 3


def test_a_table_spans_a_narrow_slide_with_points_under_it(sample_4x3) -> None:
    slide = next(s for s in sample_4x3 if any(x.name == "Table 1 caption" for x in s.shapes))
    table = next(s for s in slide.shapes if s.has_table)
    points = [s for s in slide.shapes if s.name.startswith("Points")]
    assert len(points) == 2 and all(p.top >= table.top + table.height for p in points)
    assert norm("Baku-Tbilisi-Ceyhan") in norm(" ".join(p.text_frame.text for p in points))
