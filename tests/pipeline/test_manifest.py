"""The build manifest `OUT/NAME.manifest.json` (the contract's "The build manifest"), and
the ownership rules that follow from it: `--only`, the reportgen 0.1 hidden manifest,
files no build recorded."""

from __future__ import annotations

import hashlib
import json
import platform
import shutil
from importlib.metadata import version
from pathlib import Path

import pytest

from reportgen.errors import BuildError
from reportgen.fonts import find_family
from reportgen.pipeline import pipeline
from reportgen.pipeline.manifest import parse
from tests.conftest import ROOT, run_cli
from tests.pipeline.hostile import (
    CHART,
    NAME,
    assert_manifest_matches,
    edit,
    leftovers,
    manifest_of,
    pdf_text,
    project,
    tree,
)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture()
def rich_spec(tmp_path: Path) -> Path:
    """A project naming every kind of input: data, template, font and sibling, logo, photo."""
    from PIL import Image

    spec = project(tmp_path / "proj")
    folder = spec.parent
    sans = find_family("DejaVu Sans")
    assert sans is not None
    (folder / "fonts").mkdir()
    shutil.copy(sans.regular, folder / "fonts" / "Brand.ttf")
    shutil.copy(sans.bold, folder / "fonts" / "Brand-Bold.ttf")
    shutil.copy(ROOT / "assets" / "templates" / "default.pptx", folder / "brand.pptx")
    Image.new("RGB", (60, 30), "navy").save(folder / "logo.png")
    Image.new("RGB", (40, 40), "gray").save(folder / "me.jpg")
    edit(spec, '    role: "Analyst"', '    role: "Analyst"\n    photo: me.jpg')
    edit(spec, "outputs:", "theme: {font: fonts/Brand.ttf, logo: logo.png}\noutputs:")
    edit(spec, "  pptx: true", "  pptx: {template: brand.pptx}")
    edit(spec, "sections:", """  - id: unplaced
    type: line
    data: exports
    x: year
    y: usd_bn
    title: "A chart placed in no section"
sections:""")
    return spec


def test_the_manifest_records_the_build_as_the_contract_shows(rich_spec: Path) -> None:
    result = pipeline.build(rich_spec)
    out = rich_spec.parent / "dist"
    written = (out / f"{NAME}.manifest.json").read_bytes()
    manifest = json.loads(written)
    assert list(manifest)[:10] == ["reportgen", "spec", "params", "inputs", "outputs", "charts",
                                   "key_figures", "warnings", "timings", "versions"]
    assert manifest["spec"] == "report.yaml" and manifest["params"] == {}
    folder = rich_spec.parent
    assert manifest["inputs"] == [{"path": p, "sha256": sha(folder / p)} for p in (
        "report.yaml", "data/exports.csv", "data/partners.json", "brand.pptx", "fonts/Brand.ttf",
        "fonts/Brand-Bold.ttf", "logo.png", "me.jpg")]
    published = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()
                       and ".cache" not in p.parts and not p.name.endswith(".manifest.json"))
    assert [r["path"] for r in manifest["outputs"]] == published
    assert_manifest_matches(out)
    assert manifest["charts"] == [{"id": CHART, "drawn": True}, {"id": "unplaced", "drawn": True}]
    first = manifest["key_figures"][0]
    assert {k: first[k] for k in ("id", "value", "text")} == \
        {"id": "exports_2024", "value": 14.2, "text": "$14.2bn"}
    assert first["from"]["sha256"] == sha(folder / "data" / "exports.csv")  # computed: its source
    assert (first["from"]["column"], first["from"]["agg"]) == ("usd_bn", "last")
    assert manifest["warnings"] == [str(w) for w in result.warnings]
    assert any("unplaced" in w and "warning:" in w for w in manifest["warnings"])
    assert {"load", "charts", "pdf", "pptx", "total"} <= set(manifest["timings"])
    assert all(seconds >= 0 for seconds in manifest["timings"].values())
    assert manifest["versions"] == {"python": platform.python_version(),
                                    "matplotlib": version("matplotlib"),
                                    "reportlab": version("reportlab"),
                                    "python-pptx": version("python-pptx")}
    assert manifest["complete"] is True
    assert result.manifest == parse(written)  # the Python API returns what was written
    assert not (out / f".{NAME}.manifest.json").exists()
    unchanged = pipeline.build(rich_spec)
    assert unchanged.up_to_date and unchanged.manifest == result.manifest
    again = pipeline.build(rich_spec, force=True)
    assert again.manifest is not None
    assert [c.drawn for c in again.manifest.charts] == [False, False]
    assert again.manifest.outputs == result.manifest.outputs  # nothing changed
    assert leftovers(out) == []


def test_the_manifest_follows_an_input_that_changed(rich_spec: Path) -> None:
    first = pipeline.build(rich_spec)
    (rich_spec.parent / "data" / "exports.csv").write_text("year,usd_bn\n2021,1\n2022,2\n")
    second = pipeline.build(rich_spec)
    assert first.manifest and second.manifest
    changed = {a.path for a, b in zip(first.manifest.inputs, second.manifest.inputs, strict=True)
               if a != b}
    assert changed == {"data/exports.csv"}
    assert [c.drawn for c in second.manifest.charts] == [True, True]


