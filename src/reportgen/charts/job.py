"""What one chart drawing needs and what it produces: picklable, for worker processes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportgen.core.language import language_of
from reportgen.data.kinds import KINDS
from reportgen.data.series import ChartData
from reportgen.theme import Theme

# Drawn size of a framed chart file (charts/) in inches, and of a print chart whose job
# names no `print_size`. The brief gives each job the size it places the chart at.
CHART_WIDTH_IN = 6.3
CHART_HEIGHT_IN = 3.6
PIE_HEIGHT_IN = 3.9
# A slide chart is the print drawing enlarged: the deck gives each job the size it
# places the chart at (`slide_size`), and the chart is laid out at that size divided by
# SLIDE_TEXT_SCALE, so that shown at its size every text, line and gap is that many
# times its print size: 7.5 pt value labels are 20 pt on the slide, 8 pt ticks 21 pt
# (tests/charts/test_slide_size.py holds the style's sizes to >= 20 and >= 18 pt).
SLIDE_TEXT_SCALE = 20 / 7.5
SLIDE_PIXELS_PER_INCH = 144
"""Pixels per inch of a slide chart as placed: what a 1920 x 1080 projector shows, pixel
for pixel, of a 16:9 slide (13.33 in wide, 1920 px) or a 4:3 one (7.5 in tall, 1080 px).
More pixels would only cost drawing and encoding time (half again as much at 200)."""
# A chart no section places (and so no size was given for) is drawn at this size.
SLIDE_WIDTH_IN = 5.0
SLIDE_HEIGHT_IN = 2.3
SLIDE_PIE_HEIGHT_IN = 2.6
ROUND_TYPES = tuple(kind.name for kind in KINDS.values() if kind.round)
"""Chart types drawn as a circle (a squarer figure)."""
DONUT_TOTAL_CAPTION = "Total"
"""Caption under a donut's total."""
SLIDE_DPI = 330
"""Resolution of slide PNGs: 1650 px across. A 1920-px projector shows a chart placed
across 86% of the slide pixel for pixel; the deck places it at 70-90% of the width
(more pixels would only cost encoding time, fewer would blur on a 4:3 slide)."""


@dataclass(frozen=True)
class ChartJob:
    """One chart to draw: its definition resolved against its dataset, plus where to write."""

    id: str
    """Chart id and file stem."""
    type: str
    """bar | barh | stacked_bar | line | area | pie | donut | scatter."""
    title: str
    """Takeaway headline."""
    subtitle: str | None
    """Scope and units."""
    source: str | None
    """Source line text without the `Source:` label."""
    data: ChartData
    """Categories (or numeric x for scatter) and one or more series."""
    theme: Theme
    """Colours and fonts."""
    out_dir: Path
    """Folder to write `ID.png` (and `ID.svg`, `ID.pdf`) into."""
    dpi: int = 200
    """PNG resolution."""
    png: bool = True
    """Write the framed chart (title, subtitle, source drawn in) as `ID.png`."""
    svg: bool = False
    """Write the framed chart as `ID.svg`."""
    vector_pdf: bool = False
    """Write the framed chart as a one-page vector PDF `ID.pdf`."""
    bare: bool = True
    """Also write `ID.bare.svg` (print size) and `ID.slide.png` (slide size) without
    title, subtitle and source, for the brief and the deck, which set those as text
    (each only when `for_print` and `for_slides` say a document uses it)."""
    for_print: bool = True
    """With `bare`: write `ID.bare.svg`, the brief's chart (False when no brief is written)."""
    for_slides: bool = True
    """With `bare`: write `ID.slide.png`, the deck's picture (False when no deck is written
    or the deck draws its charts as native PowerPoint charts)."""
    unit: str | None = None
    """Unit for value labels when known (e.g. `%`)."""
    print_size: tuple[float, float] | None = None
    """Width and height in inches the brief prints the bare chart at (1 pt = 1 pt);
    None for the default size."""
    language: str = "en"
    """BCP 47 tag of the language the chart's labels and numbers are written in."""
    slide_size: tuple[float, float] | None = None
    """Width and height in inches the deck places the slide chart at; None for the
    default size."""


