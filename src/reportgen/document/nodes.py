"""The node types of a rendered report: frozen, renderer-neutral, in reading order.

A `Document` is what the PDF and the deck writers read. Every string in it is plain
text as the user typed it (never markup): each writer escapes it for its own format.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.core.language import Language, english
from reportgen.data.series import ChartData


@dataclass(frozen=True)
class Run:
    """A stretch of inline text with one style."""

    text: str
    """The literal characters, never markup."""
    bold: bool = False
    """Strong emphasis (`**text**`)."""
    italic: bool = False
    """Emphasis (`*text*`)."""
    href: str | None = None
    """Target URL when the run is a link."""
    code: bool = False
    """Inline code (`` `text` ``), printed in a monospace face."""
    note: int | None = None
    """The number of the endnote this run marks (`[^1]` in the text); its text is the
    marker, printed as a superscript."""


Runs = tuple[Run, ...]


def plain(runs: Runs) -> str:
    """The text of some runs without any styling."""
    return "".join(r.text for r in runs)


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of inline runs."""

    runs: Runs
    """The paragraph's text, in order."""

    @property
    def text(self) -> str:
        """The paragraph as plain text."""
        return plain(self.runs)


@dataclass(frozen=True)
class ListBlock:
    """A bullet or numbered list; each item is one paragraph of runs."""

    items: tuple[Paragraph, ...]
    """The list items, in order."""
    ordered: bool = False
    """True for a numbered list."""
    start: int = 1
    """The first number of a numbered list."""


Block = Paragraph | ListBlock


@dataclass(frozen=True)
class Link:
    """A labelled link (author links, see-also entries)."""

    label: str
    """The visible text."""
    url: str | None = None
    """Where it points; None for a title with no address."""


@dataclass(frozen=True)
class Meta:
    """Document-wide facts the writers put in file metadata."""

    title: str
    """The report's title."""
    subtitle: str | None
    """The report's subtitle, if any."""
    authors: tuple[str, ...]
    """Author names, in order."""
    date: str | None
    """Publication date formatted for display (e.g. `1 March 2025`)."""
    iso_date: str | None
    """Publication date as YYYY-MM-DD, for metadata."""
    language: str
    """BCP 47 language tag, e.g. `en`."""
    keywords: tuple[str, ...]
    """Keywords for the PDF metadata."""
    series: str | None
    """Series label (e.g. `Policy Brief`)."""
    publisher: str | None
    """Publishing organisation."""
    short_title: str
    """A short title for running headers."""
    publisher_info: Paragraph | None = None
    """About the publisher, disclaimer, ©, licence, URL or DOI (inline markup)."""


@dataclass(frozen=True)
class Cover:
    """The opening block: series, title, subtitle, authors, date, publisher."""

    meta: Meta
    """The document metadata shown on the cover."""
    author_line: str
    """Authors joined for display, e.g. `Ana Beridze and Emil Avdaliani`."""
    logo: Path | None = None
    """An optional logo image."""


@dataclass(frozen=True)
class Summary:
    """Key judgments: the bottom line up front."""

    items: tuple[Paragraph, ...]
    """One paragraph per judgment."""
    heading: str = "Key judgments"
    """The box heading."""


@dataclass(frozen=True)
class KeyFigure:
    """One number a reader should remember, already formatted."""

    id: str
    """The key figure's id in the spec."""
    value: str
    """The formatted number with prefix and suffix, e.g. `$1.178bn`."""
    label: str
    """What the number is."""
    note: str | None = None
    """A short qualifier shown under the label."""
    source: str | None = None
    """Where the number comes from."""
    suffix: str = ""
    """The spec's suffix, the end of `value` (e.g. ` barrels/day`): a long one is a unit
    the documents may set on its own line."""

    @property
    def number_and_unit(self) -> tuple[str, str]:
        """The value split into the number and a unit worth a line of its own.

        A short suffix (`%`, `bn`, `m`) stays with the number; a suffix that is a word
        or more (` barrels/day`, ` million m³/day`) is the unit.
        """
        suffix = self.suffix
        if suffix and self.value.endswith(suffix) and (suffix[0].isspace() or len(suffix) > 3):
            return self.value[: -len(suffix)].rstrip(), suffix.strip()
        return self.value, ""