def test_only_builds_keep_the_other_outputs_and_say_they_are_partial(tmp_path: Path) -> None:
    spec = project(tmp_path / "proj")
    out = spec.parent / "dist"
    pipeline.build(spec)
    full = {r["path"]: r["sha256"] for r in manifest_of(out)["outputs"]}
    edit(spec, "Regional Trade at a Glance", "Regional Trade, Revised")
    edit(spec, "  dir: dist", f"  dir: dist\n  basename: {NAME}")
    pipeline.build(spec, only=frozenset({"pdf"}))
    partial = manifest_of(out)
    assert partial["complete"] is False
    recorded = {r["path"]: r["sha256"] for r in partial["outputs"]}
    assert set(recorded) == set(full)  # the deck and the charts are still listed, as they are
    assert recorded[f"{NAME}.pdf"] != full[f"{NAME}.pdf"]
    assert {k: v for k, v in recorded.items() if k != f"{NAME}.pdf"} == \
        {k: v for k, v in full.items() if k != f"{NAME}.pdf"}
    assert "Revised" in pdf_text(out / f"{NAME}.pdf")
    assert_manifest_matches(out)
    edit(spec, "formats: [png, svg]", "formats: [png]")
    pipeline.build(spec, only=frozenset({"charts"}))
    assert (out / "charts" / f"{CHART}.svg").exists()  # --only deletes nothing
    assert f"charts/{CHART}.svg" in {r["path"] for r in manifest_of(out)["outputs"]}
    pipeline.build(spec)
    assert not (out / "charts" / f"{CHART}.svg").exists()
    assert manifest_of(out)["complete"] is True
    assert_manifest_matches(out)


def test_an_only_build_into_a_new_folder_records_only_what_it_wrote(tmp_path: Path) -> None:
    spec = project(tmp_path / "proj")
    out = spec.parent / "dist"
    pipeline.build(spec, only=frozenset({"pdf"}))
    manifest = assert_manifest_matches(out)
    assert [r["path"] for r in manifest["outputs"]] == [f"{NAME}.pdf"]
    assert manifest["complete"] is False


def test_the_hidden_manifest_of_reportgen_0_1_is_read_once_then_removed(tmp_path: Path) -> None:
    spec = project(tmp_path / "proj")
    out = spec.parent / "dist"
    pipeline.build(spec)
    names = [r["path"] for r in manifest_of(out)["outputs"]]
    (out / f"{NAME}.manifest.json").unlink()
    (out / f".{NAME}.manifest.json").write_text(json.dumps({"outputs": names}))
    edit(spec, "almost half", "nearly half")  # every output changes
    edit(spec, "formats: [png, svg]", "formats: [png]")
    pipeline.build(spec)  # the old record lets it replace its outputs
    assert not (out / f".{NAME}.manifest.json").exists()
    assert_manifest_matches(out)
    # The old record had no hashes: what it lists is never deleted on its word.
    assert (out / "charts" / f"{CHART}.svg").exists()


def test_a_file_no_build_recorded_is_never_replaced(tmp_path: Path) -> None:
    spec = project(tmp_path / "proj")
    out = spec.parent / "dist"
    out.mkdir()
    (out / f"{NAME}.pdf").write_bytes(b"%PDF-1.4 the user's own brief")
    before = tree(out)
    with pytest.raises(BuildError, match="no reportgen build of .* recorded writing it"):
        pipeline.build(spec)
    assert {k: v for k, v in tree(out).items() if not k.startswith(".cache")} == before
    result = run_cli("build", spec)
    assert result.returncode == 2 and "recorded writing it" in result.stderr


def test_a_lost_manifest_is_recovered_when_the_outputs_are_unchanged(tmp_path: Path) -> None:
    spec = project(tmp_path / "proj")
    out = spec.parent / "dist"
    pipeline.build(spec)
    (out / f"{NAME}.manifest.json").unlink()
    pipeline.build(spec)  # the same bytes: nothing is replaced, the record is made again
    assert_manifest_matches(out)


def test_another_reports_old_hidden_manifest_still_protects_its_files(tmp_path: Path) -> None:
    spec = project(tmp_path / "proj")
    out = spec.parent / "dist"
    out.mkdir()
    (out / ".other.manifest.json").write_text(json.dumps({"outputs": [f"charts/{CHART}.png"]}))
    with pytest.raises(BuildError, match="belongs to report 'other'"):
        pipeline.build(spec)


def test_every_data_file_is_an_input_with_the_hash_of_the_bytes_read(tmp_path: Path) -> None:
    import sqlite3

    from openpyxl import Workbook

    from reportgen.pipeline.inputs import input_records, spec_inputs
    from reportgen.pipeline.plan import theme_of
    from reportgen.spec.loader import load_spec

    spec = project(tmp_path / "proj")
    data = spec.parent / "data"
    with sqlite3.connect(data / "energy.sqlite") as db:
        db.execute("CREATE TABLE pipelines (route TEXT, capacity REAL)")
        db.execute("INSERT INTO pipelines VALUES ('TANAP', 16.0)")
    db.close()
    book = Workbook()
    book.active.append(["year", "budget"])
    book.active.append([2024, 1.5])
    book.save(data / "budget.xlsx")
    edit(spec, "data:\n", "data:\n"
         '  energy: {sql: "SELECT route, capacity FROM pipelines", db: data/energy.sqlite}\n'
         "  budget: {excel: data/budget.xlsx}\n")
    loaded = load_spec(spec)
    records = {r.path: r.sha256 for r in input_records(loaded, spec_inputs(loaded,
                                                                             theme_of(loaded)))}
    for name in ("data/energy.sqlite", "data/budget.xlsx", "data/exports.csv",
                 "data/partners.json"):
        assert records[name] == sha(spec.parent / name)