@dataclass(frozen=True)
class ChartResult:
    """The files a chart drawing wrote."""

    id: str
    """The chart id."""
    png: Path | None
    """Framed PNG image, when asked for."""
    svg: Path | None
    """Framed SVG image, when asked for."""
    pdf: Path | None
    """Framed one-page vector PDF, when asked for."""
    aspect: float
    """Height over width (the same for every file of the chart)."""
    bare_png: Path | None = None
    """Slide-sized PNG without title, subtitle and source, when asked for."""
    bare_svg: Path | None = None
    """Print-sized SVG without title, subtitle and source, when asked for."""


@dataclass(frozen=True)
class Variant:
    """One drawing of a chart: framed or bare, print or slide size, in some formats."""

    suffix: str
    """File-name suffix before the format (`""`, `.bare`, `.slide`)."""
    bare: bool
    """Leave out title, subtitle and source."""
    slide: bool
    """Draw at slide size."""
    formats: tuple[str, ...]
    """Formats to write (png, svg, pdf)."""


def variants(job: ChartJob) -> list[Variant]:
    """The drawings a job asks for: framed files for charts/, a bare print-size SVG
    for the brief, a bare slide-size PNG for the deck; none that nobody uses."""
    framed = tuple(f for f, on in (("png", job.png), ("svg", job.svg),
                                   ("pdf", job.vector_pdf)) if on)
    found = [Variant("", False, False, framed)] if framed else []
    if job.bare and job.for_print:
        found.append(Variant(".bare", True, False, ("svg",)))
    if job.bare and job.for_slides:
        found.append(Variant(".slide", True, True, ("png",)))
    return found


def printed_text(job: ChartJob) -> str:
    """Every text a chart may print from its definition and data, one per line (labels
    made of numbers add only digits and punctuation, which every chart font has)."""
    from reportgen.charts.language import as_drawn  # matplotlib's, in the drawing process

    data, labels = job.data, language_of(job.language).labels
    texts = [job.title, job.subtitle, job.source and labels.source_line(job.source),
             *data.categories, *(series.name for series in data.series), data.x_label,
             data.y_label, job.unit, labels.total, labels.other, *(data.point_labels or ())]
    return "\n".join(as_drawn(text) for text in texts if text)  # as drawn (language.py)


def figure_size(chart_type: str, *, slide: bool = False,
                print_size: tuple[float, float] | None = None,
                slide_size: tuple[float, float] | None = None) -> tuple[float, float]:
    """Width and height in inches of a chart of this type (for print, or for a slide).

    `print_size` is the size the brief places a print chart at, when it gave one.
    `slide_size` is the size the deck places a slide chart at, when it gave one: the
    chart is laid out that size divided by SLIDE_TEXT_SCALE (see above).
    """
    round_chart = chart_type in ROUND_TYPES
    if slide and slide_size is not None:
        return slide_size[0] / SLIDE_TEXT_SCALE, slide_size[1] / SLIDE_TEXT_SCALE
    if slide:
        return SLIDE_WIDTH_IN, SLIDE_PIE_HEIGHT_IN if round_chart else SLIDE_HEIGHT_IN
    if print_size is not None:
        return print_size
    return CHART_WIDTH_IN, PIE_HEIGHT_IN if round_chart else CHART_HEIGHT_IN


def slide_dpi(job: ChartJob) -> float:
    """Resolution of a job's slide PNG: SLIDE_PIXELS_PER_INCH of the placed size."""
    return SLIDE_PIXELS_PER_INCH * SLIDE_TEXT_SCALE if job.slide_size else SLIDE_DPI


def result_of(job: ChartJob, files: dict[str, Path]) -> ChartResult:
    """The result of a job from the files its variants wrote (keyed `suffix.format`)."""
    width, height = figure_size(job.type, print_size=job.print_size)
    aspect = height / width
    return ChartResult(
        id=job.id, png=files.get(".png"), svg=files.get(".svg"), pdf=files.get(".pdf"),
        aspect=aspect, bare_png=files.get(".slide.png"), bare_svg=files.get(".bare.svg"),
    )


class ChartDrawError(Exception):
    """A chart could not be drawn; the message names the chart."""

    def __init__(self, chart_id: str, message: str) -> None:
        super().__init__(f"chart '{chart_id}': {message}")
        self.chart_id = chart_id
        """The id of the chart that failed."""
        self.message = message
        """What went wrong, without the chart's name."""

    def __reduce__(self) -> tuple[type[ChartDrawError], tuple[str, str]]:
        """Rebuild from the id and message (so the error crosses process boundaries)."""
        return type(self), (self.chart_id, self.message)
