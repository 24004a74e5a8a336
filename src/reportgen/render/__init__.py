"""The document writers and their registry: a new output format is a folder here plus one
entry in `FORMATS`; the pipeline, the spec's `outputs` and the command line follow it."""

from __future__ import annotations

from reportgen.render import pdf, pptx
from reportgen.render.base import OutputFormat

FORMATS: dict[str, OutputFormat] = {fmt.kind: fmt for fmt in (pdf.FORMAT, pptx.FORMAT)}
"""Every document format by its kind, in the order they are written."""
CHART_IMAGES = "charts"
"""The `--only` word for the chart images in charts/."""
OUTPUT_KINDS = (*FORMATS, CHART_IMAGES)
"""Everything `--only` can name: each document format, and the chart images."""
