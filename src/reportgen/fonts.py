"""Finding TrueType font files by family name, without importing matplotlib.

reportgen ships the brief's type pair (IBM Plex Serif and IBM Plex Sans, SIL Open
Font License, in `assets/fonts/`), Liberation Sans (the deck's measure of Arial) and
fallback fonts; the DejaVu families come with
matplotlib (a runtime dependency) and cover Latin, Cyrillic and Georgian. A family
name is looked up in the shipped fonts first, then matplotlib's, then the usual
system font folders.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportgen.core.paths import is_inside

SHIPPED_FONT_DIR = Path(__file__).resolve().parent / "assets" / "fonts"
"""The fonts installed with the package."""
SYSTEM_FONT_DIRS = (
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
    Path.home() / ".fonts",
    Path.home() / ".local/share/fonts",
    Path("/Library/Fonts"),
    Path("C:/Windows/Fonts"),
)

# File-name stems of the four faces, tried in order for each known naming scheme.
_FACE_SUFFIXES = {
    "regular": ("", "-Regular", "-Roman", "-Book"),
    "bold": ("-Bold", "Bold", "-Bd", "bd"),
    "italic": ("-Italic", "-Oblique", "Italic", "-It", "i"),
    "bold_italic": ("-BoldItalic", "-BoldOblique", "BoldItalic", "-BdIt", "bi"),
}


@dataclass(frozen=True)
class FontFamily:
    """A family's four TrueType faces (a missing face falls back to the regular one)."""

    name: str
    """The family name as the user gave it, e.g. `DejaVu Sans`."""
    regular: Path
    """Upright face."""
    bold: Path
    """Bold face."""
    italic: Path
    """Italic or oblique face."""
    bold_italic: Path
    """Bold italic face."""


def matplotlib_font_dir() -> Path | None:
    """The folder of fonts matplotlib ships, found without importing matplotlib."""
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "mpl-data" / "fonts" / "ttf"
    return folder if folder.is_dir() else None


@cache
def _font_files() -> dict[str, Path]:
    """Every .ttf reachable, keyed by lower-case file stem (first found wins)."""
    found: dict[str, Path] = {}
    folders = [d for d in (SHIPPED_FONT_DIR, matplotlib_font_dir(), *SYSTEM_FONT_DIRS)
               if d is not None]
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*.[tT][tT][fF]")):
            found.setdefault(path.stem.lower(), path)
    return found


def find_family(name: str) -> FontFamily | None:
    """The four faces of a family name such as `DejaVu Serif`, or None if not installed."""
    files = _font_files()
    stem = name.replace(" ", "")
    faces: dict[str, Path] = {}
    for face, suffixes in _FACE_SUFFIXES.items():
        for suffix in suffixes:
            path = files.get((stem + suffix).lower())
            if path is not None:
                faces[face] = path
                break
    if "regular" not in faces:
        return None
    regular = faces["regular"]
    bold = faces.get("bold", regular)
    italic = faces.get("italic", regular)
    return FontFamily(name, regular, bold, italic, faces.get("bold_italic", bold))


def _family_stem(path: Path) -> str:
    """A font file's name without its face suffix: `Brand-Regular.ttf` -> `Brand`."""
    stem = path.stem
    for suffix in _FACE_SUFFIXES["regular"][1:]:
        if stem.endswith(suffix):
            stem = stem[: -len(suffix)]
    return stem


def sibling_faces(path: Path) -> dict[str, Path]:
    """The bold, italic and bold-italic files beside a .ttf, named like its faces."""
    stem = _family_stem(path)
    faces: dict[str, Path] = {}
    for face in ("bold", "italic", "bold_italic"):
        for suffix in _FACE_SUFFIXES[face]:
            candidate = path.with_name(stem + suffix + path.suffix)
            if candidate.is_file():
                faces[face] = candidate
                break
    return faces


def family_from_file(path: Path, root: Path | None = None) -> FontFamily:
    """A family from one .ttf file; sibling files named like its faces are used if present.

    With `root` (the spec's folder), a sibling that leads outside it (a symbolic link)
    is refused with a LookupError, like any other path of a spec.
    """
    faces = sibling_faces(path)
    for face, sibling in faces.items():
        if root is not None and not is_inside(root, sibling):
            raise LookupError(
                f"the {face.replace('_', '-')} face {sibling.name!r} beside {path.name!r} "
                "leads outside the spec's folder"
            )
    bold = faces.get("bold", path)
    italic = faces.get("italic", path)
    return FontFamily(_family_stem(path), path, bold, italic, faces.get("bold_italic", bold))


def known_families() -> list[str]:
    """Family names that `find_family` can resolve (for "did you mean" hints)."""
    names = set()
    for stem in _font_files():
        if not any(
            stem.endswith(s.lower())
            for f in ("bold", "italic", "bold_italic")
            for s in _FACE_SUFFIXES[f]
        ):
            names.add(stem)
    return sorted(names)


METRIC_TWINS = {
    "arial": "Liberation Sans",
    "helvetica": "Liberation Sans",
    "helvetica neue": "Liberation Sans",
    "arimo": "Liberation Sans",
    "times new roman": "Liberation Serif",
    "tinos": "Liberation Serif",
    "courier new": "Liberation Mono",
    "calibri": "Carlito",
    "cambria": "Caladea",
}
"""Office fonts and the open fonts drawn to their advance widths (metric-compatible):
text measured with the twin wraps exactly as the named font sets it."""


def office_family(name: str) -> FontFamily | None:
    """A family to name `name` in a document, measured with its own files or its twin's.

    `Arial` is found as Liberation Sans (shipped) under the name `Arial`; `Calibri` as
    Carlito when that is installed. A family installed by its own name is itself. None
    when neither is installed (the text could not be measured for it).
    """
    twin = METRIC_TWINS.get(name.strip().lower())
    family = find_family(twin) if twin else None
    if family is None:
        family = find_family(name.strip())
    if family is None:
        return None
    return FontFamily(name.strip(), family.regular, family.bold, family.italic,
                      family.bold_italic)
