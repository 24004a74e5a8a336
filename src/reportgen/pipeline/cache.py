"""A content-keyed cache of drawn charts: unchanged charts are not drawn again.

The key hashes everything that affects a chart's files: its definition, its data,
the theme, the image options and the versions of reportgen and matplotlib. Entries
are written atomically; an unreadable entry counts as a miss.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import shutil
import time
from importlib.metadata import version
from pathlib import Path
from typing import Any

from reportgen import __version__
from reportgen.charts.job import ChartJob, ChartResult, drawing_code_digest

PRUNE_AFTER_SECONDS = 24 * 3600
"""Unused cache entries older than this are deleted after a successful build."""
FILE_FIELDS = ("png", "svg", "pdf", "bare_png", "bare_svg")
"""The ChartResult fields that name files."""
CACHE_DIR = ".cache"
"""Folder under the output folder that holds the cache."""


def _jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, Path):
        return str(value)
    return value


def _font_paths(job: ChartJob) -> list[Path]:
    theme = job.theme
    families = (theme.heading_font, theme.body_font)
    return sorted({p for f in families for p in (f.regular, f.bold, f.italic, f.bold_italic)})


def _stamp(path: Path) -> list[object]:
    try:
        info = path.stat()
    except OSError:
        return [str(path)]
    return [str(path), info.st_size, info.st_mtime_ns]


def job_key(job: ChartJob) -> str:
    """The cache key of a chart job (its output folder excluded)."""
    described = _jsonable(dataclasses.replace(job, out_dir=Path(".")))
    described["versions"] = [__version__, drawing_code_digest(), version("matplotlib")]
    # A font file replaced under the same name must redraw the chart.
    described["font_files"] = [_stamp(path) for path in _font_paths(job)]
    blob = json.dumps(described, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(blob).hexdigest()[:32]


class ChartCache:
    """Chart files kept under `root/<key>/`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.used: set[str] = set()

    def prune(self, keep_seconds: float = PRUNE_AFTER_SECONDS) -> None:
        """Delete entries this build did not use and nobody used for a while.

        The grace period spares entries that a concurrent build (of another spec
        writing to the same folder) may be using right now.
        """
        if not self.root.is_dir():
            return
        cutoff = time.time() - keep_seconds
        for entry in self.root.iterdir():
            if entry.name in self.used or entry.name.startswith("."):
                continue
            with contextlib.suppress(OSError):
                if entry.is_dir() and entry.stat().st_mtime < cutoff:
                    shutil.rmtree(entry)

    def folder(self, job: ChartJob) -> Path:
        """Where the files of this job live (or will)."""
        return self.root / job_key(job)

    def get(self, job: ChartJob) -> ChartResult | None:
        """The cached result of a job, or None (also for a damaged entry)."""
        folder = self.folder(job)
        self.used.add(folder.name)
        with contextlib.suppress(OSError):
            os.utime(folder)  # recently used: spared by other builds' pruning
        try:
            info = json.loads((folder / "result.json").read_text())
            files = {k: folder / info[k] if info[k] else None for k in FILE_FIELDS}
            result = ChartResult(job.id, aspect=float(info["aspect"]), **files)
        except (OSError, ValueError, KeyError, TypeError):
            return None
        files = [getattr(result, k) for k in FILE_FIELDS]
        if all(f is None or f.is_file() for f in files):
            return result
        return None

    def staging_of(self, job: ChartJob) -> Path:
        """The private folder this process draws a job into."""
        return self.root / f".{job_key(job)}.{os.getpid()}.tmp"

    def staging(self, job: ChartJob) -> Path:
        """An empty private folder to draw a job into, before `adopt` files it."""
        folder = self.staging_of(job)
        with contextlib.suppress(FileNotFoundError):
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        return folder

    def adopt(self, job: ChartJob, drawn: ChartResult) -> ChartResult:
        """Move a drawn result into the cache (atomically) and return it from there."""
        info: dict[str, object] = {
            k: getattr(drawn, k).name if getattr(drawn, k) else None for k in FILE_FIELDS
        }
        info["aspect"] = drawn.aspect
        staging = self.staging_of(job)
        (staging / "result.json").write_text(json.dumps(info))
        final = self.folder(job)
        with contextlib.suppress(FileNotFoundError):
            if self.get(job) is None:  # a damaged entry: replace it
                shutil.rmtree(final)
        try:
            os.rename(staging, final)
        except OSError:  # another build filed the same chart first: use theirs
            shutil.rmtree(staging, ignore_errors=True)
        result = self.get(job)
        if result is None:
            raise OSError(f"chart cache entry {final} could not be written")
        return result
