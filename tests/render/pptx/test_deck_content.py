"""The deck's words and type as a briefer presents them: the font a laptop has, key
judgments said short, points a briefer would say, a closing slide that cuts nothing it
has room for, curly quotes, tables headed by what they show, the template's brand."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
import yaml
from lxml import etree
from pptx import Presentation
from pptx.oxml.ns import qn

from reportgen.fonts import SHIPPED_FONT_DIR
from reportgen.render.pptx.text import measure_shape
from reportgen.render.pptx.writer import render_deck
from reportgen.theme import build_theme
from tests.conftest import copy_sample, run_cli
from tests.render.pptx.deck_checks import norm, notes_text, slide_text, title_of

ELLIPSIS = "\u2026"
LONG_JUDGMENTS = [
    "Azerbaijan's gas exports to Europe have grown steadily since the Southern Gas "
    "Corridor opened in late 2020, and the European Union now counts on them as a "
    "reliable if modest source of diversification away from Russian pipeline gas.",
    "Türkiye remains the indispensable transit state, and its leverage over pricing and "
    "throughput will grow as volumes rise and as Ankara seeks to become a regional hub.",
    "Russia retains leverage through the Baku-Novorossiysk route, swap arrangements with "
    "Iran and its influence over Caspian legal questions, but it cannot block the corridor "
    "without costs that Moscow is unlikely to accept.",
    "Relations between Azerbaijan and Russia have entered a phase of heightened tension "
    "since the December 2024 AZAL crash.",
    "Expansion of TAP is feasible but needs long-term contracts.",
    "Georgia's transit role is stable but politically exposed.",
    "European buyers should sign longer contracts.",
]
TEXT_SECTION = {
    "heading": "A corridor that delivered",
    "body": (
        "Since the Southern Gas Corridor opened in December 2020, it has delivered gas to "
        "Italy without interruption.[^1] It has become Europe's most reliable new source.\n\n"
        "The corridor's limits are set by:\n\n"
        "- upstream output from Shah Deniz, which has plateaued;\n"
        "- the capacity of TAP, which runs at its design limit; and\n"
        "- the absence of long-term contracts beyond 2030.\n\n"
        "[^1]: Company filings.\n"),
}
AUTHORS = [
    {"name": "Leyla Mammadova", "role": "Senior Fellow, Energy Security Programme",
     "affiliation": "Caspian Policy Institute",
     "bio": "Leyla Mammadova leads the institute's energy work. She previously advised the "
            "Ministry of Energy on export contracts and has written widely on the Southern "
            "Gas Corridor, Caspian legal regimes and EU external energy policy. She holds a "
            "doctorate from the University of Oxford."},
    {"name": "Giorgi Beridze", "role": "Research Fellow",
     "affiliation": "Tbilisi State University",
     "bio": "Giorgi Beridze studies transit politics in the South Caucasus, with a focus on "
            "Georgia's role in the Southern Gas Corridor and the Middle Corridor trade "
            "route. He has published in Europe-Asia Studies and Caucasus Survey."},
    {"name": "Anna Schmidt", "role": "Visiting Scholar",
     "affiliation": "German Institute for International and Security Affairs",
     "bio": "Anna Schmidt works on EU gas markets and the external dimension of the "
            "European Green Deal, including methane regulation and long-term contracts "
            "with non-EU suppliers."},
]
PUBLISHER_INFO = ("**About the Caspian Policy Institute.** An independent research centre. "
                  "© 2025 Caspian Policy Institute. https://doi.org/10.0000/cpi.2025.07")


def _variant(tmp: Path, slide_size: str) -> Path:
    spec = copy_sample(tmp)
    data = yaml.safe_load(spec.read_text(encoding="utf-8"))
    data["report"]["summary"] = LONG_JUDGMENTS
    data["report"]["publisher_info"] = PUBLISHER_INFO
    data["authors"] = AUTHORS
    data["sections"].append(TEXT_SECTION)
    data["theme"]["slide_size"] = slide_size
    spec.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    result = run_cli("build", spec, "--out", spec.parent / "dist", "--only", "pptx")
    assert result.returncode == 0, result.stderr
    return next((spec.parent / "dist").glob("*.pptx"))


@pytest.fixture(scope="module", params=["16:9", "4:3"])
def deck(request, tmp_path_factory: pytest.TempPathFactory) -> list:
    """The sample with long key judgments, a text-only section, three authors and a
    publisher's note, built at 16:9 and at 4:3."""
    folder = tmp_path_factory.mktemp("content") / request.param.replace(":", "x")
    return list(Presentation(str(_variant(folder, request.param))).slides)


def _titled(slides: list, start: str) -> list:
    return [s for s in slides if title_of(s).text_frame.text.startswith(start)]


def _runs(shape) -> list:
    return [r for p in shape.text_frame.paragraphs for r in p.runs]


# ---- the font ------------------------------------------------------------------------------


