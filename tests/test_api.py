"""The Python API: `reportgen.build` per variant, its manifest object, its errors, and an
import of reportgen that stays cheap."""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

import reportgen
from tests.param_spec import pdf_text, write_project


def test_build_returns_the_manifest_of_each_variant(tmp_path: Path) -> None:
    spec = write_project(tmp_path / "project")
    for country, year in (("Georgia", 2023), ("Armenia", "2024")):
        out = tmp_path / f"out-{country}"
        manifest = reportgen.build(spec, params={"country": country, "year": year}, out=out)
        assert isinstance(manifest, reportgen.BuildManifest)
        assert manifest.params == {"country": country, "year": int(year)}
        for output in manifest.outputs:
            data = (out / output.path).read_bytes()
            assert hashlib.sha256(data).hexdigest() == output.sha256
        assert f"Trade of {country} in {year}" in pdf_text(out / f"trade-{country}-{year}.pdf")
        on_disk = (out / f"trade-{country}-{year}.manifest.json").read_bytes()
        assert on_disk == manifest.to_json()


def test_an_unchanged_variant_returns_its_last_manifest(tmp_path: Path) -> None:
    spec = write_project(tmp_path / "project")
    out = tmp_path / "out"
    first = reportgen.build(spec, params={"country": "Georgia"}, out=out)
    again = reportgen.build(spec, params={"country": "Georgia"}, out=out)
    assert again.outputs == first.outputs and again.timings == first.timings
    forced = reportgen.build(spec, params={"country": "Georgia"}, out=out, force=True)
    assert forced.timings != first.timings


def test_a_mistake_raises_spec_error_with_located_problems(tmp_path: Path) -> None:
    spec = write_project(tmp_path / "project")
    with pytest.raises(reportgen.SpecError) as caught:
        reportgen.build(spec, params={"year": dt.date(2024, 1, 1), "region": "x"},
                        out=tmp_path / "out")
    shown = [str(p) for p in caught.value.problems]
    assert "params: year: expected a whole number but got 2024-01-01" in shown
    assert any(p.startswith("params: region: unknown param 'region'") for p in shown)
    assert not (tmp_path / "out").exists()
    with pytest.raises(reportgen.BuildError):
        reportgen.build(spec, out=spec.parent)  # the spec's own folder


def test_check_validates_with_params(tmp_path: Path) -> None:
    spec = write_project(tmp_path / "project")
    assert reportgen.check(spec, params={"country": "Armenia"}).params["country"] == "Armenia"
    with pytest.raises(reportgen.SpecError):
        reportgen.check(spec, params={"year": "x"})


def test_importing_reportgen_loads_no_pipeline_and_no_library() -> None:
    code = ("import sys, reportgen\n"
            "loaded = [m for m in sys.modules if m.split('.')[0] in ('matplotlib', 'reportlab', "
            "'pptx', 'pydantic', 'distributed') or m.startswith('reportgen.')]\n"
            "print('LOADED', loaded)\n"
            "reportgen.SpecError\nprint('ERRORS', 'reportgen.errors' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "LOADED []" in result.stdout, result.stdout + result.stderr
    assert "ERRORS True" in result.stdout
