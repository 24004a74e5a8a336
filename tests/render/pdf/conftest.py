"""A realistic Document built by hand, with matplotlib charts drawn into tmp folders."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import matplotlib
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure as MplFigure
from PIL import Image, ImageDraw

from reportgen.document.nodes import (
    AuthorBio,
    Callout,
    Cover,
    Document,
    Figure,
    KeyFigure,
    KeyFigures,
    Link,
    ListBlock,
    Meta,
    Paragraph,
    Run,
    Section,
    SeeAlso,
    SourceNote,
    Sources,
    Summary,
    Timeline,
    TimelineEvent,
)
from reportgen.theme import Theme, build_theme

CHART_TITLE = "Russia sells three times what it buys"
LITERALS = ("<b>not bold</b>", "&amp;", "<font size=40>x</font>")
AUTHORS = ("Нино Беридзе", "ნინო ბერიძე", "Əli Həsənov")
LINKS = ("https://example.org/trade-report", "https://x.com/emilavdaliani",
         "https://ecfr.eu/publication/south-caucasus")


def P(*runs: Run | str) -> Paragraph:
    """A paragraph from runs or plain strings."""
    return Paragraph(tuple(Run(r) if isinstance(r, str) else r for r in runs))


def draw_chart(folder: Path, name: str, kind: str) -> tuple[Path, Path, float]:
    """A themed matplotlib chart saved as SVG (text kept as text) and PNG."""
    folder.mkdir(parents=True, exist_ok=True)
    with matplotlib.rc_context({"svg.fonttype": "none", "font.family": "DejaVu Sans",
                                "svg.hashsalt": "reportgen"}):
        fig = MplFigure(figsize=(6.4, 3.4))
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        if kind == "bar":
            ax.bar(["Azerbaijan to Russia", "Russia to Azerbaijan"], [1.178, 3.621],
                   color=["#0B3C5D", "#C8102E"])
            ax.set_title(CHART_TITLE, fontweight="bold", loc="left")
            ax.set_ylabel("USD bn")
        else:
            years = list(range(2015, 2025))
            ax.plot(years, [0.6, 0.5, 0.7, 0.8, 0.9, 0.8, 1.0, 1.1, 1.2, 1.178], color="#0B3C5D")
            ax.set_title("Exports edge up after 2020", loc="left")
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        svg, png = folder / f"{name}.svg", folder / f"{name}.png"
        fig.savefig(svg, metadata={"Date": None})
        fig.savefig(png, dpi=150)
    return svg, png, 3.4 / 6.4


def draw_images(folder: Path) -> tuple[Path, Path]:
    """A portrait photo (JPEG) and a transparent logo (PNG)."""
    folder.mkdir(parents=True, exist_ok=True)
    photo, logo = folder / "author.jpg", folder / "logo.png"
    face = Image.new("RGB", (240, 300), "#8899AA")
    ImageDraw.Draw(face).ellipse((60, 50, 180, 190), fill="#E8D5C0")
    face.save(photo, quality=80)
    mark = Image.new("RGBA", (360, 120), (0, 0, 0, 0))
    pen = ImageDraw.Draw(mark)
    pen.ellipse((0, 10, 100, 110), outline=(255, 255, 255, 255), width=12)
    for x in range(130, 360, 46):
        pen.rectangle((x, 30, x + 30, 90), fill=(255, 255, 255, 255))
    mark.save(logo)
    return photo, logo


def make_document(folder: Path, *, logo: bool = False) -> Document:
    """A brief with every node type, rich runs, literal markup and non-Latin names."""
    svg1, png1, aspect = draw_chart(folder / "charts", "trade_asymmetry", "bar")
    photo, logo_path = draw_images(folder / "assets")
    svg2, png2, _ = draw_chart(folder / "charts", "exports", "line")
    meta = Meta(
        title="Azerbaijan and Russia: Distrustful but Pragmatic Relations",
        subtitle="How Baku hedges between Moscow, Ankara and the West",
        authors=AUTHORS, date="1 March 2025", iso_date="2025-03-01", language="en",
        keywords=("Azerbaijan", "Russia", "South Caucasus"), series="Policy Brief",
        publisher="Caucasus Policy Institute", short_title="Azerbaijan and Russia",
    )
    fig1 = Figure(
        chart_id="trade_asymmetry", number=1, chart_type="bar", title=CHART_TITLE,
        subtitle="Bilateral goods trade, 2024, USD bn", caption="Trade is lopsided in "
        "Russia’s favour; re-exports are not counted.", source="State Customs Committee",
        alt="Bar chart", png=png1, svg=svg1, pdf=None, aspect=aspect)
    fig2 = replace(fig1, chart_id="exports", number=2, chart_type="line",
                   title="Exports recover slowly", subtitle="USD bn, 2015–2024",
                   caption=None, png=png2, svg=None)
    body_text = (
        "Relations between Baku and Moscow have rarely been warm, yet both capitals have "
        "learnt to compartmentalise their disputes. Trade, transit and energy keep the "
        "relationship moving even when rhetoric sours, and neither side wants a rupture "
        "that would benefit third parties in the South Caucasus."
    )
    sections = (
        Section(index=1, heading="A phase of heightened tension", items=(
            P("The crash of an ", Run("AZAL", bold=True), " airliner in December 2024 opened "
              "the sharpest crisis in years. ", Run("Moscow’s", italic=True), " refusal to "
              "accept responsibility — and Baku’s insistence on it — set the tone. See the ",
              Run("customs data", href=LINKS[0]), " for the trade picture."),
            P(body_text),
            P("Users sometimes type markup: ", LITERALS[0], ", ", LITERALS[1], " and ",
              LITERALS[2], " must print literally, as must ", Run("code_like()", code=True),
              "."),
            ListBlock(items=(P("Energy transit through Russia continues"),
                             P("Security cooperation is ", Run("frozen", bold=True)),
                             P("Diaspora politics remain a pressure point"))),
            fig1,
            P(body_text),
        ), points=(), notes=""),
        Section(index=2, heading="Trade as ballast", items=(
            P(body_text), Callout(P("Baku treats Moscow as a neighbour to be managed, not "
                                    "an ally to be trusted.")),
            P(body_text),
            ListBlock(items=(P("Diversify export routes"), P("Keep channels open"),
                             P("Avoid public ultimatums")), ordered=True, start=3),
            fig2, P(body_text), P("Averyveryveryverylongunbrokenword" * 6),
        ), points=(), notes=""),
        Section(index=3, heading="What Europe should do", items=(
            P(body_text), P(body_text),
        ), points=(), notes=""),
    )
    bio = (P("Researcher on the South Caucasus and Russian foreign policy. Writes for ",
             Run("ECFR", href=LINKS[2]), "."),)
    body = (
        Cover(meta=meta, author_line="Нино Беридзе, ნინო ბერიძე and Əli Həsənov",
              logo=logo_path if logo else None),
        Summary(items=(P("Baku and Moscow ", Run("distrust", bold=True), " each other but "
                         "avoid open rupture."),
                       P("Trade asymmetry gives Russia leverage that Baku works to reduce."),
                       P("Europe can help by investing in the Middle Corridor."))),
        KeyFigures(items=(
            KeyFigure("exp", "$1.178bn", "Azerbaijan’s exports to Russia, 2024",
                      "4.4% of total exports"),
            KeyFigure("imp", "$3.621bn", "Russia’s exports to Azerbaijan, 2024"),
            KeyFigure("crash", "38", "People killed in the AZAL crash", "of 67 on board"),
            KeyFigure("share", "17.3%", "Russia’s share of Azerbaijan’s imports"),
            KeyFigure("dias", "~2m", "Azerbaijanis living in Russia", "estimate"),
        )),
        *sections,
        Timeline(events=(
            TimelineEvent("25 Dec 2024", "AZAL Embraer 190 crashes near Aktau",
                          "38 of those on board are killed"),
            TimelineEvent("Jan 2025", "Baku demands an apology"),
            TimelineEvent("2025", "Talks on compensation stall", "No agreement by March"),
        )),
        AuthorBio(name=AUTHORS[0], role="Senior Fellow", affiliation="Caucasus Policy "
                  "Institute", bio=bio, photo=photo, links=(Link("@emilavdaliani", LINKS[1]),)),
        AuthorBio(name=AUTHORS[2], role="Analyst", affiliation=None, bio=bio),
        SeeAlso(items=(Link("The South Caucasus after 2020", LINKS[2]),
                       Link("An unlinked title", None))),
        Sources(items=(SourceNote("State Customs Committee of Azerbaijan",
                                  ("Figure 1", "Key figure: exports")),
                       SourceNote("Interfax, 27 December 2024", ()))),
    )
    return Document(meta=meta, body=body, figures=(fig1, fig2))


@pytest.fixture
def document(tmp_path: Path) -> Document:
    """The realistic brief."""
    return make_document(tmp_path / "inputs")


@pytest.fixture
def theme() -> Theme:
    """The default theme on A4."""
    return build_theme("default")
