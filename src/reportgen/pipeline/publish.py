"""Publishing: the staged outputs moved into place at once, after checking each is ours to write.

Before anything is replaced, every output is checked against the manifests in the
output folder:

- a file that another report's manifest lists is never written (the error names both);
- a link, a folder or a device where an output goes is never replaced or followed;
- an existing file is replaced only when this report's records (its manifest, the
  journal of a build cut short, or the hidden manifest of reportgen 0.1) list it, or
  when the new bytes are the same (then it is left as it is, time stamp included);
- a complete build deletes an output the report no longer produces only if it is a
  name reportgen gives this report's outputs and its bytes still have the recorded
  sha256: anything else the manifest names is left alone.

The renames run back to back with Ctrl-C and SIGTERM held, outputs first, the
manifest last; the journal records the new hashes before the first rename.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.core.files import read_regular, sha256_file, write_new
from reportgen.errors import BuildError, display_path
from reportgen.pipeline.cache import ChartCache
from reportgen.pipeline.folder import OutputFolder, Say
from reportgen.pipeline.held import signals_held
from reportgen.pipeline.lock import FOLDER_LOCK_NAME, Lock
from reportgen.pipeline.manifest import (
    CHARTS_FOLDER,
    MANIFEST_SUFFIX,
    MAX_MANIFEST_BYTES,
    BuildManifest,
    FileRecord,
    is_output_name,
    legacy_manifest_name,
    manifest_name,
    parse,
    parse_legacy,
)

Finish = Callable[[tuple[FileRecord, ...]], BuildManifest]
"""Makes the manifest once the outputs' records are known."""


@dataclass
class Ownership:
    """Who wrote what in an output folder, as its manifests and the report's journal say."""

    basename: str
    """The report being built."""
    previous: BuildManifest | None = None
    """The report's last manifest."""
    legacy: list[str] | None = None
    """The names in the report's hidden reportgen 0.1 manifest (no hashes)."""
    pending: dict[str, str] = field(default_factory=dict)
    """Outputs of a publish that was cut short (path -> sha256)."""
    claims: dict[str, list[str]] = field(default_factory=dict)
    """Each path other reports' manifests list, and the manifests listing it."""

    def hashes(self, path: str) -> set[str]:
        """Every sha256 this report's records give a path."""
        found = {self.pending[path]} if path in self.pending else set()
        record = self.previous.output(path) if self.previous else None
        if record is not None:
            found.add(record.sha256)
        return found

    def knows(self, path: str) -> bool:
        """True when this report's records list a path (with or without a hash)."""
        return bool(self.hashes(path)) or path in (self.legacy or [])

    def recorded_paths(self) -> set[str]:
        """Every path this report's records give a hash."""
        previous = {r.path for r in self.previous.outputs} if self.previous else set()
        return previous | set(self.pending)


def read_ownership(folder: OutputFolder) -> Ownership:
    """Read every manifest in the output folder (malformed ones count as absent)."""
    found = Ownership(folder.basename, pending=dict(folder.journal.pending))
    claims: dict[str, list[str]] = defaultdict(list)
    for entry in sorted(os.listdir(folder.fd)):
        if not entry.endswith(MANIFEST_SUFFIX):
            continue
        legacy = entry.startswith(".")
        report = entry[1 if legacy else 0: -len(MANIFEST_SUFFIX)]
        if not report:
            continue
        try:
            data = read_regular(entry, limit=MAX_MANIFEST_BYTES, dir_fd=folder.fd)
        except OSError:
            continue
        if legacy:
            names = parse_legacy(data)
            paths = names or []
        else:
            manifest = parse(data)
            paths = [record.path for record in manifest.outputs] if manifest else []
        if report == folder.basename:
            if legacy:
                found.legacy = names
            else:
                found.previous = manifest
        else:
            for path in paths:
                claims[path].append(entry)
    found.claims = dict(claims)
    return found


def _split(path: str) -> tuple[bool, str]:
    """Whether an output path is in `charts/`, and its name there."""
    if path.startswith(f"{CHARTS_FOLDER}/"):
        return True, path[len(CHARTS_FOLDER) + 1:]
    return False, path


