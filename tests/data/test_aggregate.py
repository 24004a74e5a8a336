"""Computed key figures: each aggregation, its default decimals, and how it is described."""

from __future__ import annotations

import pytest

from reportgen.data.aggregate import FigureSource, compute
from reportgen.data.sources import from_rows

ROWS = [{"flow": "A", "usd_bn": 1.178}, {"flow": "B", "usd_bn": 3.621},
        {"flow": "C", "usd_bn": 0.5}, {"flow": "D", "usd_bn": 2.25}]


@pytest.mark.parametrize(("agg", "value", "decimals"), [
    ("sum", 7.549, 3), ("mean", 1.88725, 4), ("median", 1.714, 4), ("min", 0.5, 3),
    ("max", 3.621, 3), ("first", 1.178, 3), ("last", 2.25, 3), ("count", 4.0, 0),
])
def test_each_aggregation(agg: str, value: float, decimals: int) -> None:
    table, _ = from_rows("t", ROWS, "r.yaml", [(1, 1)] * 4, None)
    assert table is not None
    result = compute(table, "usd_bn", agg, [0, 1, 2, 3])
    assert (result.value, result.rows, result.decimals) == (value, 4, decimals)


def test_a_sum_carries_no_float_noise() -> None:
    table, _ = from_rows("t", [{"v": 0.1}, {"v": 0.2}], "r.yaml", [(1, 1)] * 2, None)
    assert table is not None
    assert compute(table, "v", "sum", [0, 1]).value == 0.3


def test_provenance_in_words_and_as_a_record() -> None:
    source = FigureSource("trade", "data/trade.csv", "ab" * 32, "usd_bn", "sum", 1,
                          {"flow": "Russia to Azerbaijan"})
    assert source.describe() == ("computed: sum of column 'usd_bn' over 1 row where flow = "
                                 "'Russia to Azerbaijan' of dataset 'trade' (data/trade.csv)")
    assert source.record() == {"data": "trade", "path": "data/trade.csv", "sha256": "ab" * 32,
                               "column": "usd_bn", "agg": "sum", "rows": 1,
                               "where": {"flow": "Russia to Azerbaijan"}}
    count = FigureSource("trade", "report.yaml", None, None, "count", 3, {"year": [2023, 2024]})
    assert count.describe() == ("computed: count of the 3 rows where year in 2023, 2024 of "
                                "dataset 'trade' (report.yaml)")
