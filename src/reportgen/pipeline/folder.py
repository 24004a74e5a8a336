"""One build's hold on its output folder: made if missing, locked, with a private staging folder.

Everything a build writes before it publishes goes into one staging folder, created
exclusively with a random name (`.reportgen-NAME.<random>.tmp`, mode 0700) inside the
output folder, so that the final renames stay on one file system. Its name is recorded
in the report's journal (the content of the report's lock file) before it is made. So a
build killed at any moment leaves nothing that the next build of the report cannot
prove is its own: that build, holding the lock, removes the staging folder the journal
names, and nothing else.

The journal also records, while a build renames its outputs into place, the hash of
each new output; a build killed between those renames and the new manifest leaves
files that the next build still recognises as the report's own.

An output folder that a failed build created is removed again if it is empty.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.core.files import TEMP_PREFIX, TEMP_SUFFIX, is_temp_name, temp_name
from reportgen.errors import BuildError, display_path
from reportgen.pipeline.held import signals_held
from reportgen.pipeline.lock import Lock, report_lock_name
from reportgen.pipeline.manifest import CHARTS_FOLDER, is_output_name

Say = Callable[[str], None]

ATTEMPTS = 20
"""Tries to open and lock the folder while other builds create or remove it."""
_DIRECTORY = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass
class Journal:
    """What a report's build in progress has put in its output folder (kept in its lock file)."""

    staging: str | None = None
    """The name of the build's staging folder."""
    pending: dict[str, str] = field(default_factory=dict)
    """Outputs being renamed into place (path -> sha256), until the manifest records them."""

    def to_bytes(self) -> bytes:
        """The journal as stored."""
        return json.dumps({"staging": self.staging, "pending": self.pending}).encode()

    @classmethod
    def parse(cls, data: bytes, basename: str) -> Journal:
        """A journal read back; whatever is not exactly what reportgen writes is dropped."""
        try:
            raw = json.loads(data.decode("utf-8")) if data else {}
        except (ValueError, UnicodeDecodeError, RecursionError):
            return cls()
        if not isinstance(raw, dict):
            return cls()
        staging = raw.get("staging")
        if not (isinstance(staging, str) and is_staging_name(staging, basename)):
            staging = None
        pending = raw.get("pending")
        kept = {}
        if isinstance(pending, dict):
            kept = {path: digest for path, digest in pending.items()
                    if isinstance(digest, str) and _SHA256.match(digest)
                    and is_output_name(path, basename)}
        return cls(staging, kept)


def is_staging_name(name: str, basename: str) -> bool:
    """True for a name `temp_name(basename)` gives: a staging folder of this report."""
    return (is_temp_name(name) and "/" not in name
            and name.startswith(f"{TEMP_PREFIX}{basename[:60]}.")
            and re.fullmatch(r"[0-9a-f]{16}", name[len(TEMP_PREFIX) + len(basename[:60]) + 1:
                                                  -len(TEMP_SUFFIX)]) is not None)


