"""No column of the sample brief ends on a section heading (read back with pdfplumber).

A heading put off to the next column while figures waited for it is placed after
them there: it must still carry its text with it, not end that column alone.
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber

from tests.conftest import copy_sample, run_cli

HEADING_SIZE = 12.5
"""Type size of a section heading (styles.py: h1)."""
FOOTER = 45.0
"""Points from the page's bottom edge above the footer."""


def test_no_column_of_the_sample_ends_on_a_heading(tmp_path: Path) -> None:
    spec = copy_sample(tmp_path)
    result = run_cli("build", spec, "--only", "pdf", "--out", tmp_path / "dist")
    assert result.returncode == 0, result.stderr
    with pdfplumber.open(next((tmp_path / "dist").glob("*.pdf"))) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            middle = page.width / 2
            for left in (True, False):
                chars = [c for c in page.chars if (c["x0"] < middle) == left
                         and c["text"].strip() and c["top"] < page.height - FOOTER]
                if not chars:
                    continue
                lowest = max(c["bottom"] for c in chars)
                last_line = [c for c in chars if lowest - c["bottom"] < 4]
                assert not all(round(c["size"], 1) == HEADING_SIZE for c in last_line), (
                    number, "".join(c["text"] for c in last_line))
