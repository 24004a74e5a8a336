"""The same Document gives a byte-identical deck, whatever the clock says."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from reportgen.document.nodes import Document
from reportgen.render.pptx.writer import render_deck


@pytest.mark.parametrize("charts", ["image", "native"])
def test_byte_identical(tmp_path: Path, document: Document, theme, charts: str) -> None:
    first, second = tmp_path / "a.pptx", tmp_path / "b.pptx"
    render_deck(document, theme, first, charts=charts)
    time.sleep(2.1)  # zip times have two-second resolution
    render_deck(document, theme, second, charts=charts)
    assert first.read_bytes() == second.read_bytes()


def test_no_temporary_files_left(tmp_path: Path, document: Document, theme) -> None:
    render_deck(document, theme, tmp_path / "deck.pptx")
    assert [p.name for p in tmp_path.iterdir()] == ["deck.pptx"]
