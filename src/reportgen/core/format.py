"""Display forms of numbers and dates, shared by every writer."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True)
class NumberSymbols:
    """The separators a language writes numbers with (from Babel: core/language.py)."""

    decimal: str = "."
    """Before the decimals: `.` in English, `,` in Russian."""
    group: str = ","
    """Between groups of thousands: `,` in English, a no-break space in Russian."""

    def apply(self, text: str) -> str:
        """A number written with `,` groups and a `.` point, in these separators."""
        if (self.decimal, self.group) == (".", ","):
            return text
        return text.translate({ord(","): self.group, ord("."): self.decimal})


DEFAULT_NUMBERS = NumberSymbols()
"""English separators: `1,234.5`."""


_FLOAT_DIGITS = 330
"""More digits than the largest float has before its point (about 1.8e308)."""


def decimals_as_written(value: float) -> int:
    """How many digits after the point the number was written with (1.178 -> 3)."""
    exponent = Decimal(repr(value)).normalize().as_tuple().exponent
    return max(0, -int(exponent)) if isinstance(exponent, int) else 0


def format_number(value: float, decimals: int | None = None,
                  numbers: NumberSymbols = DEFAULT_NUMBERS, *, grouped: bool = True) -> str:
    """A number with thousands separators and the given (or written) decimals.

    `numbers` are the language's separators; `grouped` False leaves out the group
    separator (years: 2024).

    Rounding is half up on the number as written (25.45 to one decimal is 25.5), as a
    reader rounds, not on its nearest binary float (which would give 25.4).
    """
    places = decimals_as_written(value) if decimals is None else decimals
    places = max(0, min(places, 10))  # the schema's bounds, for values not yet validated
    if math.isfinite(value):
        exact = Decimal(repr(value)).quantize(  # enough digits for any float (1e308 too)
            Decimal(1).scaleb(-places), ROUND_HALF_UP, Context(prec=_FLOAT_DIGITS + places))
        text = f"{abs(exact) if exact.is_zero() else exact:,.{places}f}"  # no "-0.00"
    else:
        text = f"{value:,.{places}f}"
    if not grouped:
        text = text.replace(",", "")
    if text in ("-0", "-0.0"):
        return "0"
    text = numbers.apply(text)
    return text.replace("-", "\u2212", 1) if value < 0 else text


def format_figure(value: float, prefix: str, suffix: str, decimals: int | None,
                  numbers: NumberSymbols = DEFAULT_NUMBERS) -> str:
    """A key figure as shown: `$1.178bn`, `4.4%`, `20,000` (`4,4%` in Russian)."""
    number = format_number(value, decimals, numbers)
    sign = ""
    if number.startswith("\u2212") and prefix:
        sign, number = "\u2212", number[1:]
    return f"{sign}{prefix}{number}{suffix}"


def format_date(value: dt.date) -> str:
    """A date as `1 March 2025`."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def format_partial_date(text: str) -> str:
    """A timeline date (YYYY-MM-DD, YYYY-MM or YYYY) as `25 Dec 2024`, `Dec 2024`, `2024`."""
    parts = text.split("-")
    if len(parts) == 1:
        return parts[0]
    month = MONTHS[int(parts[1]) - 1][:3]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{int(parts[2])} {month} {parts[0]}"


def join_names(names: list[str]) -> str:
    """Names joined for display: `A`, `A and B`, `A, B and C`."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
