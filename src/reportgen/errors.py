"""The two kinds of failure a user can cause, and the located problems they carry.

A `SpecError` is a user's mistake in the spec or a file it names (exit status 2).
A `BuildError` is a problem met while rendering that the user can fix (also exit 2).
Anything else raised during a build is a bug in reportgen and keeps its traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem in a spec: printed as `FILE:LINE:COL: key.path: message`."""

    file: str
    """The spec or data file the problem is in, as the user named it."""
    line: int
    """1-based line of the offending node (0 when unknown)."""
    col: int
    """1-based column of the offending node (0 when unknown)."""
    path: str
    """Dotted key path from the top of the spec, e.g. `charts[1].type` shown as `charts.1.type`."""
    message: str
    """What was expected and what arrived."""
    severity: Severity = field(default="error", compare=False)
    """`error` fails the build; `warning` is reported and (without --strict) does not."""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}" if self.line else self.file
        prefix = "warning: " if self.severity == "warning" else ""
        path = f"{self.path}: " if self.path else ""
        return f"{where}: {path}{prefix}{self.message}"


class ReportgenError(Exception):
    """Base of the errors a user can cause; printed without a traceback, exit status 2."""

    exit_code = 2


class SpecError(ReportgenError):
    """A spec (or a file it names) is invalid; carries every problem found at once."""

    def __init__(self, problems: list[Problem]) -> None:
        # Every problem here fails the build, so each is an error (a warning under --strict).
        failing = [replace(p, severity="error") for p in problems]
        self.problems = sorted(failing, key=lambda p: (p.file, p.line, p.col, p.path))
        super().__init__("\n".join(str(p) for p in self.problems))


class BuildError(ReportgenError):
    """Rendering failed for a reason the user can fix (named item and cause)."""


def display_path(path: Path) -> str:
    """A path as the user would recognise it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


class TemplateError(BuildError):
    """A pptx template is not a presentation, or lacks a layout or placeholder the deck needs."""
