"""Atomic publishing: failed, killed and concurrent builds never leave broken outputs."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

from pypdf import PdfReader

from tests.conftest import run_cli

NAME = "azerbaijan-russia"


def _kept_by_reportgen(part: str) -> bool:
    """The cache, and what a killed build leaves for the next one (its lock and staging)."""
    return part == ".cache" or part.startswith(".reportgen-") or part.endswith(".tmp")


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every published file under a folder and its bytes (the cache, and the lock file and
    staging folder of a killed build, excluded: the next build removes those)."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not any(_kept_by_reportgen(part) for part in p.parts)
    }


def outputs(folder: Path) -> dict[str, bytes]:
    """The snapshot without the build manifest (which records each build's timings)."""
    return {k: v for k, v in snapshot(folder).items() if not k.endswith(".manifest.json")}


def temps(folder: Path) -> list[Path]:
    """Temporary files, staging folders and lock files left anywhere under a folder."""
    return [p for p in folder.rglob("*") if p.name.endswith(".tmp")
            or p.name.startswith(".reportgen-")]


def assert_valid(out: Path) -> None:
    """The brief opens as a PDF (and passes qpdf) and the deck as a zip with a presentation."""
    assert len(PdfReader(out / f"{NAME}.pdf").pages) >= 2
    if shutil.which("qpdf"):
        check = subprocess.run(["qpdf", "--check", str(out / f"{NAME}.pdf")],
                               capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr
    with zipfile.ZipFile(out / f"{NAME}.pptx") as deck:
        assert deck.testzip() is None
        assert "ppt/presentation.xml" in deck.namelist()


def test_rebuild_is_byte_identical_and_leaves_no_temps(sample_spec: Path) -> None:
    out = sample_spec.parent / "dist"
    assert run_cli("build", sample_spec).returncode == 0
    first = outputs(out)
    assert {
        f"{NAME}.pdf",
        f"{NAME}.pptx",
        "charts/trade_asymmetry.png",
        "charts/trade_asymmetry.svg",
    } <= set(first)
    assert "up to date" in run_cli("build", sample_spec).stderr
    result = run_cli("build", sample_spec, "--force")
    assert result.returncode == 0, result.stderr
    assert "(5 charts from the cache)" in result.stderr  # none was drawn again
    assert outputs(out) == first
    assert temps(out) == []


def test_invalid_spec_leaves_earlier_outputs_untouched(sample_spec: Path) -> None:
    out = sample_spec.parent / "dist"
    assert run_cli("build", sample_spec).returncode == 0
    before = snapshot(out)
    text = sample_spec.read_text(encoding="utf-8")
    sample_spec.write_text(text.replace("type: bar\n", "type: barr\n", 1), encoding="utf-8")
    result = run_cli("build", sample_spec)
    assert result.returncode == 2
    assert "did you mean 'bar'" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(out) == before


def test_outputs_no_longer_produced_are_removed_and_nothing_else(sample_spec: Path) -> None:
    out = sample_spec.parent / "dist"
    assert run_cli("build", sample_spec).returncode == 0
    mine = out / "notes-of-mine.txt"
    mine.write_text("not reportgen's")
    text = sample_spec.read_text(encoding="utf-8")
    text = text.replace("formats: [png, svg]", "formats: [png]")
    sample_spec.write_text(text, encoding="utf-8")
    assert run_cli("build", sample_spec, "--only", "charts").returncode == 0
    assert (out / "charts" / "trade_asymmetry.svg").exists()  # --only removes nothing
    assert run_cli("build", sample_spec).returncode == 0
    assert not list((out / "charts").glob("*.svg"))
    assert (out / "charts" / "trade_asymmetry.png").exists()
    assert mine.read_text() == "not reportgen's"


def test_two_reports_in_one_folder_keep_each_others_outputs(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    first, second = folder / "first.yaml", folder / "second.yaml"
    first.write_text('report: {title: "First"}\nauthors: [{name: A}]\n', encoding="utf-8")
    second.write_text('report: {title: "Second"}\nauthors: [{name: B}]\n', encoding="utf-8")
    assert run_cli("build", first).returncode == 0
    assert run_cli("build", second).returncode == 0
    assert run_cli("build", first).returncode == 0
    names = sorted(p.name for p in (folder / "dist").iterdir() if not p.name.startswith("."))
    assert names == ["first.manifest.json", "first.pdf", "first.pptx",
                     "second.manifest.json", "second.pdf", "second.pptx"]
