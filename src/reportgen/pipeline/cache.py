"""A content-keyed cache of drawn charts: unchanged charts are not drawn again.

The key hashes everything that affects a chart's bytes: its definition and data, the
theme with the contents of its font files, the image options, the versions of the
libraries that draw and encode it, and the source of reportgen's own drawing code.

An entry is `OUT/.cache/charts/<key>/`: the chart's files and a `result.json` naming
each by a bare file name with its size and sha256. The cache is input like any other:
a copy restored by a CI job may have been tampered with. An entry is used only when
every file it must hold is a plain file (never a link, a FIFO or a device) in the
entry's own folder, with the recorded size and hash; anything else is a miss. A hit is
copied into the build's private staging folder, so the documents and `charts/` only
ever receive bytes this build drew or verified.

Entries are filed only by successful builds, and removed only file by file, by the
names reportgen gives them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import hashlib
import json
import math
import os
import re
import stat
import time
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import reportgen
from reportgen import __version__
from reportgen.charts.job import ChartJob, ChartResult, variants
from reportgen.core.files import (
    open_regular,
    read_regular,
    sha256_bytes,
    sha256_file,
    write_new,
)

PRUNE_AFTER_SECONDS = 24 * 3600
"""Unused cache entries older than this are deleted after a successful build."""
CACHE_DIR = ".cache"
"""Folder under the output folder that holds the cache."""
CHARTS_DIR = "charts"
"""Folder under CACHE_DIR that holds the chart entries."""
RESULT_FILE = "result.json"
"""The record of one entry."""
MAX_RESULT_BYTES = 64 * 1024
"""Largest `result.json` read."""
MAX_CHART_FILE_BYTES = 256 * 1024 * 1024
"""Largest chart file read from the cache."""
FIELD_OF = {".png": "png", ".svg": "svg", ".pdf": "pdf", ".slide.png": "bare_png",
            ".bare.svg": "bare_svg"}
"""The ChartResult field of each file a chart drawing writes, by its name's ending."""
MAGIC = {"png": (b"\x89PNG\r\n\x1a\n",), "svg": (b"<?xml", b"<svg"), "pdf": (b"%PDF-",)}
"""How each kind of chart file begins."""
DRAWING_LIBRARIES = ("matplotlib", "pillow", "numpy", "fonttools", "contourpy", "kiwisolver",
                     "babel", "python-bidi", "arabic-reshaper")
"""Distributions whose versions can change a chart's bytes."""
DRAWING_CODE = ("theme.py", "fonts.py", "glyphs.py", "charts", "core", "data", "assets/fonts",
                "assets/labels")
"""Modules and folders of reportgen (code and shipped fonts) that can change a chart's bytes."""
_KEY = re.compile(r"^[0-9a-f]{32}$")
_ENTRY_FILE = re.compile(r"^[a-z0-9_]{1,64}(?:\.bare|\.slide)?\.(?:png|svg|pdf)$")
_DIRECTORY = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


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


@cache
def _content(path: str, size: int, mtime_ns: int, ctime_ns: int, inode: int) -> str:
    """The sha256 of a file, remembered while its size, times and inode stay the same (a
    write always changes the change time, which no one can set back)."""
    try:
        return sha256_file(path)[0]
    except OSError:
        return "unreadable"