def _claimed(folder: OutputFolder, path: str, manifests: list[str]) -> BuildError:
    others = ", ".join(f"report {m[: -len(MANIFEST_SUFFIX)].lstrip('.')!r} ({m})"
                       for m in manifests)
    return BuildError(
        f"cannot write {display_path(folder.path / path)} for report {folder.basename!r}: "
        f"it belongs to {others} in the same folder. Give the chart (or the report) "
        "another name, or build the reports into different folders; nothing was replaced")


def _state(parent_fd: int | None, name: str, folder: OutputFolder,
           path: str) -> os.stat_result | None:
    """The status of what is at an output's place (None if nothing); BuildError for anything
    reportgen never replaces: a link, a folder, a device."""
    if parent_fd is None:
        return None
    try:
        info = os.stat(name, dir_fd=parent_fd, follow_symlinks=False)
    except FileNotFoundError:
        return None
    shown = display_path(folder.path / path)
    if stat.S_ISLNK(info.st_mode):
        raise BuildError(f"cannot publish {shown}: it is a symbolic link that reportgen did not "
                         "make (reportgen never writes through links); remove it")
    if stat.S_ISDIR(info.st_mode):
        raise BuildError(f"cannot publish {shown}: a folder of that name is in the way; "
                         "nothing was replaced")
    if not stat.S_ISREG(info.st_mode):
        raise BuildError(f"cannot publish {shown}: it is not a plain file; remove it")
    return info


def check_targets(folder: OutputFolder, ownership: Ownership, targets: list[str]) -> None:
    """Refuse, before anything is drawn, outputs another report owns or a link or folder
    stands in the place of."""
    for path in targets:
        if path in ownership.claims:
            raise _claimed(folder, path, ownership.claims[path])
    charts_fd = folder.charts_fd(create=False)
    try:
        for path in [*targets, manifest_name(folder.basename)]:
            in_charts, name = _split(path)
            _state(charts_fd if in_charts else folder.fd, name, folder, path)
    finally:
        if charts_fd is not None:
            os.close(charts_fd)


@dataclass
class _Move:
    path: str
    source: Path
    parent_fd: int
    name: str


def publish(
    folder: OutputFolder,
    staged: dict[str, Path],
    *,
    complete: bool,
    finish: Finish,
    cache: ChartCache,
    timeout: float,
    say: Say,
    verbose: Say,
) -> BuildManifest:
    """Move the staged outputs (output path -> staged file) into place; write the manifest.

    A `complete` build also deletes what the report's last build published and this one
    no longer produces. Returns the manifest written.
    """
    shown = display_path(folder.path)
    lock = Lock.acquire(
        folder.fd, folder.path, FOLDER_LOCK_NAME, timeout=timeout,
        waiting=lambda: say(f"waiting for another build publishing into {shown}"),
        gave_up=f"another build was still publishing into {shown} after {timeout:.0f} s; "
                "gave up waiting")
    charts_fd = None
    try:
        ownership = read_ownership(folder)
        wants_charts = any(_split(path)[0] for path in staged)
        charts_fd = folder.charts_fd(create=wants_charts)
        moves, records = _plan_moves(folder, ownership, staged, charts_fd)
        if complete:
            removals, left = _plan_removals(folder, ownership, staged, charts_fd)
        else:
            removals, left = [], []
            records += _still_published(folder, ownership, staged, charts_fd)
        for path in left:
            verbose(f"left {display_path(folder.path / path)} alone: it changed since "
                    "reportgen wrote it")
        manifest = finish(tuple(sorted(records, key=lambda r: r.path)))
        manifest_file = folder.staging / manifest_name(folder.basename)
        write_new(manifest_file, manifest.to_json(), durable=True)
        for move in moves:
            _durable(move.source)
        folder.journal.pending.update({m.path: r.sha256 for m, r in _paired(moves, records)})
        folder.write_journal(durable=True)
        with signals_held():
            _rename_all(folder, moves)
            for parent_fd, name, path in removals:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(name, dir_fd=parent_fd)
                verbose(f"removed {display_path(folder.path / path)} (no longer produced)")
            os.replace(manifest_file, manifest_name(folder.basename), dst_dir_fd=folder.fd)
            for fd in (charts_fd, folder.fd):
                if fd is not None:
                    os.fsync(fd)
            if ownership.legacy is not None:
                with contextlib.suppress(OSError):
                    os.unlink(legacy_manifest_name(folder.basename), dir_fd=folder.fd)
            folder.journal.pending.clear()
            folder.write_journal(durable=False)
        for note in cache.adopt():
            verbose(note)
        cache.prune()
        return manifest
    finally:
        if charts_fd is not None:
            os.close(charts_fd)
        lock.release(remove=True)


