"""Colour: palettes that survive colour blindness and grayscale, text that reads on its fill.

Colour-vision deficiency is simulated with the Machado, Oliveira and Fernandes (2009)
matrices at full severity, and distance is CIEDE2000 in CIE Lab (D65), both from
ColorAide. Thresholds:

- adjacent series colours differ by a CIEDE2000 of at least 20 for normal vision, and
  under simulated deuteranopia and protanopia (the sample's old red and olive were 6.8
  apart under deuteranopia);
- they run from dark to light, adjacent ones at least 8 apart in CIE lightness L*, so a
  grayscale print keeps them apart and in order;
- every text is at least 4.5:1 (WCAG 2 AA) against what it is drawn on.
"""

from __future__ import annotations

import pytest
from coloraide import Color

from reportgen.core.color import MIN_CONTRAST, WHITE, contrast, ink_on, readable_on, tint
from reportgen.theme import PRESETS, build_theme

MIN_DELTA_E = 20.0
"""Least CIEDE2000 between neighbouring series colours, for every kind of vision."""
MIN_LIGHTNESS_STEP = 8.0
"""Least CIE L* between neighbouring series colours (grayscale)."""
VISIONS = ("normal", "deutan", "protan")


def seen(color: str, vision: str) -> Color:
    """A colour as a reader with `vision` sees it."""
    if vision == "normal":
        return Color(color)
    return Color(color).filter(vision, method="machado")


def delta_e(a: str, b: str, vision: str) -> float:
    return seen(a, vision).delta_e(seen(b, vision), method="2000")


def lightness(color: str) -> float:
    return Color(color).convert("lab-d65")["lightness"]


@pytest.mark.parametrize("preset", sorted(PRESETS))
@pytest.mark.parametrize("vision", VISIONS)
def test_neighbouring_series_colours_stay_apart(preset: str, vision: str) -> None:
    palette = build_theme(preset).palette
    assert len(palette) >= 6
    for a, b in zip(palette, palette[1:], strict=False):
        assert delta_e(a, b, vision) >= MIN_DELTA_E, (a, b, vision, delta_e(a, b, vision))


@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_series_colours_run_dark_to_light_in_grayscale(preset: str) -> None:
    steps = [lightness(c) for c in build_theme(preset).palette]
    gaps = [b - a for a, b in zip(steps, steps[1:], strict=False)]
    assert min(gaps) >= MIN_LIGHTNESS_STEP, steps


def test_the_old_sample_palette_fails_the_measure() -> None:
    """The measure can fail: red and olive, side by side, merge under deuteranopia."""
    assert delta_e("#C8102E", "#6B8E23", "deutan") < MIN_DELTA_E


@pytest.mark.parametrize("overrides", [{}, {"accent": "#FF6600"}, {"primary": "#5B1A3A"},
                                       {"primary": "#5B1A3A", "accent": "#E0A526"}])
def test_the_accent_is_not_a_series_colour(overrides: dict[str, str]) -> None:
    theme = build_theme(**overrides)
    assert theme.accent not in theme.palette
    assert theme.palette[0] == theme.primary
    assert theme.palette[1:] == build_theme().palette[1:]


@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_theme_text_reads_on_every_background_it_is_set_on(preset: str) -> None:
    theme = build_theme(preset)
    for text in (theme.text, theme.muted):
        for ground in (theme.background, theme.light):
            assert contrast(text, ground) >= MIN_CONTRAST, (text, ground)
    # White on the masthead and title band, the accent's text on the page.
    assert contrast(WHITE, theme.primary) >= MIN_CONTRAST


@pytest.mark.parametrize("fill", ["#0B3C5D", "#963512", "#2B77A8", "#DE8F2A", "#8CC3E3",
                                  "#F1D58A", "#E0A526", "#D9822B", "#777777", "#808080",
                                  "#C8102E", "#BAC2CA", "#000000", "#FFFFFF", "#1F4E3D"])
def test_a_label_on_a_fill_always_reads(fill: str) -> None:
    ink = ink_on(fill, "#1A1A1A", WHITE)
    assert contrast(ink, fill) >= MIN_CONTRAST, (fill, ink)


def test_a_label_takes_the_higher_contrast_not_a_luminance_threshold() -> None:
    """Orange (#DE8F2A, luminance 0.37) took white text (2.6:1) under the old 0.4 rule."""
    assert ink_on("#DE8F2A", "#1A1A1A", WHITE) == "#1A1A1A"
    assert ink_on("#2B77A8", "#1A1A1A", WHITE) == WHITE
    # Mid grey: neither dark grey (3.7:1) nor white (4.5:1 short) reads; black does.
    assert ink_on("#767676", "#333333", WHITE) in (WHITE, "#000000")
    assert contrast(ink_on("#767676", "#333333", WHITE), "#767676") >= MIN_CONTRAST


def test_readable_on_prefers_the_first_colour_that_reads() -> None:
    assert readable_on("#FFFFFF", "#C8102E", "#0B3C5D") == "#C8102E"
    assert readable_on("#0B3C5D", "#C8102E", "#FFFFFF") == "#FFFFFF"
    assert readable_on("#808080") == "#000000"


def test_tint_mixes_towards_white() -> None:
    assert tint("#000000", 0.5) == "#808080"
    assert tint("#0B3C5D", 0) == "#0B3C5D" and tint("#0B3C5D", 1) == "#FFFFFF"
