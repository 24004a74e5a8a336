"""The PDF policy brief (reportlab): a Document and a Theme in, a finished PDF out.

Only the registration lives here; the writer (`writer.py`) is imported when used.
"""

from __future__ import annotations

from reportgen.render.base import OutputFormat

FORMAT = OutputFormat(
    kind="pdf",
    suffix=".pdf",
    what="the PDF brief",
    options="reportgen.render.pdf.options:PdfOptions",
    writer="reportgen.render.pdf.writer:write",
    ignores=("Section.points", "Section.notes", "Section.slide"),
)
