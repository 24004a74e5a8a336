"""The one way a path a user wrote is turned into a file: inside a root folder, or refused.

Every path in a spec (a CSV, a photo, a logo, a font and the faces found beside it, a
deck template, the output folder) is relative to the spec's folder and may not leave it:
not as an absolute path, not through `..`, and not through a symbolic link whose target
lies outside. `resolve_inside` is the only place that rule is written.
"""

from __future__ import annotations

import re
from pathlib import Path

_DRIVE = re.compile(r"^[A-Za-z]:")
"""A Windows drive letter (`C:`), which makes a path absolute there."""


class PathRefused(ValueError):
    """A user's path that may not be used; its message says why, in the user's words."""


def resolve_inside(root: Path, value: str, *, what: str = "the spec's folder") -> Path:
    """`value` (relative to `root`) as an absolute path inside `root`, links followed.

    Raises PathRefused for an absolute path, a path that leads outside `root` (by `..`
    or a symbolic link), and a path the system cannot resolve (a link loop, a name too
    long). The file need not exist.
    """
    if not value:
        raise PathRefused("expected a path but got an empty string")
    if Path(value).is_absolute() or value.startswith(("/", "\\")) or _DRIVE.match(value):
        raise PathRefused(f"expected a path relative to {what} but got {value!r}")
    base = _real(root, value)
    full = _real(base / value, value)
    if not full.is_relative_to(base):
        raise PathRefused(f"the path {value!r} leads outside {what}")
    return full


def is_inside(root: Path, path: Path) -> bool:
    """Whether `path`, links followed, lies inside `root` (links followed)."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError, ValueError):  # a link loop: not a usable file anywhere
        return False


def _real(path: Path, value: str) -> Path:
    try:
        return path.resolve()
    except RuntimeError:  # Python before 3.13 reports a link loop this way
        raise PathRefused(f"the path {value!r} cannot be used: a symbolic link loop") from None
    except OSError as exc:  # e.g. a name too long for the file system
        raise PathRefused(f"the path {value!r} cannot be used: {exc.strerror}") from None
    except ValueError:  # a NUL character, which no file name can hold
        raise PathRefused(f"the path {value!r} cannot be used: it holds a NUL") from None
