"""Drawing one chart after another: each chart's figure, and its pixel buffers, is let go."""

from __future__ import annotations

import gc
from pathlib import Path

from matplotlib.figure import Figure

from reportgen.charts.draw import DRAWERS
from reportgen.charts.render import draw_chart
from reportgen.theme import build_theme
from tests.charts.test_draw import make_job

CHARTS = 16
MOST_ALIVE = 3
"""Figures a young-generation collection may leave to the next full one (promoted early)."""


def test_figures_do_not_pile_up_between_full_collections(tmp_path: Path) -> None:
    theme = build_theme()
    types = sorted(DRAWERS)
    gc.collect()
    for index in range(CHARTS):
        chart_type = types[index % len(types)]
        draw_chart(make_job(tmp_path, theme, chart_type, id=f"c{index}", dpi=50, svg=False,
                            vector_pdf=False))
    alive = sum(isinstance(o, Figure) for o in gc.get_objects())
    assert alive <= MOST_ALIVE, f"{alive} figures of {CHARTS} charts still in memory"
