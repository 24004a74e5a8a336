"""Long paragraphs in the brief: broken into lines once, however many pages they fill.

reportlab's own Paragraph breaks the rest of a paragraph into lines again at every
page, so the work grows with the square of its length. These tests count the lines
reportlab breaks, read every word back from the PDF, and compare the brief with the
one reportlab's own pagination makes, byte for byte.
"""

from __future__ import annotations

import math
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pdfplumber
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.lib.colors import black
from reportlab.platypus.paragraph import Paragraph as ReportlabParagraph

from reportgen.document.nodes import (
    AuthorBio,
    Callout,
    Cover,
    Document,
    ListBlock,
    Meta,
    Node,
    Paragraph,
    Run,
    Runs,
    Section,
    Summary,
    Timeline,
    TimelineEvent,
)
from reportgen.pipeline.pipeline import build
from reportgen.render.pdf import markup, writer
from reportgen.render.pdf import paragraph as brief_paragraph
from reportgen.render.pdf.fonts import brief_families, register_fonts
from reportgen.render.pdf.geometry import page_geometry
from reportgen.render.pdf.styles import BODY_LEADING, build_styles
from reportgen.render.pdf.writer import render_brief
from reportgen.theme import Theme, build_theme
from tests.conftest import copy_sample

PDF_SOURCES = Path(__file__).resolve().parents[3] / "src" / "reportgen" / "render" / "pdf"
HEADING = "Trade as ballast"
ANCHOR = "#trade-as-ballast"
NUMBERED = re.compile(r"w\d{6}-\w+")
META = Meta(title="A long paragraph", subtitle=None, authors=("A. Writer",), date=None,
            iso_date=None, language="en", keywords=(), series=None, publisher=None,
            short_title="A long paragraph")
VOCABULARY = ("trade", "energy", "Baku", "Moscow", "pipeline", "remittances", "transit",
              "sovereignization", "Novorossiysk", "asymmetric", "Каспий", "ბაქო", "₼")


def styled(words: list[str], chars: int) -> Runs:
    """Runs of at least `chars` characters cycling through `words`, some bold, italic or
    linked (to an address and to a section's anchor)."""
    runs: list[Run] = []
    size = 0
    while size < chars:
        i = len(runs)
        text = words[i % len(words)] + " "
        runs.append(Run(text, bold=i % 37 == 3, italic=i % 53 == 5,
                        href=("https://example.org/report" if i % 71 == 7
                              else ANCHOR if i % 89 == 11 else None)))
        size += len(text)
    return tuple(runs)


def numbered(chars: int) -> Runs:
    """Styled runs whose every word is numbered (`w000123-trade`), so order can be checked."""
    count = chars // 14 + 1
    return styled([f"w{i:06d}-{VOCABULARY[i % 10]}" for i in range(count)], chars)


def placed(place: str, runs: Runs) -> tuple[Node, ...]:
    """A brief's nodes with `runs` as the text of one of the places long text may go."""
    text = Paragraph(runs)
    short = Paragraph((Run("Short."),))
    plain = "".join(r.text for r in runs)
    nodes: dict[str, Node] = {
        "body paragraph": Section(1, HEADING, (short, text, short), (), ""),
        "list item": Section(1, HEADING, (ListBlock((short, text, short)),), (), ""),
        "pull quote": Section(1, HEADING, (short, Callout(text), short), (), ""),
        "key judgment": Summary((short, text)),
        "author bio": AuthorBio("A. Writer", "Fellow", None, (text,)),
        "timeline event": Timeline((TimelineEvent("2024", "Talks", plain),
                                    TimelineEvent("2025", "Short"))),
    }
    heading = () if place in ("body paragraph", "list item", "pull quote") else (
        Section(1, HEADING, (short,), (), ""),)
    return (Cover(META, "A. Writer"), *heading, nodes[place])


PLACES = ("body paragraph", "list item", "pull quote", "key judgment", "author bio",
          "timeline event")


def brief(place: str, runs: Runs) -> Document:
    """A short brief with `runs` in `place`."""
    return Document(meta=META, body=placed(place, runs))


