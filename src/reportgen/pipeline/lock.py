"""Locks that make builds into one output folder queue instead of mixing their outputs.

A lock is `fcntl.flock` on a file reportgen creates in the output folder (opened without
following a link). Builds of one report (one basename) hold the report's lock for the
whole build; every build holds the folder's lock while it publishes, because reports
sharing a folder check each other's manifests then. The kernel releases a lock when its
holder dies, so a killed build never leaves a folder locked.

A lock file is removed by its holder when done. A waiter that then gets the lock checks
that the file it locked is still the one at that name, and starts over if not, so a
removed lock file never lets two builds in at once. The report's lock file also holds
the report's journal (see folder.py).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import stat
import time
from collections.abc import Callable
from pathlib import Path

from reportgen.core.files import default_file_mode
from reportgen.errors import BuildError, display_path

LOCK_TIMEOUT_SECONDS = 600.0
"""How long a build waits for another build of the same report in the same folder."""
POLL_SECONDS = (0.05, 0.1, 0.2, 0.4)
"""Pauses between attempts to take a lock (the last one repeats)."""
JOURNAL_LIMIT = 1024 * 1024
"""Largest journal read from a lock file."""


def report_lock_name(basename: str) -> str:
    """The lock file of one report's builds in its output folder."""
    return f".reportgen-{basename}.lock"


FOLDER_LOCK_NAME = ".reportgen.lock"
"""The lock file held while a build publishes into a folder."""


class Lock:
    """A held lock on a file in a folder (by descriptor)."""

    def __init__(self, folder_fd: int, folder: Path, name: str, fd: int) -> None:
        self.folder_fd = folder_fd
        self.folder = folder
        self.name = name
        self.fd = fd

    @classmethod
    def acquire(cls, folder_fd: int, folder: Path, name: str, *, timeout: float,
                waiting: Callable[[], None], gave_up: str) -> Lock:
        """Take the lock `name` in a folder, calling `waiting` once if it must wait.

        Raises BuildError with `gave_up` after `timeout` seconds, or for a lock file
        reportgen cannot use (a link, another user's file). FileNotFoundError when the
        folder is gone.
        """
        deadline = time.monotonic() + timeout
        attempt = 0
        while True:
            fd = _open(folder_fd, folder, name)
            try:
                if _try_lock(fd):
                    if _still_there(folder_fd, name, fd):
                        _check_ours(fd, folder, name)
                        return cls(folder_fd, folder, name, fd)
                    os.close(fd)  # its holder removed it: start over on the new one
                    continue
            except BaseException:
                os.close(fd)
                raise
            os.close(fd)
            if attempt == 0:
                waiting()
            if time.monotonic() >= deadline:
                raise BuildError(gave_up)
            time.sleep(POLL_SECONDS[min(attempt, len(POLL_SECONDS) - 1)])
            attempt += 1

    def read(self) -> bytes:
        """What the lock file holds (the journal), at most JOURNAL_LIMIT bytes."""
        return os.pread(self.fd, JOURNAL_LIMIT, 0)

    def write(self, data: bytes, *, durable: bool) -> None:
        """Replace what the lock file holds."""
        os.ftruncate(self.fd, 0)
        view, offset = memoryview(data), 0
        while offset < len(data):
            offset += os.pwrite(self.fd, view[offset:], offset)
        if durable:
            os.fsync(self.fd)

    def release(self, *, remove: bool) -> None:
        """Let the next build in; with `remove`, delete the lock file first."""
        if remove and _still_there(self.folder_fd, self.name, self.fd):
            with contextlib.suppress(OSError):
                os.unlink(self.name, dir_fd=self.folder_fd)
        os.close(self.fd)  # closing releases the flock


def _open(folder_fd: int, folder: Path, name: str) -> int:
    flags = os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    try:
        try:
            return os.open(name, flags | os.O_RDWR, default_file_mode(), dir_fd=folder_fd)
        except PermissionError:  # another user's lock file: wait on it all the same
            return os.open(name, flags | os.O_RDONLY, dir_fd=folder_fd)
    except OSError as exc:
        if exc.errno == errno.ENOENT:
            raise
        if exc.errno == errno.ELOOP:
            raise BuildError(f"{display_path(folder / name)} is a symbolic link, not a lock "
                             "file reportgen made; remove it") from None
        raise BuildError(f"cannot open the lock file {display_path(folder / name)}: "
                         f"{exc.strerror}") from None


def _try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _still_there(folder_fd: int, name: str, fd: int) -> bool:
    try:
        named = os.stat(name, dir_fd=folder_fd, follow_symlinks=False)
    except FileNotFoundError:
        return False
    held = os.fstat(fd)
    return (named.st_dev, named.st_ino) == (held.st_dev, held.st_ino)


def _check_ours(fd: int, folder: Path, name: str) -> None:
    info = os.fstat(fd)
    writable = fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE == os.O_RDWR
    if not stat.S_ISREG(info.st_mode) or info.st_nlink != 1:
        raise BuildError(f"{display_path(folder / name)} is not a lock file reportgen made "
                         "(not a plain file, or linked elsewhere); remove it")
    if info.st_uid != os.geteuid() or not writable:
        raise BuildError(f"{display_path(folder / name)} was left by another user's build; "
                         "remove it once no build is running")