def _paired(moves: list[_Move], records: list[FileRecord]) -> Iterator[tuple[_Move, FileRecord]]:
    by_path = {record.path: record for record in records}
    for move in moves:
        yield move, by_path[move.path]


def _plan_moves(folder: OutputFolder, ownership: Ownership, staged: dict[str, Path],
                charts_fd: int | None) -> tuple[list[_Move], list[FileRecord]]:
    """What to rename, and the record of every output; BuildError if one is not ours."""
    moves, records = [], []
    for path, source in staged.items():
        if path in ownership.claims:
            raise _claimed(folder, path, ownership.claims[path])
        digest, size = sha256_file(source)
        records.append(FileRecord(path, digest, size))
        in_charts, name = _split(path)
        parent_fd = charts_fd if in_charts else folder.fd
        assert parent_fd is not None
        if _state(parent_fd, name, folder, path) is not None:
            if sha256_file(name, dir_fd=parent_fd)[0] == digest:
                continue  # the same bytes: leave the file (and its time stamp) alone
            if not ownership.knows(path):
                raise BuildError(
                    f"cannot publish {display_path(folder.path / path)}: a file of that name "
                    f"exists and no reportgen build of {folder.basename!r} recorded writing "
                    f"it (no {manifest_name(folder.basename)} lists it). Move it away or "
                    "delete it, then build again; nothing was replaced")
        moves.append(_Move(path, source, parent_fd, name))
    return moves, records


def _matches(parent_fd: int | None, name: str, hashes: set[str]) -> bool:
    if parent_fd is None or not hashes:
        return False
    try:
        return sha256_file(name, dir_fd=parent_fd)[0] in hashes
    except OSError:  # gone, a link, not a plain file: not what reportgen wrote
        return False


def _earlier_outputs(folder: OutputFolder, ownership: Ownership, staged: dict[str, Path],
                     charts_fd: int | None) -> Iterator[tuple[str, int, str]]:
    """Outputs the last build recorded that this one does not write and no other report
    claims, with the folder each lies in: (path, folder fd, file name)."""
    for path in sorted(ownership.recorded_paths() - set(staged)):
        if not is_output_name(path, folder.basename) or path in ownership.claims:
            continue
        in_charts, name = _split(path)
        parent_fd = charts_fd if in_charts else folder.fd
        if parent_fd is not None:
            yield path, parent_fd, name


def _plan_removals(folder: OutputFolder, ownership: Ownership, staged: dict[str, Path],
                   charts_fd: int | None) -> tuple[list[tuple[int, str, str]], list[str]]:
    """Outputs of the last build no longer produced, still as written: (folder fd, name,
    path) to delete; and the paths left alone because they changed."""
    removals, left = [], []
    for path, parent_fd, name in _earlier_outputs(folder, ownership, staged, charts_fd):
        if _matches(parent_fd, name, ownership.hashes(path)):
            removals.append((parent_fd, name, path))
        elif os.path.lexists(folder.path / path):
            left.append(path)
    return removals, left


def _still_published(folder: OutputFolder, ownership: Ownership, staged: dict[str, Path],
                     charts_fd: int | None) -> list[FileRecord]:
    """For a partial build: the records of earlier outputs still in place as written."""
    kept = []
    for path, parent_fd, name in _earlier_outputs(folder, ownership, staged, charts_fd):
        try:
            digest, size = sha256_file(name, dir_fd=parent_fd)
        except OSError:
            continue
        if digest in ownership.hashes(path):
            kept.append(FileRecord(path, digest, size))
    return kept


def _durable(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _rename_all(folder: OutputFolder, moves: list[_Move]) -> None:
    done: list[str] = []
    try:
        for move in moves:
            os.replace(move.source, move.name, dst_dir_fd=move.parent_fd)
            done.append(move.path)
    except OSError as exc:
        replaced = ", ".join(done) or "nothing"
        raise BuildError(f"cannot publish {display_path(folder.path / move.path)}: "
                         f"{exc.strerror} (already replaced: {replaced})") from None
