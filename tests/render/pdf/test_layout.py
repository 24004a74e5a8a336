"""The brief's page design (issue 13), measured on real builds as a reader sees them.

The sample and stress specs made from it (letter paper, a long title, ten key figures,
seven key judgments, a 14-slice pie, three authors with photos, footnotes, a logo and
the publisher's information) are built with the command line; every assertion reads
the PDF: page count, body text on page 1, blank page feet, the smallest text size,
key-figure value sizes, endnotes, the last page and the running header.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import pdfplumber
import pytest
import yaml
from PIL import Image
from pypdf import PdfReader

from reportgen.document.nodes import Cover, KeyFigure, KeyFigures
from reportgen.render.pdf.geometry import BOTTOM_MARGIN, TOP_MARGIN
from reportgen.render.pdf.styles import BODY_SIZE
from reportgen.render.pdf.writer import render_brief
from reportgen.theme import build_theme
from tests.conftest import copy_sample, run_cli
from tests.render.pdf.conftest import make_document

MAX_BLANK_FOOT = 0.12
"""The most of a page's height (but the last page's) left blank above the footer."""
MIN_TEXT_PT = 7.0
"""The smallest text size allowed in the brief, charts included."""
PUBLISHER_INFO = ("The Caucasus Policy Institute is an independent think tank. The views "
                  "expressed are the author's own. © 2025 Caucasus Policy Institute. "
                  "Licensed under [CC BY 4.0](https://creativecommons.org/licenses/by/4.0/).")
LONG_TITLE = ("Azerbaijan and Russia after the AZAL Crash: Distrustful but Pragmatic "
              "Relations in a South Caucasus Reshaped by War, Energy Corridors and "
              "Sovereignization")


def _stress(spec: dict, folder: Path) -> dict:
    """The sample made hard: everything issue 13 lists as a layout risk, at once."""
    spec = copy.deepcopy(spec)
    report = spec["report"]
    report["title"] = LONG_TITLE
    report["publisher_info"] = PUBLISHER_INFO
    report["summary"] = report["summary"] + [
        "Energy cooperation remains the ballast of the relationship.",
        "Migrant remittances are a smaller lever than Moscow assumes.",
        "Europe's gas demand gives Baku room to manoeuvre it lacked a decade ago.",
    ]
    spec["key_figures"].append(dict(spec["key_figures"][4], id="tenth", value=12.5,
                                    prefix="", suffix="%", decimals=1,
                                    label="A tenth figure for the strip"))
    spec["data"]["many"] = {"source": "Invented for a stress test", "rows": [
        {"country": f"Country number {i}", "share": v}
        for i, v in enumerate([22, 15, 11, 9, 8, 7, 6, 5, 4, 4, 3, 3, 2, 1], 1)]}
    spec["charts"].append({"id": "many_pie", "type": "pie", "data": "many", "x": "country",
                           "y": "share", "title": "Fourteen slices", "subtitle": "Share, %",
                           "unit": "%"})
    spec["sections"][2].setdefault("charts", []).append("many_pie")
    first = spec["sections"][0]
    first["body"] = (first["body"].rstrip() + ' Moscow called it "a misunderstanding".[^ru]'
                     "\n\n[^ru]: Statement of the Russian Foreign Ministry, February 2025.\n")
    photos = []
    for i, colour in enumerate(((180, 120, 90), (90, 120, 180), (120, 160, 100))):
        Image.new("RGB", (300, 380), colour).save(folder / f"photo{i}.png")
        photos.append(f"photo{i}.png")
    spec["authors"] = [
        dict(spec["authors"][0], photo=photos[0]),
        {"name": "Nino Beridze", "role": "Senior Fellow", "photo": photos[1],
         "affiliation": "Caucasus Policy Institute", "bio": "Works on energy security."},
        {"name": "Əli Həsənov", "role": "Analyst", "photo": photos[2],
         "bio": "Covers Azerbaijani politics. " * 4},
    ]
    Image.new("RGB", (400, 120), (255, 255, 255)).save(folder / "logo.png")
    spec["theme"]["logo"] = "logo.png"
    return spec


def _build(folder: Path, edit: object = None, **theme: str) -> Path:
    spec_path = copy_sample(folder)
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    if edit is not None:
        spec = edit(spec, folder)  # type: ignore[operator]
    spec["theme"].update(theme)
    spec["outputs"]["pptx"] = False
    spec_path.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False),
                         encoding="utf-8")
    result = run_cli("build", spec_path, "--out", folder / "dist")
    assert result.returncode == 0, result.stderr
    return next((folder / "dist").glob("*.pdf"))


_BUILT: dict[str, Path] = {}
"""Briefs built in this module, by name (each is built once)."""


def _brief(name: str, factory: pytest.TempPathFactory) -> Path:
    """The sample (`sample`) or the stress brief on a paper size (`A4`, `letter`), built."""
    if name not in _BUILT:
        folder = factory.mktemp(name)
        _BUILT[name] = (_build(folder) if name == "sample"
                        else _build(folder, _stress, page_size=name))
    return _BUILT[name]


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample brief, built."""
    return _brief("sample", tmp_path_factory)


