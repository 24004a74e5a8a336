"""Rebuilds redo only what changed: nothing for no change, one document for a notes edit,
the charts that read a CSV for a changed CSV. Properties, never times."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import run_cli

HEAVY = ("matplotlib", "reportlab", "pptx", "pydantic", "xlsxwriter")
"""Top-level packages a no-change build must not import (with the spec models)."""
GLYPH_NAMES = "fontTools.ttLib.tables._p_o_s_t"
"""fontTools' reader of a font's glyph names: slow, and needed by no build of a document."""
PROBE = """
import json, os, sys
sys.argv = ["reportgen", *sys.argv[1:]]
if os.environ.get("PROBE_ONE_PROCESS"):  # documents written here too, so seen here
    from reportgen.processes import stay_in_this_process
    stay_in_this_process()
from reportgen.cli import main
try:
    main()
except SystemExit as exc:
    code = exc.code
heavy = sorted({m.split(".")[0] for m in sys.modules if m.split(".")[0] in HEAVY}
               | ({"reportgen.spec.models", "GLYPH_NAMES"} & set(sys.modules)))
print(json.dumps({"code": code, "imported": heavy}))
""".replace("HEAVY", repr(HEAVY)).replace("GLYPH_NAMES", GLYPH_NAMES)


def probe(*args: str | Path, one_process: bool = False) -> tuple[int, list[str], str]:
    """Run the command line in a fresh process (with `one_process`, one that writes the
    documents itself); its exit code, the heavy modules it imported, and its stderr."""
    env = {**os.environ, "PROBE_ONE_PROCESS": "1" if one_process else ""}
    done = subprocess.run([sys.executable, "-c", PROBE, *map(str, args)],
                          capture_output=True, text=True, timeout=300, env=env)
    found = json.loads(done.stdout.strip().splitlines()[-1])
    return found["code"] or 0, found["imported"], done.stderr


def stamps(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under a folder (the cache aside): its bytes and modification time."""
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".cache" not in p.parts
    }


def manifest(dist: Path) -> dict:
    return json.loads((dist / "azerbaijan-russia.manifest.json").read_text())


def test_a_no_change_build_does_nothing_and_imports_no_renderer(sample_spec: Path) -> None:
    dist = sample_spec.parent / "dist"
    assert run_cli("build", sample_spec).returncode == 0
    before = stamps(dist)
    code, imported, stderr = probe("build", sample_spec)
    assert code == 0, stderr
    assert "up to date" in stderr
    assert imported == [], f"a no-change build imported {imported}"
    assert stamps(dist) == before  # not a byte, not a time stamp (the manifest included)


def test_force_rebuilds_and_an_output_changed_on_disk_is_rebuilt(sample_spec: Path) -> None:
    dist = sample_spec.parent / "dist"
    assert run_cli("build", sample_spec).returncode == 0
    forced = run_cli("build", sample_spec, "--force")
    assert forced.returncode == 0 and "up to date" not in forced.stderr
    assert "Writing the PDF brief" in forced.stderr and "Writing the slide deck" in forced.stderr
    pdf = dist / "azerbaijan-russia.pdf"
    good = pdf.read_bytes()
    pdf.write_bytes(good[:-100])  # damaged after the build
    again = run_cli("build", sample_spec)
    assert again.returncode == 0 and "up to date" not in again.stderr
    assert pdf.read_bytes() == good
    (dist / "charts" / "trade_split.png").unlink()
    assert "up to date" not in run_cli("build", sample_spec).stderr
    assert (dist / "charts" / "trade_split.png").is_file()


def test_a_changed_input_or_option_is_not_up_to_date(sample_spec: Path) -> None:
    assert run_cli("build", sample_spec).returncode == 0
    assert "up to date" in run_cli("build", sample_spec).stderr
    assert "up to date" not in run_cli("build", sample_spec, "--only", "pdf").stderr
    csv = sample_spec.parent / "data" / "trade_2024.csv"
    csv.write_text(csv.read_text().replace("3.621", "3.700"))
    assert "up to date" not in run_cli("build", sample_spec).stderr
    other = sample_spec.parent / "elsewhere"
    assert "up to date" not in run_cli("build", sample_spec, "--out", other).stderr
    assert "up to date" in run_cli("build", sample_spec, "--out", other).stderr


