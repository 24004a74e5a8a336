"""What the PDF handlers share: the render context, common lengths and the ruled box."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table, TableStyle

from reportgen.core.labels import Labels
from reportgen.core.links import link_target, section_anchors
from reportgen.document.nodes import Document, Runs
from reportgen.render.pdf import markup
from reportgen.render.pdf.flowables import Heading, Label
from reportgen.render.pdf.fonts import ChartFontMap, FontSet
from reportgen.render.pdf.geometry import PageGeometry
from reportgen.render.pdf.styles import Palette, Styles
from reportgen.render.pdf.typography import no_lone_last_word

BOX_PAD = 4 * mm
"""Inner padding of the key-judgments box and the author boxes."""
BOX_RULE = 3.0
"""Thickness in points of the accent rule on the left of boxes and pull quotes."""
BLOCK_GAP = 5 * mm
"""Space around boxes, figures and pull quotes."""
FIGURE_MAX_SHARE = 0.55
"""The tallest a chart may be, as a share of a column's height."""
PHOTO_BOX = (22 * mm, 28 * mm)
"""Largest width and height of an author photo."""
HEADING_ROOM = 30 * mm
"""Space a block heading needs below it (itself and a few lines) or it starts a new page."""


@dataclass
class Context:
    """What every handler may read: styles, fonts, page geometry; plus running state."""

    styles: Styles
    palette: Palette
    fonts: FontSet
    geometry: PageGeometry
    chart_fonts: ChartFontMap
    document: Document
    previous: object = None
    """The node handled just before the current one."""
    anchors: dict[str, int] = field(default_factory=dict, init=False)
    """Each section heading's anchor and the position of its section."""

    def __post_init__(self) -> None:
        self.anchors = section_anchors(s.heading for s in self.document.sections)

    @property
    def rtl(self) -> bool:
        """The brief reads right to left: its pages are mirrored."""
        return self.styles.rtl

    @property
    def labels(self) -> Labels:
        """The fixed words in the document's language."""
        return self.document.language.labels

    def link_href(self, href: str) -> str | None:
        """A run's link as a PDF link: an address, a section's destination, or None."""
        target = link_target(href, self.anchors)
        if isinstance(target, int):
            return "#" + section_key(self.document.sections[target].index)
        return target

    def runs(self, runs: Runs) -> str:
        """Markup for inline runs."""
        return markup.runs(runs, mono_face=self.fonts.mono.regular,
                           link_color=self.palette.primary, href=self.link_href)

    @property
    def table_font(self) -> tuple[Any, ...]:
        """A table style command so a table never selects its default Helvetica."""
        return ("FONT", (0, 0), (-1, -1), self.fonts.body.regular, 10)

    def heading(self, title: str, key: str) -> Heading:
        """A block heading with its outline entry and the short accent rule above it."""
        return Heading(markup.text(no_lone_last_word(title)), self.styles.h1,
                       outline=(markup.clean(title), key, 0), bar=self.palette.accent)

    def label(self, title: str, key: str | None = None) -> Label:
        """A label in letter-spaced capitals, with an outline entry when it has a key."""
        shown = self.document.language.upper(title)  # capitals of the reader's language
        return Label(shown, self.styles.box_label,
                     outline=(markup.clean(title), key, 0) if key else None)


def section_key(index: int) -> str:
    """The bookmark (named destination) of the section numbered `index`."""
    return f"section-{index}"


Handler = Callable[[Any, Context], list[Flowable]]


class LabelledBox(Table):
    """A box whose label row opens each part it is split into, as `continued` after the
    first (`KEY JUDGMENTS (CONT.)`)."""

    continued: Flowable | None = None

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        """Split as a table does; the parts after the first open with `continued`."""
        parts = super().split(availWidth, availHeight)
        if len(parts) == 2 and self.continued is not None:
            rest = parts[1]
            rest._cellvalues[0] = [self.continued]  # a new row: the first part keeps its own
            rest.continued = self.continued
        return parts


def ruled_box(rows: list[list[Flowable]], ctx: Context, *, fill: bool,
              labelled: bool = False, continued: Flowable | None = None) -> Table:
    """A one-column box with the accent rule on its reading side, split between rows;
    a `labelled` box's first row (its label, or `continued` after the first part) opens
    each part it is split into."""
    # a labelled box splits inside the row at the column's foot first: split between
    # rows, its rest (label repeated) would be split again in what the column has left
    table = LabelledBox(rows, colWidths=[ctx.geometry.column], hAlign="LEFT", splitInRow=1,
                        splitByRow=int(not labelled), repeatRows=int(labelled))
    table.continued = continued if labelled else None
    rule_side, other_side = (("AFTER", "RIGHT"), ("LEFT",)) if ctx.rtl else (
        ("BEFORE", "LEFT"), ("RIGHT",))
    commands: list[tuple[Any, ...]] = [
        (f"LINE{rule_side[0]}", (0, 0), (0, -1), BOX_RULE, ctx.palette.accent),
        (f"{rule_side[1]}PADDING", (0, 0), (-1, -1), BOX_PAD + BOX_RULE / 2),
        (f"{other_side[0]}PADDING", (0, 0), (-1, -1), BOX_PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, 0), BOX_PAD),
        ("BOTTOMPADDING", (0, -1), (-1, -1), BOX_PAD - 1.5),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ctx.table_font,
    ]
    if fill:
        commands.append(("BACKGROUND", (0, 0), (-1, -1), ctx.palette.light))
    table.setStyle(TableStyle(commands))
    return table


