"""A realistic Document built by hand (with PNG charts drawn by matplotlib) and decks of it.

The document is deliberately hard on the deck: an over-long title, a section with 15
points, 10 key figures, 12 timeline events, a 2000-character biography, 12 see-also
links, Cyrillic and Georgian names, and one chart of every type.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from matplotlib.figure import Figure as PlotFigure
from PIL import Image

from reportgen.data.series import ChartData, Series
from reportgen.document.nodes import (
    AuthorBio,
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
from reportgen.render.pptx.writer import render_deck
from reportgen.theme import build_theme

ROOT = Path(__file__).resolve().parents[3]
TEMPLATES = ROOT / "assets" / "templates"
SOURCE = "Emil Avdaliani, “Azerbaijan and Russia: Distrustful but Pragmatic Relations”, 2025"

LONG_TITLE = (
    "Azerbaijan and Russia: Distrustful but Pragmatic Relations After the AZAL Crash, "
    "the Closure of the Russian House, the Shrinking of Sputnik Azerbaijan and the Slow "
    "Reordering of Energy, Trade and Transit Links Across the South Caucasus in 2025"
)

BIO_SENTENCES = (
    "Nino Beridze (ნინო ბერიძე) is a senior fellow at the Georgian Institute of Politics "
    "in Tbilisi, where she leads the programme on Russia and the South Caucasus.",
    "Before joining the institute she spent eight years as a correspondent in Moscow and "
    "Baku, reporting on energy politics, migration and the media for regional outlets.",
    "Her research follows how small states bargain with a larger neighbour: through "
    "pipelines and transit corridors, through remittances and labour migration, and "
    "through the slow work of building institutions that can say no.",
    "She has advised parliamentary committees in Georgia and the European Parliament on "
    "sanctions enforcement and on the security of critical infrastructure.",
    "Her book on the Baku-Tbilisi-Ceyhan pipeline and its politics won the 2022 "
    "Caucasus Studies Prize, and her essays have appeared in Foreign Affairs, the "
    "Financial Times and Eurasianet.",
    "She holds a doctorate from the University of Oxford and degrees from Tbilisi State "
    "University and the Central European University.",
    "She teaches a graduate seminar on post-Soviet political economy and supervises "
    "doctoral students working on the region.",
    "In 2023 and 2024 she led a field survey of Azerbaijani migrants in Russia, the first "
    "of its kind, on how remittances shape family budgets.",
    "She speaks Georgian, Russian, Azerbaijani and English, and reads Turkish and "
    "Persian.",
    "She is working on a book about the Middle Corridor and what it means for Georgia's "
    "place between Europe and Asia.",
    "She is a member of the advisory board of the South Caucasus Energy Observatory.",
    "She lives in Tbilisi with her family and two very loud dogs.",
)


def para(text: str, **kwargs: object) -> Paragraph:
    """A one-run paragraph."""
    return Paragraph((Run(text, **kwargs),))  # type: ignore[arg-type]


def _draw_png(path: Path, kind: str, data: ChartData, aspect: float) -> None:
    width = 6.3
    fig = PlotFigure(figsize=(width, width * aspect), dpi=100)
    ax = fig.add_subplot()
    values = data.series[0].values
    if kind in ("pie", "donut"):
        ax.pie(values, labels=data.categories)
    elif kind == "scatter":
        ax.scatter(data.x_values or (), values)
    elif kind == "barh":
        ax.barh(data.categories, values)
    elif kind in ("line", "area"):
        ax.plot(data.categories, values)
    else:
        ax.bar(data.categories, values)
    fig.savefig(path)


CHARTS = {
    "bar": ChartData(("Azerbaijan to Russia", "Russia to Azerbaijan"),
                     (Series("USD bn", (1.178, 3.621)),), y_label="USD bn"),
    "barh": ChartData(("Remittances", "Exports to Russia", "Imports from Russia"),
                      (Series("USD bn", (0.5, 1.178, 3.621)),)),
    "stacked_bar": ChartData(("2022", "2023", "2024"),
                             (Series("Exports", (1.0, 1.1, 1.178)),
                              Series("Imports", (3.0, 3.4, 3.621)))),
    "line": ChartData(("2019", "2020", "2021", "2022", "2023", "2024"),
                      (Series("Turnover", (3.0, 2.8, 3.3, 4.0, 4.4, 4.8)),)),
    "area": ChartData(("Q1", "Q2", "Q3", "Q4"), (Series("Flights", (120, 140, 90, 30)),)),
    "pie": ChartData(("Russia", "Rest of world"), (Series("Share", (4.4, 95.6)),)),
    "donut": ChartData(("Oil", "Gas", "Other"), (Series("Share", (60.0, 30.0, 10.0)),)),
    "scatter": ChartData(("a", "b", "c", "d"), (Series("Price", (10.0, 12.5, 11.0, 14.0)),),
                         x_values=(1.0, 2.0, 3.0, 4.0), x_label="Year", y_label="USD"),
}


def make_figures(folder: Path) -> list[Figure]:
    """One figure of every chart type, with PNGs of different shapes."""
    figures = []
    for number, (kind, data) in enumerate(CHARTS.items(), start=1):
        aspect = 0.9 if kind in ("pie", "donut") else 0.57
        png = folder / f"{kind}.png"
        _draw_png(png, kind, data, aspect)
        title = (LONG_TITLE if kind == "line" else
                 f"Chart {number}: Russia sells Azerbaijan three times what it buys ({kind})")
        figures.append(Figure(
            chart_id=f"chart_{kind}", number=number, chart_type=kind, title=title,
            subtitle="Bilateral goods trade, 2024, USD bn", caption=f"Caption of the {kind}.",
            source=SOURCE if kind != "area" else None,
            alt=f"A {kind} chart: {', '.join(data.categories)}.", png=png, svg=None,
            pdf=None, aspect=aspect, data=data))
    return figures


def make_document(folder: Path) -> Document:
    """The hard, realistic document."""
    folder.mkdir(parents=True, exist_ok=True)
    figures = make_figures(folder)
    photo = folder / "photo.png"
    Image.new("RGB", (300, 400), (90, 110, 130)).save(photo)
    meta = Meta(
        title=LONG_TITLE, subtitle="Why Baku is curbing Moscow's influence without breaking "
        "with it", authors=("Emil Avdaliani", "Нино Беридзе / ნინო ბერიძე"),
        date="1 March 2025", iso_date="2025-03-01", language="en",
        keywords=("Azerbaijan", "Russia"), series="Policy Brief",
        publisher="Caucasus Policy Brief series", short_title="Azerbaijan and Russia")
    points = tuple(para(f"Point {i}: " + ("Baku closed the Russian House and cut Sputnik "
                                          "Azerbaijan to one employee " * (1 + i % 3)).strip())
                   for i in range(1, 16))
    points = (Paragraph((Run("Bold lead: ", bold=True), Run("energy links & <transit> fees "),
                         Run("stay", italic=True), Run(" {{ literal }}"))),) + points[1:]
    key_figures = tuple(
        KeyFigure(id=f"kf{i}", value=v, label=label, note=note, source=SOURCE)
        for i, (v, label, note) in enumerate([
            ("$1.178bn", "Azerbaijan's exports to Russia, 2024", "4.4% of total exports"),
            ("$3.621bn", "Russia's exports to Azerbaijan, 2024", "About three times more"),
            ("4.4%", "Russia's share of Azerbaijan's total exports, 2024", None),
            ("$500m", "Annual remittances from Azerbaijani migrants in Russia",
             "Approximately, per year; a minor fraction of Azerbaijan's overall economy"),
            ("20,000 barrels/day", "Oil carried by the Baku-Novorossiysk pipeline",
             "Blocking it would be largely symbolic; Baku-Tbilisi-Ceyhan is the main channel"),
            ("300 million m³/day", "Russian gas planned for Iran via Azerbaijan", None),
            ("1", "Sputnik Azerbaijan staff left after the cut", "Cut from 40 employees"),
            ("38", "Passengers and crew killed in the AZAL crash", "Near Aktau, Kazakhstan"),
            ("40%", "Гейдар Алиев: share of trade by rail", "Illustrative"),
            ("12", "ქართული: corridor projects", "Illustrative note"),
        ], start=1))
    events = tuple(
        TimelineEvent(date=f"{d} 2024" if i % 3 else f"2{i:03d}",
                      title=f"Event {i}: " + "AZAL Embraer 190 crashes near Aktau"[: 12 + 2 * i],
                      detail=("38 of those on board are killed" if i % 2 else None))
        for i, d in enumerate(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
                               "Oct", "Nov", "Dec"], start=1))
    bio_text = " ".join(BIO_SENTENCES)
    bio_text = (bio_text + " " + bio_text)[:2000].rsplit(" ", 1)[0] + "."
    links = tuple(Link(f"Related reading {i}: Russia and the South Caucasus, part {i}",
                       f"https://example.org/reading/{i}" if i % 4 else None)
                  for i in range(1, 13))
    sections = (
        Section(1, "A phase of heightened tension", (
            para("Relations have entered a phase of heightened tension."),
            figures[0], figures[1], figures[2], figures[3]),
            points, notes="Speaker notes for the first section. " * 5),
        Section(2, "Economic levers & limits", (
            para("Trade is asymmetric."), ListBlock((para("one"), para("two"))),
            figures[4], figures[5], figures[6], figures[7]),
            (para("Remittances are about $500 million a year."),
             para("The Baku-Novorossiysk pipeline carries 20,000 barrels per day.")),
            notes="Notes for section two."),
        Section(3, "Left out of the deck", (para("Not on slides."),), (para("hidden"),),
                notes="hidden", slide=False),
    )
    body = (
        Cover(meta, "Emil Avdaliani and Нино Беридзе (ნინო ბერიძე)"),
        Summary(tuple(para(t) for t in (
            "Relations between Azerbaijan and Russia have entered a phase of heightened "
            "tension since the December 2024 AZAL crash.",
            "Baku is unlikely to downgrade ties further: energy links, transit fees and "
            "trade give both sides reasons to keep relations stable.",
            "Russia's leverage is limited.", "Relations will stay cool."))),
        KeyFigures(key_figures),
        *sections,
        Timeline(events),
        AuthorBio("Emil Avdaliani", "Professor of International Relations",
                  "European University, Tbilisi",
                  (para("Emil Avdaliani is a professor of international relations."),),
                  links=(Link("@emilavdaliani", "https://x.com/emilavdaliani"),)),
        AuthorBio("Нино Беридзе (ნინო ბერიძე)", "Senior Fellow",
                  "Georgian Institute of Politics", (para(bio_text),), photo=photo,
                  links=(Link("ninoberidze.ge", "https://ninoberidze.ge"),
                         Link("Profile at GIP", "https://gip.ge/nino"))),
        SeeAlso(links),
        Sources((SourceNote(SOURCE, ("Figure 1",)),)),
    )
    return Document(meta, body, tuple(figures))


@pytest.fixture(scope="session")
def document(tmp_path_factory: pytest.TempPathFactory) -> Document:
    """The hard document (charts drawn once per session)."""
    return make_document(tmp_path_factory.mktemp("doc"))


@pytest.fixture(scope="session")
def theme():
    """The default theme at 16:9."""
    return build_theme()


@pytest.fixture(scope="session")
def decks(tmp_path_factory: pytest.TempPathFactory, document: Document, theme) -> dict[str, Path]:
    """The document's deck in every variant the tests look at, built once."""
    out = tmp_path_factory.mktemp("decks")
    theme43 = replace(theme, slide_size="4:3")
    variants = {
        "default": dict(theme=theme),
        "4x3": dict(theme=theme43),
        "native": dict(theme=theme, charts="native"),
        "default_template": dict(theme=theme, template=TEMPLATES / "default.pptx"),
        "civic": dict(theme=build_theme("civic"), template=TEMPLATES / "civic.pptx"),
    }
    paths = {}
    for name, options in variants.items():
        path = out / f"{name}.pptx"
        render_deck(document, options.pop("theme"), path, **options)  # type: ignore[arg-type]
        paths[name] = path
    return paths


