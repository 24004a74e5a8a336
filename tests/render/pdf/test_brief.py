"""The PDF brief as written: text, pages, outline, links, metadata, fonts, vectors, bytes."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject
from reportlab.lib.colors import black

from reportgen.document.nodes import (
    AuthorBio,
    Document,
    Paragraph,
    Run,
    Section,
    Timeline,
    TimelineEvent,
)
from reportgen.errors import BuildError
from reportgen.render.pdf import chart, markup
from reportgen.render.pdf.geometry import average_char_width, page_geometry
from reportgen.render.pdf.styles import BODY_SIZE
from reportgen.render.pdf.writer import render_brief
from reportgen.theme import Theme, build_theme
from tests.render.pdf.conftest import AUTHORS, LINKS, LITERALS, make_document

BASE14 = {"Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic", "Helvetica",
          "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique", "Courier",
          "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique", "Symbol", "ZapfDingbats"}


@pytest.fixture
def pdf(document: Document, theme: Theme, tmp_path: Path) -> Path:
    out = tmp_path / "brief.pdf"
    render_brief(document, theme, out)
    return out


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _page_texts(path: Path) -> list[str]:
    """Each page's text in reading order: the band, then the left and right columns
    (the order they are drawn in; a page-wide line extraction would mix the columns)."""
    return [page.extract_text() or "" for page in PdfReader(path).pages]


def test_every_text_is_printed_literally(pdf: Path, document: Document) -> None:
    text = _squash(" ".join(_page_texts(pdf)))
    expected = [
        document.meta.title, document.meta.subtitle, *AUTHORS, *LITERALS, "code_like()",
        "Moscow’s refusal", "— and Baku’s insistence", "$1.178bn", "17.3%", "~2m",
        "of 67 on board", "FIGURE 1", "Russia sells three times what it buys",
        "FIGURE 2", "Exports recover slowly", "Source: State Customs Committee",
        "Trade is lopsided in Russia’s favour", "Baku treats Moscow as a neighbour",
        "AZAL Embraer 190 crashes near Aktau", "38 of those on board are killed",
        "Senior Fellow · Caucasus Policy Institute", "@emilavdaliani",
        "The South Caucasus after 2020", "An unlinked title",
        "State Customs Committee of Azerbaijan", "Used for: Figure 1; Key figure: exports",
        "3. Diversify export routes", "5. Avoid public ultimatums",
        *(s.heading for s in document.sections),
    ]
    missing = [t for t in expected if t not in text]
    assert not missing
    assert "Averyveryveryverylong" in text
    assert "not bold" in text and "<b>" in text


def test_pages_carry_footer_and_running_header(pdf: Path, document: Document) -> None:
    with pdfplumber.open(pdf) as doc:
        total = len(doc.pages)
        assert 2 <= total <= 6
        for number, page in enumerate(doc.pages, start=1):
            text = page.extract_text() or ""
            # the cover carries no page number; every later page does
            assert (f"Page {number} of {total}" in text) == (number > 1)
            top = page.crop((0, 0, page.width, 50)).extract_text() or ""
            if number == 1:
                assert document.meta.short_title not in top
                assert "POLICY BRIEF" in top
            else:
                assert document.meta.short_title in top
                assert "POLICY BRIEF" in top


def test_outline_lists_every_block_heading(pdf: Path, document: Document) -> None:
    reader = PdfReader(pdf)
    titles = [entry.title for entry in reader.outline]
    assert titles == ["Key figures", "Key judgments", *(s.heading for s in document.sections),
                      "Timeline", "About the authors", "See also", "Sources and notes"]
    texts = _page_texts(pdf)
    for entry in reader.outline:
        page = reader.get_destination_page_number(entry)
        assert entry.title.upper() in texts[page].upper()


def test_links_are_annotations(pdf: Path) -> None:
    uris = set()
    for page in PdfReader(pdf).pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None:
                uris.add(str(action["/URI"]))
    assert set(LINKS) <= uris


def test_metadata(pdf: Path, document: Document) -> None:
    reader = PdfReader(pdf)
    info = reader.metadata
    assert info is not None
    assert info.title == document.meta.title
    assert info.author == ", ".join(AUTHORS)
    assert info.subject == document.meta.subtitle
    assert info["/Keywords"] == "Azerbaijan, Russia, South Caucasus"
    assert info.creator == "reportgen"
    assert reader.trailer["/Root"]["/Lang"] == "en"


def _fonts(resources: DictionaryObject, seen: set[int]) -> list[DictionaryObject]:
    """Every font dictionary reachable from some resources, forms included."""
    found = [f.get_object() for f in (resources.get("/Font") or {}).values()]
    for xobject in (resources.get("/XObject") or {}).values():
        ref = getattr(xobject, "idnum", id(xobject))
        xobject = xobject.get_object()
        if ref in seen or xobject.get("/Subtype") != "/Form":
            continue
        seen.add(ref)
        found += _fonts(xobject.get("/Resources") or DictionaryObject(), seen)
    return found


def test_fonts_are_embedded_theme_fonts(pdf: Path) -> None:
    fonts = []
    for page in PdfReader(pdf).pages:
        fonts += _fonts(page.get("/Resources") or DictionaryObject(), set())
    assert fonts
    for font in fonts:
        name = str(font["/BaseFont"]).lstrip("/")
        assert name.split("+")[-1] not in BASE14
        # the shipped pair, the code face, or a shipped fallback (Plex has no Georgian)
        assert any(f"+{family}" in name for family in ("IBMPlex", "DejaVuSansMono", "Noto"))
        assert "/FontFile2" in font["/FontDescriptor"].get_object()
    if shutil.which("pdffonts"):
        listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                                 check=True).stdout.splitlines()[2:]
        assert listing
        for line in listing:
            assert "Type 1" not in line
            assert line.split()[-5] == "yes", line  # the emb column


def _page_with(path: Path, needle: str) -> int:
    return next(i for i, t in enumerate(_page_texts(path)) if needle in t)


def test_chart_is_vector_with_text_in_the_brief_font(pdf: Path) -> None:
    number = _page_with(pdf, "FIGURE 1")
    with pdfplumber.open(pdf) as doc:
        page = doc.pages[number]
        text = page.extract_text() or ""
        assert "Russia to Azerbaijan" in text and "USD bn" in text
        png_figures_here = int("FIGURE 2" in text)
        charts = [im for im in page.images if im["x1"] - im["x0"] > 100]  # not a photo
        assert len(charts) == png_figures_here
        ticks = [w for w in page.extract_words(extra_attrs=["fontname"])
                 if w["text"] in ("0.5", "1.5", "2.5", "3.5")]
        assert len(ticks) == 4 and all("+IBMPlexSans" in w["fontname"] for w in ticks)


def test_png_fallback_without_svg(pdf: Path) -> None:
    with pdfplumber.open(pdf) as doc:
        assert len(doc.pages[_page_with(pdf, "FIGURE 2")].images) >= 1


def test_svg_is_parsed_only_when_drawn(document: Document, theme: Theme, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = chart.load_svg

    def counting(path: Path, font_map: object) -> object:
        calls.append(path)
        return real(path, font_map)  # type: ignore[arg-type]

    monkeypatch.setattr(chart, "load_svg", counting)
    render_brief(document, theme, tmp_path / "x.pdf")
    assert len(calls) == sum(f.svg is not None for f in document.figures)


@pytest.mark.parametrize(("size", "box"), [("A4", (595, 842)), ("letter", (612, 792))])
def test_page_sizes(document: Document, size: str, box: tuple[int, int],
                    tmp_path: Path) -> None:
    out = tmp_path / f"{size}.pdf"
    render_brief(document, build_theme("default", page_size=size), out)  # type: ignore[arg-type]
    for page in PdfReader(out).pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == box


@pytest.mark.parametrize("size", ["A4", "letter"])
def test_column_measure_is_readable(theme: Theme, size: str) -> None:
    from reportgen.render.pdf.fonts import brief_families, register_fonts

    fonts = register_fonts(*brief_families(theme))
    width = average_char_width(fonts.body.regular, BODY_SIZE)
    geometry = page_geometry(size)
    assert 40 <= geometry.column / width <= 65  # a two-column brief's line


def test_body_lines_hold_40_to_70_characters(pdf: Path) -> None:
    texts = _page_texts(pdf)
    page = next(t for t in texts if "Trade as ballast" in t)
    body = page.split("Trade as ballast", 1)[1].splitlines()
    lines = [ln for ln in body[1:6] if ln.strip()]  # a paragraph's full lines
    assert lines and all(40 <= len(line) <= 70 for line in lines[:-1])  # a column's line


def test_same_document_gives_identical_bytes(document: Document, theme: Theme,
                                             tmp_path: Path) -> None:
    first, second = tmp_path / "a.pdf", tmp_path / "sub" / "other-name.pdf"
    second.parent.mkdir()
    render_brief(document, theme, first)
    render_brief(document, theme, second)
    assert first.read_bytes() == second.read_bytes()


def test_logo_and_photo_render(tmp_path: Path, theme: Theme) -> None:
    out = tmp_path / "logo.pdf"
    render_brief(make_document(tmp_path / "in", logo=True), theme, out)
    with pdfplumber.open(out) as doc:
        assert len(doc.pages[0].images) == 1
        assert any(len(p.images) for p in doc.pages[1:])


def test_long_timeline_splits_across_pages(document: Document, theme: Theme,
                                           tmp_path: Path) -> None:
    events = tuple(TimelineEvent(f"{2000 + i}", f"Event number {i}", "Some detail " * 6)
                   for i in range(60))
    long = replace(document, body=(*document.body[:3], Timeline(events=events)))
    out = tmp_path / "long.pdf"
    render_brief(long, theme, out)
    text = _squash(" ".join(_page_texts(out)))
    assert all(f"Event number {i}" in text for i in range(60))
    assert len(PdfReader(out).pages) >= 3


def test_missing_svg_names_the_figure(document: Document, theme: Theme,
                                      tmp_path: Path) -> None:
    figure = replace(document.figures[0], svg=tmp_path / "gone.svg")
    section = Section(index=1, heading="H", items=(figure,), points=(), notes="")
    with pytest.raises(BuildError, match="figure 1 .'trade_asymmetry'."):
        render_brief(replace(document, body=(section,)), theme, tmp_path / "x.pdf")


def test_unknown_node_fails_loudly(document: Document, theme: Theme, tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="no handler for str"):
        render_brief(replace(document, body=("stray",)), theme, tmp_path / "x.pdf")


def test_markup_escapes_and_cleans() -> None:
    assert markup.text("<b>&amp;</b>") == "&lt;b&gt;&amp;amp;&lt;/b&gt;"
    assert markup.text("a\x00b\x07c\nd\ufffe") == "abc d"
    assert markup.attr('https://x.org/?a=1&b="2"') == "https://x.org/?a=1&amp;b=&quot;2&quot;"
    run = Run("x<y", bold=True, italic=True, href="https://e.org/<q>")
    out = markup.run(run, mono_face="M", link_color=black)
    assert out.startswith('<a href="https://e.org/&lt;q&gt;"')
    assert "<b><i>x&lt;y</i></b>" in out


def test_brief_without_cover_uses_running_pages(document: Document, theme: Theme,
                                                tmp_path: Path) -> None:
    section = Section(index=1, heading="Only section",
                      items=(Paragraph((Run("Just text."),)),), points=(), notes="")
    out = tmp_path / "bare.pdf"
    render_brief(replace(document, body=(section,)), theme, out)
    texts = _page_texts(out)
    assert len(texts) == 1 and "Only section" in texts[0] and "Page 1 of 1" in texts[0]


@pytest.mark.parametrize("fill", range(2, 12, 3))
def test_heading_over_a_figure_opens_on_text_and_the_figure_follows(
        document: Document, theme: Theme, tmp_path: Path, fill: int) -> None:
    filler = Paragraph((Run("Filler text that takes up a few lines of the page. " * 8),))
    first = Section(index=1, heading="Opening", items=(filler,) * fill, points=(), notes="")
    second = Section(index=2, heading="Chart first", items=(document.figures[0], filler),
                     points=(), notes="")
    out = tmp_path / "kwn.pdf"
    render_brief(replace(document, body=(first, second)), theme, out)
    texts = _page_texts(out)
    heading_page = next(i for i, t in enumerate(texts) if "Chart first" in t)
    # the heading opens on its section's text; the figure floats no further than the
    # next page's top
    after = texts[heading_page].split("Chart first", 1)[1]
    assert "Filler text" in after
    assert "FIGURE 1" in after or "FIGURE 1" in texts[heading_page + 1]


@pytest.mark.parametrize("fill", range(1, 14, 2))
def test_no_heading_is_stranded_at_a_page_foot(document: Document, theme: Theme,
                                               tmp_path: Path, fill: int) -> None:
    filler = Paragraph((Run("Filler text that takes up a few lines of the page. " * 7),))
    sections = tuple(Section(index=i, heading=f"Heading number {i}", items=(filler,) * fill,
                             points=(), notes="") for i in range(1, 4))
    out = tmp_path / "strand.pdf"
    render_brief(replace(document, body=sections), theme, out)
    for text in _page_texts(out):
        lines = [ln for ln in text.splitlines() if not ln.startswith("Caucasus Policy")]
        assert not lines[-1].startswith("Heading number")
        for i, line in enumerate(lines):
            if line.startswith("Heading number"):
                assert len(lines) - i > 2  # at least two lines of text follow


@pytest.mark.parametrize("fill", [4, 5, 6, 7, 8])
def test_author_heading_stays_with_a_tall_author_box(document: Document, theme: Theme,
                                                     tmp_path: Path, fill: int) -> None:
    filler = Paragraph((Run("Filler text that takes up a few lines of the page. " * 7),))
    section = Section(index=1, heading="Opening", items=(filler,) * fill, points=(), notes="")
    bio = Paragraph((Run("A long biography sentence about research and advice. " * 40),))
    author = AuthorBio("Əli Həsənov", "Director", "Institute", (bio,))
    out = tmp_path / "author.pdf"
    render_brief(replace(document, body=(section, author)), theme, out)
    for text in _page_texts(out):
        lines = [ln for ln in text.splitlines() if not ln.startswith("Caucasus Policy")]
        assert not lines[-1].startswith("About the author")
        if any(ln.startswith("About the author") for ln in lines):
            assert any("Həsənov" in ln for ln in lines)  # the box starts on the same page
