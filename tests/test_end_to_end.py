"""End to end: real specs (CSV data, several authors, every chart type, literal markup)
built with `python -m reportgen build`, then read back the way a reader meets them.

Each fixture under tests/fixtures/specs/<name>/ is copied to a temporary folder and built
once per session; the assertions look only at the written PDF and PPTX (pypdf and
python-pptx), never at reportgen's internals. The expected texts are derived from the
spec with a small, independent reading of the format (Markdown stripped, key figures
formatted as the contract shows them).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

pypdf = pytest.importorskip("pypdf")
pptx = pytest.importorskip("pptx")

from pptx import Presentation  # noqa: E402
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures" / "specs"
ALL = ("georgia_elections", "central_asia_water", "literal_markup")
LITERAL = "<b>not bold</b> &amp; <font size=40>big</font>"
BASE14 = ("Helvetica", "Times", "Courier", "Symbol", "ZapfDingbats")
KF = re.compile(r"\{\{\s*key_figures\.([a-z0-9_]+)\s*\}\}")


# ---------------------------------------------------------------- reading the spec


CURLY_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def norm(text: str) -> str:
    """Text compared loosely: compatibility forms folded, soft hyphens dropped, curly
    quotes (the brief sets straight ones curly) made straight, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    text = text.translate(CURLY_QUOTES)
    return " ".join(text.split())


def squash(text: str) -> str:
    """Text with no whitespace at all (for text the layout may break mid-word)."""
    return re.sub(r"\s+", "", norm(text))


def figure_text(fig: dict) -> str:
    """A key figure as the contract shows it: `$1.178bn`, `4.4%`, `20,000`, `−9.4 pp`."""
    value = float(fig["value"])
    places = fig.get("decimals")
    if places is None:
        exponent = Decimal(repr(value)).normalize().as_tuple().exponent
        places = max(0, -int(exponent)) if isinstance(exponent, int) else 0
    number = f"{abs(value):,.{places}f}"
    sign = "\u2212" if value < 0 and float(number.replace(",", "")) != 0 else ""
    return f"{sign}{fig.get('prefix', '')}{number}{fig.get('suffix', '')}"


def strip_inline(text: str) -> str:
    """Inline Markdown as a reader sees it: links by their label, no emphasis marks."""
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", text)
    return re.sub(r"(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?![*\w])", r"\1", text)