def test_the_deck_names_arial_and_measures_it_with_liberation_sans(deck: list) -> None:
    theme = build_theme()
    assert theme.slide_font.name == "Arial"
    assert theme.slide_font.regular.parent == SHIPPED_FONT_DIR
    assert theme.slide_font.regular.name == "LiberationSans-Regular.ttf"
    assert (SHIPPED_FONT_DIR / "LiberationSans-OFL.txt").is_file()
    names = {r.font.name for s in deck for shape in s.shapes if shape.has_text_frame
             for r in _runs(shape) if r.text.strip()}
    assert names == {"Arial"}
    for slide in deck:
        for shape in slide.shapes:
            if shape.has_text_frame and shape.text_frame.text.strip():
                assert measure_shape(shape, theme.slide_font).fits, shape.text_frame.text


def test_office_fonts_are_measured_with_their_metric_twins() -> None:
    from reportgen.fonts import office_family

    arial = office_family("Arial")
    assert arial is not None and arial.name == "Arial"
    assert arial.bold.name == "LiberationSans-Bold.ttf"
    assert office_family("Helvetica").regular == arial.regular  # type: ignore[union-attr]
    assert office_family("No Such Font Anywhere") is None


def test_a_given_font_is_the_decks_font() -> None:
    theme = build_theme(font="DejaVu Serif")
    assert theme.slide_font.name == "DejaVu Serif"


# ---- key judgments -------------------------------------------------------------------------


@pytest.mark.parametrize(("sentence", "said"), [
    (LONG_JUDGMENTS[0], "Azerbaijan's gas exports to Europe have grown steadily"),
    (LONG_JUDGMENTS[1], "Türkiye remains the indispensable transit state"),
    (LONG_JUDGMENTS[2], "Russia retains leverage through the Baku-Novorossiysk route"),
    (LONG_JUDGMENTS[3], "Relations between Azerbaijan and Russia have entered a phase of "
                        "heightened tension"),
    ("Since the corridor opened in December 2020, it has delivered gas to Italy, Greece "
     "and Bulgaria without a single interruption of supply.",
     "Since the corridor opened in December 2020, it has delivered gas to Italy, Greece "
     "and Bulgaria without a single interruption of supply."),  # no break: never mid-list
])
def test_a_long_judgment_is_said_in_a_short_clause(sentence: str, said: str) -> None:
    from reportgen.render.pptx.handlers import condensed_text

    assert condensed_text(sentence) == said


def test_key_judgments_are_short_five_to_a_slide_and_whole_in_the_notes(deck: list) -> None:
    from reportgen.render.pptx.handlers import LONGEST_CONDENSED, SHORT_WORDS

    slides = _titled(deck, "Key judgments")
    assert len(slides) == 2
    bullets = [p.text for s in slides for shape in s.shapes if shape.name != title_of(s).name
               and shape.has_text_frame and not shape.name.startswith("Slide Number")
               for p in shape.text_frame.paragraphs if p.text.strip()]
    assert len(bullets) == len(LONG_JUDGMENTS)
    for s in slides:
        shown = [p for shape in s.shapes if shape.has_text_frame and shape != title_of(s)
                 and not shape.name.startswith("Slide Number")
                 for p in shape.text_frame.paragraphs if p.text.strip()]
        assert len(shown) <= 5
    assert all(len(b.split()) <= LONGEST_CONDENSED for b in bullets)
    assert sum(len(b.split()) <= SHORT_WORDS for b in bullets) == len(bullets)
    notes = norm(" ".join(notes_text(s) for s in slides))
    for judgment in LONG_JUDGMENTS:
        assert norm(judgment) in notes


# ---- section points ------------------------------------------------------------------------


def test_text_section_points_are_what_a_briefer_says(deck: list) -> None:
    slide = _titled(deck, TEXT_SECTION["heading"])[0]
    points = next(s for s in slide.shapes if s.name == "Points")
    texts = [p.text for p in points.text_frame.paragraphs if p.text.strip()]
    assert "Upstream output from Shah Deniz, which has plateaued" in texts
    assert "The capacity of TAP, which runs at its design limit" in texts
    assert "Since the Southern Gas Corridor opened in December 2020, it has delivered gas " \
           "to Italy without interruption" in texts
    for text in texts:
        assert text[0].isupper(), text
        assert not text.endswith((";", ",", ":", ".", " and")), text
        assert "interruption.1" not in text and "interruption1" not in text
    assert min(r.font.size.pt for r in _runs(points)) >= 18


# ---- the closing slide ---------------------------------------------------------------------


def test_one_closing_slide_cuts_no_name_and_drops_no_bio(deck: list) -> None:
    closing = _titled(deck, "About the authors")
    assert len(closing) == 1
    slide = closing[0]
    text = norm(slide_text(slide))
    for author in AUTHORS:
        for field in ("name", "role", "affiliation"):
            assert author[field] in text, author[field]
        bio = norm(author["bio"])
        assert bio[:15] in text  # cut short, never dropped
        assert bio in norm(notes_text(slide))
    for shape in slide.shapes:
        if shape.name.startswith("Author "):
            head = [p.text for p in shape.text_frame.paragraphs][:3]
            assert not any(ELLIPSIS in line for line in head), head
    publisher = next(s for s in slide.shapes if s.name == "Publisher")
    assert min(r.font.size.pt for r in _runs(publisher)) >= 14


