"""reportgen: one YAML spec of an analysis in, a PDF policy brief and a slide deck out.

`reportgen.build(spec, params=..., out=...)` builds one report and returns its manifest
(`reportgen.BuildManifest`); a user's mistake raises `reportgen.SpecError` or
`reportgen.BuildError`. Importing reportgen is cheap: each name is loaded when first used.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from reportgen.api import build, check
    from reportgen.errors import BuildError, ReportgenError, SpecError
    from reportgen.pipeline.manifest import BuildManifest

_LAZY = {
    "build": "reportgen.api",
    "check": "reportgen.api",
    "SpecError": "reportgen.errors",
    "BuildError": "reportgen.errors",
    "ReportgenError": "reportgen.errors",
    "BuildManifest": "reportgen.pipeline.manifest",
}

__all__ = ["BuildError", "BuildManifest", "ReportgenError", "SpecError", "__version__",
           "build", "check"]


def __getattr__(name: str) -> Any:
    """Load a public name on first use (so `import reportgen` stays cheap)."""
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'reportgen' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
