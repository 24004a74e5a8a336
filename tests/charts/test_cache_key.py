"""A cached chart is reused only by the drawing code that drew it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import reportgen
import reportgen.pipeline.cache as chart_cache
from reportgen.charts.job import ChartJob
from reportgen.data.series import ChartData, Series
from reportgen.theme import build_theme


def _job() -> ChartJob:
    data = ChartData(("a", "b"), (Series("v", (1.0, 2.0)),))
    return ChartJob(id="c", type="bar", title="Title", subtitle=None, source="s", data=data,
                    theme=build_theme(), out_dir=Path("."))


@pytest.mark.parametrize("module", ["charts/layout.py", "data/kinds.py", "theme.py",
                                    "assets/labels/labels.toml"])
def test_the_fingerprint_follows_the_drawing_code(tmp_path: Path, module: str) -> None:
    copy = tmp_path / "reportgen"
    shutil.copytree(Path(reportgen.__file__).parent, copy,
                    ignore=shutil.ignore_patterns("__pycache__"))
    before = chart_cache.drawing_fingerprint(copy)
    assert before == chart_cache.drawing_fingerprint(Path(reportgen.__file__).parent)
    changed = copy / module
    changed.write_text(changed.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert chart_cache.drawing_fingerprint(copy) != before


def test_the_cache_key_follows_the_language() -> None:
    """A chart prints its labels and numbers in the report's language."""
    english = _job()
    russian = ChartJob(**{**english.__dict__, "language": "ru"})
    assert chart_cache.job_key(english) != chart_cache.job_key(russian)


def test_the_cache_key_changes_with_the_drawing_code(monkeypatch: pytest.MonkeyPatch) -> None:
    key = chart_cache.job_key(_job())
    monkeypatch.setattr(chart_cache, "_drawing_fingerprint", lambda: ["other drawing code"])
    assert chart_cache.job_key(_job()) != key


def test_the_cache_key_follows_the_deck_font() -> None:
    """A slide chart is drawn in the deck's font: another deck font draws another chart."""
    from dataclasses import replace

    from reportgen.fonts import find_family

    arial = _job()
    dejavu = find_family("DejaVu Sans")
    assert dejavu is not None and dejavu != arial.theme.slide_font
    other = replace(arial, theme=replace(arial.theme, slide_font=dejavu))
    assert chart_cache.job_key(arial) != chart_cache.job_key(other)
