"""The no-change check: is the last build of this spec still what a build would write?

Like make or ninja, a build records its inputs with their hashes (the manifest); this
check reads that record and the files on disk and nothing else. It imports no
rendering library and not the spec models, so a no-change build costs a few
milliseconds of hashing. It answers yes only when all of these hold:

- a complete build of this spec (same file name, same bytes) wrote a manifest in the
  output folder, with the same rebuild key (reportgen's code, the installed libraries,
  the params as given, the output-shaping settings: see fingerprint.py);
- every input it recorded still has its recorded sha256;
- every output it recorded is still a regular file with its recorded size and sha256;
- nothing in it is volatile (a dataset read from a database server is never known to
  be unchanged), and, for a strict build, it had no warnings;
- no lock file of the report is there (a build of it running, or one killed).

Anything unexpected (a malformed spec, manifest or path) is a "no": the full build
then runs and reports whatever is wrong.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from reportgen.core.files import read_regular, sha256_bytes, sha256_file
from reportgen.core.paths import PathRefused, resolve_inside
from reportgen.errors import ReportgenError
from reportgen.pipeline.fingerprint import rebuild_key
from reportgen.pipeline.lock import report_lock_name
from reportgen.pipeline.manifest import (
    MANIFEST_SUFFIX,
    MAX_MANIFEST_BYTES,
    BuildManifest,
    is_safe_relative,
    parse,
)
from reportgen.spec.read import read_spec
from reportgen.spec.source import YamlProblem, decode, parse_yaml

DEFAULT_OUTPUT_DIR = "dist"
"""`outputs.dir` when the spec does not set it (as the spec model says)."""
MAX_MANIFESTS = 200
"""Most manifests looked at in one output folder."""


def up_to_date(
    spec_path: Path,
    *,
    out: Path | None = None,
    params: Mapping[str, Any] | None = None,
    strict: bool = False,
) -> tuple[BuildManifest, Path] | None:
    """The last manifest of this spec and its output folder when a build would change
    nothing, else None."""
    try:
        spec_bytes = read_spec(spec_path, str(spec_path))
        root = spec_path.resolve().parent
        out_dir = out.resolve() if out is not None else _output_dir(root, spec_bytes)
    except (ReportgenError, YamlProblem, PathRefused, OSError, ValueError):
        return None
    if out_dir is None or not out_dir.is_dir():
        return None
    key = rebuild_key(params)
    spec_hash = sha256_bytes(spec_bytes)
    for manifest in _manifests(out_dir):
        if (
            manifest.complete
            and manifest.rebuild.get("key") == key
            and not manifest.rebuild.get("volatile", True)
            and manifest.spec == spec_path.name
            and manifest.inputs
            and manifest.inputs[0].path == spec_path.name
            and manifest.inputs[0].sha256 == spec_hash
            and not (strict and manifest.warnings)
            and all(_input_unchanged(root, record.path, record.sha256)
                    for record in manifest.inputs[1:])
            and all(_unchanged(out_dir, record.path, record.sha256, record.bytes)
                    for record in manifest.outputs)
        ):
            return manifest, out_dir
    return None


def _output_dir(root: Path, spec_bytes: bytes) -> Path | None:
    """The spec's `outputs.dir` resolved inside its folder (None if it holds a placeholder)."""
    raw = parse_yaml(decode(spec_bytes)).value
    outputs = raw.get("outputs") if isinstance(raw, dict) else None
    value = outputs.get("dir", DEFAULT_OUTPUT_DIR) if isinstance(outputs, dict) else None
    value = DEFAULT_OUTPUT_DIR if value is None else value
    if not isinstance(value, str) or "{{" in value:
        return None
    return resolve_inside(root, value)


def _manifests(out_dir: Path) -> list[BuildManifest]:
    """The manifests in an output folder that parse (at most MAX_MANIFESTS are read),
    but none of a report whose lock file is there: a build of it is running, or one was
    killed and the next full build has its leftovers to clear."""
    entries = set(os.listdir(out_dir))
    names = sorted(n for n in entries if n.endswith(MANIFEST_SUFFIX) and not n.startswith(".")
                   and report_lock_name(n[: -len(MANIFEST_SUFFIX)]) not in entries)
    found = []
    for name in names[:MAX_MANIFESTS]:
        try:
            manifest = parse(read_regular(out_dir / name, limit=MAX_MANIFEST_BYTES))
        except OSError:
            continue
        if manifest is not None:
            found.append(manifest)
    return found


def _input_unchanged(root: Path, path: str, sha256: str) -> bool:
    """True when an input (inside the spec's folder, links followed) has these bytes."""
    try:
        full = resolve_inside(root, path)
    except PathRefused:
        return False
    return _unchanged(full.parent, full.name, sha256, None)


def _unchanged(folder: Path, path: str, sha256: str, size: int | None) -> bool:
    """True when `folder/path` is a regular file (no link on the way) with these bytes."""
    if not is_safe_relative(path):
        return False
    try:
        digest, length = sha256_file(folder / path)
    except OSError:
        return False
    return digest == sha256 and (size is None or length == size)