# ---- typography and headlines --------------------------------------------------------------


def test_deck_prose_has_curly_quotes(deck: list) -> None:
    shown = " ".join(slide_text(s) for s in deck)
    assert "Azerbaijan\u2019s gas exports" in shown
    assert "Azerbaijan's gas exports" not in shown


def test_a_table_slide_is_headed_by_what_the_table_shows(deck: list) -> None:
    texts = " ".join(slide_text(s) for s in deck)
    assert "Table 1:" not in texts
    assert "The energy links that keep Baku and Moscow tied" in texts


def test_the_title_slide_has_an_imprint_band(deck: list) -> None:
    cover = deck[0]
    imprint = next(s for s in cover.shapes if s.name == "Imprint")
    assert "Emil Avdaliani" not in imprint.text_frame.text  # the authors of this variant
    assert "Leyla Mammadova" in imprint.text_frame.text
    subtitle = max((r.font.size.pt for s in cover.shapes if s.has_text_frame
                    and s != title_of(cover) and s.name != "Imprint" for r in _runs(s)),
                   default=0)
    assert subtitle >= 28


# ---- a template's brand --------------------------------------------------------------------


def _branded_template(source: Path, target: Path, font: str, accent: str) -> Path:
    """A copy of a template whose theme names `font` and has `accent` as accent1."""
    with zipfile.ZipFile(source) as zin:
        parts = {name: zin.read(name) for name in zin.namelist()}
    name = next(n for n in parts if n.startswith("ppt/theme/theme") and n.endswith(".xml"))
    root = etree.fromstring(parts[name])
    for latin in root.iter(qn("a:latin")):
        latin.set("typeface", font)
    slot = root.find(f".//{qn('a:clrScheme')}/{qn('a:accent1')}")
    for child in list(slot):
        slot.remove(child)
    etree.SubElement(slot, qn("a:srgbClr")).set("val", accent)
    parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                 standalone=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zout:
        for part, data in parts.items():
            zout.writestr(part, data)
    target.write_bytes(buffer.getvalue())
    return target


TEMPLATES = Path(__file__).resolve().parents[3] / "assets" / "templates"


@pytest.mark.parametrize(("font", "named"), [("Helvetica", "Helvetica"),
                                             ("Brand Sans Nobody Has", "Arial")])
def test_a_template_gives_its_font_and_accent(tmp_path: Path, document, font: str,
                                              named: str) -> None:
    template = _branded_template(TEMPLATES / "default.pptx", tmp_path / "brand.pptx",
                                 font, "2E7D32")
    out = tmp_path / "deck.pptx"
    render_deck(document, build_theme(), out, template=template)
    slides = list(Presentation(str(out)).slides)
    names = {r.font.name for s in slides for shape in s.shapes if shape.has_text_frame
             for r in _runs(shape) if r.text.strip() and r.font.name and "Noto" not in r.font.name}
    assert names == {named}
    fills = {val for slide in slides for shape in slide.shapes
             for val in shape._element.xpath("./p:spPr/a:solidFill/a:srgbClr/@val")}
    assert "2E7D32" in fills and "C8102E" not in fills


# ---- mixed directions ----------------------------------------------------------------------


def test_an_arabic_numbered_english_table_reads_in_order(tmp_path: Path) -> None:
    """An Arabic deck's table with an English title: the slide shows the title alone (no
    "الجدول 1:" label before it), in a left-to-right paragraph, so no viewer reorders it."""
    from reportgen.core.language import language_of
    from reportgen.document.nodes import DataTable, Document, Meta, Paragraph, Run, Section

    runs = lambda text: (Run(text),)  # noqa: E731
    table = DataTable(1, "The energy links that keep Baku and Moscow tied",
                      (runs("Link"), runs("Volume")),
                      ((runs("Baku-Novorossiysk oil pipeline"), runs("20,000")),
                       (runs("Planned Russian gas to Iran"), runs("300"))),
                      ("left", "right"),
                      numbered_as="\u0627\u0644\u062c\u062f\u0648\u0644 {number}")
    section = Section(1, "\u0627\u0644\u0637\u0627\u0642\u0629", (table,),
                      (Paragraph(runs("Baku balances Russia, Turkey, Iran and the West")),),
                      "Notes.")
    title = "\u0623\u0630\u0631\u0628\u064a\u062c\u0627\u0646"
    meta = Meta(title=title, subtitle=None, authors=(), date=None, iso_date=None,
                language="ar", keywords=(), series=None, publisher=None, short_title=title)
    doc = Document(meta, (section,), (), language=language_of("ar"))
    out = tmp_path / "ar.pptx"
    render_deck(doc, build_theme(), out)
    shapes = [s for slide in Presentation(str(out)).slides for s in slide.shapes
              if s.has_text_frame and "energy links" in s.text_frame.text]
    assert shapes
    for shape in shapes:
        assert shape.text_frame.text == "The energy links that keep Baku and Moscow tied"
        ppr = shape.text_frame.paragraphs[0]._p.find(qn("a:pPr"))
        assert ppr is None or ppr.get("rtl") != "1"
