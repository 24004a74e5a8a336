"""Options of the PDF brief (`outputs.pdf`)."""

from __future__ import annotations

from pydantic import Field

from reportgen.spec.types import Model


class PdfOptions(Model):
    """PDF brief options."""

    enabled: bool = Field(True, description="Write the PDF brief.")