@dataclass(frozen=True)
class KeyFigures:
    """The strip of key-figure tiles."""

    items: tuple[KeyFigure, ...]
    """The tiles, in spec order."""
    heading: str = "Key figures"
    """The strip heading."""


@dataclass(frozen=True)
class Figure:
    """A rendered chart placed in the text, numbered in reading order."""

    chart_id: str
    """The chart's id (also its file name)."""
    number: int
    """Figure number, 1-based, in order of first placement."""
    chart_type: str
    """The chart type (bar, line, ...)."""
    title: str
    """The takeaway headline."""
    subtitle: str | None
    """Units and scope, e.g. `Bilateral goods trade, 2024, USD bn`."""
    caption: str | None
    """Optional text under the figure."""
    source: str | None
    """Source line text (without the `Source:` label)."""
    alt: str
    """Alternative text describing the data."""
    png: Path
    """The raster image (for the deck and for raster-only consumers)."""
    svg: Path | None
    """Vector image, when one was drawn."""
    pdf: Path | None
    """Vector image as a one-page PDF, when one was drawn (for the brief)."""
    aspect: float
    """Height divided by width of the drawn chart."""
    data: ChartData | None = None
    """The chart's data, for writers that draw native charts."""


@dataclass(frozen=True)
class Callout:
    """A pull quote or highlighted box."""

    text: Paragraph
    """The callout's text."""
    echoes: bool = False
    """The quote repeats words of the body; it then follows the paragraph holding them,
    and a writer keeps it away from them (in the brief, a column on)."""


Align = str
"""A column's alignment: `left`, `right` or `center`."""


@dataclass(frozen=True)
class DataTable:
    """A numbered table: a dataset's rows (`tables:`) or a Markdown pipe table in a body."""

    number: int
    """Table number, 1-based, in reading order (0 until the document numbers it)."""
    title: str | None
    """The caption after `Table N:` (a pipe table may have none)."""
    header: tuple[Runs, ...]
    """The column headings."""
    rows: tuple[tuple[Runs, ...], ...]
    """The body cells by row, formatted for display."""
    align: tuple[Align, ...]
    """Each column's alignment (numbers right-aligned)."""
    source: str | None = None
    """Source line text (without the `Source:` label)."""
    summary: str = ""
    """A description for screen readers (set when the table is numbered)."""
    table_id: str | None = None
    """The id of a `tables:` entry; None for a pipe table."""
    numbered_as: str = "Table {number}"
    """How the table's number is printed, in the document's language."""

    @property
    def caption(self) -> str:
        """`Table N: title` (or `Table N`)."""
        term = self.numbered_as.format(number=self.number)
        return f"{term}: {self.title}" if self.title else term


SectionItem = Paragraph | ListBlock | Figure | Callout | DataTable


@dataclass(frozen=True)
class Section:
    """A text section with its figures, callout, slide points and notes."""

    index: int
    """1-based position among sections."""
    heading: str
    """The section heading."""
    items: tuple[SectionItem, ...]
    """Body blocks, figures and callout in reading order."""
    points: tuple[Paragraph, ...]
    """Short points for the section's slide (given or drawn from the body)."""
    notes: str
    """Speaker notes for the section's slide, plain text."""
    slide: bool = True
    """False keeps the section out of the deck."""
    slide_title: str | None = None
    """The headline of the section's slide, when the spec gives one."""
    cited: tuple[str, ...] = ()
    """Ids of the key figures its points cite (`{{ key_figures.ID }}`), in order."""

    @property
    def figures(self) -> tuple[Figure, ...]:
        """The figures placed in this section, in order."""
        return tuple(i for i in self.items if isinstance(i, Figure))

    @property
    def tables(self) -> tuple[DataTable, ...]:
        """The tables of this section (its body's and its `tables:`), in order."""
        return tuple(i for i in self.items if isinstance(i, DataTable))