def blocks(body: str) -> list[str]:
    """Paragraphs (split by blank lines) and list items of a Markdown body."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n", body or ""):
        lines = [line.strip() for line in block.strip().splitlines() if line.strip()]
        if not lines:
            continue
        if all(re.match(r"(- |\d+\. )", line) for line in lines):
            out += [re.sub(r"^(- |\d+\. )", "", line) for line in lines]
        else:
            out.append(" ".join(lines))
    return [strip_inline(b) for b in out]


@dataclass
class Spec:
    data: dict
    folder: Path

    @property
    def figures(self) -> dict[str, dict]:
        return {f["id"]: f for f in self.data.get("key_figures", [])}

    def text(self, raw: str) -> str:
        """Spec text with key figures inserted and inline Markdown stripped."""
        return strip_inline(KF.sub(lambda m: figure_text(self.figures[m.group(1)]), raw))

    def charts_in_order(self) -> list[dict]:
        charts = {c["id"]: c for c in self.data.get("charts", [])}
        return [charts[cid] for s in self.data.get("sections", []) for cid in s.get("charts", [])]

    def source_of(self, chart: dict) -> str:
        return chart.get("source") or self.data["data"][chart["data"]]["source"]

    def pdf_texts(self) -> list[tuple[str, str]]:
        """(where, text) for every text of the spec a reader of the brief must find."""
        d, out = self.data, []
        report = d["report"]
        for key in ("title", "subtitle", "publisher"):
            if report.get(key):
                out.append((f"report.{key}", report[key]))
        out += [
            (f"report.summary[{i}]", self.text(s)) for i, s in enumerate(report.get("summary", []))
        ]
        for i, a in enumerate(d["authors"]):
            out += [
                (f"authors[{i}].{k}", a[k]) for k in ("name", "role", "affiliation") if a.get(k)
            ]
            out += [(f"authors[{i}].bio", b) for b in blocks(self.text(a.get("bio") or ""))]
        for f in d.get("key_figures", []):
            out += [
                (f"key_figures.{f['id']}.label", f["label"]),
                (f"key_figures.{f['id']}.value", figure_text(f)),
            ]
        for i, s in enumerate(d.get("sections", [])):
            out.append((f"sections[{i}].heading", s["heading"]))
            out += [(f"sections[{i}].body", b) for b in blocks(self.text(s.get("body", "")))]
            if s.get("callout"):
                out.append((f"sections[{i}].callout", self.text(s["callout"])))
        for c in self.charts_in_order():
            out += [
                (f"charts.{c['id']}.{k}", c[k])
                for k in ("title", "subtitle", "caption")
                if c.get(k)
            ]
        for i, e in enumerate(d.get("timeline", [])):
            out.append((f"timeline[{i}].title", e["title"]))
            if e.get("detail"):
                out.append((f"timeline[{i}].detail", e["detail"]))
        out += [(f"see_also[{i}].title", s["title"]) for i, s in enumerate(d.get("see_also", []))]
        return out

    def slide_titles(self) -> list[str]:
        """The titles the deck must show (continuation slides may add a suffix)."""
        d, out = self.data, []
        if d["report"].get("summary"):
            out.append("Key judgments")
        if d.get("key_figures"):
            out.append("Key figures")
        charts = {c["id"]: c for c in d.get("charts", [])}
        for s in d.get("sections", []):
            if s.get("slide", True):
                # a section's slide says its point: its slide_title, else the headline of
                # the chart beside its points, else its heading
                first = charts[s["charts"][0]]["title"] if s.get("charts") else None
                out.append(s.get("slide_title") or first or s["heading"])
        if d.get("timeline"):
            out.append("Timeline")
        if d.get("authors"):
            out.append("About the author" if len(d["authors"]) == 1 else "About the authors")
        return out

    def chart_titles(self) -> list[str]:
        """Chart headlines: each on its slide, as the title or above the chart."""
        placed = {cid for s in self.data.get("sections", []) if s.get("slide", True)
                  for cid in s.get("charts", [])}
        return [c["title"] for c in self.data.get("charts", []) if c["id"] in placed]


# ---------------------------------------------------------------- building


@dataclass
class Built:
    spec: Spec
    pdf: Path
    pptx: Path
    result: subprocess.CompletedProcess[str]

    @property
    def reader(self):
        return pypdf.PdfReader(str(self.pdf))

    def pages(self) -> list[str]:
        return [page.extract_text() or "" for page in self.reader.pages]

    def text(self) -> str:
        return norm("\n".join(self.pages()))


_CACHE: dict[str, Built] = {}


@pytest.fixture(scope="session", params=ALL)
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_fixture(request.param, tmp_path_factory)


def build_fixture(name: str, factory: pytest.TempPathFactory) -> Built:
    if name not in _CACHE:
        folder = factory.mktemp("e2e") / name
        shutil.copytree(FIXTURES / name, folder)
        spec_path = folder / "spec.yaml"
        out = folder / "out"
        result = subprocess.run(
            [sys.executable, "-m", "reportgen", "build", str(spec_path), "--out", str(out)],
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert result.returncode == 0, f"build of {name} failed:\n{result.stderr}"
        data = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
        pdfs, decks = sorted(out.glob("*.pdf")), sorted(out.glob("*.pptx"))
        assert len(pdfs) == 1 and len(decks) == 1, sorted(p.name for p in out.iterdir())
        _CACHE[name] = Built(Spec(data, folder), pdfs[0], decks[0], result)
    return _CACHE[name]


@pytest.fixture(scope="session")
def georgia(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_fixture("georgia_elections", tmp_path_factory)


@pytest.fixture(scope="session")
def literal(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_fixture("literal_markup", tmp_path_factory)


# ---------------------------------------------------------------- the brief (PDF)


def test_build_is_quiet_about_problems(built: Built) -> None:
    assert "Traceback" not in built.result.stderr
    assert "warning" not in built.result.stderr.lower()


def test_every_text_of_the_spec_is_in_the_pdf(built: Built) -> None:
    text = built.text()
    flat = squash(text)
    missing = [
        f"{where}: {t!r}"
        for where, t in built.spec.pdf_texts()
        if norm(t) not in text and squash(t) not in flat
    ]
    assert not missing, "not found in the PDF text:\n" + "\n".join(missing)


def test_every_figure_is_numbered_and_sourced(built: Built) -> None:
    text = built.text()
    charts = built.spec.charts_in_order()
    starts = []
    for n, chart in enumerate(charts, 1):
        head = f"FIGURE {n} {norm(chart['title'])}"
        assert head in text, f"missing {head!r}"
        starts.append(text.index(head))
    for n, chart in enumerate(charts):
        end = starts[n + 1] if n + 1 < len(starts) else len(text)
        block = text[starts[n] : end]
        assert f"Source: {norm(built.spec.source_of(chart))}" in block, (
            f"Figure {n + 1} ({chart['id']}) has no 'Source:' line with its source"
        )


def test_every_page_is_numbered(built: Built) -> None:
    pages = built.pages()
    for i, page in enumerate(pages, 1):
        if i == 1:  # the cover carries no number
            assert f"Page 1 of {len(pages)}" not in norm(page)
            continue
        assert f"Page {i} of {len(pages)}" in norm(page), (
            f"page {i} lacks 'Page {i} of {len(pages)}'"
        )


def _fonts(resources, seen: set[int]):
    """Every font dictionary reachable from a resources dictionary (forms included)."""
    if resources is None:
        return
    resources = resources.get_object()
    fonts = resources.get("/Font")
    if fonts is not None:
        for ref in fonts.get_object().values():
            font = ref.get_object()
            if id(font) not in seen:
                seen.add(id(font))
                yield font
    xobjects = resources.get("/XObject")
    if xobjects is not None:
        for ref in xobjects.get_object().values():
            xobj = ref.get_object()
            if xobj.get("/Subtype") == "/Form":
                yield from _fonts(xobj.get("/Resources"), seen)


def test_every_font_is_embedded_and_none_is_base14(built: Built) -> None:
    problems, seen, count = [], set(), 0
    for n, page in enumerate(built.reader.pages, 1):
        for font in _fonts(page.get("/Resources"), seen):
            count += 1
            name = str(font.get("/BaseFont", "?")).lstrip("/").split("+")[-1]
            descendants = font.get("/DescendantFonts")
            desc_font = descendants.get_object()[0].get_object() if descendants else font
            descriptor = desc_font.get("/FontDescriptor")
            embedded = font.get("/Subtype") == "/Type3" or (
                descriptor is not None
                and any(
                    k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")
                )
            )
            if not embedded:
                problems.append(f"page {n}: {name} is not embedded")
            if name.startswith(BASE14):
                problems.append(f"page {n}: base-14 font {name}")
    assert count, "no fonts found"
    assert not problems, problems


# ---------------------------------------------------------------- the deck (PPTX)


def _title(slide) -> str:
    for shape in slide.placeholders:
        if shape.placeholder_format.type in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE):
            return norm(shape.text_frame.text)
    return ""


def test_every_slide_title_is_in_the_deck(built: Built) -> None:
    prs = Presentation(str(built.pptx))
    titles = [_title(s) for s in prs.slides]
    everything = norm(
        "\n".join(sh.text_frame.text for s in prs.slides for sh in s.shapes if sh.has_text_frame)
    )
    missing = [
        t for t in built.spec.slide_titles() if not any(x.startswith(norm(t)) for x in titles)
    ]
    assert not missing, f"slide titles missing: {missing}\n(titles: {titles})"
    assert not [t for t in built.spec.chart_titles() if norm(t) not in everything]
    assert norm(built.spec.data["report"]["title"]) in everything
    hidden = [s["heading"] for s in built.spec.data.get("sections", []) if not s.get("slide", True)]
    assert not [h for h in hidden if norm(h) in titles], "a section with slide: false got a slide"


def test_deck_shapes_fit_pictures_have_alt_text_and_slides_have_notes(built: Built) -> None:
    prs = Presentation(str(built.pptx))
    width, height = prs.slide_width, prs.slide_height
    problems = []
    for n, slide in enumerate(prs.slides, 1):
        for shape in slide.shapes:
            if shape.left is not None and (
                shape.left < 0
                or shape.top < 0
                or shape.left + shape.width > width
                or shape.top + shape.height > height
            ):
                problems.append(f"slide {n}: {shape.name!r} leaves the slide")
            if shape.shape_type == MSO_SHAPE_TYPE.PICTURE or getattr(shape, "has_chart", False):
                descr = shape._element.xpath(".//p:cNvPr")[0].get("descr", "")
                if not descr.strip():
                    problems.append(f"slide {n}: {shape.name!r} has no alt text")
        if not (slide.has_notes_slide and slide.notes_slide.notes_text_frame.text.strip()):
            problems.append(f"slide {n}: no speaker notes")
    assert not problems, problems


# ---------------------------------------------------------------- literal markup


def test_literal_markup_appears_as_typed_in_the_pdf(literal: Built) -> None:
    text = literal.text()
    # heading, body, key-figure label (the tile may wrap it: compare without spaces)
    assert text.count(LITERAL) >= 2, "heading/body markup not shown literally"
    assert squash(text).count(squash(LITERAL)) >= 3, "key-figure label markup not shown literally"
    for typed in (
        "<i>Armenia</i> & the EU",
        "Russia <still> leads & the EU follows",
        "Callout with <font color=red>red</font> & more.",
        '<a href="https://evil.example">raw anchor</a> & <para> tag.',
        "Eurostat <Comext> & ArmStat",
    ):
        assert typed in text, f"{typed!r} not shown as typed"


def test_literal_markup_appears_as_typed_in_the_deck(literal: Built) -> None:
    prs = Presentation(str(literal.pptx))
    titles = [_title(s) for s in prs.slides]
    notes = [norm(s.notes_slide.notes_text_frame.text) for s in prs.slides if s.has_notes_slide]
    assert LITERAL in titles or any(LITERAL in n for n in notes), (
        f"heading not literal on its slide or in its notes: {titles}")
    texts = [norm(sh.text_frame.text) for s in prs.slides for sh in s.shapes if sh.has_text_frame]
    assert any(t == LITERAL for t in texts) or any(
        LITERAL in p
        for s in prs.slides
        for sh in s.shapes
        if sh.has_text_frame
        for p in (norm(par.text) for par in sh.text_frame.paragraphs)
    ), "point not literal"
    assert squash(LITERAL) in squash("\n".join(texts)), "key-figure label not literal"


# ---------------------------------------------------------------- numbers as a reader sees them


def test_years_on_chart_axes_are_not_formatted_as_thousands(georgia: Built) -> None:
    text = georgia.text()
    assert "2008" in text
    assert not re.search(r"\b2,0(08|12|16|20|24)\b", text), "year shown as '2,0xx' in a figure"
