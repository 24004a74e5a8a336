"""Display forms of numbers and dates, shared by every writer."""

from __future__ import annotations

import datetime as dt
import math
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


_FLOAT_DIGITS = 330
"""More digits than the largest float has before its point (about 1.8e308)."""


def decimals_as_written(value: float) -> int:
    """How many digits after the point the number was written with (1.178 -> 3)."""
    exponent = Decimal(repr(value)).normalize().as_tuple().exponent
    return max(0, -int(exponent)) if isinstance(exponent, int) else 0


def format_number(value: float, decimals: int | None = None) -> str:
    """A number with thousands separators and the given (or written) decimals.

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
    return "0" if text in ("-0", "-0.0") else text.replace("-", "\u2212", 1) if value < 0 else text


def format_figure(value: float, prefix: str, suffix: str, decimals: int | None) -> str:
    """A key figure as shown: `$1.178bn`, `4.4%`, `20,000`."""
    number = format_number(value, decimals)
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