@dataclass(frozen=True)
class TimelineEvent:
    """A dated event."""

    date: str
    """Display date, e.g. `25 Dec 2024`, `Dec 2024` or `2024`."""
    title: str
    """What happened."""
    detail: str | None = None
    """A line of detail."""


@dataclass(frozen=True)
class Timeline:
    """A dated chronology, oldest first as given."""

    events: tuple[TimelineEvent, ...]
    """The events in order."""
    heading: str = "Timeline"
    """The block heading."""


@dataclass(frozen=True)
class AuthorBio:
    """An author box: name, role, affiliation, bio, photo and links."""

    name: str
    """The author's name."""
    role: str | None
    """Job title."""
    affiliation: str | None
    """Organisation."""
    bio: tuple[Block, ...]
    """The biography's paragraphs."""
    photo: Path | None = None
    """An optional portrait."""
    links: tuple[Link, ...] = ()
    """Profiles and contact links."""


@dataclass(frozen=True)
class SeeAlso:
    """Related reading."""

    items: tuple[Link, ...]
    """Titles with optional links."""
    heading: str = "See also"
    """The block heading."""


@dataclass(frozen=True)
class SourceNote:
    """One distinct source with what it supports."""

    text: str
    """The source as written in the spec."""
    used_for: tuple[str, ...]
    """Labels of the figures, charts and datasets citing it."""
    derived: tuple[str, ...] = ()
    """How each computed key figure resting on it was derived (dataset, file, column, ...)."""


@dataclass(frozen=True)
class Sources:
    """A closing list of every distinct source, each once."""

    items: tuple[SourceNote, ...]
    """Distinct sources in first-use order."""
    heading: str = "Sources and notes"
    """The block heading."""


Node = Cover | Summary | KeyFigures | Section | Timeline | AuthorBio | SeeAlso | Sources


@dataclass(frozen=True)
class Endnote:
    """A footnote of the text, printed with the others at the end."""

    number: int
    """Its number, the marker in the text."""
    text: Paragraph
    """What it says."""


@dataclass(frozen=True)
class Document:
    """A whole report in reading order, ready for any writer."""

    meta: Meta
    """Document-wide metadata."""
    body: tuple[Node, ...]
    """The blocks in reading order."""
    figures: tuple[Figure, ...] = field(default=())
    """Every figure once, in number order."""
    notes: tuple[Endnote, ...] = field(default=())
    """The footnotes of the text (`[^1]`), numbered through the document, as endnotes."""
    language: Language = field(default_factory=english)
    """The reader's language: labels, number and date formats, direction."""

    @property
    def sections(self) -> tuple[Section, ...]:
        """The text sections in order."""
        return tuple(n for n in self.body if isinstance(n, Section))


def runs_of(doc: Document) -> Iterator[Run]:
    """Every inline run of a document (paragraphs, lists, tables, callouts, bios, summaries,
    the publisher's information)."""
    if doc.meta.publisher_info is not None:
        yield from doc.meta.publisher_info.runs
    for note in doc.notes:
        yield from note.text.runs
    for node in doc.body:
        blocks: tuple[object, ...] = ()
        if isinstance(node, Summary):
            blocks = node.items
        elif isinstance(node, Section):
            blocks = (*node.items, *node.points)
        elif isinstance(node, AuthorBio):
            blocks = node.bio
        for block in blocks:
            if isinstance(block, Callout):
                block = block.text
            if isinstance(block, Paragraph):
                yield from block.runs
            elif isinstance(block, ListBlock):
                for item in block.items:
                    yield from item.runs
            elif isinstance(block, DataTable):
                for row in (block.header, *block.rows):
                    for cell in row:
                        yield from cell
