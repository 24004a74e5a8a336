"""Small specs built from `tests/spec/base.yaml` with one change each, and their builds.

For tests of text that breaks renderers: a spec is written to a folder, built
in-process with the real pipeline (or only checked), and its outputs are opened.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from reportgen.pipeline.pipeline import BuildResult, build

BASE = Path(__file__).resolve().parent / "spec" / "base.yaml"


def base_spec() -> dict[str, Any]:
    """The base spec as plain values (a fresh copy each time)."""
    return copy.deepcopy(yaml.safe_load(BASE.read_text("utf-8")))


def write_spec(folder: Path, change: Callable[[dict[str, Any]], Any] | None = None,
               *, text: str | None = None, name: str = "report.yaml") -> Path:
    """A spec file in `folder`: the base changed by `change`, or exactly `text`."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if text is None:
        spec = base_spec()
        if change is not None:
            change(spec)
        text = yaml.safe_dump(spec, allow_unicode=True, sort_keys=False, width=10**9)
    path.write_text(text, "utf-8")
    return path


def build_spec(path: Path, **options: Any) -> tuple[BuildResult, Path, Path]:
    """Build a spec into `dist/` beside it; the result, the PDF and the deck."""
    out = path.parent / "dist"
    result = build(path, out=out, **options)
    pdf = next(p for p in result.written if p.suffix == ".pdf") if any(
        p.suffix == ".pdf" for p in result.written) else out / "missing.pdf"
    deck = next((p for p in result.written if p.suffix == ".pptx"), out / "missing.pptx")
    return result, pdf, deck
