"""The one way reportgen writes a file: whole or not at all, never through a planted link.

A file is written to a new temporary file beside its final name (created exclusively,
with a random name that starts with `TEMP_PREFIX`), flushed to disk, then renamed over
the final name. A rename replaces a symbolic link rather than following it, so a link
planted where an output goes cannot make reportgen write anywhere else.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

TEMP_PREFIX = ".reportgen-"
"""Start of every temporary name reportgen creates: nothing else is ever swept."""
TEMP_SUFFIX = ".tmp"
"""End of every temporary name reportgen creates."""


def new_temp(final: Path) -> Path:
    """A new, empty temporary file beside `final`, created exclusively (O_CREAT|O_EXCL)."""
    fd, name = tempfile.mkstemp(
        prefix=f"{TEMP_PREFIX}{final.name[:60]}.", suffix=TEMP_SUFFIX, dir=final.parent
    )
    os.close(fd)
    return Path(name)


def new_temp_dir(final: Path) -> Path:
    """A new, empty temporary folder beside `final` (created exclusively)."""
    return Path(
        tempfile.mkdtemp(
            prefix=f"{TEMP_PREFIX}{final.name[:60]}.", suffix=TEMP_SUFFIX, dir=final.parent
        )
    )


def is_temp_name(name: str) -> bool:
    """True for a name that only `new_temp` or `new_temp_dir` gives."""
    return name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX)


def flush_to_disk(path: Path) -> None:
    """Make a written file durable before it is renamed into place."""
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` atomically: readers see the old file or the new, never half."""
    temp = new_temp(path)
    try:
        with open(temp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise


def atomic_write_text(path: Path, text: str) -> None:
    """Write UTF-8 text to `path` atomically."""
    atomic_write(path, text.encode("utf-8"))