@pytest.fixture(scope="module", params=["A4", "letter"])
def stress(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The stress brief on A4 and on US letter."""
    return _brief(request.param, tmp_path_factory)


@pytest.fixture(scope="module", params=["sample", "A4", "letter"])
def any_brief(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
              ) -> Path:
    """The sample and the stress briefs."""
    return _brief(request.param, tmp_path_factory)


def blank_feet(pdf: Path) -> list[float]:
    """Per page, the largest share of its height a column leaves blank above the footer."""
    shares = []
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            foot = page.height - BOTTOM_MARGIN  # top-down coordinate of the columns' foot
            head = TOP_MARGIN - 10
            ink = page.chars + page.rects + page.images + page.curves + page.lines
            worst = 0.0
            for left, right in ((0, page.width / 2), (page.width / 2, page.width)):
                lows = [o["bottom"] for o in ink if o["x0"] >= left - 1
                        and o["x1"] <= right + 1 and head < o["top"] and o["bottom"] < foot + 2]
                worst = max(worst, (foot - max(lows, default=head)) / page.height)
            shares.append(worst)
    return shares


def test_sample_fits_six_pages_with_text_on_page_one(sample: Path) -> None:
    reader = PdfReader(sample)
    assert len(reader.pages) <= 6
    first = reader.pages[0].extract_text()
    assert "A phase of heightened tension" in first
    assert "The relationship between Russia and Azerbaijan" in first  # body text, not just
    assert "Page 1 of" not in first  # the cover carries no page number


def test_no_page_but_the_last_has_a_blank_foot(any_brief: Path) -> None:
    shares = blank_feet(any_brief)
    assert len(shares) >= 2
    worst = max(shares[:-1])
    assert worst <= MAX_BLANK_FOOT, [f"{s:.0%}" for s in shares]


def _size(char: dict) -> float:
    """A character's type size; pdfplumber gives a rotated one's advance as its size."""
    return float(char["size"] if char["upright"] else char["x1"] - char["x0"])


def test_no_text_is_smaller_than_7_pt(any_brief: Path) -> None:
    with pdfplumber.open(any_brief) as doc:
        small = [(n, c["text"], round(_size(c), 2)) for n, page in enumerate(doc.pages, 1)
                 for c in page.chars if c["text"].strip() and _size(c) < MIN_TEXT_PT - 0.01]
    # only endnote marks (superscript digits) are smaller
    assert all(text.isdigit() for _, text, _ in small), small[:10]


def _words(pdf: Path, needle: str) -> list[dict]:
    with pdfplumber.open(pdf) as doc:
        return [w for page in doc.pages
                for w in page.extract_words(extra_attrs=["size", "fontname"])
                if w["text"] == needle]


def test_chart_text_is_printed_at_the_size_it_was_set(sample: Path) -> None:
    """Charts are placed 1:1: category labels at the house style's 8 pt, values at 7.5."""
    labels = [w for w in _words(sample, "Before")  # "Before the cut", a bar of Figure 1
              if "Sans" in w["fontname"]]
    assert len(labels) == 1 and abs(labels[0]["size"] - 8.0) < 0.05
    values = _words(sample, "3.621")  # Figure 2's value label
    assert values and all(w["size"] >= MIN_TEXT_PT for w in values)


def test_fonts_are_the_shipped_pair_and_embedded(sample: Path) -> None:
    with pdfplumber.open(sample) as doc:
        names = {c["fontname"].split("+")[-1] for page in doc.pages for c in page.chars}
        body = [c for c in doc.pages[1].chars if abs(c["size"] - BODY_SIZE) < 0.01
                and c["fontname"].endswith("-Regular")]
    assert {"IBMPlexSerif-Regular", "IBMPlexSans-Bold"} <= names
    assert body and all("IBMPlexSerif" in c["fontname"] for c in body)
    for page in PdfReader(sample).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            descriptor = font.get_object()
            if "/DescendantFonts" in descriptor:
                descriptor = descriptor["/DescendantFonts"][0].get_object()
            assert "/FontFile2" in descriptor["/FontDescriptor"].get_object()


def _value_sizes(pdf: Path, page_number: int = 0) -> dict[float, set[float]]:
    """Sizes of the large bold numbers on a page, by the top of their line."""
    rows: dict[float, set[float]] = defaultdict(set)
    with pdfplumber.open(pdf) as doc:
        for c in doc.pages[page_number].chars:
            if c["size"] >= 12 and "Bold" in c["fontname"] and (c["text"].isdigit()
                                                                 or c["text"] in "$%"):
                rows[round(c["top"])].add(round(c["size"], 1))
    return rows


def test_key_figures_share_one_value_size_per_row_and_units_stand_apart(sample: Path
                                                                        ) -> None:
    rows = _value_sizes(sample)
    assert rows and all(len(sizes) == 1 for sizes in rows.values()), rows
    with pdfplumber.open(sample) as doc:
        words = doc.pages[0].extract_words(extra_attrs=["size"])
    for number, unit in (("20,000", "barrels/day"), ("300", "million")):
        # the unit on its own smaller line under the number, not squeezed into it
        (value,) = [w for w in words if w["text"] == number and w["size"] >= 12]
        assert [w for w in words if w["text"] == unit and w["size"] < value["size"]
                and w["top"] >= value["bottom"] - 1 and abs(w["x0"] - value["x0"]) < 2]


def test_the_cover_shows_one_row_of_big_figures_and_the_rest_smaller(any_brief: Path
                                                                     ) -> None:
    with pdfplumber.open(any_brief) as doc:
        words = doc.pages[0].extract_words(extra_attrs=["size"])
    big = [w["text"] for w in words if w["size"] >= 18 and any(c.isdigit() for c in w["text"])]
    assert 1 <= len(big) <= 4, big
    text = "\n".join(PdfReader(any_brief).pages[0].extract_text().splitlines())
    if "KEY FIGURES (CONT.)" in text:  # the others: a compact panel, numbers below 18 pt
        panel = [w for w in words if any(c.isdigit() for c in w["text"]) and 9 <= w["size"] < 18]
        assert panel


def test_sources_are_cited_once_without_machine_provenance(sample: Path) -> None:
    text = " ".join(p.extract_text() for p in PdfReader(sample).pages)
    text = " ".join(text.split())
    sources = text[text.index("Sources and notes"):]
    assert "computed:" not in sources and "of dataset" not in sources
    assert "over 1 row where" not in sources
    citation = "Emil Avdaliani, “Azerbaijan and Russia: Distrustful but Pragmatic Relations”"
    assert sources.count(citation) == 1
    assert "Used for: Figures 1–5; Tables 1, 2; Key figures" in sources
    assert "$4.799bn: the sum of usd_bn (data/trade_2024.csv, 2 rows)." in sources
    assert ("$1.178bn: the sum of usd_bn (data/trade_2024.csv, 1 row; "
            "flow = Azerbaijan to Russia).") in sources


def _columns(pdf: Path) -> list[list[dict]]:
    """Every column's lines in reading order (pages in turn, left then right column), each
    line's words with their size and font."""
    out = []
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            for box in ((0, TOP_MARGIN, page.width / 2, page.height - BOTTOM_MARGIN),
                        (page.width / 2, TOP_MARGIN, page.width, page.height - BOTTOM_MARGIN)):
                words = page.crop(box).extract_words(extra_attrs=["size", "fontname"])
                lines: dict[int, list[dict]] = defaultdict(list)
                for word in words:
                    lines[round(word["top"])].append(word)
                out.append([sorted(lines[top], key=lambda w: w["x0"]) for top in sorted(lines)])
    return out


def _is_quote(line: list[dict]) -> bool:
    return all(w["size"] > BODY_SIZE + 2 and "Italic" in w["fontname"] for w in line)


def _is_body(line: list[dict]) -> bool:
    return all(abs(w["size"] - BODY_SIZE) < 0.1 for w in line)


def test_pull_quotes_stand_between_paragraphs_away_from_their_words(sample: Path) -> None:
    columns = _columns(sample)
    body = [" ".join(w["text"] for line in c if _is_body(line) for w in line) for c in columns]
    quotes = 0
    for at, column in enumerate(columns):
        for index, line in enumerate(column):
            if not _is_quote(line) or (index and _is_quote(column[index - 1])):
                continue
            quotes += 1
            end = index
            while end < len(column) and _is_quote(column[end]):
                end += 1
            words = " ".join(w["text"] for row in column[index:end] for w in row)
            # the body text that follows opens a paragraph: no sentence is broken by it
            after = [ln for c in columns[at:] for ln in (c[end:] if c is column else c)
                     if _is_body(ln)]
            opening = after[0][0]["text"][0] if after else "A"  # (none: the text ended)
            assert opening.isupper() or opening in "“\"(", (words, after[0])
            # and the words it repeats are not in its column
            start = " ".join(words.split()[:6])
            assert start not in body[at], words
            assert any(start in text for text in body), words
    assert quotes == 4


def test_key_figures_that_break_carry_their_label(stress: Path) -> None:
    texts = [page.extract_text() for page in PdfReader(stress).pages]
    assert "KEY FIGURES" in texts[0]
    first_page_values = sum(v in texts[0] for v in ("$1.178bn", "$3.621bn", "$4.799bn", "4.4%"))
    assert first_page_values == 4
    later = [t for t in texts if "12.5%" in t]
    assert later and "KEY FIGURES (CONT.)" in later[0]


def test_the_publisher_panel_is_a_tinted_box_on_the_last_page(stress: Path) -> None:
    with pdfplumber.open(stress) as doc:
        page = doc.pages[-1]
        (mark,) = [w for w in page.extract_words() if w["text"] == "©"]
        boxes = [r for r in page.rects if r["x0"] < mark["x0"] and r["x1"] > mark["x1"]
                 and r["top"] < mark["top"] and r["bottom"] > mark["bottom"]
                 and r["fill"] and r["width"] > page.width / 3]
        info = [c for c in page.chars if c["top"] > mark["top"] - 30
                and c["x0"] >= boxes[0]["x0"] and c["x1"] <= boxes[0]["x1"]]
    assert boxes
    assert all(c["non_stroking_color"] != (0.42, 0.45, 0.5) for c in info)


def test_figure_captions_come_before_their_source_line(tmp_path: Path) -> None:
    out = tmp_path / "captions.pdf"
    render_brief(make_document(tmp_path / "inputs"), build_theme("default"), out)
    with pdfplumber.open(out) as doc:
        for page in doc.pages:
            words = page.extract_words()
            caption = [w for w in words if w["text"] == "lopsided"]
            if caption:
                source = [w for w in words if w["text"] == "Source:"
                          and abs(w["x0"] - caption[0]["x0"]) < page.width / 4]
                assert source and min(w["top"] for w in source) > caption[0]["top"]
                return
    raise AssertionError("the caption is not in the brief")


def test_endnotes_and_publisher_info_close_the_brief(stress: Path) -> None:
    reader = PdfReader(stress)
    texts = [page.extract_text() for page in reader.pages]
    whole = "\n".join(texts)
    assert "Notes" in whole and "Statement of the Russian Foreign Ministry" in whole
    assert "“a misunderstanding”.1" in whole.replace("\n", " ")  # curly quotes, mark
    last = texts[-1]
    assert "Licensed under CC BY 4.0" in last.replace("\n", " ")
    assert "© 2025 Caucasus Policy Institute" in last.replace("\n", " ")
    links = {str(a.get_object()["/A"].get("/URI")) for page in reader.pages
             for a in page.get("/Annots") or [] if "/A" in a.get_object()}
    assert "https://creativecommons.org/licenses/by/4.0/" in links


def test_the_running_header_never_touches_the_date(stress: Path) -> None:
    with pdfplumber.open(stress) as doc:
        for page in doc.pages[1:]:
            header = [c for c in page.chars if c["top"] < TOP_MARGIN - 12]
            date = [c for c in header if c["x0"] > page.width * 0.8 and c["text"].strip()]
            title = [c for c in header if c not in date and c["text"].strip()]
            assert date and title
            assert max(c["x1"] for c in title) < min(c["x0"] for c in date) - 6


def test_paper_is_a4_or_letter(stress: Path) -> None:
    sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height)))
             for p in PdfReader(stress).pages}
    assert sizes in ({(595, 842)}, {(612, 792)})


