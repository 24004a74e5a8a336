"""Options of the slide deck (`outputs.pptx`)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from reportgen.spec.types import Model, RelPath

CHART_MODES = ("image", "native")
"""How the deck shows charts: as pictures, or as editable PowerPoint charts."""


class PptxOptions(Model):
    """Slide deck options."""

    enabled: bool = Field(True, description="Write the slide deck.")
    template: RelPath | None = Field(None, description="A .pptx whose masters and layouts to use.")
    notes: bool = Field(True, description="Write speaker notes.")
    charts: Literal[CHART_MODES] = Field(  # type: ignore[valid-type]
        "image", description="Charts as pictures or as editable PowerPoint charts."
    )
