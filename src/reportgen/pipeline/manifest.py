"""The manifest: which files the last successful build of one report published.

A later build of the same report removes what it no longer writes (a chart deleted
from the spec, a format dropped), but never touches files it did not write itself,
such as those of other reports built into the same folder.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path


def _path(out_dir: Path, basename: str) -> Path:
    """The manifest of one report (by its output basename) in an output folder."""
    return out_dir / f".{basename}.manifest.json"


def read(out_dir: Path, basename: str) -> set[str]:
    """Paths (relative to the output folder) the report's last build published."""
    try:
        data = json.loads(_path(out_dir, basename).read_text(encoding="utf-8"))
        return {str(p) for p in data["outputs"]}
    except (OSError, ValueError, KeyError, TypeError):
        return set()


def write(out_dir: Path, basename: str, outputs: list[Path]) -> None:
    """Record this build's outputs (atomically)."""
    names = sorted(str(p.relative_to(out_dir)) for p in outputs)
    final = _path(out_dir, basename)
    temp = final.with_name(f"{final.name}.{os.getpid()}.tmp")
    temp.write_text(json.dumps({"outputs": names}, indent=1) + "\n", encoding="utf-8")
    os.replace(temp, final)


def remove_stale(out_dir: Path, basename: str, outputs: list[Path]) -> list[Path]:
    """Delete what the report's previous build published and this one did not."""
    current = {str(p.relative_to(out_dir)) for p in outputs}
    removed = []
    for name in sorted(read(out_dir, basename) - current):
        path = (out_dir / name).resolve()
        if not path.is_relative_to(out_dir.resolve()) or not path.is_file():
            continue
        with contextlib.suppress(OSError):
            path.unlink()
            removed.append(path)
    return removed
