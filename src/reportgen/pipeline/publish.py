"""Atomic publishing: every output is written under a temporary name, then moved into place.

Temporary names carry the writing process's id, so two builds into one folder never
share a file, and a later build can tell (and remove) what a killed build left.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

from reportgen.errors import BuildError

TEMP_PATTERN = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.tmp$")


def temp_path(final: Path) -> Path:
    """A temporary name beside `final`, unique to this process."""
    return final.with_name(f".{final.name}.{os.getpid()}.tmp")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_temps(folder: Path) -> None:
    """Delete temporary files and folders that builds no longer running left behind."""
    if not folder.is_dir():
        return
    for entry in folder.iterdir():
        match = TEMP_PATTERN.match(entry.name)
        if not match or _alive(int(match.group("pid"))):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                entry.unlink()


def same_bytes(a: Path, b: Path) -> bool:
    """True when both files exist with identical content."""
    if not (a.is_file() and b.is_file()) or a.stat().st_size != b.stat().st_size:
        return False
    return a.read_bytes() == b.read_bytes()


def _durable(temp: Path) -> None:
    with open(temp, "rb") as handle:
        os.fsync(handle.fileno())


class Staging:
    """The temporary files of one build; all are moved into place at once, or all removed."""

    def __init__(self) -> None:
        self.pending: list[tuple[Path, Path]] = []

    def path_for(self, final: Path) -> Path:
        """A temporary path that will become `final` on commit."""
        final.parent.mkdir(parents=True, exist_ok=True)
        temp = temp_path(final)
        self.pending.append((temp, final))
        return temp

    def commit(self) -> None:
        """Move every finished temporary file into place.

        All slow work (comparing, flushing to disk) happens first, so that the renames
        run back to back: a build killed now leaves either old or new files, each whole.
        An output identical to the one in place is not replaced (its time stamp stays).
        """
        blocked = [final for _, final in self.pending if final.is_dir()]
        if blocked:
            self.discard()
            raise BuildError(f"cannot publish {blocked[0]}: a folder of that name is in the way; "
                             "nothing was replaced")
        moves = []
        for temp, final in self.pending:
            if same_bytes(temp, final):
                temp.unlink()
            else:
                _durable(temp)
                moves.append((temp, final))
        done: list[Path] = []
        try:
            for temp, final in moves:
                os.replace(temp, final)
                done.append(final)
        except OSError as exc:
            self.discard()
            replaced = ", ".join(p.name for p in done) or "nothing"
            raise BuildError(f"cannot publish {exc.filename}: {exc.strerror} "
                             f"(already replaced: {replaced})") from None
        self.pending.clear()

    def discard(self) -> None:
        """Remove every temporary file (after a failure)."""
        for temp, _ in self.pending:
            with contextlib.suppress(OSError):
                temp.unlink()
        self.pending.clear()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Staging]:
        """Commit when the block finishes, discard when it raises (or is interrupted)."""
        try:
            yield self
        except BaseException:
            self.discard()
            raise
        self.commit()
