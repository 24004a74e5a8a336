"""The look of a report: colours, fonts, sizes, shared by the charts, the brief and the deck.

Layout constants live here once, in typed units (points), not as bare numbers in
the writers. A theme starts from a built-in preset and the spec's `theme` block
overrides its colours, font, page and slide size.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from reportgen.fonts import FontFamily, family_from_file, find_family, office_family

PageSize = Literal["A4", "letter"]
SlideSize = Literal["16:9", "4:3"]


@dataclass(frozen=True)
class Theme:
    """Colours, fonts and sizes for every output of one report."""

    name: str
    """The preset this theme started from."""
    primary: str
    """Main brand colour (masthead, headings, first series)."""
    accent: str
    """Highlight colour (rules, callouts, markers)."""
    palette: tuple[str, ...]
    """Series colours for charts, in order."""
    text: str = "#1A1A1A"
    """Body text colour."""
    muted: str = "#5F6B76"
    """Secondary text (captions, sources, notes)."""
    light: str = "#EEF2F5"
    """Tint used for boxes and tiles."""
    rule: str = "#C9D1D9"
    """Thin rules and gridlines."""
    background: str = "#FFFFFF"
    """Page and slide background."""
    quiet: str = "#BAC2CA"
    """Grey of the chart marks a `highlight` leaves in the background."""
    heading_font: FontFamily = field(default=None)  # type: ignore[assignment]
    """Family for headings, labels, figures and slides."""
    body_font: FontFamily = field(default=None)  # type: ignore[assignment]
    """Family for running text in the brief."""
    slide_font: FontFamily = field(default=None)  # type: ignore[assignment]
    """The deck's font, for its text and the charts drawn for slides: the family name
    written on every run (one a briefer's laptop has: Arial by default, a template's
    theme font, or `theme.font`) with the files its text is measured with (Liberation
    Sans, metric-compatible with Arial, for Arial)."""
    page_size: PageSize = "A4"
    """Paper size of the brief."""
    slide_size: SlideSize = "16:9"
    """Aspect of the deck."""
    logo: Path | None = None
    """Optional logo shown on the cover and title slide."""


def _family(name: str) -> FontFamily:
    family = find_family(name)
    if family is None:
        raise LookupError(f"font family {name!r} is not installed")
    return family


DECK_FONT = "Arial"
"""The deck's font when neither the spec nor a template names one: on every Windows and
Mac laptop, and measured with Liberation Sans (its metric twin, shipped)."""


def _slide_family(name: str) -> FontFamily:
    family = office_family(name)
    if family is None:
        raise LookupError(f"font family {name!r} is not installed")
    return family


# Series colours run from dark to light, alternating warm and cool hues: neighbours stay
# apart under red-green colour blindness (adjacent CIEDE2000 >= 37 in the default, >= 26
# in civic, simulated deuteranopia and protanopia included) and in grayscale (adjacent
# CIE lightness L* >= 9.9 and >= 8.1 apart); tests/core/test_color.py measures both.
# The accent is not a series colour: it marks what a chart's `highlight` names.
PRESETS: dict[str, dict[str, object]] = {
    "default": {
        "primary": "#0B3C5D",
        "accent": "#C8102E",
        "palette": ("#0B3C5D", "#963512", "#2B77A8", "#DE8F2A", "#8CC3E3", "#F1D58A"),
        "heading_font": "DejaVu Sans",
        "body_font": "DejaVu Serif",
        "slide_font": DECK_FONT,
    },
    "civic": {
        "primary": "#1F4E3D",
        "accent": "#D9822B",
        "palette": ("#1F4E3D", "#2E5F99", "#B5562A", "#6FA8CF", "#E8B04F", "#D9E3EA"),
        "light": "#F3F0E8",
        "rule": "#D5CFC0",
        "heading_font": "DejaVu Sans",
        "body_font": "DejaVu Sans",
        "slide_font": DECK_FONT,
    },
}


def build_theme(
    preset: str = "default",
    *,
    primary: str | None = None,
    accent: str | None = None,
    palette: tuple[str, ...] | None = None,
    font: str | Path | None = None,
    page_size: PageSize = "A4",
    slide_size: SlideSize = "16:9",
    logo: Path | None = None,
    root: Path | None = None,
) -> Theme:
    """A theme from a preset with the spec's overrides applied.

    `font` replaces both families: a family name or the path of a .ttf file, whose
    sibling faces must lie inside `root` (the spec's folder) when it is given.
    """
    base = dict(PRESETS[preset])
    heading = _family(str(base.pop("heading_font")))
    body = _family(str(base.pop("body_font")))
    slides = _slide_family(str(base.pop("slide_font")))
    theme = Theme(name=preset, heading_font=heading, body_font=body,  # type: ignore[arg-type]
                  slide_font=slides, **base)
    if font is not None:
        family = family_from_file(font, root) if isinstance(font, Path) else _family(font)
        theme = replace(theme, heading_font=family, body_font=family, slide_font=family)
    if primary:
        theme = replace(theme, primary=primary)
    if accent:
        theme = replace(theme, accent=accent)
    if palette:
        theme = replace(theme, palette=tuple(palette))
    elif primary:
        theme = replace(theme, palette=(theme.primary, *theme.palette[1:]))
    return replace(theme, page_size=page_size, slide_size=slide_size, logo=logo)
