"""The chart cache: keyed by content, damaged entries are misses, unused ones pruned."""

from __future__ import annotations

import os
import time
from pathlib import Path

from reportgen.charts.job import ChartJob
from reportgen.data.series import ChartData, Series
from reportgen.pipeline.cache import ChartCache, job_key
from reportgen.theme import build_theme


def job(title: str = "Title", dpi: int = 200) -> ChartJob:
    data = ChartData(("a", "b"), (Series("v", (1.0, 2.0)),))
    return ChartJob(id="c", type="bar", title=title, subtitle=None, source="s", data=data,
                    theme=build_theme(), out_dir=Path("."), dpi=dpi)


def test_key_changes_with_anything_that_changes_the_chart() -> None:
    assert job_key(job()) == job_key(job())
    assert job_key(job()) != job_key(job(title="Other"))
    assert job_key(job()) != job_key(job(dpi=300))
    assert job_key(job()) != job_key(ChartJob(**{**job().__dict__, "theme": build_theme("civic")}))


def test_a_damaged_entry_is_a_miss(tmp_path: Path) -> None:
    cache = ChartCache(tmp_path)
    folder = cache.folder(job())
    folder.mkdir(parents=True)
    (folder / "result.json").write_text("{not json")
    assert cache.get(job()) is None


def test_prune_keeps_used_and_recent_entries(tmp_path: Path) -> None:
    cache = ChartCache(tmp_path)
    old, recent = tmp_path / "old", tmp_path / "recent"
    old.mkdir()
    recent.mkdir()
    long_ago = time.time() - 3 * 24 * 3600
    os.utime(old, (long_ago, long_ago))
    used = cache.folder(job())
    used.mkdir()
    os.utime(used, (long_ago, long_ago))
    cache.get(job())  # marks the entry as used by this build
    cache.prune()
    assert not old.exists()
    assert recent.exists() and used.exists()
