"""Reading a spec file's bytes safely (no pydantic, no YAML: the no-change check uses it).

A FIFO, a device such as /dev/zero, a folder or a file that grows while it is read is
refused without waiting on it or reading more than the limit plus one byte.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import NoReturn

from reportgen.errors import Problem, SpecError

MAX_SPEC_BYTES = 5 * 1024 * 1024
"""Largest spec file accepted."""


def read_spec(path: Path, shown: str) -> bytes:
    """The bytes of a spec file: a regular file (links followed) of at most MAX_SPEC_BYTES.

    A FIFO, a device such as /dev/zero, a folder or a file that grows while it is read is
    refused without waiting on it or reading more than the limit plus one byte.
    """

    def refuse(message: str) -> NoReturn:
        raise SpecError([Problem(shown, 0, 0, "", message)])

    try:
        before = os.stat(path)
        if not stat.S_ISREG(before.st_mode):
            refuse(f"{_kind(before.st_mode)}, not a spec file")
        if before.st_size > MAX_SPEC_BYTES:
            refuse(_too_large(before.st_size))
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        refuse("no such file")
    except OSError as exc:
        refuse(f"cannot read: {exc.strerror}")
    with os.fdopen(fd, "rb") as file:
        opened = os.fstat(file.fileno())
        if not stat.S_ISREG(opened.st_mode) or (opened.st_dev, opened.st_ino) != (
            before.st_dev,
            before.st_ino,
        ):
            refuse("the file was replaced while it was opened; try again")
        try:
            data = file.read(MAX_SPEC_BYTES + 1)
        except OSError as exc:
            refuse(f"cannot read: {exc.strerror}")
    if len(data) > MAX_SPEC_BYTES:
        refuse(_too_large(len(data)))
    return data


def _too_large(size: int) -> str:
    more = "more than " if size == MAX_SPEC_BYTES + 1 else ""
    return f"the spec is {more}{size:,} bytes; the limit is {MAX_SPEC_BYTES:,}"


def _kind(mode: int) -> str:
    """What a file that is not a regular file is, in the user's words."""
    if stat.S_ISDIR(mode):
        return "is a folder"
    if stat.S_ISFIFO(mode):
        return "is a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device"
    if stat.S_ISSOCK(mode):
        return "is a socket"
    return "is not a regular file"