@contextmanager
def lines_broken() -> Iterator[list[int]]:
    """Count the lines reportlab breaks (all of them, each time it breaks any)."""
    count = [0]
    original = ReportlabParagraph.breakLines

    def counting(self: ReportlabParagraph, width: object) -> object:
        lines = original(self, width)
        count[0] += len(lines.lines)
        return lines

    ReportlabParagraph.breakLines = counting
    try:
        yield count
    finally:
        ReportlabParagraph.breakLines = original


def use_reportlab_pagination(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, the brief's paragraphs paginate the way reportlab's Paragraph does."""
    for name in ("breakLines", "_get_split_blParaFunc"):
        monkeypatch.setattr(brief_paragraph.Paragraph, name, getattr(ReportlabParagraph, name))


def page_texts(path: Path) -> list[str]:
    """The text of each page in drawing order (one column after the other)."""
    return [page.extract_text() or "" for page in PdfReader(path).pages]


@pytest.fixture(scope="module")
def theme() -> Theme:
    """The default theme on A4."""
    return build_theme("default")


# ----------------------------------------------------------------- linear work


@settings(max_examples=12, deadline=None)
@given(words=st.lists(st.sampled_from(VOCABULARY), min_size=3, max_size=30),
       place=st.sampled_from(PLACES))
def test_line_breaking_work_grows_linearly(words: list[str], place: str) -> None:
    theme = build_theme("default")
    work = []
    # one layout each: balancing the last page's columns lays a brief out a few more
    # times, how many depending on where its text ends (writer.py)
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        patch.setattr(writer, "BALANCE_TRIES", 0)
        for chars in (6_000, 24_000):
            with lines_broken() as count:
                render_brief(brief(place, styled(words, chars)), theme, Path(folder) / "a.pdf")
            work.append(count[0])
    assert work[1] < 5 * work[0], f"{place}: {work[0]} lines broken, then {work[1]} for 4x text"


def test_a_split_hands_its_lines_on_without_breaking_them_again(theme: Theme) -> None:
    styles = build_styles(theme, register_fonts(theme.heading_font, theme.body_font))
    text = markup.runs(numbered(6_000), mono_face="Courier", link_color=black)
    para = brief_paragraph.Paragraph(text, styles.body)
    with lines_broken() as count:
        para.wrap(300, 10_000)
        lines = list(para.blPara.lines)
        head, tail = para.split(300, 20 * BODY_LEADING)
        top, bottom = head.split(300, 5 * BODY_LEADING)  # before it is laid out
        for part in (top, bottom, tail):
            part.wrap(300, 10_000)
        rest, last = tail.split(300, 30 * BODY_LEADING)
        for part in (rest, last):
            part.wrap(300, 10_000)
    assert count[0] == len(lines)  # every line broken once
    drawn = [*top.blPara.lines, *bottom.blPara.lines, *rest.blPara.lines, *last.blPara.lines]
    assert [len(top.blPara.lines), len(bottom.blPara.lines), len(rest.blPara.lines)] == [5, 15, 30]
    assert all(a is b for a, b in zip(drawn, lines, strict=True))


def test_a_part_laid_out_at_another_width_breaks_its_own_text(theme: Theme) -> None:
    styles = build_styles(theme, register_fonts(theme.heading_font, theme.body_font))
    text = markup.runs(numbered(3_000), mono_face="Courier", link_color=black)
    ours = brief_paragraph.Paragraph(text, styles.body)
    theirs = ReportlabParagraph(text, styles.body)
    for para in (ours, theirs):
        para.wrap(300, 10_000)
    our_tail = ours.split(300, 10 * BODY_LEADING)[1]
    their_tail = theirs.split(300, 10 * BODY_LEADING)[1]
    assert our_tail.wrap(200, 10_000) == their_tail.wrap(200, 10_000)
    assert our_tail.getPlainText() == their_tail.getPlainText()
    assert our_tail.getActualLineWidths0() == their_tail.getActualLineWidths0()


# ----------------------------------------------------------------- a 200,000-character paragraph


def test_a_200000_character_paragraph_fills_its_pages_with_every_word_once(
        theme: Theme, tmp_path: Path) -> None:
    runs = numbered(200_000)
    out = tmp_path / "long.pdf"
    render_brief(brief("body paragraph", runs), theme, out)

    fonts = register_fonts(*brief_families(theme))
    measure = page_geometry(theme.page_size).column
    once = ReportlabParagraph(markup.runs(runs, mono_face="Courier", link_color=black),
                              build_styles(theme, fonts).body)
    expected_lines = round(once.wrap(measure, math.inf)[1] / BODY_LEADING)
    geometry = page_geometry(theme.page_size)
    per_page = 2 * int(geometry.text_height / BODY_LEADING)  # two columns

    pages = page_texts(out)
    lines = [[ln for ln in page.splitlines() if NUMBERED.match(ln)] for page in pages]
    body_pages = [i for i, page in enumerate(lines) if page]
    first, last = body_pages[0], body_pages[-1]
    assert sum(len(page) for page in lines) == expected_lines
    assert all(len(page) == per_page for page in lines[first + 1:last])
    assert last - first == math.ceil((expected_lines - len(lines[first])) / per_page)
    words = NUMBERED.findall(" ".join(pages))
    assert words == [r.text.strip() for r in runs]


# ----------------------------------------------------------------- the same brief as before


@pytest.mark.parametrize("place", PLACES)
def test_long_text_is_laid_out_as_reportlab_lays_it_out(
        place: str, theme: Theme, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    document = brief(place, styled(list(VOCABULARY), 9_000))
    ours, theirs = tmp_path / "ours.pdf", tmp_path / "theirs.pdf"
    render_brief(document, theme, ours)
    use_reportlab_pagination(monkeypatch)
    render_brief(document, theme, theirs)
    assert ours.read_bytes() == theirs.read_bytes()


def test_words_cut_over_lines_land_where_reportlab_puts_them(
        theme: Theme, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # reportlab's re-break leaves empty fragments at a page's first or last line
    # where a long word was cut; the page looks the same but its bytes differ.
    words = ["https://example.org/a/long/address/that/fits/on/no/line/" * 3,
             "sov\u00adereign\u00adization", "inter\u00addepen\u00addence", "trade", "Baku"]
    document = brief("body paragraph", styled(words, 30_000))
    ours, theirs = tmp_path / "ours.pdf", tmp_path / "theirs.pdf"
    render_brief(document, theme, ours)
    use_reportlab_pagination(monkeypatch)
    render_brief(document, theme, theirs)

    def placed_words(path: Path) -> list[list[tuple[str, float, float, str]]]:
        with pdfplumber.open(path) as pdf:
            return [[(w["text"], round(w["x0"], 3), round(w["top"], 3), w["fontname"])
                     for w in page.extract_words(extra_attrs=["fontname"])]
                    for page in pdf.pages]

    assert len(placed_words(ours)) > 3
    assert placed_words(ours) == placed_words(theirs)


def test_the_sample_brief_is_the_same_as_with_reportlab_pagination(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = copy_sample(tmp_path / "sample")
    splits = [0]
    split = ReportlabParagraph.split

    def counting(self: ReportlabParagraph, width: float, height: float) -> list[object]:
        parts = split(self, width, height)
        splits[0] += len(parts) == 2
        return parts

    def built(name: str) -> Path:
        result = build(spec, out=tmp_path / "dist", only=frozenset({"pdf"}))
        (pdf,) = (path for path in result.written if path.suffix == ".pdf")
        return pdf.rename(tmp_path / name)

    monkeypatch.setattr(ReportlabParagraph, "split", counting)
    ours = built("ours.pdf")
    use_reportlab_pagination(monkeypatch)
    theirs = built("theirs.pdf")
    assert splits[0] >= 2  # paragraphs ran over page breaks (in each build)
    assert page_texts(ours) == page_texts(theirs)
    assert ours.read_bytes() == theirs.read_bytes()


# ----------------------------------------------------------------- the class of problem


def test_every_paragraph_of_the_brief_is_the_linear_one() -> None:
    offenders = []
    for path in sorted(PDF_SOURCES.glob("*.py")):
        if path.name == "paragraph.py":
            continue
        source = path.read_text(encoding="utf-8")
        imports = re.findall(r"^from reportlab\.platypus[\w.]* import (\([^)]*\)|[^\n]*)",
                             source, re.MULTILINE)
        if any(re.search(r"\bParagraph\b", names) for names in imports):
            offenders.append(path.name)
    assert not offenders, (
        f"{offenders} import reportlab's Paragraph, which breaks a long text again at every "
        "page; use reportgen.render.pdf.paragraph.Paragraph")