def _font_content(path: Path) -> str:
    try:
        info = os.stat(path)
    except OSError:
        return "missing"
    return _content(str(path), info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


@cache
def _drawing_fingerprint() -> list[str]:
    """The versions of the drawing libraries and a hash of reportgen's drawing code."""
    return drawing_fingerprint(Path(reportgen.__file__).parent)


def drawing_fingerprint(package: Path) -> list[str]:
    """The versions of the drawing libraries and a hash of the drawing code in `package`
    (reportgen's source folder): a chart drawn by other code is never reused."""
    versions = [__version__]
    for name in DRAWING_LIBRARIES:
        try:
            versions.append(f"{name}={version(name)}")
        except PackageNotFoundError:
            versions.append(f"{name}=none")
    sources: list[Path] = []
    for name in DRAWING_CODE:
        found = package / name
        sources += sorted(p for p in found.rglob("*") if p.is_file() and "__pycache__" not in
                          p.parts) if found.is_dir() else [found]
    code = hashlib.sha256()
    for source in sources:
        code.update(source.relative_to(package).as_posix().encode() + b"\0")
        with contextlib.suppress(OSError):
            code.update(source.read_bytes())
    return [*versions, code.hexdigest(), *_matplotlibrc()]


def _matplotlibrc() -> list[str]:
    """The contents of the matplotlibrc files matplotlib would read (they change defaults)."""
    config = os.environ.get("MPLCONFIGDIR") or os.path.join(
        os.environ.get("XDG_CONFIG_HOME") or os.path.expanduser("~/.config"), "matplotlib")
    candidates = [os.environ.get("MATPLOTLIBRC", ""), "matplotlibrc",
                  os.path.join(config, "matplotlibrc")]
    found = []
    for candidate in filter(None, candidates):
        path = os.path.join(candidate, "matplotlibrc") if os.path.isdir(candidate) else candidate
        with contextlib.suppress(OSError):
            found.append(f"{path}={sha256_file(path)[0]}")
    return found


def job_key(job: ChartJob) -> str:
    """The cache key of a chart job (its output folder excluded)."""
    described = _jsonable(dataclasses.replace(job, out_dir=Path(".")))
    described["versions"] = _drawing_fingerprint()
    # A font file replaced under the same name must redraw the chart.
    described["font_files"] = [[str(p), _font_content(p)] for p in _font_paths(job)]
    blob = json.dumps(described, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(blob).hexdigest()[:32]


def expected_files(job: ChartJob) -> dict[str, str]:
    """The file each ChartResult field of a job must have: field -> bare file name."""
    return {FIELD_OF[f"{v.suffix}.{fmt}"]: f"{job.id}{v.suffix}.{fmt}"
            for v in variants(job) for fmt in v.formats}


def _open_folder(name: str, parent_fd: int) -> int:
    return os.open(name, _DIRECTORY, dir_fd=parent_fd)


class _Miss(Exception):
    """A cache entry that cannot be used."""


def _expect(ok: bool) -> None:
    if not ok:
        raise _Miss


def _read_file(name: str, folder_fd: int, size: int, digest: str) -> bytes:
    fd, info = open_regular(name, dir_fd=folder_fd)
    try:
        _expect(info.st_nlink == 1 and info.st_size == size <= MAX_CHART_FILE_BYTES)
        chunks, total = [], 0
        while total <= size and (chunk := os.read(fd, size + 1 - total)):
            chunks.append(chunk)
            total += len(chunk)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    _expect(len(data) == size and sha256_bytes(data) == digest)
    _expect(data.startswith(MAGIC[name.rsplit(".", 1)[1]]))
    return data


class ChartCache:
    """The chart cache of one output folder, as one build uses it.

    `out_fd` is the output folder (a descriptor, so that no link on the way is followed);
    `staging` is the build's private folder, where hits are copied and draws are made.
    """

    def __init__(self, out_fd: int, staging: Path) -> None:
        self.out_fd = out_fd
        self.staging = staging
        self.used: set[str] = set()
        """Keys this build looked up: spared by pruning."""
        self.filed: dict[str, Path] = {}
        """Entries this build drew, prepared in staging, filed by `adopt`."""

    # -- reading --------------------------------------------------------------------
    def _charts_fd(self) -> int:
        cache_fd = _open_folder(CACHE_DIR, self.out_fd)
        try:
            return _open_folder(CHARTS_DIR, cache_fd)
        finally:
            os.close(cache_fd)

    def _entry(self, key: str, wanted: dict[str, str]) -> tuple[float, dict[str, bytes]]:
        """The aspect and each wanted field's bytes of an entry; _Miss or OSError if unusable."""
        charts_fd = self._charts_fd()
        try:
            entry_fd = _open_folder(key, charts_fd)
            with contextlib.suppress(OSError):
                os.utime(key, dir_fd=charts_fd, follow_symlinks=False)  # spared by pruning
        finally:
            os.close(charts_fd)
        try:
            info = json.loads(read_regular(RESULT_FILE, limit=MAX_RESULT_BYTES, dir_fd=entry_fd))
            _expect(isinstance(info, dict) and info.get("key") == key)
            aspect, files = info.get("aspect"), info.get("files")
            _expect(isinstance(aspect, float) and math.isfinite(aspect) and aspect > 0)
            _expect(isinstance(files, dict))
            found = {}
            for field, name in wanted.items():
                record = files.get(field)
                _expect(isinstance(record, dict) and record.get("name") == name)
                size, digest = record.get("bytes"), record.get("sha256")
                _expect(isinstance(size, int) and isinstance(digest, str))
                found[field] = _read_file(name, entry_fd, size, digest)
            return aspect, found
        finally:
            os.close(entry_fd)

    def get(self, job: ChartJob) -> ChartResult | None:
        """The verified result of a job, copied into staging; None for a miss (whatever
        is wrong with the entry, or when it is absent)."""
        key = job_key(job)
        self.used.add(key)
        wanted = expected_files(job)
        try:
            aspect, found = self._entry(key, wanted)
        except (_Miss, OSError, ValueError, RecursionError):
            return None
        folder = self.folder(job)
        folder.mkdir(parents=True)
        for field, data in found.items():
            write_new(folder / wanted[field], data)
        fields: dict[str, Any] = {field: None for field in FIELD_OF.values()}
        fields.update({field: folder / wanted[field] for field in found})
        return ChartResult(job.id, aspect=aspect, **fields)

    # -- drawing and filing ---------------------------------------------------------
    def folder(self, job: ChartJob) -> Path:
        """The private folder (in staging) that holds a job's files during this build."""
        return self.staging / "figures" / job_key(job)

    def draw_folder(self, job: ChartJob) -> Path:
        """A new, empty private folder to draw a job into."""
        folder = self.folder(job)
        folder.mkdir(parents=True)
        return folder

    def keep(self, job: ChartJob, drawn: ChartResult) -> ChartResult:
        """Prepare an entry for a job just drawn (filed by `adopt` if the build succeeds)."""
        key = job_key(job)
        wanted = expected_files(job)
        entry = self.staging / "cache" / key
        entry.mkdir(parents=True)
        files = {}
        for field, name in wanted.items():
            path = getattr(drawn, field)
            if path is None or path != self.folder(job) / name:
                return drawn  # not what a drawing of this job writes: leave it uncached
            data = read_regular(path, limit=MAX_CHART_FILE_BYTES)
            write_new(entry / name, data)
            files[field] = {"name": name, "bytes": len(data), "sha256": sha256_bytes(data)}
        record = {"key": key, "aspect": float(drawn.aspect), "files": files}
        write_new(entry / RESULT_FILE, json.dumps(record, indent=1).encode())
        self.filed[key] = entry
        return drawn

    def adopt(self) -> list[str]:
        """File the entries this build drew into the cache; what could not be done, said."""
        if not self.filed:
            return []
        try:
            charts_fd = self._make_folders()
        except OSError as exc:
            return [f"chart cache not used: {exc.strerror or exc}"]
        notes = []
        try:
            for key, entry in self.filed.items():
                try:
                    _rename_entry(entry, key, charts_fd)
                except OSError as exc:
                    if exc.errno not in (errno.EEXIST, errno.ENOTEMPTY):
                        notes.append(f"chart cache entry {key} not filed: {exc.strerror}")
                        continue
                    if self._still_usable(key, charts_fd):
                        continue  # another build filed the same chart first
                    if _remove_entry(key, charts_fd):  # a damaged entry of reportgen's
                        with contextlib.suppress(OSError):
                            _rename_entry(entry, key, charts_fd)
        finally:
            os.close(charts_fd)
        self.filed.clear()
        return notes

    def _still_usable(self, key: str, charts_fd: int) -> bool:
        try:
            entry_fd = _open_folder(key, charts_fd)
        except OSError:
            return False
        try:
            info = json.loads(read_regular(RESULT_FILE, limit=MAX_RESULT_BYTES, dir_fd=entry_fd))
            for record in info["files"].values():
                name = record["name"]
                _expect(isinstance(name, str) and bool(_ENTRY_FILE.match(name)))
                _read_file(name, entry_fd, record["bytes"], record["sha256"])
        except (_Miss, OSError, ValueError, KeyError, TypeError, AttributeError):
            return False
        finally:
            os.close(entry_fd)
        return True

    def _make_folders(self) -> int:
        """The cache's charts folder (made if missing), never through a link."""
        fd = self.out_fd
        opened: list[int] = []
        try:
            for name in (CACHE_DIR, CHARTS_DIR):
                with contextlib.suppress(FileExistsError):
                    os.mkdir(name, dir_fd=fd)
                fd = _open_folder(name, fd)
                opened.append(fd)
        except BaseException:
            for held in opened:
                os.close(held)
            raise
        for held in opened[:-1]:
            os.close(held)
        return opened[-1]

    def prune(self, keep_seconds: float = PRUNE_AFTER_SECONDS) -> None:
        """Delete entries this build did not use and nobody used for a while.

        The grace period spares entries that a concurrent build (of another spec
        writing to the same folder) may be using right now. Only folders named like
        a key and holding nothing but reportgen's files are removed.
        """
        try:
            charts_fd = self._charts_fd()
        except OSError:
            return
        cutoff = time.time() - keep_seconds
        try:
            for name in os.listdir(charts_fd):
                if not _KEY.match(name) or name in self.used:
                    continue
                with contextlib.suppress(OSError):
                    info = os.stat(name, dir_fd=charts_fd, follow_symlinks=False)
                    if stat.S_ISDIR(info.st_mode) and info.st_mtime < cutoff:
                        _remove_entry(name, charts_fd)
        finally:
            os.close(charts_fd)


def _rename_entry(entry: Path, key: str, charts_fd: int) -> None:
    os.rename(entry, key, dst_dir_fd=charts_fd)


def _remove_entry(key: str, charts_fd: int) -> bool:
    """Remove an entry file by file; only if it holds nothing but reportgen's plain files."""
    try:
        entry_fd = _open_folder(key, charts_fd)
    except OSError:
        return False
    try:
        names = os.listdir(entry_fd)
        for name in names:
            info = os.stat(name, dir_fd=entry_fd, follow_symlinks=False)
            ours = name == RESULT_FILE or _ENTRY_FILE.match(name)
            if not (ours and stat.S_ISREG(info.st_mode) and info.st_uid == os.geteuid()):
                return False
        for name in names:
            os.unlink(name, dir_fd=entry_fd)
    except OSError:
        return False
    finally:
        os.close(entry_fd)
    try:
        os.rmdir(key, dir_fd=charts_fd)
    except OSError:
        return False
    return True

