"""Loading a spec file: read, parse, validate, check, in one call that reports everything."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reportgen.charts.datasets import Table
from reportgen.errors import Problem, SpecError, display_path
from reportgen.spec.checks import check_spec
from reportgen.spec.models import Spec
from reportgen.spec.source import Located, YamlProblem, decode, parse_yaml
from reportgen.spec.validate import validate_spec

MAX_SPEC_BYTES = 5 * 1024 * 1024
"""Largest spec file accepted."""


@dataclass(frozen=True)
class LoadedSpec:
    """A valid spec with where it came from, its datasets and its warnings."""

    spec: Spec
    """The validated model."""
    path: Path
    """The spec file, absolute."""
    root: Path
    """The spec's folder: relative paths resolve against it."""
    located: Located
    """Plain values with node positions."""
    tables: dict[str, Table]
    """Each dataset as a typed table."""
    warnings: list[Problem] = field(default_factory=list)
    """Problems that do not stop a build."""
    source_bytes: bytes = b""
    """The spec file's bytes (for cache keys)."""


def load_spec(path: Path, *, strict: bool = False) -> LoadedSpec:
    """Load and fully check a spec file; raises SpecError with every problem found.

    With `strict`, warnings count as errors.
    """
    shown = display_path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SpecError([Problem(shown, 0, 0, "", "no such file")]) from None
    except IsADirectoryError:
        raise SpecError([Problem(shown, 0, 0, "", "is a folder, not a spec file")]) from None
    except OSError as exc:
        raise SpecError([Problem(shown, 0, 0, "", f"cannot read: {exc.strerror}")]) from None
    if len(data) > MAX_SPEC_BYTES:
        raise SpecError(
            [
                Problem(
                    shown,
                    0,
                    0,
                    "",
                    f"the spec is {len(data):,} bytes; the limit is {MAX_SPEC_BYTES:,}",
                )
            ]
        )
    try:
        located = parse_yaml(decode(data))
    except YamlProblem as exc:
        dotted = ".".join(str(p) for p in exc.path)
        raise SpecError(
            [Problem(shown, exc.mark.line, exc.mark.col, dotted, exc.message)]
        ) from None
    if not isinstance(located.value, dict):
        kind = "a list" if isinstance(located.value, list) else f"{located.value!r}"
        raise SpecError(
            [
                Problem(
                    shown,
                    1,
                    1,
                    "",
                    f"expected a mapping with 'report' and 'authors' at the top but got {kind}",
                )
            ]
        )
    spec, problems = validate_spec(located, shown)
    checked = check_spec(located, shown, path.parent)
    problems += checked.problems
    if strict:
        problems += checked.warnings
    if problems or spec is None:
        raise SpecError(problems)
    return LoadedSpec(
        spec, path.resolve(), path.parent.resolve(), located, checked.tables, checked.warnings, data
    )
