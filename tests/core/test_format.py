"""core/format.py: numbers of any size format without an arithmetic error."""

from __future__ import annotations

import sys

import pytest

from reportgen.core.format import format_number


@pytest.mark.parametrize("value", [1e308, -1.7e308, sys.float_info.max, 1e15 + 0.5, 5e-324])
def test_any_float_formats(value: float) -> None:
    text = format_number(value, 2)  # the decimal context once raised InvalidOperation
    number = float(text.replace(",", "").replace("\u2212", "-"))
    assert number == pytest.approx(round(value, 2), rel=1e-15) and text.count(".") == 1


def test_rounding_stays_half_up_as_written() -> None:
    assert format_number(25.45, 1) == "25.5" and format_number(1.178) == "1.178"
    assert format_number(1e308, 0).startswith("100,000,000,000,")


@pytest.mark.parametrize("decimals", [-2_613_715, -1, 11, 10**9])
def test_decimals_out_of_bounds_are_clamped(decimals: int) -> None:
    """`check` formats figures before the schema's bounds are known to hold (a crash once)."""
    assert format_number(1.5, decimals) in ("2", "1.5000000000")
