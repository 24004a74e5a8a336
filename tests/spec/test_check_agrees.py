"""Specs that once passed `check` and then broke `build`, found by the build fuzz test.

Each is now either refused by `check` with its place (and so by `build`, exit 2), or
built cleanly (exit 0).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

BASE = (Path(__file__).resolve().parent / "base.yaml").read_text("utf-8")
TABLE = ('tables:\n  - {id: trade_table, data: trade, title: "Trade", columns: [flow, usd_bn]}\n'
         "sections:\n")


def run(tmp_path: Path, command: str, text: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "spec.yaml").write_text(text, "utf-8")
    args = [command, "spec.yaml"] + (["--only", "pdf,pptx"] if command == "build" else [])
    return subprocess.run([sys.executable, "-m", "reportgen", *args], capture_output=True,
                          text=True, cwd=tmp_path, timeout=300)


def with_table(flow: str) -> str:
    return (BASE.replace("sections:\n", TABLE, 1)
            .replace('{flow: "B to A", usd_bn: 3.5}', f"{{flow: {flow}, usd_bn: 3.5}}")
            .replace("    charts: [trade_bar]\n", "    charts: [trade_bar]\n    tables: "
                     "[trade_table]\n"))


def test_a_huge_number_in_a_table_is_refused_by_check_and_build(tmp_path: Path) -> None:
    for command in ("check", "build"):  # was: check ok, build InvalidOperation (exit 1)
        result = run(tmp_path, command, with_table("1.0e+308"))
        assert result.returncode == 2, result.stderr
        assert ("spec.yaml:17:16: data.trade.rows.1.flow: row 2, column 'flow' is 1e+308, "
                "too large to show in table 'trade_table'") in result.stderr


def test_a_table_cell_wider_than_the_page_builds(tmp_path: Path) -> None:
    digits = "1" * 400  # longer than a number may be: it stays text, one unbreakable word
    assert run(tmp_path, "check", with_table(digits)).returncode == 0
    result = run(tmp_path, "build", with_table(digits))  # was: reportlab ValueError, exit 1
    assert result.returncode == 0, result.stderr
    (pdf,) = (tmp_path / "dist").glob("*.pdf")
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages).replace("\n", "")
    assert digits in text and "3.5" in text


def test_negative_decimals_are_a_located_error_not_a_crash(tmp_path: Path) -> None:
    result = run(tmp_path, "check", BASE.replace("    decimals: 1", "    decimals: -2613715"))
    assert result.returncode == 2, result.stderr  # was: InvalidOperation in check (exit 1)
    assert "spec.yaml:11:15: key_figures.0.decimals: expected a number at least 0" in \
        result.stderr
