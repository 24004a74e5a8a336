"""What `check` finds in a spec's text and images that the writers would stumble on.

Run by `spec.checks.check_spec` after its own checks, so that `check` promises what
`build` does: links that break the address rule or name no section heading are
errors where they are written, images that do not decode to the end (a truncated
JPEG) are errors, and characters that no font in use can show are warnings naming
the characters and the field. Nothing here imports matplotlib, reportlab or
python-pptx.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportgen.core.language import language_of
from reportgen.core.links import internal, section_anchors, url_problem
from reportgen.core.markdown import link_targets
from reportgen.core.paths import PathRefused, resolve_inside
from reportgen.errors import Problem
from reportgen.spec.placeholders import MARKUP_FIELDS, PLACEHOLDER
from reportgen.spec.source import Located, Path_

if TYPE_CHECKING:
    from reportgen.spec.checks import Checked

@dataclass
class _Spec:
    """The spec being checked: values with positions."""

    located: Located
    file: str
    root: Path
    out: Checked

    @property
    def raw(self) -> dict[str, Any]:
        return self.located.value if isinstance(self.located.value, dict) else {}

    def where(self, path: Path_, line: int = 0, probe: str = "") -> tuple[int, int]:
        """File line and column of a text field, or of `probe` on line `line` of its text."""
        scalar = self.located.scalars.get(tuple(path))
        if probe and scalar is not None:
            text = scalar.text
            start = sum(len(row) + 1 for row in text.split("\n")[:line])
            found = text.find(probe, start)
            if found >= 0:
                mark = self.located.mark_in(path, found)
                return mark.line, mark.col
        mark = self.located.mark(path)
        return mark.line, mark.col

    def problem(self, path: Path_, message: str, *, line: int = 0, probe: str = "",
                warning: bool = False) -> None:
        at_line, at_col = self.where(path, line, probe)
        dotted = ".".join(str(p) for p in path)
        item = Problem(self.file, at_line, at_col, dotted, message,
                       "warning" if warning else "error")
        (self.out.warnings if warning else self.out.problems).append(item)


def markup_texts(value: Any, path: Path_ = (), key: str | None = None
                 ) -> Iterator[tuple[Path_, str]]:
    """Every text read as inline Markdown (bodies, bios, callouts, ...) with its key path."""
    if isinstance(value, str) and key in MARKUP_FIELDS:
        yield path, value
    elif isinstance(value, dict):
        for name, item in value.items():
            yield from markup_texts(item, (*path, name), str(name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from markup_texts(item, (*path, index), key)


def figure_values(raw: dict[str, Any]) -> dict[str, str]:
    """`key_figures.ID` -> the figure as shown, for every key figure that is well formed."""
    values = {}
    report = raw.get("report")
    tag = report.get("language") if isinstance(report, dict) else None
    language = language_of(tag if isinstance(tag, str) else "en")  # a bad tag is English
    figures = raw.get("key_figures")
    for item in figures if isinstance(figures, list) else []:
        if not isinstance(item, dict):
            continue
        try:
            shown = language.figure(float(item["value"]), str(item.get("prefix") or ""),
                                    str(item.get("suffix") or ""), item.get("decimals"))
        except (KeyError, TypeError, ValueError, OverflowError):
            continue
        values[f"key_figures.{item.get('id')}"] = shown
    return values


def headings(raw: dict[str, Any], values: dict[str, str]) -> list[str]:
    """The section headings as they will be shown (placeholders replaced)."""
    sections = raw.get("sections")
    found = []
    for section in sections if isinstance(sections, list) else []:
        heading = section.get("heading") if isinstance(section, dict) else None
        text = str(heading) if heading is not None else ""
        found.append(PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text))
    return found


def check_links(spec: _Spec) -> None:
    """Every link in text follows the address rule, or names a section heading."""
    values = figure_values(spec.raw)
    anchors = section_anchors(headings(spec.raw, values))
    for path, text in markup_texts(spec.raw):
        if "](" not in text and "<" not in text:
            continue
        for link in link_targets(text, PLACEHOLDER, lambda name: values.get(name, "")):
            name = internal(link.href)
            if name is None:
                problem = url_problem(link.href)
            elif name in anchors:
                continue
            else:
                known = ", ".join(f"#{a}" for a in anchors) or "none: the spec has no sections"
                problem = (f"the link {link.href!r} names no section heading "
                           f"(anchors: {known})")
            if problem:
                spec.problem(path, f"link: {problem}", line=link.line,
                             probe=link.href[:24])


def check_images(spec: _Spec) -> None:
    """Each photo and logo decodes to its last pixel (Pillow's `verify` misses truncation)."""
    from PIL import Image  # light, and only needed when the spec names an image

    from reportgen.core.images import MAX_IMAGE_PIXELS

    named: list[tuple[Path_, Any]] = []
    authors = spec.raw.get("authors")
    for index, author in enumerate(authors if isinstance(authors, list) else []):
        if isinstance(author, dict) and isinstance(author.get("photo"), str):
            named.append((("authors", index, "photo"), author["photo"]))
    theme = spec.raw.get("theme")
    if isinstance(theme, dict) and isinstance(theme.get("logo"), str):
        named.append((("theme", "logo"), theme["logo"]))
    reported = {p.path for p in spec.out.problems}
    root = spec.root.resolve()
    for path, value in named:
        if ".".join(map(str, path)) in reported:
            continue  # not found, outside the folder, not an image: said already
        try:
            full = resolve_inside(root, value)
        except PathRefused:
            continue
        if not full.is_file():
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                with Image.open(full) as image:
                    if image.width * image.height > MAX_IMAGE_PIXELS:
                        continue
                    image.load()
        except Exception as exc:  # Pillow raises many kinds for a damaged file
            spec.problem(path, f"the image {value!r} is damaged or cut short and cannot "
                               f"be shown ({exc})")


NOT_SHOWN = frozenset({"id", "data", "url", "csv", "photo", "logo", "font", "template", "dir",
                       "basename", "preset", "language", "type", "x", "y", "charts",
                       "primary", "accent", "palette", "page_size", "slide_size", "formats"})
"""Keys whose values are names, paths or settings, never printed as text."""


def theme_faces(raw: dict[str, Any], root: Path) -> list[Path]:
    """The font files the theme draws text with (its preset's or `theme.font`'s faces)."""
    from reportgen.fonts import family_from_file, find_family
    from reportgen.theme import PRESETS

    theme = raw.get("theme") if isinstance(raw.get("theme"), dict) else {}
    preset = PRESETS.get(str(theme.get("preset", "default")), PRESETS["default"])
    names = [str(preset["heading_font"]), str(preset["body_font"])]
    families = []
    font = theme.get("font")
    if isinstance(font, str) and (font.lower().endswith((".ttf", ".otf")) or "/" in font):
        try:
            path = resolve_inside(root, font)
            if path.is_file():
                families.append(family_from_file(path, root))
        except (PathRefused, LookupError):  # reported by the checks of theme.font
            pass
    elif isinstance(font, str):
        families.append(find_family(font))
    if not families or families[0] is None:
        families = [find_family(name) for name in names]
    return [face for family in families if family is not None
            for face in (family.regular, family.bold, family.italic, family.bold_italic)]


def shown_texts(value: Any, path: Path_ = (), key: str | None = None
                ) -> Iterator[tuple[Path_, str]]:
    """Every text of the spec a reader sees, with its key path."""
    names = isinstance(value, str) or (
        isinstance(value, list) and all(isinstance(v, str) for v in value))
    if key in NOT_SHOWN and names:
        return
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for name, item in value.items():
            if key == "rows":
                yield (*path, name), str(name)  # a column name of inline rows
            yield from shown_texts(item, (*path, name), str(name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from shown_texts(item, (*path, index), key)


def check_glyphs(spec: _Spec) -> None:
    """Warn, per field, about characters that neither the theme's fonts nor the shipped
    fallback fonts can show: they would print as empty boxes."""
    from reportgen.glyphs import Fallback, describe

    faces = theme_faces(spec.raw, spec.root)
    if not faces:
        return  # an unknown font: the theme check says so
    fonts = Fallback.for_faces(faces)
    message = "no font in use can show {}: they print as empty boxes"
    missing: dict[Path_, list[str]] = {}
    for path, text in shown_texts(spec.raw):
        if not text.isascii():
            found = fonts.missing(text)
            if found:
                missing.setdefault(path, []).extend(c for c in found
                                                    if c not in missing.get(path, []))
    for path, chars in missing.items():
        spec.problem(path, message.format(describe(chars)), warning=True)
    for name, table in spec.out.tables.items():
        if table.inline:
            continue  # inline rows were read above, where they stand
        cells = [c for row in table.rows for c in row if isinstance(c, str)]
        found = fonts.missing("".join([*table.columns, *cells]))
        if found:
            spec.problem(("data", name, "csv"), f"{table.origin}: " + message.format(
                describe(found)), warning=True)


def preflight(located: Located, file: str, root: Path, out: Checked) -> None:
    """Add the problems and warnings of links, images and glyphs to what the checks found."""
    spec = _Spec(located, file, root, out)
    check_links(spec)
    check_images(spec)
    check_glyphs(spec)
