"""The slide deck (python-pptx): a Document and a Theme in, a complete .pptx out.

Only the registration lives here; the writer (`writer.py`) is imported when used.
"""

from __future__ import annotations

from reportgen.render.base import OutputFormat

FORMAT = OutputFormat(
    kind="pptx",
    suffix=".pptx",
    what="the slide deck",
    options="reportgen.render.pptx.options:PptxOptions",
    writer="reportgen.render.pptx.writer:write",
    ignores=("Figure.svg",),
    preflight="reportgen.render.pptx.preflight:preflight_options",
)
