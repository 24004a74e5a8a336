"""The chart cache: keyed by content, verified by hash, anything odd is a miss, pruned safely."""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from reportgen.charts.job import ChartJob, ChartResult
from reportgen.data.series import ChartData, Series
from reportgen.fonts import find_family
from reportgen.pipeline.cache import ChartCache, expected_files, job_key
from reportgen.theme import build_theme

PNG = b"\x89PNG\r\n\x1a\n" + b"drawn chart" * 50
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>'


def job(title: str = "Title", dpi: int = 200, **theme: object) -> ChartJob:
    data = ChartData(("a", "b"), (Series("v", (1.0, 2.0)),))
    return ChartJob(id="c", type="bar", title=title, subtitle=None, source="s", data=data,
                    theme=build_theme(**theme), out_dir=Path("."), dpi=dpi)  # type: ignore[arg-type]


@pytest.fixture()
def out(tmp_path: Path) -> Iterator[tuple[Path, int]]:
    """An output folder and a descriptor of it."""
    folder = tmp_path / "dist"
    folder.mkdir()
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    yield folder, fd
    os.close(fd)


def new_cache(out: tuple[Path, int]) -> ChartCache:
    folder, fd = out
    staging = folder / f"staging-{time.perf_counter_ns()}"
    staging.mkdir()
    return ChartCache(fd, staging)


def file_entry(out: tuple[Path, int], the_job: ChartJob) -> Path:
    """File an entry for a job as a successful build would; return its folder."""
    cache = new_cache(out)
    folder = cache.draw_folder(the_job)
    files = {}
    for field, name in expected_files(the_job).items():
        (folder / name).write_bytes(PNG if name.endswith(".png") else SVG)
        files[field] = folder / name
    drawn = ChartResult(the_job.id, png=files.get("png"), svg=files.get("svg"), pdf=None,
                        aspect=0.5, bare_png=files.get("bare_png"), bare_svg=files.get("bare_svg"))
    cache.keep(the_job, drawn)
    assert cache.adopt() == []
    return out[0] / ".cache" / "charts" / job_key(the_job)


def test_key_changes_with_anything_that_changes_the_chart() -> None:
    assert job_key(job()) == job_key(job())
    assert job_key(job()) != job_key(job(title="Other"))
    assert job_key(job()) != job_key(job(dpi=300))
    assert job_key(job()) != job_key(job(preset="civic"))


def test_key_follows_the_font_files_contents_not_their_names(tmp_path: Path) -> None:
    sans = find_family("DejaVu Sans")
    assert sans is not None
    font = tmp_path / "Brand.ttf"
    shutil.copy(sans.regular, font)
    before = job_key(job(font=font))
    stamp = font.stat()
    data = bytearray(font.read_bytes())
    data[-1] ^= 0xFF  # same size, same time stamp, other bytes
    font.write_bytes(bytes(data))
    os.utime(font, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert job_key(job(font=font)) != before


def test_a_filed_entry_is_a_verified_copy_in_staging(out: tuple[Path, int]) -> None:
    entry = file_entry(out, job())
    cache = new_cache(out)
    hit = cache.get(job())
    assert hit is not None and hit.png is not None and hit.bare_svg is not None
    assert hit.png.read_bytes() == PNG and hit.bare_svg.read_bytes() == SVG
    assert hit.png.is_relative_to(cache.staging)  # never the cache's own file
    assert sorted(p.name for p in entry.iterdir()) == [
        "c.bare.svg", "c.png", "c.slide.png", "result.json"]


def tamper(entry: Path, field: str, **changes: object) -> None:
    record = json.loads((entry / "result.json").read_text())
    record["files"][field].update(changes)
    (entry / "result.json").write_text(json.dumps(record))


@pytest.mark.parametrize("attack", [
    "absolute name", "dot-dot name", "proc name", "symlinked file", "fifo", "wrong hash",
    "truncated file", "hard link", "entry is a link", "cache is a link", "not json", "no record",
    "not an image",
])
def test_a_poisoned_entry_is_a_miss_never_an_error(out: tuple[Path, int], tmp_path: Path,
                                                   attack: str) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_bytes(PNG)  # even with the right bytes, a file outside is never used
    entry = file_entry(out, job())
    png = entry / "c.png"
    if attack == "absolute name":
        tamper(entry, "png", name=str(secret))
    elif attack == "dot-dot name":
        tamper(entry, "png", name="../../../secret.txt")
    elif attack == "proc name":
        tamper(entry, "png", name="/proc/self/environ")
    elif attack == "symlinked file":
        png.unlink()
        png.symlink_to(secret)
    elif attack == "fifo":
        png.unlink()
        os.mkfifo(png)
    elif attack == "wrong hash":
        png.write_bytes(PNG.replace(b"drawn", b"DRAWN"))
    elif attack == "truncated file":
        png.write_bytes(PNG[:20])
    elif attack == "hard link":
        png.unlink()
        os.link(secret, png)
    elif attack == "entry is a link":
        moved = tmp_path / "elsewhere"
        entry.rename(moved)
        entry.symlink_to(moved)
    elif attack == "cache is a link":
        cache_dir = out[0] / ".cache"
        cache_dir.rename(tmp_path / "other-cache")
        cache_dir.symlink_to(tmp_path / "other-cache")
    elif attack == "not json":
        (entry / "result.json").write_text("{not json")
    elif attack == "no record":
        (entry / "result.json").unlink()
    elif attack == "not an image":
        text = b"PASSWORD=hunter2\n"
        png.write_bytes(text)
        tamper(entry, "png", bytes=len(text),
               sha256=__import__("hashlib").sha256(text).hexdigest())
    assert new_cache(out).get(job()) is None


def test_a_damaged_entry_is_replaced_by_the_next_successful_draw(out: tuple[Path, int]) -> None:
    entry = file_entry(out, job())
    (entry / "c.png").write_bytes(b"\x89PNG\r\n\x1a\nbroken")
    assert new_cache(out).get(job()) is None
    file_entry(out, job())
    hit = new_cache(out).get(job())
    assert hit is not None and hit.png is not None and hit.png.read_bytes() == PNG


def test_prune_removes_old_entries_file_by_file_and_nothing_else(out: tuple[Path, int]) -> None:
    long_ago = time.time() - 3 * 24 * 3600
    old = file_entry(out, job(title="Old"))
    used = file_entry(out, job())
    charts = out[0] / ".cache" / "charts"
    planted = charts / ("f" * 32)  # named like an entry, holding a user's file
    planted.mkdir()
    (planted / "notes.txt").write_text("mine")
    linked = charts / ("e" * 32)
    linked.symlink_to(out[0].parent)
    for folder in (old, used, planted):
        os.utime(folder, (long_ago, long_ago))
    cache = new_cache(out)
    assert cache.get(job()) is not None  # marks the entry as used by this build
    cache.prune()
    assert not old.exists()
    assert used.exists()
    assert (planted / "notes.txt").read_text() == "mine"
    assert linked.is_symlink() and out[0].parent.is_dir()
