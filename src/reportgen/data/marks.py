"""The colour of every mark of a chart: one rule for the drawn charts and the deck's
native (editable) charts, so that both paint the same data the same way.

It lives with the data (beside `pie_slices`, the data both draw from) because the
renderers may not import `charts/`, and it needs no matplotlib.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from reportgen.core.color import tint
from reportgen.data.series import ChartData

if TYPE_CHECKING:
    from reportgen.theme import Theme

FADED = 0.6
"""How far the series colours of categories a highlight leaves out are mixed towards white."""
MAX_TINT = 0.8
"""The palest a slice gets (never white on white)."""
MAX_SLICE_STEP = 0.5
"""Most a slice's colour is lighter than the slice before it (two slices: full, half)."""


class Inks(Protocol):
    """What the colour rule needs of a style: its palette, accent and quiet grey."""

    @property
    def palette(self) -> tuple[str, ...]:
        """Series colours, in order."""
        ...

    @property
    def accent(self) -> str:
        """Colour of what a chart's `highlight` names."""
        ...

    @property
    def quiet(self) -> str:
        """Colour of the marks a highlight leaves in the background."""
        ...


def palette_of(palette: tuple[str, ...] | list[str], primary: str,
               accent: str) -> tuple[str, ...]:
    """A theme's chart palette: its own, else its primary and accent colours."""
    return tuple(palette) or (primary, accent)


def color(inks: Inks, index: int) -> str:
    """The palette colour of series `index`, cycling when there are more series."""
    return inks.palette[index % len(inks.palette)]


def highlighted(inks: Inks, names: tuple[str, ...], highlight: tuple[str, ...],
                colors: list[str]) -> list[str]:
    """Colours of marks named `names`: with a highlight, the accent for those it names
    and grey for the rest; without one, `colors` as they are."""
    if not highlight:
        return colors
    return [inks.accent if name in highlight else inks.quiet for name in names]


def bar_colors(data: ChartData, inks: Inks, series: int) -> list[str]:
    """The fill of each bar of a series: its series colour; with a highlight, the accent
    (one series) or the series colour (several) for the categories it names, and grey
    (one series) or the series colour faded (several) for the rest."""
    own = color(inks, series)
    if not data.highlight:
        return [own] * len(data.categories)
    if len(data.series) == 1:
        return highlighted(inks, data.categories, data.highlight, [own] * len(data.categories))
    return [own if name in data.highlight else tint(own, FADED) for name in data.categories]


def slice_colors(data: ChartData, inks: Inks) -> list[str]:
    """The slices' colours: one calm hue, the first series colour, from full strength for
    the first slice to lighter tints for the later ones (no slice shouts in a
    contrasting hue); with a highlight, the accent for the slices it names and grey
    for the rest."""
    count = len(data.categories)
    step = min(MAX_TINT / max(count - 1, 1), MAX_SLICE_STEP)
    colors = [tint(inks.palette[0], step * i) for i in range(count)]
    return highlighted(inks, data.categories, data.highlight, colors)


def series_colors(data: ChartData, inks: Inks) -> list[str]:
    """Each series' colour: the palette's, or the accent and grey when a highlight names
    series."""
    names = tuple(s.name for s in data.series)
    return highlighted(inks, names, data.highlight, [color(inks, i) for i in range(len(names))])


@dataclass(frozen=True)
class ThemeInks:
    """A theme's chart colours, for charts drawn without a chart style (native ones)."""

    palette: tuple[str, ...]
    """Series colours, in order."""
    accent: str
    """Colour of what a chart's `highlight` names."""
    quiet: str
    """Colour of the marks a highlight leaves in the background."""

    @classmethod
    def of(cls, theme: Theme) -> ThemeInks:
        """The colours a theme's drawn charts use."""
        return cls(palette_of(theme.palette, theme.primary, theme.accent), theme.accent,
                   theme.quiet)
