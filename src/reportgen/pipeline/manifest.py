"""The build manifest `OUT/NAME.manifest.json`: the record of one report's last build.

It says which inputs (with their sha256) made which outputs (with theirs), which charts
were drawn, the key figures, the warnings, the time of each stage and the versions used
(see the contract, "The build manifest"). It is also how reportgen knows what it wrote:
a later build deletes or replaces an output only when a manifest of its own report
names it, and never writes a file that another report's manifest names.

A manifest found on disk is treated as hostile: anything malformed makes it count as
absent, and a path in it is only ever compared with names reportgen itself produces.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from reportgen.render import FORMATS

MANIFEST_SUFFIX = ".manifest.json"
"""`NAME.manifest.json` is the manifest of the report whose basename is NAME."""
MAX_MANIFEST_BYTES = 16 * 1024 * 1024
"""Largest manifest read; a larger one counts as absent."""
CHARTS_FOLDER = "charts"
"""Folder of the chart images, under the output folder."""
CHART_IMAGE_FORMATS = ("png", "svg")
"""Formats a chart image in `charts/` may have."""
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_CHART_IMAGE = re.compile(
    rf"^{CHARTS_FOLDER}/[a-z0-9_]{{1,64}}\.(?:{'|'.join(CHART_IMAGE_FORMATS)})$"
)
_SAFE_PART = re.compile(r"^[^/\\\x00]+$")


def manifest_name(basename: str) -> str:
    """The file name of a report's manifest."""
    return f"{basename}{MANIFEST_SUFFIX}"


def legacy_manifest_name(basename: str) -> str:
    """The hidden manifest of reportgen 0.1 (names only, no hashes): read once, then removed."""
    return f".{basename}{MANIFEST_SUFFIX}"


def document_names(basename: str) -> list[str]:
    """The names of a report's documents: one per registered format."""
    return [f"{basename}{fmt.suffix}" for fmt in FORMATS.values()]


def is_output_name(path: str, basename: str) -> bool:
    """True for a name reportgen produces for this report: its brief, its deck, a chart image."""
    return path in document_names(basename) or bool(_CHART_IMAGE.match(path))


def is_safe_relative(path: str) -> bool:
    """True for a plain relative path that stays inside its folder."""
    parts = path.split("/")
    return all(_SAFE_PART.match(p) and p not in (".", "..") for p in parts)


@dataclass(frozen=True)
class FileRecord:
    """One file a build read or wrote, by its bytes."""

    path: str
    """Relative to the spec's folder (inputs) or to the output folder (outputs), `/`-separated."""
    sha256: str
    """The sha256 of the file's bytes, in hex."""
    bytes: int | None = None
    """The file's size (recorded for outputs)."""
    key: str | None = None
    """For a document: the digest of everything its bytes depend on (its content, theme,
    options, images, code); a later build with the same key need not write it again."""

    def as_json(self) -> dict[str, Any]:
        """The record as the manifest shows it."""
        shown: dict[str, Any] = {"path": self.path, "sha256": self.sha256}
        if self.bytes is not None:
            shown["bytes"] = self.bytes
        if self.key is not None:
            shown["key"] = self.key
        return shown


@dataclass(frozen=True)
class ChartRecord:
    """One chart of the build."""

    id: str
    """The chart id."""
    drawn: bool
    """True when this build drew it, False when it came from the cache."""


@dataclass(frozen=True)
class KeyFigureRecord:
    """One key figure as the outputs show it."""

    id: str
    """The key figure's id."""
    value: float
    """The number."""
    text: str
    """The number as printed, with prefix, suffix and decimals."""
    source: dict[str, Any] | None = None
    """For a figure computed from a dataset: the dataset, file, sha256, column, aggregation
    and rows (shown as `from`)."""

    def as_json(self) -> dict[str, Any]:
        """The record as the manifest shows it."""
        shown: dict[str, Any] = {"id": self.id, "value": self.value, "text": self.text}
        if self.source is not None:
            shown["from"] = self.source
        return shown


