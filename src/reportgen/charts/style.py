"""The house style of a chart: a theme turned into sizes, colours and matplotlib rc settings.

Sizes are in points for a chart drawn 6.3in wide and printed at 100%, so a 8pt tick
label in matplotlib is an 8pt tick label in the brief.
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from cycler import cycler
from matplotlib import font_manager
from matplotlib.colors import to_rgb

from reportgen.core.color import WHITE, hex_of, ink_on
from reportgen.data import marks
from reportgen.fonts import FontFamily, find_family
from reportgen.glyphs import Fallback, fallback_fonts
from reportgen.theme import PRESETS, Theme

TITLE_PT = 11.0
SUBTITLE_PT = 8.5
TICK_PT = 8.0
AXIS_LABEL_PT = 8.0
LEGEND_PT = 8.0
VALUE_LABEL_PT = 7.5
SOURCE_PT = 7.0
DONUT_TOTAL_PT = 15.0

LINE_WIDTH_PT = 1.8
GRID_WIDTH_PT = 0.5
SPINE_WIDTH_PT = 0.6
ZERO_LINE_WIDTH_PT = 0.8
MARKER_SIZE_PT = 4.0
SCATTER_AREA_PT2 = 28.0
TICK_PAD_PT = 4.0

SHIPPED_SANS = "IBM Plex Sans"
"""The sans family shipped with reportgen, for a theme that keeps its preset's fonts."""
FALLBACK_FAMILY = "DejaVu Sans"
"""Shipped with matplotlib; draws glyphs the theme font lacks."""

SVG_HASH_SALT = "reportgen"
"""Fixed salt for SVG element ids, so the same chart gives the same bytes."""

SVG_METADATA: dict[str, str | None] = {"Date": None}
PDF_METADATA: dict[str, str | None] = {"CreationDate": None, "ModDate": None}

_registered: dict[Path, str] = {}
"""Font files already given to matplotlib's font manager, with their family name."""


@dataclass(frozen=True)
class ChartStyle:
    """What a draw function needs to know about the look of a chart."""

    family: str
    """Font family name as matplotlib knows it (from the theme's TTF files)."""
    palette: tuple[str, ...]
    """Series colours, in order."""
    text: str
    """Main text colour (titles, value labels)."""
    muted: str
    """Secondary text (subtitle, ticks, source)."""
    rule: str
    """Gridlines and thin rules."""
    background: str
    """Figure background."""
    accent: str = "#C8102E"
    """Colour of what a chart's `highlight` names."""
    quiet: str = "#BAC2CA"
    """Colour of the marks a highlight leaves in the background."""
    faces: tuple[Path, ...] = ()
    """The theme's font files (regular, bold, italic, bold italic)."""
    slide_family: str = ""
    """Font family of slide charts: the deck's (Liberation Sans for Arial), so that a
    chart picture reads as the slide around it; empty for the print family."""
    slide_faces: tuple[Path, ...] = ()
    """The files of `slide_family`, the very ones the deck measures its text with."""

    def for_slides(self) -> ChartStyle:
        """The style of a slide chart: the same, in the deck's font."""
        if not self.slide_family:
            return self
        return replace(self, family=self.slide_family, faces=self.slide_faces,
                       slide_family="", slide_faces=())

    def color(self, index: int) -> str:
        """The palette colour of series `index`, cycling when there are more series."""
        return self.palette[index % len(self.palette)]

    def text_on(self, fill: str | tuple[float, float, float]) -> str:
        """Text colour for a label printed on `fill`: the main text colour or white,
        whichever contrasts more, and black or white when neither reaches 4.5:1."""
        return ink_on(fill if isinstance(fill, str) else hex_of(to_rgb(fill)), self.text, WHITE)

    def highlighted(self, names: tuple[str, ...], highlight: tuple[str, ...],
                    colors: list[str]) -> list[str]:
        """Colours of marks named `names`: with a highlight, the accent for those it names
        and grey for the rest; without one, `colors` as they are."""
        return marks.highlighted(self, names, highlight, colors)


def register_font(path: Path) -> str:
    """Make a TTF file known to matplotlib (once per process); its family name."""
    path = Path(path)
    if path not in _registered:
        font_manager.fontManager.addfont(str(path))
        _registered[path] = font_manager.FontProperties(fname=str(path)).get_name()
    return _registered[path]


def _one_weight_fallbacks(record: logging.LogRecord) -> bool:
    """Drop matplotlib's note that a fallback font has no bold: it has one weight, by design."""
    return not (record.getMessage().startswith("findfont: Failed to find font weight")
                and any(f.family in record.getMessage() for f in fallback_fonts()))