class OutputFolder:
    """A locked output folder and the private staging folder of one build in it."""

    def __init__(self, path: Path, basename: str, fd: int, created: list[Path], lock: Lock,
                 journal: Journal) -> None:
        self.path = path
        """The output folder (absolute, resolved)."""
        self.basename = basename
        """The report's basename."""
        self.fd = fd
        """A descriptor of the output folder: every file in it is reached through this."""
        self.created = created
        """Folders this build made, outermost first."""
        self.lock = lock
        """The report's lock, held for the whole build."""
        self.journal = journal
        """The report's journal."""
        self.made_charts = False
        """True once this build made `charts/`."""

    @property
    def staging(self) -> Path:
        """The build's private staging folder."""
        assert self.journal.staging is not None
        return self.path / self.journal.staging

    @classmethod
    @contextlib.contextmanager
    def open(cls, path: Path, basename: str, *, timeout: float, say: Say,
             verbose: Say) -> Iterator[OutputFolder]:
        """Hold the output folder for one build of a report (see the module's docstring)."""
        folder = cls._enter(path, basename, timeout, say, verbose)
        try:
            folder._make_staging()
            yield folder
        except BaseException:
            folder._leave(failed=True)
            raise
        folder._leave(failed=False)

    @classmethod
    def _enter(cls, path: Path, basename: str, timeout: float, say: Say,
               verbose: Say) -> OutputFolder:
        shown = display_path(path)
        for _ in range(ATTEMPTS):
            created = _make_folders(path)
            try:
                fd = os.open(path, _DIRECTORY)
            except FileNotFoundError:
                continue  # a failed build of another report removed it just now
            except OSError as exc:
                _remove_if_empty(created)
                raise BuildError(f"cannot use the output folder {shown}: {exc.strerror}") from None
            try:
                lock = Lock.acquire(
                    fd, path, report_lock_name(basename), timeout=timeout,
                    waiting=lambda: say(f"waiting for another build of {basename} in {shown}"),
                    gave_up=f"another build of {basename} in {shown} was still running after "
                            f"{timeout:.0f} s; gave up waiting")
            except FileNotFoundError:
                os.close(fd)
                continue
            except BaseException:
                os.close(fd)
                _remove_if_empty(created)
                raise
            break
        else:
            raise BuildError(f"cannot use the output folder {shown}: other builds keep "
                             "removing it")
        folder = cls(path, basename, fd, created, lock, Journal.parse(lock.read(), basename))
        try:
            with signals_held():
                folder._sweep(verbose)
        except BaseException:
            folder._leave(failed=True)
            raise
        return folder

    def _sweep(self, verbose: Say) -> None:
        """Remove the staging folder a killed build of this report left (the journal's)."""
        name = self.journal.staging
        self.journal.staging = None
        if name is None:
            return
        try:
            info = os.stat(name, dir_fd=self.fd, follow_symlinks=False)
        except FileNotFoundError:
            return
        if stat.S_ISDIR(info.st_mode) and info.st_uid == os.geteuid():
            shutil.rmtree(name, dir_fd=self.fd, ignore_errors=True)
            verbose(f"removed what an interrupted build left ({name})")

    def _make_staging(self) -> None:
        while True:
            self.journal.staging = temp_name(self.basename)
            self.write_journal(durable=False)  # recorded before it exists
            try:
                os.mkdir(self.journal.staging, 0o700, dir_fd=self.fd)
            except FileExistsError:
                continue
            return

    def write_journal(self, *, durable: bool) -> None:
        """Store the journal in the report's lock file."""
        self.lock.write(self.journal.to_bytes(), durable=durable)

    def charts_fd(self, *, create: bool) -> int | None:
        """A descriptor of `charts/` (made when `create`); None when it does not exist."""
        if create:
            try:
                os.mkdir(CHARTS_FOLDER, dir_fd=self.fd)
                self.made_charts = True
            except FileExistsError:
                pass
        try:
            return os.open(CHARTS_FOLDER, _DIRECTORY, dir_fd=self.fd)
        except FileNotFoundError:
            return None
        except OSError:
            raise BuildError(f"{display_path(self.path / CHARTS_FOLDER)} is not a folder "
                             "(a link or a file): reportgen writes chart images only into a "
                             "folder of its own; move it away") from None

    def _leave(self, *, failed: bool) -> None:
        with signals_held():  # a stop now would leave half a staging folder, unrecorded
            self._clean_up(failed=failed)

    def _clean_up(self, *, failed: bool) -> None:
        if self.journal.staging is not None:
            shutil.rmtree(self.journal.staging, dir_fd=self.fd, ignore_errors=True)
            self.journal.staging = None
        if self.journal.pending:  # a publish cut short: the next build needs the record
            with contextlib.suppress(OSError):
                self.write_journal(durable=True)
            self.lock.release(remove=False)
        else:
            self.lock.release(remove=True)
        if failed and self.made_charts:
            with contextlib.suppress(OSError):
                os.rmdir(CHARTS_FOLDER, dir_fd=self.fd)
        os.close(self.fd)
        if failed:
            _remove_if_empty(self.created)


def _make_folders(path: Path) -> list[Path]:
    """Make `path` and any missing parents; the folders this call made, outermost first."""
    missing = []
    for folder in (path, *path.parents):
        if os.path.lexists(folder):
            break
        missing.append(folder)
    created: list[Path] = []
    for folder in reversed(missing):
        try:
            folder.mkdir()
        except FileExistsError:
            continue
        except OSError as exc:
            _remove_if_empty(created)
            raise BuildError(f"cannot create the output folder {display_path(path)}: "
                             f"{exc.strerror}") from None
        created.append(folder)
    return created


def _remove_if_empty(created: list[Path]) -> None:
    """Remove folders this build made, innermost first, as long as they are empty."""
    for folder in reversed(created):
        try:
            os.rmdir(folder)
        except OSError:
            return
