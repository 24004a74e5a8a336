"""reportgen: one YAML spec of an analysis in, a PDF policy brief and a slide deck out."""

from __future__ import annotations

__version__ = "0.1.0"
