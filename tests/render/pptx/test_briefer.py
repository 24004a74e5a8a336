"""The deck as a briefer meets it: the sample built for real, then the hard document.

Assertion and evidence (points beside the chart, headlines that say something), big
numbers, units on every chart slide, readable chart text, one closing slide, notes that
carry what the slides condense.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import yaml
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Emu

from reportgen.document.nodes import AuthorBio, Document, KeyFigures, Summary
from tests.conftest import copy_sample, run_cli
from tests.render.pptx.deck_checks import norm, notes_text, slide_text, title_of

SAMPLE_SLIDES = range(8, 15)
"""The issue's target for the sample deck: 8 to 14 slides."""


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The sample spec (with a publisher's note added) and its deck."""
    spec = copy_sample(tmp_path_factory.mktemp("briefer") / "sample")
    data = yaml.safe_load(spec.read_text(encoding="utf-8"))
    data["report"]["publisher_info"] = ("© 2025 Caucasus Policy Brief series. The views are "
                                        "the author's own. https://example.org/briefs")
    (spec.parent / "assets").mkdir(exist_ok=True)
    Image.new("RGB", (400, 120), (11, 60, 93)).save(spec.parent / "assets" / "logo.png")
    data["theme"]["logo"] = "assets/logo.png"
    spec.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    result = run_cli("build", spec, "--out", spec.parent / "dist", "--only", "pptx")
    assert result.returncode == 0, result.stderr
    return spec, next((spec.parent / "dist").glob("*.pptx"))


def _slides(deck: Path) -> list:
    return list(Presentation(str(deck)).slides)


def _pictures(slide) -> list:
    return [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]


def _titles(deck: Path) -> list[str]:
    return [title_of(s).text_frame.text for s in _slides(deck)]


def test_sample_deck_has_8_to_14_slides(sample) -> None:
    assert len(_slides(sample[1])) in SAMPLE_SLIDES


def test_chart_slides_carry_units_and_a_quiet_source(sample) -> None:
    spec, deck = sample
    charts = yaml.safe_load(spec.read_text(encoding="utf-8"))["charts"]
    seen = 0
    for slide in _slides(deck):
        figures = [s for s in _pictures(slide) if s.name.startswith("Figure ")]
        if not figures:
            continue
        seen += 1
        text = slide_text(slide)
        assert any(norm(c["subtitle"]) in norm(text) for c in charts), \
            title_of(slide).text_frame.text
        sources = [s for s in slide.shapes if s.name.endswith(" source")]
        assert sources
        for shape in sources:
            sizes = {r.font.size.pt for p in shape.text_frame.paragraphs for r in p.runs}
            assert sizes and all(12 <= size <= 14 for size in sizes), sizes
    assert seen == len(charts)


def test_section_points_stand_beside_their_chart(sample) -> None:
    """Assertion-evidence: the chart takes about two thirds, the points the rest."""
    _, deck = sample
    beside = 0
    for slide in _slides(deck):
        chart = next((s for s in _pictures(slide) if s.name.startswith("Figure ")), None)
        points = next((s for s in slide.shapes if s.name == "Points"), None)
        if chart is None or points is None:
            continue
        beside += 1
        width = Presentation(str(deck)).slide_width
        assert chart.left + chart.width <= points.left  # side by side, no overlap
        assert 0.45 * width <= chart.width <= 0.7 * width
        assert 2 <= len([p for p in points.text_frame.paragraphs if p.text.strip()]) <= 4
    assert beside >= 3  # the three sections whose first chart has points


def test_slide_title_is_the_headline(sample) -> None:
    spec, deck = sample
    sections = yaml.safe_load(spec.read_text(encoding="utf-8"))["sections"]
    given = [s["slide_title"] for s in sections if s.get("slide_title")]
    assert given
    titles = _titles(deck)
    assert all(t in titles for t in given)


def test_key_figures_are_big_numbers(sample) -> None:
    """At most four tiles a slide, every number at 40 pt or more, one size in the deck,
    the unit on a smaller line of its own."""
    _, deck = sample
    sizes = set()
    for slide in _slides(deck):
        tiles = [s for s in slide.shapes if s.name.startswith("Key figure ")]
        assert len(tiles) <= 4
        for tile in tiles:
            first = tile.text_frame.paragraphs[0]
            sizes.add(first.runs[0].font.size.pt)
            if first.text.strip() == "20,000":
                unit = tile.text_frame.paragraphs[1]
                assert unit.text == "barrels/day"
                assert unit.runs[0].font.size.pt < first.runs[0].font.size.pt
    assert sizes and min(sizes) >= 40
    on_tile_slides = [s for s in _slides(deck) if title_of(s).text_frame.text.startswith(
        "Key figures")]
    values = {t.text_frame.paragraphs[0].runs[0].font.size.pt for s in on_tile_slides
              for t in s.shapes if t.name.startswith("Key figure ")}
    assert len(values) == 1  # one value size on every key-figures slide


def test_a_table_repeating_a_chart_stays_in_the_notes(sample) -> None:
    _, deck = sample
    titles = _titles(deck)
    assert not any("Goods trade between Azerbaijan and Russia by direction" in t
                   for t in titles)
    notes = " ".join(notes_text(s) for s in _slides(deck))
    assert "Goods trade between Azerbaijan and Russia by direction, 2024" in notes


def test_one_closing_slide_with_the_publishers_note(sample) -> None:
    _, deck = sample
    slides = _slides(deck)
    last = slides[-1]
    assert title_of(last).text_frame.text == "About the author"
    text = slide_text(last)
    assert "Emil Avdaliani" in text and "See also" in text
    assert "© 2025 Caucasus Policy Brief series" in text
    assert [p.name for p in _pictures(last)] and _pictures(slides[0])  # the logo, both ends
    assert sum(title_of(s).text_frame.text.startswith("About the") for s in slides) == 1


def test_timeline_on_one_slide(sample) -> None:
    assert sum(t.startswith("Timeline") for t in _titles(sample[1])) == 1


def test_slide_charts_are_drawn_at_the_size_they_are_shown(sample) -> None:
    """A slide chart's picture has SLIDE_PIXELS_PER_INCH pixels per inch as placed, so
    its text is the chart style's size times SLIDE_TEXT_SCALE: values >= 20 pt,
    ticks >= 18 pt."""
    from reportgen.charts.job import SLIDE_PIXELS_PER_INCH, SLIDE_TEXT_SCALE
    from reportgen.charts.style import TICK_PT, VALUE_LABEL_PT

    assert VALUE_LABEL_PT * SLIDE_TEXT_SCALE >= 20 - 1e-9
    assert TICK_PT * SLIDE_TEXT_SCALE >= 18
    _, deck = sample
    prs = Presentation(str(deck))
    checked = 0
    for slide in prs.slides:
        for pic in _pictures(slide):
            if not pic.name.startswith("Figure "):
                continue
            with Image.open(io.BytesIO(pic.image.blob)) as img:
                width_px = img.width
            placed_in = Emu(pic.width).inches
            assert width_px / placed_in == pytest.approx(SLIDE_PIXELS_PER_INCH, rel=0.005)
            checked += 1
    assert checked == 5


def test_notes_say_in_full_what_the_slides_condense(decks: dict[str, Path],
                                                    document: Document) -> None:
    slides = _slides(decks["default"])
    notes = norm(" ".join(notes_text(s) for s in slides))
    shown = norm(" ".join(slide_text(s) for s in slides))
    summary = next(n for n in document.body if isinstance(n, Summary))
    for item in summary.items:
        assert norm(item.text) in notes
    long_one = summary.items[1].text  # condensed on the slide
    assert norm(long_one) not in shown
    assert norm(long_one.split(":")[0]) in shown
    for bio in (n for n in document.body if isinstance(n, AuthorBio)):
        assert norm(bio.bio[0].text) in notes  # type: ignore[union-attr]


def test_several_authors_share_one_closing_slide(decks: dict[str, Path],
                                                 document: Document) -> None:
    """Two authors, one with a 2,000-character biography: one slide, bios cut short."""
    slides = _slides(decks["default"])
    closing = [s for s in slides if title_of(s).text_frame.text.startswith("About the")]
    assert len(closing) == 1
    text = norm(slide_text(closing[0]))
    bios = [n for n in document.body if isinstance(n, AuthorBio)]
    for bio in bios:
        assert bio.name in text
    long_bio = max((norm(b.bio[0].text) for b in bios), key=len)  # type: ignore[union-attr]
    assert long_bio not in text  # the long biography is cut short...
    assert long_bio[:30] in text  # ...not dropped


def test_authors_names_stand_on_one_line(decks: dict[str, Path]) -> None:
    """An author with a portrait above the text and one without: both names (and the
    related reading's heading) start at one height, so the closing slide reads as a
    grid."""
    for name in ("default", "4x3"):
        (closing,) = [s for s in _slides(decks[name])
                      if title_of(s).text_frame.text.startswith("About the")]
        texts = [s for s in closing.shapes if s.name.startswith("Author ")
                 or s.name == "See also"]
        portraits = [s for s in closing.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE
                     and s.name != "Logo"]
        assert len(texts) == 3 and portraits
        assert portraits[0].top < min(t.top for t in texts)  # above its author's text
        assert len({t.top for t in texts}) == 1, (name, [(t.name, t.top) for t in texts])


def test_long_content_keeps_one_grid(decks: dict[str, Path]) -> None:
    """Continuation slides of key figures share tile size and value size; a long
    timeline takes at most two slides."""
    for name in ("default", "4x3"):
        slides = _slides(decks[name])
        kf = [s for s in slides if title_of(s).text_frame.text.startswith("Key figures")]
        boxes = {(t.width, t.height) for s in kf for t in s.shapes
                 if t.name.startswith("Key figure ")}
        values = {t.text_frame.paragraphs[0].runs[0].font.size.pt for s in kf
                  for t in s.shapes if t.name.startswith("Key figure ")}
        assert len(boxes) == 1 and len(values) == 1, (name, boxes, values)
        assert min(values) >= 40
        assert sum(title_of(s).text_frame.text.startswith("Timeline") for s in slides) <= 2


def test_key_figures_without_other_evidence_stand_beside_points(tmp_path: Path,
                                                               document: Document,
                                                               theme) -> None:
    """A text section citing a key figure shows it as a big number beside its points,
    and the key-figures slides do not repeat it."""
    from dataclasses import replace

    from reportgen.document.nodes import Section
    from reportgen.render.pptx.writer import render_deck

    figures = next(n for n in document.body if isinstance(n, KeyFigures))
    text_section = Section(9, "The crash", (), (document.sections[1].points[0],),
                           notes="Notes.", cited=(figures.items[7].id,))
    body = list(document.body)
    body.insert(body.index(document.sections[1]) + 1, text_section)
    render_deck(replace(document, body=tuple(body)), theme, tmp_path / "d.pptx")
    slides = _slides(tmp_path / "d.pptx")
    slide = next(s for s in slides if title_of(s).text_frame.text == "The crash")
    tile = next(s for s in slide.shapes if s.name == f"Key figure {figures.items[7].id}")
    points = next(s for s in slide.shapes if s.name == "Points")
    assert points.left + points.width <= tile.left
    repeated = [s for s in slides if title_of(s).text_frame.text.startswith("Key figures")
                for t in s.shapes if t.name == f"Key figure {figures.items[7].id}"]
    assert not repeated


def test_a_cited_figure_too_big_to_stand_beside_still_gets_its_tile(
        tmp_path: Path, document: Document, theme) -> None:
    """Points too long to share the slide: the figure follows them, never lost."""
    from dataclasses import replace

    from reportgen.document.nodes import Section
    from reportgen.render.pptx.writer import render_deck

    figures = next(n for n in document.body if isinstance(n, KeyFigures))
    long_points = document.sections[0].points  # fifteen long points
    text_section = Section(9, "The crash", (), long_points, notes="Notes.",
                           cited=(figures.items[7].id,))
    body = list(document.body)
    body.insert(body.index(document.sections[1]) + 1, text_section)
    render_deck(replace(document, body=tuple(body)), theme, tmp_path / "d.pptx")
    tiles = [t for s in _slides(tmp_path / "d.pptx") for t in s.shapes
             if t.name == f"Key figure {figures.items[7].id}"]
    assert len(tiles) == 1
