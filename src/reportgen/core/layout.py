"""Sharing a width between table columns, for every writer alike."""

from __future__ import annotations

from collections.abc import Sequence


def column_widths(natural: Sequence[float], least: Sequence[float], total: float) -> list[float]:
    """Column widths that fill `total`: each as wide as its content on one line (`natural`)
    when all fit, else at least its longest word (`least`) and the rest shared by need."""
    if sum(natural) <= total:
        return [w * total / sum(natural) for w in natural]
    if sum(least) >= total:  # a word too long for the page: narrow columns keep their words
        floor = [min(m, total / len(least)) for m in least]
        excess = [m - f for m, f in zip(least, floor, strict=True)]
        room = total - sum(floor)
        return [f + room * e / sum(excess) if sum(excess) else f
                for f, e in zip(floor, excess, strict=True)]
    room = total - sum(least)
    wants = [n - m for n, m in zip(natural, least, strict=True)]
    return [m + room * w / sum(wants) for m, w in zip(least, wants, strict=True)]
