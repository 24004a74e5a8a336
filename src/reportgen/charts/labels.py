"""Numbers and category names as a chart prints them: separators, trimmed decimals, wraps."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable

from matplotlib.ticker import Formatter

from reportgen.charts.language import current, wrapped
from reportgen.data.series import ChartData

MAX_DECIMALS = 3
"""Most decimals printed for a value of 1 or more (1.178 stays 1.178)."""
SMALL_SIGNIFICANT = 2
"""Significant digits kept for values below 1 (0.00123 -> 0.0012)."""
SHARE_WHOLE_PERCENT = 10
"""Shares from this many percent up print without decimals."""
MINUS = "\u2212"
"""A true minus sign, as matplotlib prints on axes."""

CURRENCY_PREFIXES = frozenset({"$", "US$", "€", "£", "¥", "₾", "₽", "₺", "₹"})
"""Units printed before the number."""
TIGHT_SUFFIXES = frozenset({"%", "pp", "bn", "tn", "m", "k", "x", "×"})
"""Units printed right after the number without a space."""
ELLIPSIS = "\u2026"
"""Ends a name cut short to fit its room."""
MAX_SPACED_SUFFIX = 4
"""Longer units are left to the subtitle rather than repeated on every label."""


def decimals_needed(value: float) -> int:
    """How many decimals show `value` without needless trailing zeros."""
    if not math.isfinite(value) or value == 0:
        return 0
    size = abs(value)
    limit = MAX_DECIMALS
    if size < 1:
        limit = max(limit, SMALL_SIGNIFICANT - math.floor(math.log10(size)) - 1)
    text = f"{size:.{limit}f}".rstrip("0")
    return len(text.split(".")[1])


def shared_decimals(values: Iterable[float]) -> int:
    """The decimals that show every value in `values` (so labels line up)."""
    return max((decimals_needed(v) for v in values), default=0)


def chart_decimals(data: ChartData) -> int:
    """The one number of decimals a chart's value labels share (see `label_decimals`)."""
    values = [v for s in data.series for v in s.values if math.isfinite(v)]
    places = shared_decimals(values)
    # A tiny value beside large ones keeps the large ones' precision, not its own.
    return min(places, MAX_DECIMALS) if any(abs(v) >= 1 for v in values) else places


MAX_PADDED_ZEROS = 1
"""Most trailing zeros a value label gains to line up with the chart's other labels:
`10.0` beside `16.2`, but `0.5` (never `0.500`) beside `1.178`."""


def label_decimals(value: float, places: int) -> int:
    """The decimals one value label prints on a chart whose labels share `places`: those,
    unless that pads the value with more than MAX_PADDED_ZEROS zeros its data lacks."""
    needed = decimals_needed(value)
    return places if places - needed <= MAX_PADDED_ZEROS else needed


def value_label(value: float, unit: str | None, places: int) -> str:
    """A value label of a chart whose labels share `places` decimals (`label_decimals`)."""
    return format_value(value, unit, label_decimals(value, places))


def with_unit(number: str, unit: str | None) -> str:
    """A formatted number with its unit placed the way it is read."""
    sign = ""
    if number.startswith(MINUS):
        sign, number = MINUS, number[len(MINUS):]
    if not unit:
        return sign + number
    if unit in CURRENCY_PREFIXES:
        return f"{sign}{unit}{number}"
    if unit in TIGHT_SUFFIXES:
        return f"{sign}{number}{unit}"
    if len(unit) <= MAX_SPACED_SUFFIX:
        return f"{sign}{number}\u2009{unit}"
    return sign + number


def format_value(value: float, unit: str | None = None, decimals: int | None = None) -> str:
    """A value as printed on a chart: `20000` -> `20,000`, `1.178` -> `1.178`, `4.0` -> `4`.

    `decimals` fixes the number of decimals (for labels that should line up);
    by default needless trailing zeros are trimmed. Non-finite values print empty.
    """
    if not math.isfinite(value):
        return ""
    places = decimals_needed(value) if decimals is None else decimals
    digits = f"{abs(value):,.{places}f}"
    negative = value < 0 and any(c not in "0.," for c in digits)
    return with_unit((MINUS if negative else "") + current().numbers.apply(digits), unit)


def share_decimals(fraction: float) -> int:
    """Decimals a share needs: none from 10% up, one below (0.044 -> `4.4%`)."""
    percent = fraction * 100
    return 0 if percent >= SHARE_WHOLE_PERCENT or percent == 0 else 1


def format_share(fraction: float, decimals: int | None = None) -> str:
    """A share of a whole as a percentage: 0.423 -> `42%`, 0.044 -> `4.4%`, 0.05 -> `5%`.

    `decimals` fixes the number of decimals (one for every slice of a chart); by default
    shares from 10% up print without any and a trailing `.0` is dropped."""
    percent = fraction * 100
    if decimals is not None:
        return current().numbers.apply(f"{percent:.{decimals}f}") + "%"
    text = f"{percent:.{share_decimals(fraction)}f}"
    return current().numbers.apply(text[:-2] if text.endswith(".0") else text) + "%"


def wrap_label(text: str, width: int, max_lines: int | None = None) -> str:
    """A category name broken into lines of about `width` characters (words kept whole).

    With `max_lines`, a name that needs more lines keeps that many and ends in an
    ellipsis, and a word wider than `width` is cut with one: it never runs on.
    """
    width = max(width, 1)
    shown = wrapped(text, width)  # right to left, in visual order (language.py)
    if shown is not None:
        lines = shown.splitlines() or [text]
        rtl = True
    else:
        lines = textwrap.wrap(text, width=width, break_long_words=False) or [text]
        rtl = False
    if max_lines is None or len(lines) <= max_lines and all(len(x) <= width for x in lines):
        return "\n".join(lines)
    shown_lines: list[str] = []
    at = 0
    for line in lines:
        found = text.find(line, at) if not rtl else -1
        if len(shown_lines) == max_lines - 1 or len(line) > width:
            # The last line takes the rest of the name, cut short.
            rest = text[found:] if found >= 0 else " ".join(lines[len(shown_lines):])
            shown_lines.append(_cut(rest.strip(), width, rtl))
            break
        shown_lines.append(line)
        at = found + len(line) if found >= 0 else at
    return "\n".join(shown_lines)


def _cut(text: str, width: int, rtl: bool) -> str:
    """`text` cut to about `width` characters with an ellipsis where it was cut: at a
    word boundary when one falls in the second half, else inside the word."""
    if len(text) <= width:
        return text
    if rtl:  # in visual order the text ends at the left
        kept = text[-width:]
        space = kept.find(" ")
        return ELLIPSIS + (kept[space + 1:] if 0 <= space <= width // 2 else kept)
    kept = text[:width]
    space = kept.rfind(" ")
    if space >= width // 2:
        kept = kept[:space]
    return kept.rstrip(" ,;:") + ELLIPSIS


class ValueFormatter(Formatter):
    """Axis tick labels with thousands separators and one shared number of decimals."""

    def __init__(self, unit: str | None = None) -> None:
        self.unit = unit if unit == "%" else None
        self.decimals = 0

    def set_locs(self, locs: Iterable[float]) -> None:
        """Choose the decimals that show every tick."""
        values = list(locs)
        super().set_locs(values)
        self.decimals = shared_decimals(values)

    def __call__(self, x: float, pos: int | None = None) -> str:
        """The tick label of `x`."""
        return format_value(x, self.unit, self.decimals)
