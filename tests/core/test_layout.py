"""core/layout.py: table column widths always fill the measure with positive widths."""

from __future__ import annotations

import pytest

from reportgen.core.layout import column_widths


@pytest.mark.parametrize(("natural", "least"), [
    ([2_000, 40], [2_000, 40]),  # one word wider than the page
    ([500, 500, 30], [500, 500, 30]),
    ([900, 40], [300, 40]),
    ([100, 50], [10, 20]),
])
def test_every_column_keeps_a_usable_width(natural: list[float], least: list[float]) -> None:
    widths = column_widths(natural, least, 400)
    assert sum(widths) == pytest.approx(400)
    for width, word in zip(widths, least, strict=True):
        # a column whose longest word fits its fair share keeps that word whole
        assert width >= min(word, 400 / len(least)) - 1e-9


def test_a_word_too_long_for_the_page_does_not_squeeze_the_other_columns() -> None:
    """Once the 40-pt column got 7.7 pt, less than its padding, and the brief crashed."""
    assert column_widths([2_000, 40], [2_000, 40], 400) == [360.0, 40.0]