def test_a_notes_edit_rewrites_the_deck_and_leaves_the_brief_alone(sample_spec: Path) -> None:
    dist = sample_spec.parent / "dist"
    assert run_cli("build", sample_spec).returncode == 0
    before = stamps(dist)
    text = sample_spec.read_text()
    first = text.index("  - heading:")
    line_end = text.index("\n", first)
    sample_spec.write_text(text[:line_end + 1] + '    notes: "Pause for questions here."\n'
                           + text[line_end + 1:])
    code, imported, stderr = probe("build", sample_spec)
    assert code == 0, stderr
    after = stamps(dist)
    assert after["azerbaijan-russia.pdf"] == before["azerbaijan-russia.pdf"]  # bytes and mtime
    assert after["azerbaijan-russia.pptx"][0] != before["azerbaijan-russia.pptx"][0]
    assert "reportlab" not in imported and "matplotlib" not in imported
    from pptx import Presentation

    deck = Presentation(str(dist / "azerbaijan-russia.pptx"))
    notes = [s.notes_slide.notes_text_frame.text for s in deck.slides if s.has_notes_slide]
    assert any("Pause for questions here." in n for n in notes)


def test_a_text_edit_draws_no_chart(sample_spec: Path) -> None:
    dist = sample_spec.parent / "dist"
    assert run_cli("build", sample_spec).returncode == 0
    sample_spec.write_text(sample_spec.read_text().replace(
        "Despite the tensions,", "Despite all the tensions,", 1))
    code, imported, stderr = probe("build", sample_spec)
    assert code == 0, stderr
    assert "matplotlib" not in imported
    assert not any(chart["drawn"] for chart in manifest(dist)["charts"])
    import pdfplumber

    with pdfplumber.open(dist / "azerbaijan-russia.pdf") as pdf:
        text = " ".join(page.extract_text() or "" for page in pdf.pages)
    assert "Despite all the tensions," in " ".join(text.split())


def test_a_changed_csv_redraws_exactly_the_charts_that_read_it(sample_spec: Path) -> None:
    dist = sample_spec.parent / "dist"
    assert run_cli("build", sample_spec).returncode == 0
    assert all(chart["drawn"] for chart in manifest(dist)["charts"])
    csv = sample_spec.parent / "data" / "trade_2024.csv"
    csv.write_text(csv.read_text().replace("1.178", "1.250"))
    result = run_cli("build", sample_spec)
    assert result.returncode == 0, result.stderr
    drawn = {chart["id"] for chart in manifest(dist)["charts"] if chart["drawn"]}
    assert drawn == {"trade_asymmetry"}  # the only chart of data/trade_2024.csv


def test_an_edited_build_loads_only_what_its_documents_need(sample_spec: Path) -> None:
    """Both documents rewritten in this one process: no chart drawn (no matplotlib), no
    native-chart code for a deck of chart pictures (no xlsxwriter), and no font's glyph
    names decoded (the glyph check and the deck's fitting read cmaps and widths only)."""
    dist = sample_spec.parent / "dist"
    assert run_cli("build", sample_spec).returncode == 0
    before = stamps(dist)
    sample_spec.write_text(sample_spec.read_text().replace(
        "Despite the tensions,", "Despite all the tensions,", 1))
    code, imported, stderr = probe("build", sample_spec, one_process=True)
    assert code == 0, stderr
    after = stamps(dist)
    for name in ("azerbaijan-russia.pdf", "azerbaijan-russia.pptx"):
        assert after[name][0] != before[name][0], f"{name} was not rewritten"
    assert {"reportlab", "pptx"} <= set(imported)  # it did write both documents here
    assert "matplotlib" not in imported and "xlsxwriter" not in imported
    assert GLYPH_NAMES not in imported