@dataclass(frozen=True)
class BuildManifest:
    """The record of one report's build; written as `OUT/NAME.manifest.json`."""

    reportgen: str
    """The reportgen version that built it."""
    spec: str
    """The spec file, relative to its own folder."""
    inputs: tuple[FileRecord, ...]
    """The spec and every file it names (data, template, fonts, logo, photos)."""
    outputs: tuple[FileRecord, ...]
    """Every output of the report in the output folder (its manifest aside)."""
    params: dict[str, Any] = field(default_factory=dict)
    """The parameter values of this variant (none yet)."""
    charts: tuple[ChartRecord, ...] = ()
    """Each chart, drawn or from the cache."""
    key_figures: tuple[KeyFigureRecord, ...] = ()
    """Each key figure with its printed text."""
    warnings: tuple[str, ...] = ()
    """The warnings, as printed."""
    timings: dict[str, float] = field(default_factory=dict)
    """Seconds per stage, and `total`."""
    versions: dict[str, str] = field(default_factory=dict)
    """Versions of Python and of the rendering libraries."""
    complete: bool = True
    """False after a `--only` build: the outputs it did not write are listed as an earlier
    build left them, and may not match `inputs`."""
    rebuild: dict[str, Any] = field(default_factory=dict)
    """What a later build compares to know it has nothing to do: `key` (code, libraries,
    params as given, settings; see fingerprint.py) and `volatile` (inputs that cannot be
    hashed, such as a database server)."""

    def output(self, path: str) -> FileRecord | None:
        """The record of one output, if listed."""
        return next((record for record in self.outputs if record.path == path), None)

    def to_json(self) -> bytes:
        """The manifest's bytes: JSON, keys in the contract's order, one trailing newline."""
        shown = {
            "reportgen": self.reportgen,
            "spec": self.spec,
            "params": self.params,
            "inputs": [record.as_json() for record in self.inputs],
            "outputs": [record.as_json() for record in self.outputs],
            "charts": [asdict(chart) for chart in self.charts],
            "key_figures": [figure.as_json() for figure in self.key_figures],
            "warnings": list(self.warnings),
            "timings": self.timings,
            "versions": self.versions,
            "complete": self.complete,
            "rebuild": self.rebuild,
        }
        return (json.dumps(shown, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


class _Malformed(Exception):
    """A manifest that is not what reportgen writes."""


def _expect(ok: bool) -> None:
    if not ok:
        raise _Malformed


def _records(value: Any, *, sized: bool) -> tuple[FileRecord, ...]:
    """File records; an entry with an unsafe path or a malformed hash is dropped."""
    _expect(isinstance(value, list))
    records = []
    for item in value:
        _expect(isinstance(item, dict))
        path, digest, size = item.get("path"), item.get("sha256"), item.get("bytes")
        if not (isinstance(path, str) and is_safe_relative(path)
                and isinstance(digest, str) and _SHA256.match(digest)):
            continue
        if sized and not (isinstance(size, int) and not isinstance(size, bool) and size >= 0):
            continue
        key = item.get("key")
        records.append(FileRecord(path, digest, size if sized else None,
                                  key if isinstance(key, str) and _SHA256.match(key) else None))
    return tuple(records)


def _strings(value: Any) -> tuple[str, ...]:
    _expect(isinstance(value, list) and all(isinstance(v, str) for v in value))
    return tuple(value)


def _number(value: Any) -> float:
    _expect(isinstance(value, (int, float)) and not isinstance(value, bool))
    _expect(math.isfinite(value))
    return float(value)


def parse(data: bytes) -> BuildManifest | None:
    """A manifest read back from its bytes, or None when they are not a valid manifest."""
    try:
        raw = json.loads(data.decode("utf-8"))
        _expect(isinstance(raw, dict))
        version, spec = raw.get("reportgen"), raw.get("spec")
        _expect(isinstance(version, str) and isinstance(spec, str))
        charts = raw.get("charts", [])
        _expect(isinstance(charts, list))
        chart_records = []
        for chart in charts:
            _expect(isinstance(chart, dict) and isinstance(chart.get("id"), str)
                    and isinstance(chart.get("drawn"), bool))
            chart_records.append(ChartRecord(chart["id"], chart["drawn"]))
        figures = raw.get("key_figures", [])
        _expect(isinstance(figures, list))
        figure_records = []
        for figure in figures:
            _expect(isinstance(figure, dict) and isinstance(figure.get("id"), str)
                    and isinstance(figure.get("text"), str))
            source = figure.get("from")
            _expect(source is None or isinstance(source, dict))
            figure_records.append(KeyFigureRecord(
                figure["id"], _number(figure.get("value")), figure["text"], source))
        timings = raw.get("timings", {})
        _expect(isinstance(timings, dict))
        versions = raw.get("versions", {})
        _expect(isinstance(versions, dict) and all(isinstance(v, str) for v in versions.values()))
        params = raw.get("params", {})
        complete = raw.get("complete", True)
        _expect(isinstance(params, dict) and isinstance(complete, bool))
        rebuild = raw.get("rebuild", {})
        _expect(isinstance(rebuild, dict) and isinstance(rebuild.get("key", ""), str)
                and isinstance(rebuild.get("volatile", True), bool))
        return BuildManifest(
            reportgen=version,
            spec=spec,
            inputs=_records(raw.get("inputs"), sized=False),
            outputs=_records(raw.get("outputs"), sized=True),
            params=params,
            charts=tuple(chart_records),
            key_figures=tuple(figure_records),
            warnings=_strings(raw.get("warnings", [])),
            timings={str(k): _number(v) for k, v in timings.items()},
            versions=dict(versions),
            complete=complete,
            rebuild=rebuild,
        )
    except (_Malformed, ValueError, UnicodeDecodeError, RecursionError):
        return None


def parse_legacy(data: bytes) -> list[str] | None:
    """The output names a reportgen 0.1 hidden manifest lists, or None when malformed."""
    try:
        raw = json.loads(data.decode("utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    if not isinstance(raw, dict) or set(raw) != {"outputs"} or not isinstance(raw["outputs"], list):
        return None
    return [n for n in raw["outputs"] if isinstance(n, str) and is_safe_relative(n)]