def chart_font(theme: Theme) -> FontFamily:
    """The family every chart is drawn in: the family the deck and the brief set their
    labels in, so that a slide's chart picture reads as its slide and a print chart as
    its page.

    That is the theme's heading family (the deck names it on every run and in its theme
    part, render/pptx/look.py) when the theme names its own font; a preset's DejaVu Sans
    gives way, as in the brief (render/pdf/fonts.py), to the shipped IBM Plex Sans.
    """
    font = theme.heading_font
    preset = PRESETS.get(theme.name)
    if preset is None or font.name != preset["heading_font"]:
        return font
    return find_family(SHIPPED_SANS) or font


def _registered_family(font: FontFamily) -> str:
    """Register a family's four faces with matplotlib; its family name as matplotlib knows it."""
    family = register_font(font.regular)
    for face in (font.bold, font.italic, font.bold_italic):
        register_font(face)
    return family


def chart_style(theme: Theme) -> ChartStyle:
    """The chart style of a theme, with its heading font (print charts) and the deck's
    font (slide charts) registered with matplotlib.

    The shipped fallback fonts are registered too and follow the theme's family in
    `font.family`, so matplotlib draws each glyph from the first font that has it;
    `check` warns about characters no font has, so matplotlib's own warning is muted.
    """
    font = chart_font(theme)
    family = _registered_family(font)
    slides = theme.slide_font or font
    slide_family = _registered_family(slides)
    for fallback in fallback_fonts():
        register_font(fallback.path)
    warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from", category=UserWarning)
    logging.getLogger("matplotlib.font_manager").addFilter(_one_weight_fallbacks)
    palette = marks.palette_of(theme.palette, theme.primary, theme.accent)
    return ChartStyle(
        family=family,
        palette=palette,
        text=theme.text,
        muted=theme.muted,
        rule=theme.rule,
        background=theme.background,
        accent=theme.accent,
        quiet=theme.quiet,
        faces=(font.regular, font.bold, font.italic, font.bold_italic),
        slide_family="" if slides == font else slide_family,
        slide_faces=() if slides == font else (slides.regular, slides.bold, slides.italic,
                                               slides.bold_italic),
    )


def font_families(style: ChartStyle, text: str | None = None) -> list[str]:
    """`font.family` for a chart: the theme's family, DejaVu Sans, then the fallback fonts.

    Each family in the list costs a font lookup whenever matplotlib measures or draws
    a text, so each is listed once, and with `text` (everything the chart prints) only
    the fallback fonts that draw one of its characters are listed.
    """
    families = [style.family] if style.family == FALLBACK_FAMILY else [
        style.family, FALLBACK_FAMILY]
    fonts = fallback_fonts()
    if text is not None:
        chain = Fallback.for_faces(style.faces)
        used = {chain.font_of(char) for char in set(text)}
        fonts = tuple(font for index, font in enumerate(fonts) if index in used)
    return families + [font.family for font in fonts]


def rc_params(style: ChartStyle, text: str | None = None) -> dict[Any, Any]:
    """matplotlib rc settings for the house style (use with `matplotlib.rc_context`).

    `text`, everything the chart prints, limits the fallback fonts to those it needs.
    """
    return {
        "font.family": font_families(style, text),
        "font.size": TICK_PT,
        "text.color": style.text,
        "axes.prop_cycle": cycler(color=list(style.palette)),
        "axes.facecolor": style.background,
        "axes.edgecolor": style.muted,
        "axes.linewidth": SPINE_WIDTH_PT,
        "axes.labelcolor": style.muted,
        "axes.labelsize": AXIS_LABEL_PT,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": False,
        "axes.axisbelow": True,
        "axes.unicode_minus": True,
        "grid.color": style.rule,
        "grid.linewidth": GRID_WIDTH_PT,
        "xtick.labelsize": TICK_PT,
        "ytick.labelsize": TICK_PT,
        "xtick.color": style.muted,
        "ytick.color": style.muted,
        "xtick.labelcolor": style.muted,
        "ytick.labelcolor": style.muted,
        "xtick.major.size": 0,
        "ytick.major.size": 0,
        "xtick.major.pad": TICK_PAD_PT,
        "ytick.major.pad": TICK_PAD_PT,
        "legend.fontsize": LEGEND_PT,
        "legend.frameon": False,
        "lines.linewidth": LINE_WIDTH_PT,
        "lines.solid_capstyle": "round",
        "patch.linewidth": 0,
        "figure.facecolor": style.background,
        "savefig.facecolor": style.background,
        # Every text artist made under these settings prints its text as typed: `$`,
        # `^`, `_` and `\\` are not read as mathtext (titles, ticks, legends, labels).
        "text.parse_math": False,
        # Glyphs unhinted: text is as wide at every resolution as at the one the chart is
        # laid out at, so a label that fits the layout never runs off a PNG's edge.
        "text.hinting": "no_hinting",
        "svg.fonttype": "none",
        "svg.hashsalt": SVG_HASH_SALT,
        "pdf.fonttype": 42,
    }
