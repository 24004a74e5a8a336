"""The one way reportgen writes a file: whole or not at all, never through a planted link.

A file is written to a new temporary file beside its final name (created exclusively,
with a random name that starts with `TEMP_PREFIX`), flushed to disk, then renamed over
the final name. A rename replaces a symbolic link rather than following it, so a link
planted where an output goes cannot make reportgen write anywhere else. Files are read
the same careful way: a link, a FIFO or a device is never opened as if it were a file.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import secrets
import stat
import tempfile
from functools import cache
from pathlib import Path

TEMP_PREFIX = ".reportgen-"
"""Start of every temporary name reportgen creates: nothing else is ever swept."""
TEMP_SUFFIX = ".tmp"
"""End of every temporary name reportgen creates."""
NAME_IN_TEMP = 60
"""How much of the final name a temporary name keeps (so names stay under 255 bytes)."""
CHUNK = 1 << 20
"""Bytes read at a time when hashing a file."""

_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
_READ = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


class NotARegularFile(OSError):
    """A path that is a link, a folder, a FIFO or a device where a plain file was expected."""


class FileTooLarge(OSError):
    """A file larger than the caller accepts."""


@cache
def default_file_mode() -> int:
    """The mode a plain `open(path, "w")` would give a new file (0o666 less the umask)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def temp_name(final_name: str) -> str:
    """A random temporary name for a file that will become `final_name`."""
    return f"{TEMP_PREFIX}{final_name[:NAME_IN_TEMP]}.{secrets.token_hex(8)}{TEMP_SUFFIX}"


def is_temp_name(name: str) -> bool:
    """True for a name that only `new_temp` or `new_temp_dir` gives."""
    return name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX)


def _create(path: Path, dir_fd: int | None = None) -> int:
    """A descriptor of a new file at `path`; FileExistsError for anything there, links too."""
    fd = os.open(path, _NEW, 0o600, dir_fd=dir_fd)
    os.fchmod(fd, default_file_mode())
    return fd


def _write_all(fd: int, data: bytes, durable: bool) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
    if durable:
        os.fsync(fd)


def new_temp(final: Path) -> Path:
    """A new, empty temporary file beside `final`, created exclusively (O_CREAT|O_EXCL)."""
    while True:
        temp = final.with_name(temp_name(final.name))
        try:
            os.close(_create(temp))
        except FileExistsError:
            continue
        return temp


def new_temp_dir(final: Path) -> Path:
    """A new, empty temporary folder beside `final`, created exclusively, private (0700)."""
    return Path(
        tempfile.mkdtemp(
            prefix=f"{TEMP_PREFIX}{final.name[:NAME_IN_TEMP]}.", suffix=TEMP_SUFFIX,
            dir=final.parent,
        )
    )


def write_new(path: Path, data: bytes, *, durable: bool = False, dir_fd: int | None = None
              ) -> None:
    """Create the file `path` with `data`; FileExistsError if anything (a link too) is there."""
    fd = _create(path, dir_fd)
    try:
        _write_all(fd, data, durable)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(path, dir_fd=dir_fd)
        raise
    os.close(fd)


def copy_new(source: Path | str, path: Path, *, dir_fd: int | None = None) -> None:
    """Copy a plain file (see `open_regular`; `dir_fd` is the source's folder) to a new
    file at `path` (created as by `write_new`), in chunks."""
    source_fd, _ = open_regular(source, dir_fd=dir_fd)
    try:
        fd = _create(path)
        try:
            while chunk := os.read(source_fd, CHUNK):
                _write_all(fd, chunk, durable=False)
        except BaseException:
            os.close(fd)
            with contextlib.suppress(OSError):
                os.unlink(path)
            raise
        os.close(fd)
    finally:
        os.close(source_fd)


def atomic_write(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write `data` to `path` atomically: readers see the old file or the new, never half.

    `durable=False` skips flushing the file to disk, for a file that is made durable
    later, when it is published."""
    temp = new_temp(path)
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
        try:
            _write_all(fd, data, durable=durable)
        finally:
            os.close(fd)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise


def atomic_write_text(path: Path, text: str) -> None:
    """Write UTF-8 text to `path` atomically."""
    atomic_write(path, text.encode("utf-8"))


def open_regular(path: Path | str, *, dir_fd: int | None = None) -> tuple[int, os.stat_result]:
    """A read descriptor of a plain file and its status; NotARegularFile for anything else.

    The last component is never followed if it is a link, and a FIFO never blocks.
    """
    try:
        fd = os.open(path, _READ, dir_fd=dir_fd)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR):  # a link; under a non-folder
            raise NotARegularFile(exc.errno, "not a plain file", str(path)) from None
        raise
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise NotARegularFile(errno.EINVAL, "not a plain file", str(path))
    return fd, info


def read_regular(path: Path | str, *, limit: int, dir_fd: int | None = None) -> bytes:
    """The bytes of a plain file of at most `limit` bytes (see `open_regular`)."""
    fd, info = open_regular(path, dir_fd=dir_fd)
    try:
        if info.st_size > limit:
            raise FileTooLarge(errno.EFBIG, f"larger than {limit:,} bytes", str(path))
        chunks, size = [], 0
        while chunk := os.read(fd, min(CHUNK, limit + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise FileTooLarge(errno.EFBIG, f"larger than {limit:,} bytes", str(path))
        return b"".join(chunks)
    finally:
        os.close(fd)


def sha256_file(path: Path | str, *, dir_fd: int | None = None) -> tuple[str, int]:
    """The sha256 (hex) and size of a plain file's bytes (see `open_regular`)."""
    fd, _ = open_regular(path, dir_fd=dir_fd)
    digest, size = hashlib.sha256(), 0
    try:
        while chunk := os.read(fd, CHUNK):
            digest.update(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    return digest.hexdigest(), size


def sha256_bytes(data: bytes) -> str:
    """The sha256 (hex) of some bytes."""
    return hashlib.sha256(data).hexdigest()
