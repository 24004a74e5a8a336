"""Helpers for the hostile-folder tests: a small project, a snapshot of everything around it."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

from pptx import Presentation
from pypdf import PdfReader

from reportgen.core.files import sha256_file
from reportgen.starter import write_starter

NAME = "regional-trade-at-a-glance"
"""The basename of the starter spec."""
CHART = "exports_by_year"
"""The starter spec's chart."""


def project(folder: Path, title: str | None = None) -> Path:
    """A `reportgen init` project in `folder` (its title changed if given); the spec."""
    spec = write_starter(folder)
    text = spec.read_text(encoding="utf-8")
    if title is not None:
        text = text.replace('title: "Regional Trade at a Glance"',
                            f'title: "{title}"', 1)
        text = text.replace("  dir: dist\n", f"  dir: dist\n  basename: {NAME}\n")
    spec.write_text(text, encoding="utf-8")
    return spec


def edit(spec: Path, old: str, new: str) -> None:
    """Replace text in a spec (which must contain it)."""
    text = spec.read_text(encoding="utf-8")
    assert old in text, old
    spec.write_text(text.replace(old, new, 1), encoding="utf-8")


def tree(root: Path, *, skip: Path | None = None) -> dict[str, Any]:
    """Every entry under `root` (links not followed): its kind, mode and bytes or target.

    `skip` (a folder under root, such as the output folder) is left out.
    """
    found: dict[str, Any] = {}
    for folder, dirs, files in os.walk(root, followlinks=False):
        here = Path(folder)
        if skip is not None and (here == skip or skip in here.parents):
            dirs[:] = []
            continue
        for name in [*dirs, *files]:
            path = here / name
            if skip is not None and path == skip:
                continue
            info = path.lstat()
            key = str(path.relative_to(root))
            if stat.S_ISLNK(info.st_mode):
                found[key] = ("link", os.readlink(path))
            elif stat.S_ISREG(info.st_mode):
                found[key] = ("file", stat.S_IMODE(info.st_mode), path.read_bytes())
            elif stat.S_ISDIR(info.st_mode):
                found[key] = ("dir", stat.S_IMODE(info.st_mode))
            else:
                found[key] = ("other", stat.S_IFMT(info.st_mode))
    return found


def leftovers(out: Path) -> list[str]:
    """Temporary files, staging folders and lock files under an output folder."""
    return sorted(str(p.relative_to(out)) for p in out.rglob("*")
                  if p.name.startswith(".reportgen-") or p.name.endswith(".tmp"))


def manifest_of(out: Path, basename: str = NAME) -> dict[str, Any]:
    """The build manifest of a report, as JSON."""
    return json.loads((out / f"{basename}.manifest.json").read_text(encoding="utf-8"))


def assert_manifest_matches(out: Path, basename: str = NAME) -> dict[str, Any]:
    """Every output the manifest lists has the recorded bytes; return the manifest."""
    manifest = manifest_of(out, basename)
    for record in manifest["outputs"]:
        digest, size = sha256_file(out / record["path"])
        assert (digest, size) == (record["sha256"], record["bytes"]), record["path"]
    return manifest


def pdf_text(path: Path) -> str:
    """The text a reader of the PDF sees."""
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def deck_text(path: Path) -> str:
    """The text of every shape of every slide."""
    deck = Presentation(str(path))
    return "\n".join(shape.text_frame.text for slide in deck.slides for shape in slide.shapes
                     if shape.has_text_frame)
