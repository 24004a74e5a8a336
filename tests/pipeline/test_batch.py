"""`reportgen batch` on local worker processes: variants files, OUT/ID/ folders, batch.json,
bad rows, exit statuses, skipping unchanged variants, and the shared chart cache."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reportgen.errors import SpecError
from reportgen.pipeline.variants import read_variants
from reportgen.spec.params import Declared
from tests.conftest import run_cli
from tests.dask_cluster import session_alive
from tests.param_spec import GOOD, deck_text, pdf_text, write_project

RECORD_KEYS = {"engine", "summary", "variants"}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _batch(spec: Path, *args: str | Path, variants: str = "variants.csv"
           ) -> tuple[int, str, dict]:
    """Run a batch from the spec's folder (so messages name `variants.csv`); its exit status,
    its stderr and the batch record (empty when there is none)."""
    result = run_cli("batch", spec.name, "--variants", variants, *args, cwd=spec.parent)
    try:
        record = json.loads((spec.parent / "dist" / "batch.json").read_text())
    except (OSError, ValueError):
        record = {}
    return result.returncode, result.stderr, record


def check_variant_folders(out: Path, record: dict) -> None:
    """Each ok or skipped variant's outputs and manifest are on disk with their hashes,
    and its brief and deck show its country and year."""
    for variant in record["variants"]:
        if variant["status"] == "failed":
            continue
        country, year = GOOD[variant["id"]]
        manifest = json.loads((out / variant["manifest"]).read_text())
        assert manifest["params"] == {"country": country, "year": int(year)}
        listed = {f"{variant['id']}/{o['path']}" for o in manifest["outputs"]}
        assert listed == set(variant["outputs"])
        for output in manifest["outputs"]:
            assert _sha256(out / variant["id"] / output["path"]) == output["sha256"]
        pdf = out / variant["id"] / f"trade-{country}-{year}.pdf"
        deck = out / variant["id"] / f"trade-{country}-{year}.pptx"
        assert f"Trade of {country} in {year}" in pdf_text(pdf)
        assert f"{country}: goods flows in {year}" in deck_text(deck)
        others = [c for c, _ in GOOD.values() if c != country]
        assert not any(f"Trade of {other}" in pdf_text(pdf) for other in others)


def test_a_batch_builds_every_good_row_and_records_the_bad_one(tmp_path: Path) -> None:
    spec = write_project(tmp_path / "project")
    code, stderr, record = _batch(spec, "--jobs", "2")
    assert code == 1, stderr
    out = spec.parent / "dist"
    assert set(record) >= RECORD_KEYS
    assert record["engine"] == {"kind": "local", "workers": 2}
    summary = record["summary"]
    assert (summary["ok"], summary["failed"], summary["skipped"]) == (3, 1, 0)
    assert summary["seconds"] > 0
    assert [v["id"] for v in record["variants"]] == [
        "azerbaijan-2024", "georgia-2023", "armenia-twenty", "armenia-2023"]
    bad = record["variants"][2]
    assert bad["status"] == "failed"
    assert bad["error"] == "variants.csv:4: year: expected a whole number but got 'twenty'"
    assert bad["source"] == "variants.csv:4"
    assert "variants.csv:4: year: expected a whole number but got 'twenty'" in stderr
    assert not (out / "armenia-twenty").exists()
    good = record["variants"][0]
    assert good["params"] == {"country": "Azerbaijan", "year": 2024}
    assert good["status"] == "ok" and good["seconds"] > 0 and "error" not in good
    assert "azerbaijan-2024/trade-Azerbaijan-2024.pdf" in good["outputs"]
    check_variant_folders(out, record)


def test_each_variant_is_what_build_writes_for_it(tmp_path: Path) -> None:
    spec = write_project(tmp_path / "project", variants="country,year\nGeorgia,2023\n")
    code, stderr, record = _batch(spec)
    assert code == 0, stderr
    single = tmp_path / "single"
    result = run_cli("build", spec, "--out", single, "-P", "country=Georgia", "-P", "year=2023")
    assert result.returncode == 0, result.stderr
    batch_folder = spec.parent / "dist" / "georgia-2023"
    for name in ("trade-Georgia-2023.pdf", "trade-Georgia-2023.pptx", "charts/flows.png",
                 "charts/context.png"):
        assert (batch_folder / name).read_bytes() == (single / name).read_bytes(), name


def test_a_yaml_variants_file_reports_a_bad_row_at_its_mapping(tmp_path: Path) -> None:
    spec = write_project(tmp_path / "project")
    variants = spec.parent / "variants.yaml"
    variants.write_text(
        "- {id: az, country: Azerbaijan, year: 2024}\n"
        "- country: Georgia\n"
        "  year: \"2023\"\n"
        "- {country: Armenia, year: 2023, region: South}\n", encoding="utf-8")
    code, _, record = _batch(spec, "-q", variants="variants.yaml")
    assert code == 1
    by_id = {v["id"]: v for v in record["variants"]}
    assert by_id["az"]["status"] == "ok"
    assert by_id["georgia-2023"]["error"].startswith("variants.yaml:2: year: expected a whole "
                                                     "number but got '2023'")
    assert by_id["armenia-2023-south"]["error"].startswith(
        "variants.yaml:4: region: unknown param 'region'")
    assert (spec.parent / "dist" / "az" / "trade-Azerbaijan-2024.pdf").is_file()


@pytest.mark.parametrize(("variants", "message"), [
    ("country,year\nGeorgia,2023\ngeorgia,2023\n",
     "variants.csv:3: id: the variant id 'georgia-2023' is also the id of line 2"),
    ("contry,year\nGeorgia,2023\n",
     "variants.csv:1: contry: the column 'contry' names no param of the spec; did you mean "
     "'country'?"),
    ("id,country,year\nsame,Georgia,2023\nsame,Armenia,2023\n",
     "variants.csv:3: id: the variant id 'same' is also the id of line 2"),
    ("country,year\n", "variants.csv: the variants file lists no variants"),
])
def test_a_bad_variants_file_builds_nothing(tmp_path: Path, variants: str, message: str) -> None:
    spec = write_project(tmp_path / "project", variants=variants)
    code, stderr, _ = _batch(spec)
    assert code == 2
    assert message in stderr
    assert "Traceback" not in stderr
    assert not (spec.parent / "dist").exists()


def test_an_invalid_spec_builds_nothing(tmp_path: Path) -> None:
    spec = write_project(tmp_path / "project")
    spec.write_text(spec.read_text().replace("type: bar", "type: barr", 1), encoding="utf-8")
    code, stderr, _ = _batch(spec)
    assert code == 2
    assert "did you mean 'bar'" in stderr
    assert not (spec.parent / "dist").exists()


def test_a_batch_record_it_did_not_write_is_left_alone(tmp_path: Path) -> None:
    spec = write_project(tmp_path / "project")
    out = spec.parent / "dist"
    out.mkdir()
    (out / "batch.json").write_text("my notes\n")
    code, stderr, _ = _batch(spec)
    assert code == 2
    assert "is not a batch record that reportgen wrote" in stderr
    assert (out / "batch.json").read_text() == "my notes\n"
    assert sorted(p.name for p in out.iterdir()) == ["batch.json"]


def test_a_rerun_skips_unchanged_variants_and_force_builds_them(tmp_path: Path) -> None:
    spec = write_project(tmp_path / "project", variants=(
        "country,year\nAzerbaijan,2024\nGeorgia,2023\n"))
    code, _, first = _batch(spec)
    assert code == 0
    out = spec.parent / "dist"
    pdf = out / "georgia-2023" / "trade-Georgia-2023.pdf"
    written = pdf.stat().st_mtime_ns
    code, stderr, again = _batch(spec)
    assert code == 0, stderr
    assert [v["status"] for v in again["variants"]] == ["skipped", "skipped"]
    assert again["summary"]["skipped"] == 2
    assert again["variants"][1]["outputs"] == first["variants"][1]["outputs"]
    assert pdf.stat().st_mtime_ns == written
    check_variant_folders(out, again)
    code, _, forced = _batch(spec, "--force")
    assert [v["status"] for v in forced["variants"]] == ["ok", "ok"]


def test_a_changed_input_rebuilds_the_variants(tmp_path: Path) -> None:
    spec = write_project(tmp_path / "project", variants=(
        "country,year\nAzerbaijan,2024\nGeorgia,2023\n"))
    assert _batch(spec)[0] == 0
    csv = spec.parent / "data" / "trade.csv"
    csv.write_text(csv.read_text().replace("Georgia,2023,exports,0.64",
                                           "Georgia,2023,exports,0.70"), encoding="utf-8")
    code, _, record = _batch(spec)
    assert code == 0
    assert [v["status"] for v in record["variants"]] == ["ok", "ok"]
    pdf = spec.parent / "dist" / "georgia-2023" / "trade-Georgia-2023.pdf"
    assert "$2.45bn" in pdf_text(pdf)


def test_charts_alike_in_every_variant_are_drawn_once(tmp_path: Path) -> None:
    spec = write_project(tmp_path / "project", variants=(
        "country,year\nAzerbaijan,2024\nGeorgia,2023\nArmenia,2023\n"))
    code, _, record = _batch(spec, "--jobs", "1")
    assert code == 0
    drawn = {}
    for variant in record["variants"]:
        manifest = json.loads((spec.parent / "dist" / variant["manifest"]).read_text())
        drawn[variant["id"]] = {c["id"]: c["drawn"] for c in manifest["charts"]}
    assert [d["context"] for d in drawn.values()] == [True, False, False]
    assert [d["flows"] for d in drawn.values()] == [True, True, True]
    assert (spec.parent / "dist" / ".cache" / "charts").is_dir()
    assert not any((spec.parent / "dist" / v).joinpath(".cache").exists() for v in drawn)


def test_variant_ids_are_slugs_of_the_values_or_the_id_column(tmp_path: Path) -> None:
    folder = tmp_path / "v"
    folder.mkdir()
    declared = Declared({"country": "string", "year": "integer"}, {})
    file = folder / "variants.csv"
    file.write_text("id,country,year\n,Côte d'Ivoire,2024\nmine,Georgia,2023\n../up,A,1\n"
                    ".hidden,A,2\n", encoding="utf-8")
    variants = read_variants(file, declared)
    assert [v.id for v in variants[:2]] == ["cote-d-ivoire-2024", "mine"]
    assert [v.line for v in variants] == [2, 3, 4, 5]
    assert variants[2].problems and "expected a folder name" in variants[2].problems[0]
    assert variants[3].problems
    file.write_text("country;year\nGeorgia;2023\n", encoding="utf-8")
    assert read_variants(file, declared)[0].given["year"].value == "2023"
    file.write_text("[1, 2]\n", encoding="utf-8")
    yaml_file = folder / "v.yaml"
    yaml_file.write_text("country: Georgia\n", encoding="utf-8")
    with pytest.raises(SpecError, match="expected a list of mappings"):
        read_variants(yaml_file, declared)


@pytest.mark.parametrize(("signum", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_stopped_batch_leaves_no_temporary_file_and_no_process(
        tmp_path: Path, signum: int, status: int) -> None:
    rows = "".join(f"{c},{y}\n" for c in ("Azerbaijan", "Georgia", "Armenia")
                   for y in (2023, 2024))
    spec = write_project(tmp_path / "project", variants="country,year\n" + rows)
    batch = subprocess.Popen(
        [sys.executable, "-m", "reportgen", "batch", spec.name, "--variants", "variants.csv",
         "--jobs", "2"], cwd=spec.parent, stderr=subprocess.PIPE, text=True,
        start_new_session=True)
    try:
        assert batch.stderr is not None
        for line in batch.stderr:  # stop it once a variant is built, others in progress
            if "built in" in line:
                break
        os.kill(batch.pid, signum)
        _, stderr = batch.communicate(timeout=60)
    finally:
        if batch.poll() is None:
            os.killpg(batch.pid, signal.SIGKILL)
            batch.wait()
    assert batch.returncode == status, stderr
    assert "Traceback" not in stderr
    deadline = time.monotonic() + 10
    while session_alive(batch.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not session_alive(batch.pid)
    out = spec.parent / "dist"
    # A stop that lands while a worker releases its lock may leave the lock file (as for
    # `build`, the next build removes it); never a staging folder or a partial variant.
    left = [p for p in out.rglob("*") if p.name.startswith(".reportgen-")]
    assert all(p.name.endswith(".lock") for p in left), [str(p.relative_to(out)) for p in left]
    for folder in out.iterdir():
        if folder.is_dir() and folder.name != ".cache":
            names = sorted(p.name for p in folder.iterdir())
            built = len([n for n in names if n.endswith(".manifest.json")]) == 1
            assert built or all(n.endswith(".lock") for n in names), (
                f"{folder.name} holds a partial build: {names}")
    code, stderr, record = _batch(spec, "--force")  # each build sweeps what a stop left
    assert code == 0, stderr
    assert not [p for p in out.rglob("*") if p.name.startswith(".reportgen-")]
