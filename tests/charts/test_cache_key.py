"""A cached chart is reused only by the drawing code that drew it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import reportgen.charts.job as chart_job
import reportgen.pipeline.cache as chart_cache
from reportgen.charts.job import ChartJob, code_digest
from reportgen.data.series import ChartData, Series
from reportgen.theme import build_theme


def _job() -> ChartJob:
    data = ChartData(("a", "b"), (Series("v", (1.0, 2.0)),))
    return ChartJob(id="c", type="bar", title="Title", subtitle=None, source="s", data=data,
                    theme=build_theme(), out_dir=Path("."))


def test_the_digest_follows_the_drawing_code(tmp_path: Path) -> None:
    copy = tmp_path / "charts"
    shutil.copytree(Path(chart_job.__file__).parent, copy,
                    ignore=shutil.ignore_patterns("__pycache__"))
    before = code_digest(copy)
    assert before == chart_job.drawing_code_digest()
    layout = copy / "layout.py"
    layout.write_text(layout.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert code_digest(copy) != before


def test_the_cache_key_changes_with_the_drawing_code(monkeypatch: pytest.MonkeyPatch) -> None:
    key = chart_cache.job_key(_job())
    monkeypatch.setattr(chart_cache, "drawing_code_digest", lambda: "other drawing code")
    assert chart_cache.job_key(_job()) != key
