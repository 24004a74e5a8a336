"""The content key of one document: a digest of everything its bytes depend on.

A document's bytes follow from the Document (less the fields its format never reads),
the theme, the format's options, the files it embeds (chart images, logo, photos,
fonts, template: by their bytes, not their paths) and reportgen's code and libraries.
Two builds with the same key write the same bytes, so the second need not write it:
an edit to the speaker notes leaves the brief alone, and a text edit of the brief
still rewrites both (the deck shows the text too).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reportgen.core.files import sha256_file
from reportgen.render import FORMATS


def _canonical(value: Any, ignored: frozenset[str], file_hash: Callable[[Path], str]) -> Any:
    """A JSON-able form of a value: dataclasses by field, paths by their file's bytes."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        name = type(value).__name__
        return {
            "@": name,
            **{f.name: _canonical(getattr(value, f.name), ignored, file_hash)
               for f in dataclasses.fields(value) if f"{name}.{f.name}" not in ignored},
        }
    if hasattr(value, "model_dump"):  # a pydantic options model
        return _canonical(value.model_dump(mode="json"), ignored, file_hash)
    if isinstance(value, dict):
        return {str(k): _canonical(v, ignored, file_hash) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_canonical(v, ignored, file_hash) for v in value]
    if isinstance(value, Path):
        return {"file": file_hash(value)}
    if isinstance(value, float):
        return repr(value)  # NaN and infinities, and no float drift in json
    return value


def document_key(kind: str, content: object, inputs: list[str], code: str) -> str:
    """The content key of the document of format `kind`.

    `content` holds everything the writer is given (the Document, the theme, the
    options); `inputs` are the sha256 of the files the spec names (a deck template is
    read by name, say); `code` fingerprints reportgen, its libraries and the settings.
    """
    hashes: dict[Path, str] = {}

    def file_hash(path: Path) -> str:
        if path not in hashes:
            try:
                hashes[path] = sha256_file(path.resolve())[0]
            except OSError:
                hashes[path] = f"missing:{path.name}"
        return hashes[path]

    ignored = frozenset(FORMATS[kind].ignores)
    described = {
        "kind": kind,
        "content": _canonical(content, ignored, file_hash),
        "inputs": sorted(inputs),
        "code": code,
    }
    blob = json.dumps(described, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(blob).hexdigest()
