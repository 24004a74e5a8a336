"""What a build writes and where: the output folder, the basename, the outputs asked for."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from reportgen.core.paths import resolve_inside
from reportgen.pipeline.manifest import CHARTS_FOLDER
from reportgen.render import CHART_IMAGES, FORMATS, OUTPUT_KINDS
from reportgen.spec.loader import LoadedSpec
from reportgen.theme import Theme, build_theme


@dataclass(frozen=True)
class Plan:
    """What a build writes and where."""

    out_dir: Path
    """The output folder."""
    basename: str
    """File name stem of the brief and the deck."""
    kinds: frozenset[str]
    """Which outputs to write: document formats by kind, and `charts`."""
    complete: bool = True
    """False when `--only` left out some of what the spec asks for."""

    @property
    def documents(self) -> list[str]:
        """The document formats to write, in registry order."""
        return [kind for kind in FORMATS if kind in self.kinds]

    def document(self, kind: str) -> Path:
        """Where the document of one format goes."""
        return self.out_dir / f"{self.basename}{FORMATS[kind].suffix}"

    @property
    def charts_dir(self) -> Path:
        """The folder of chart images."""
        return self.out_dir / CHARTS_FOLDER

    def outputs(self, loaded: LoadedSpec) -> list[str]:
        """Every output this build writes, relative to the output folder."""
        names = [f"{self.basename}{FORMATS[kind].suffix}" for kind in self.documents]
        if CHART_IMAGES in self.kinds:
            formats = loaded.spec.outputs.charts.formats
            names += [f"{CHARTS_FOLDER}/{chart.id}.{fmt}"
                      for chart in loaded.spec.charts for fmt in ("png", "svg") if fmt in formats]
        return names


def _ascii_base(char: str) -> str:
    """A Latin letter without its accents (`é` -> `e`); any other character as it is."""
    base = unicodedata.normalize("NFKD", char)[0]
    return base if base.isascii() else char


def slug(text: str) -> str:
    """A file-name-safe slug of a title, in any script.

    `Azerbaijan and Russia: ...` -> `azerbaijan-and-russia-...`; accents come off Latin
    letters, and letters of other scripts are kept (`Россия и Грузия` ->
    `россия-и-грузия`, `Azərbaycan` -> `azərbaycan`), so two titles never share a slug
    merely because their letters are not ASCII.
    """
    text = unicodedata.normalize("NFC", text).casefold()
    kept = "".join(_ascii_base(c) for c in text)
    words = re.sub(r"[\W_]+", "-", kept).strip("-")
    return words[:80].rstrip("-") or "report"


def plan(loaded: LoadedSpec, out: Path | None, only: frozenset[str] | None) -> Plan:
    """Decide the output folder, file names and which outputs to write."""
    outputs = loaded.spec.outputs
    out_dir = out.resolve() if out is not None else resolve_inside(loaded.root, outputs.dir)
    kinds = set(only or OUTPUT_KINDS)
    if only is None:
        kinds -= {kind for kind in FORMATS if not getattr(outputs, kind).enabled}
    return Plan(out_dir, outputs.basename or slug(loaded.spec.report.title), frozenset(kinds),
                complete=only is None)


def theme_of(loaded: LoadedSpec) -> Theme:
    """The theme of a spec: its preset with the spec's overrides."""
    spec_theme = loaded.spec.theme
    font: str | Path | None = spec_theme.font
    if font and (font.lower().endswith((".ttf", ".otf")) or "/" in font):
        font = resolve_inside(loaded.root, font)
    return build_theme(
        spec_theme.preset,
        primary=spec_theme.primary,
        accent=spec_theme.accent,
        palette=tuple(spec_theme.palette) if spec_theme.palette else None,
        font=font,
        page_size=spec_theme.page_size,
        slide_size=spec_theme.slide_size,
        logo=resolve_inside(loaded.root, spec_theme.logo) if spec_theme.logo else None,
        root=loaded.root,
    )
