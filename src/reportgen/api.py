"""The Python API: build a report (one variant of a parameterized spec) without a subprocess.

For orchestrators such as Dagster, Prefect or Airflow, which call reportgen once per
variant from their own tasks:

    import reportgen

    manifest = reportgen.build("report.yaml", params={"country": "Georgia", "year": 2023},
                               out="dist/georgia-2023")
    print([output.path for output in manifest.outputs])

A user's mistake raises `reportgen.SpecError` (its `problems` are located, as the
command line prints them) or `reportgen.BuildError`; anything else is a bug.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reportgen.pipeline.manifest import BuildManifest
    from reportgen.spec.loader import LoadedSpec


def build(
    spec_path: str | PathLike[str],
    *,
    params: Mapping[str, Any] | None = None,
    out: str | PathLike[str] | None = None,
    only: Iterable[str] | None = None,
    strict: bool = False,
    force: bool = False,
) -> BuildManifest:
    """Build a spec as `reportgen build` does; the build manifest (also written to
    `OUT/NAME.manifest.json`).

    `params` are values for the spec's params, by name: text (read as `-P` reads it) or
    a value of the param's type (`int`, `float`, `bool`, `datetime.date`, `str`). `out`
    overrides `outputs.dir`; `only` picks outputs (`pdf`, `pptx`, `charts`). When
    nothing changed since the last build, nothing is written and its manifest is
    returned, unless `force`.
    """
    from reportgen.pipeline.pipeline import build as run_build

    result = run_build(Path(spec_path), out=Path(out) if out is not None else None,
                       only=frozenset(only) if only is not None else None, strict=strict,
                       force=force, params=dict(params or {}))
    assert result.manifest is not None
    return result.manifest


def check(spec_path: str | PathLike[str], *, params: Mapping[str, Any] | None = None,
          strict: bool = False) -> LoadedSpec:
    """Validate a spec (with these params) as `reportgen check` does; the loaded spec.

    Raises `reportgen.SpecError` with every problem found.
    """
    from reportgen.pipeline.destination import check_destination
    from reportgen.spec.loader import load_spec

    loaded = load_spec(Path(spec_path), strict=strict, params=dict(params or {}))
    check_destination(loaded)
    return loaded
