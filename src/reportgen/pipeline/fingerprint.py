"""What, besides the spec and its files, decides a build's bytes: code, libraries, settings.

A build records a fingerprint of these in its manifest (`rebuild.key`); a later build
whose fingerprint, spec and inputs are all unchanged has nothing to do. Everything
here is cheap and imports no rendering library: it runs on every no-change build.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import sys
from collections.abc import Mapping
from functools import cache
from pathlib import Path

import reportgen

SETTINGS = ("SOURCE_DATE_EPOCH",)
"""Environment variables that change output bytes."""


@cache
def code_fingerprint() -> str:
    """A digest of reportgen's installed files (names, sizes, modification times): an
    upgrade, or an edit to a development checkout, changes it."""
    root = Path(reportgen.__file__).parent
    digest = hashlib.sha256()
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".pyc", ".pyo")):
                continue
            path = Path(folder, name)
            info = path.stat()
            digest.update(f"{path.relative_to(root)}\0{info.st_size}\0{info.st_mtime_ns}\n"
                          .encode())
    return digest.hexdigest()


@cache
def environment_fingerprint() -> str:
    """A digest of Python's version and every installed distribution with its version
    (the names of the `*.dist-info` folders on sys.path): any upgrade changes it."""
    found = []
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        found += [name for name in names if name.endswith((".dist-info", ".egg-info"))]
    blob = "\n".join([platform.python_version(), *sorted(found)])
    return hashlib.sha256(blob.encode()).hexdigest()


def rebuild_key(params: Mapping[str, str] | None = None) -> str:
    """The fingerprint of a build request: code, libraries, the params as given on the
    command line (or by a variant), and the settings in `SETTINGS`."""
    described = {
        "code": code_fingerprint(),
        "environment": environment_fingerprint(),
        "params": {str(k): str(v) for k, v in sorted((params or {}).items())},
        "settings": {name: os.environ.get(name) for name in SETTINGS},
    }
    return hashlib.sha256(json.dumps(described, sort_keys=True).encode()).hexdigest()
