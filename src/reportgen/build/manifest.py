"""The manifest: which files the last successful build published into an output folder.

A later build removes what it no longer writes (a chart deleted from the spec, a format
dropped), but never touches files that reportgen did not write itself.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

MANIFEST = ".reportgen-manifest.json"
"""File name of the manifest, in the output folder."""


def read(out_dir: Path) -> set[str]:
    """Paths (relative to the output folder) the last build published; empty if unknown."""
    try:
        data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
        return {str(p) for p in data["outputs"]}
    except (OSError, ValueError, KeyError, TypeError):
        return set()


def write(out_dir: Path, outputs: list[Path]) -> None:
    """Record this build's outputs (atomically)."""
    names = sorted(str(p.relative_to(out_dir)) for p in outputs)
    temp = out_dir / f".{MANIFEST}.{os.getpid()}.tmp"
    temp.write_text(json.dumps({"outputs": names}, indent=1) + "\n", encoding="utf-8")
    os.replace(temp, out_dir / MANIFEST)


def remove_stale(out_dir: Path, outputs: list[Path]) -> list[Path]:
    """Delete what the previous build published and this one did not; return it."""
    current = {str(p.relative_to(out_dir)) for p in outputs}
    removed = []
    for name in sorted(read(out_dir) - current):
        path = (out_dir / name).resolve()
        if not path.is_relative_to(out_dir.resolve()) or not path.is_file():
            continue
        with contextlib.suppress(OSError):
            path.unlink()
            removed.append(path)
    return removed
