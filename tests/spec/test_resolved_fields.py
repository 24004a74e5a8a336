"""`{{ key_figures.ID }}` in a dataset's source reaches every output resolved, and once.

The loader resolves placeholders in every plain-text field, so the figure's source line
in the brief, the deck's source line and notes, the chart image's source line and the
brief's sources list all show the figure, and the list names that source once.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pptx import Presentation
from pypdf import PdfReader

BASE = (Path(__file__).resolve().parent / "base.yaml").read_text("utf-8")
RESOLVED = "Ministry data, 1.5 bn"


def test_a_placeholder_in_a_dataset_source_is_resolved_in_every_output(tmp_path: Path) -> None:
    text = BASE.replace('    source: "Test data"',
                        '    source: "Ministry data, {{ key_figures.exports }} bn"').replace(
        "  dir: dist", "  dir: dist\n  charts: {formats: [svg]}")
    (tmp_path / "spec.yaml").write_text(text, "utf-8")
    result = subprocess.run([sys.executable, "-m", "reportgen", "build", "spec.yaml", "-q"],
                            capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert result.returncode == 0, result.stderr
    dist = tmp_path / "dist"

    (pdf,) = dist.glob("*.pdf")
    brief = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "{{" not in brief
    assert f"Source: {RESOLVED}" in brief  # under the figure
    sources = brief[brief.index("Sources and notes"):]
    assert sources.count(RESOLVED) == 1, sources  # listed once, not raw and resolved

    (deck,) = dist.glob("*.pptx")
    shown, notes = [], []
    for slide in Presentation(str(deck)).slides:
        shown += [s.text_frame.text for s in slide.shapes if s.has_text_frame]
        if slide.has_notes_slide:
            notes.append(slide.notes_slide.notes_text_frame.text)
    assert f"Source: {RESOLVED}" in shown
    assert any(f"Source: {RESOLVED}" in n for n in notes)
    assert not any("{{" in t for t in shown + notes)

    image = (dist / "charts" / "trade_bar.svg").read_text("utf-8")
    assert RESOLVED in image and "{{" not in image