def test_the_logo_is_in_the_masthead(stress: Path) -> None:
    with pdfplumber.open(stress) as doc:
        page = doc.pages[0]
        logos = [im for im in page.images if im["top"] < 60]
    assert logos


def test_a_logo_in_the_bands_colour_stands_on_a_light_plate(tmp_path: Path) -> None:
    def navy_logo(spec: dict, folder: Path) -> dict:
        logo = Image.new("RGBA", (400, 120), (0, 0, 0, 0))
        logo.paste((11, 60, 93, 255), (0, 0, 110, 120))  # the band's navy, on transparency
        logo.save(folder / "logo.png")
        spec["theme"]["logo"] = "logo.png"
        return spec

    pdf = _build(tmp_path, navy_logo)
    with pdfplumber.open(pdf) as doc:
        page = doc.pages[0]
        (logo,) = [im for im in page.images if im["top"] < 60]
        shapes = page.rects + page.curves
        plates = [r for r in shapes if r["x0"] < logo["x0"] and r["x1"] > logo["x1"]
                  and r["top"] < logo["top"] and r["bottom"] > logo["bottom"]
                  and tuple(r["non_stroking_color"] or ()) in ((1, 1, 1), (1.0, 1.0, 1.0))]
    assert plates


def test_a_long_running_title_is_cut_before_the_date(tmp_path: Path) -> None:
    document = make_document(tmp_path / "inputs")
    meta = replace(document.meta, short_title="Wide " * 60, series="Policy Brief",
                   date="28 September 2025")
    out = tmp_path / "long-header.pdf"
    render_brief(replace(document, meta=meta,
                         body=tuple(replace(n, meta=meta) if isinstance(n, Cover) else n
                                    for n in document.body)), build_theme("default"), out)
    with pdfplumber.open(out) as doc:
        assert len(doc.pages) > 1
        for page in doc.pages[1:]:
            header = [c for c in page.chars if c["top"] < TOP_MARGIN - 12 and c["text"].strip()]
            date_x0 = min(c["x0"] for c in header if c["text"] == "2" and c["x0"] > 400)
            title = [c for c in header if c["x1"] < date_x0 and c["x0"] > 150]
            assert title and title[-1]["text"] == "\u2026"  # cut, with an ellipsis
            assert date_x0 - max(c["x1"] for c in title) >= 6 * 72 / 25.4 - 0.5


def test_twenty_key_figures_flow_over_columns_with_their_label(tmp_path: Path) -> None:
    document = make_document(tmp_path / "inputs")
    many = KeyFigures(tuple(KeyFigure(f"k{i}", f"{i * 37 + 1},000", f"Figure number {i}",
                                      "a note") for i in range(20)))
    body = tuple(many if isinstance(n, KeyFigures) else n for n in document.body)
    out = tmp_path / "twenty.pdf"
    render_brief(replace(document, body=body), build_theme("default"), out)
    texts = [page.extract_text() for page in PdfReader(out).pages]
    whole = "\n".join(texts)
    assert all(f"{i * 37 + 1},000" in whole for i in range(20))
    assert all("Figure number 19" not in t or "KEY FIGURES (CONT.)" in t for t in texts)
    assert max(blank_feet(out)[:-1]) <= MAX_BLANK_FOOT
