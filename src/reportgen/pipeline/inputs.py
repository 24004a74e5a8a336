"""The inputs of a build: the spec and every file it names or that is read because of it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportgen.core.files import sha256_bytes, sha256_file
from reportgen.data.database import is_url
from reportgen.errors import BuildError, display_path
from reportgen.pipeline.manifest import FileRecord
from reportgen.spec.loader import LoadedSpec
from reportgen.theme import Theme

DATA_FILES = (("csv", "csv"), ("excel", "excel"), ("json", "json_"), ("db", "db"))
"""The dataset keys that name a file (`db` unless it is a database URL), and their fields."""


@dataclass(frozen=True)
class Input:
    """One file a build reads."""

    path: Path
    """The file, absolute, links resolved."""
    key: str
    """The spec key that names it (`data.trade.csv`), or what it is (`the spec`)."""
    dataset: str | None = None
    """The dataset read from it, if any (its hash is then the one taken as it was read)."""

    def relative_to(self, root: Path) -> str:
        """The path relative to the spec's folder, `/`-separated (a spec reached through a
        link from elsewhere: its name)."""
        if self.path.is_relative_to(root):
            return self.path.relative_to(root).as_posix()
        return self.path.name


def spec_inputs(loaded: LoadedSpec, theme: Theme | None) -> list[Input]:
    """The spec, its data files (CSV, workbook, JSON, SQLite), the deck template, the font
    files, the logo and the photos.

    Font files found beside `theme.font` (its bold and italic siblings) count too; fonts
    installed on the system are not inputs of the spec. Each file once, in that order.
    """
    spec, root = loaded.spec, loaded.root
    named: list[tuple[Path, str, str | None]] = [(loaded.path, "the spec", None)]
    for name, dataset in spec.data.items():
        for key, attribute in DATA_FILES:
            value = getattr(dataset, attribute, None)
            if value and not (key == "db" and is_url(value)):
                named.append((root / value, f"data.{name}.{key}", name))
    template = getattr(spec.outputs.pptx, "template", None)
    if template:
        named.append((root / template, "outputs.pptx.template", None))
    if theme is not None:
        fonts = (theme.heading_font, theme.body_font)
        named += [(face, "theme.font", None) for family in fonts
                  for face in (family.regular, family.bold, family.italic, family.bold_italic)]
    if spec.theme.logo:
        named.append((root / spec.theme.logo, "theme.logo", None))
    named += [(root / author.photo, f"authors.{index}.photo", None)
              for index, author in enumerate(spec.authors) if author.photo]
    found: dict[Path, Input] = {}
    for path, key, dataset in named:
        full = path.resolve()
        if full not in found and (full.is_relative_to(root) or key == "the spec"):
            found[full] = Input(full, key, dataset)
    return list(found.values())


def input_records(loaded: LoadedSpec, inputs: list[Input]) -> tuple[FileRecord, ...]:
    """Each input with the sha256 of its bytes (the spec's as loaded)."""
    records = []
    for item in inputs:
        table = loaded.tables.get(item.dataset) if item.dataset else None
        if item.path == loaded.path:
            digest = sha256_bytes(loaded.source_bytes)
        elif table is not None and table.file is not None and table.file.sha256:
            digest = table.file.sha256  # the bytes the dataset was read from
        else:
            try:
                digest = sha256_file(item.path)[0]
            except OSError as exc:
                raise BuildError(f"cannot read {display_path(item.path)} ({item.key}): "
                                 f"{exc.strerror}") from None
        records.append(FileRecord(item.relative_to(loaded.root), digest))
    return tuple(records)
