"""Links written in text: the address rule, `#anchor` links to headings, located errors."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from reportgen.core.links import (
    URL_PATTERN,
    anchor,
    is_url,
    link_target,
    section_anchors,
    url_problem,
)
from reportgen.core.markdown import link_targets
from reportgen.errors import SpecError
from reportgen.spec.loader import load_spec
from reportgen.spec.models import Link
from reportgen.spec.placeholders import PLACEHOLDER
from tests.hostile import build_spec, write_spec

BAD = ["ftp://files.example.org/x.csv", "www.example.org", "reports/brief.pdf",
       "javascript:alert(1)", "pdf:/etc/passwd", "smb://server/share", "file:///etc/passwd",
       "HTTPS://example.org", "data:text/html,x"]
GOOD = ["https://example.org/a?b=1", "http://x.org", "mailto:a@b.org",
        "https://de.wikipedia.org/wiki/%C3%9C"]


def test_one_rule_for_spec_urls_and_text_links() -> None:
    assert Link.model_json_schema()["properties"]["url"]["pattern"] == URL_PATTERN
    for url in GOOD:
        assert is_url(url) and url_problem(url) is None
        Link(label="x", url=url)
    for url in BAD:
        assert not is_url(url) and url_problem(url)
        with pytest.raises(ValueError):
            Link(label="x", url=url)
    assert "did you mean 'https://www.example.org'" in url_problem("www.example.org")


def test_anchors_are_slugs_of_headings_with_repeats_numbered() -> None:
    assert anchor("An asymmetric but useful trade") == "an-asymmetric-but-useful-trade"
    assert anchor("Trade: 2024 & beyond!") == "trade-2024-beyond"
    assert anchor("Торговля и транзит") == "торговля-и-транзит"
    assert section_anchors(["Trade", "Outlook", "Trade"]) == {"trade": 0, "outlook": 1,
                                                              "trade-1": 2}
    anchors = section_anchors(["Trade"])
    assert link_target("#Trade", anchors) == 0 and link_target("#trade", anchors) == 0
    assert link_target("#nowhere", anchors) is None
    assert link_target("javascript:alert(1)", anchors) is None


def test_link_targets_keep_every_scheme_with_its_line() -> None:
    text = "One [a](https://x.org)\ntwo [b](javascript:alert(1))\n\n- [c](#Trade)\n"
    assert [(t.href, t.line) for t in link_targets(text, PLACEHOLDER, str)] == [
        ("https://x.org", 0), ("javascript:alert(1)", 1), ("#Trade", 3)]


@pytest.mark.parametrize("url", BAD)
def test_bad_body_links_are_located_errors_in_check(tmp_path: Path, url: str) -> None:
    """Before the fix these passed `check` (and ftp:, www., paths became broken links,
    javascript: vanished, pdf: became a /GoToR action on a local file)."""
    text = (Path(__file__).parents[1] / "spec" / "base.yaml").read_text("utf-8").replace(
        '    body: "Exports were {{ key_figures.exports }}."',
        f"    body: |\n      Exports were {{{{ key_figures.exports }}}}.\n\n"
        f"      See [the file]({url}) for more.\n")
    spec = write_spec(tmp_path, text=text)
    with pytest.raises(SpecError) as caught:
        load_spec(spec)
    (problem,) = caught.value.problems
    lines = text.split("\n")
    line = next(i for i, x in enumerate(lines, 1) if "[the file]" in x)
    assert (problem.path, problem.line) == ("sections.0.body", line)
    assert problem.col == lines[line - 1].index(url[:24]) + 1
    assert "link:" in problem.message and repr(url[:80]) in problem.message


@pytest.mark.parametrize("field", ["bio", "callout", "points", "summary", "notes"])
def test_links_in_every_markup_field_are_checked(tmp_path: Path, field: str) -> None:
    def change(spec: dict) -> None:
        text = "see [x](ftp://a.org)"
        if field == "bio":
            spec["authors"][0]["bio"] = text
        elif field == "summary":
            spec["report"]["summary"] = [text]
        elif field == "points":
            spec["sections"][0]["points"] = ["fine", text]
        else:
            spec["sections"][0][field] = text

    with pytest.raises(SpecError) as caught:
        load_spec(write_spec(tmp_path, change))
    assert "ftp:" in caught.value.problems[0].message


def test_an_anchor_that_names_no_heading_is_a_located_error(tmp_path: Path) -> None:
    """Before the fix `#anchor` passed check and crashed the build (internal error)."""
    spec = write_spec(tmp_path, lambda s: s["sections"][0].update(body="See [it](#outlok)."))
    with pytest.raises(SpecError) as caught:
        load_spec(spec)
    (problem,) = caught.value.problems
    assert problem.path == "sections.0.body"
    assert "'#outlok' names no section heading (anchors: #trade)" in problem.message


def _sections(spec: dict) -> None:
    spec["sections"] = [
        {"heading": "Trade in {{ key_figures.exports }}", "charts": ["trade_bar"],
         "body": "Read [the outlook](#outlook) and [mail us](mailto:a@b.org)."},
        {"heading": "Outlook", "body": "Back to [trade](#trade-in-15).",
         "points": ["Back to [trade](#trade-in-15)", "[Here](#outlook) is here"]},
        {"heading": "Hidden", "body": "x", "slide": False},
        {"heading": "Last", "body": "x", "points": ["To [hidden](#hidden)"]},
    ]


def test_internal_links_lead_to_the_heading_in_pdf_and_deck(tmp_path: Path) -> None:
    _, pdf, deck = build_spec(write_spec(tmp_path, _sections))
    reader = pypdf.PdfReader(str(pdf))
    page_of = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages)}
    outline = {item.title: page_of[item.page.idnum] for item in reader.outline}
    links = []
    for n, page in enumerate(reader.pages):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            action = annot.get("/A")
            if action is not None:
                assert action["/S"] == "/URI"  # never /GoToR, /Launch or JavaScript
                links.append((n, str(action["/URI"])))
            else:
                links.append((n, page_of[annot["/Dest"][0].idnum]))
    targets = [target for _, target in links]
    assert "mailto:a@b.org" in targets
    assert outline["Outlook"] in targets and outline["Trade in 1.5"] in targets

    prs = Presentation(str(deck))
    titles = [s.shapes.title.text_frame.text if s.shapes.title else "" for s in prs.slides]
    outlook = prs.slides[titles.index("Outlook")]
    jumps = [r for r in outlook.part.rels.values() if r.reltype == RT.SLIDE]
    # the section's first slide: titled by its chart's headline, its heading in the notes
    trade = next(s for s in prs.slides if s.has_notes_slide and s.notes_slide.notes_text_frame
                 .text.startswith("Section 1: Trade in 1.5"))
    assert [r.target_part.partname for r in jumps] == [trade.part.partname]
    for link in outlook._element.xpath(".//a:hlinkClick"):
        assert link.get("action") == "ppaction://hlinksldjump"
    assert not [r for r in outlook.part.rels.values()
                if r.reltype == RT.HYPERLINK and r.target_ref.startswith("#")]
    last = prs.slides[titles.index("Last")]  # 'Hidden' has no slide: plain text
    assert not last._element.xpath(".//a:hlinkClick") and "To hidden" in "".join(
        sh.text_frame.text for sh in last.shapes if sh.has_text_frame)
