"""A chart mirrored for a right-to-left reader: read from the right, as the text is.

Horizontal bars put their names at the right and grow leftwards; bars, lines and areas
run their categories from right to left with the value axis at the right. Labels set
beside a mark (a bar's value, a line's end) move to its other side. Pies (read
clockwise from twelve o'clock in either direction) and scatter plots (a numeric x
grows to the right in every script) are left as they are.
"""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.text import Annotation

SWAPPED = {"left": "right", "right": "left"}
"""A horizontal alignment and its mirror image."""


def mirror(ax: Axes) -> None:
    """Mirror a drawn plot left to right: x reversed, the y axis's ticks and title at the
    right, and labels placed beside their marks on the other side."""
    ax.invert_xaxis()
    ax.yaxis.tick_right()
    ax.yaxis.set_label_position("right")
    for text in ax.texts:
        if isinstance(text, Annotation) and text.anncoords == "offset points":
            dx, dy = text.xyann
            text.xyann = (-dx, dy)
            align = text.get_horizontalalignment()
            text.set_horizontalalignment(SWAPPED.get(align, align))


def y_labels_shown(ax: Axes, shown: bool) -> None:
    """Show or hide the y tick labels on whichever side the y axis stands."""
    side = "labelright" if ax.yaxis.get_ticks_position() == "right" else "labelleft"
    ax.tick_params(axis="y", **{side: shown})
