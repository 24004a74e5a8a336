"""The command line as the contract describes it: commands, exit statuses, output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.cli import cli
from tests.conftest import run_cli


def test_help_lists_every_command() -> None:
    result = run_cli("--help")
    assert result.returncode == 0
    for command in ("build", "check", "schema", "init"):
        assert command in result.stdout


def test_schema_is_json_schema_with_the_spec_keys() -> None:
    result = run_cli("schema")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert {
        "report",
        "authors",
        "key_figures",
        "data",
        "charts",
        "sections",
        "timeline",
        "see_also",
        "theme",
        "outputs",
    } <= set(schema["properties"])
    assert schema["additionalProperties"] is False
    chart = schema["$defs"]["Chart"]
    assert "bar" in chart["properties"]["type"]["enum"]
    assert chart["properties"]["title"]["description"]


@pytest.mark.parametrize("command", [["check", "report.yaml"], ["schema"]])
def test_check_and_schema_never_import_the_renderers(command: list[str]) -> None:
    root = Path(__file__).resolve().parents[2]
    code = (
        "import sys\nfrom reportgen.cli import cli\n"
        f"try:\n    cli({command!r})\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in "
        "('matplotlib', 'reportlab', 'pptx')]\nprint('HEAVY', heavy)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root)
    assert "HEAVY []" in result.stdout, result.stdout + result.stderr


def test_check_valid_sample_exits_zero() -> None:
    root = Path(__file__).resolve().parents[2]
    result = run_cli("check", root / "report.yaml")
    assert result.returncode == 0, result.stderr
    assert "ok" in result.stdout


def test_init_writes_a_spec_that_builds(tmp_path: Path) -> None:
    folder = tmp_path / "brief"
    assert run_cli("init", folder).returncode == 0
    assert (folder / "report.yaml").is_file()
    assert run_cli("check", folder / "report.yaml").returncode == 0
    built = run_cli("build", folder / "report.yaml")
    assert built.returncode == 0, built.stderr
    assert (folder / "dist" / "regional-trade-at-a-glance.pdf").is_file()
    assert (folder / "dist" / "charts" / "exports_by_year.svg").is_file()
    again = run_cli("init", folder)
    assert again.returncode == 2
    assert "already" in again.stderr


def test_only_writes_the_asked_outputs(sample_spec: Path) -> None:
    out = sample_spec.parent / "only"
    result = run_cli("build", sample_spec, "--out", out, "--only", "charts")
    assert result.returncode == 0, result.stderr
    assert (out / "charts" / "trade_asymmetry.png").is_file()
    assert not list(out.glob("*.pdf")) and not list(out.glob("*.pptx"))
    bad = run_cli("build", sample_spec, "--only", "pdf,docx")
    assert bad.returncode == 2


def test_missing_spec_file_is_a_clean_error(tmp_path: Path) -> None:
    result = run_cli("build", tmp_path / "nope.yaml")
    assert result.returncode == 2
    assert "no such file" in result.stderr
    assert "Traceback" not in result.stderr


def test_internal_error_exits_1_with_traceback(
    sample_spec: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reportgen.render.pdf.writer as pdf

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(pdf, "render_brief", broken)
    result = CliRunner().invoke(cli, ["build", str(sample_spec), "-q"])
    assert result.exit_code == 1
    assert not list((sample_spec.parent / "dist").glob("*.pdf"))
    assert not list((sample_spec.parent / "dist").glob("*.tmp"))


def test_init_on_an_existing_spec_says_so_once(tmp_path: Path) -> None:
    assert run_cli("init", tmp_path).returncode == 0
    again = run_cli("init", tmp_path)
    assert again.returncode == 2
    assert again.stderr.count("nothing was written") == 1, again.stderr
    assert "report.yaml: a spec already exists here" in again.stderr
    assert "Traceback" not in again.stderr


def test_init_never_writes_through_a_planted_link(tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    folder = tmp_path / "brief"
    folder.mkdir()
    (folder / "report.yaml").symlink_to(outside)  # dangling: exists() alone misses it
    result = run_cli("init", folder)
    assert result.returncode == 2 and "a spec already exists here" in result.stderr
    assert not outside.exists()


def test_init_that_cannot_write_is_a_clean_error(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("a file where the data folder goes")
    result = run_cli("init", tmp_path)
    assert result.returncode == 2, result.stderr
    assert "cannot write: File exists" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "report.yaml").exists()


UNPLACED_CHART = """  - id: unplaced
    type: line
    data: exports
    x: year
    y: usd_bn
    title: "A chart placed in no section"
sections:"""


def test_strict_prints_its_problems_as_errors(tmp_path: Path) -> None:
    assert run_cli("init", tmp_path / "s").returncode == 0
    spec = tmp_path / "s" / "report.yaml"
    spec.write_text(spec.read_text().replace("sections:", UNPLACED_CHART, 1))
    plain = run_cli("check", spec)
    assert plain.returncode == 0 and "charts.1.id: warning: " in plain.stderr, plain.stderr
    for command in ("check", "build"):
        strict = run_cli(command, spec, "--strict")
        assert strict.returncode == 2, strict.stderr
        assert "charts.1.id: " in strict.stderr and "placed in no section" in strict.stderr
        assert "warning" not in strict.stderr
    assert not (spec.parent / "dist").exists()


def test_init_on_an_existing_spec_says_nothing_was_written_once(tmp_path: Path) -> None:
    assert run_cli("init", tmp_path / "s").returncode == 0
    again = run_cli("init", tmp_path / "s")
    assert again.returncode == 2
    assert again.stderr.count("nothing was written") == 1, again.stderr
    assert "a spec already exists here" in again.stderr


def test_init_never_writes_through_planted_data_links(tmp_path: Path) -> None:
    folder = tmp_path / "s"
    (folder / "data").mkdir(parents=True)
    (folder / "data" / "exports.csv").symlink_to(tmp_path / "elsewhere.csv")
    assert run_cli("init", folder).returncode == 0
    assert not (tmp_path / "elsewhere.csv").exists()  # the dangling link was left alone
    (folder / "report.yaml").unlink()
    (folder / "report.yaml").symlink_to(tmp_path / "victim.yaml")
    again = run_cli("init", folder)
    assert again.returncode == 2 and "already exists" in again.stderr
    assert not (tmp_path / "victim.yaml").exists()


def test_a_failed_build_leaves_no_output_folder_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reportgen.render.pdf.writer as pdf
    from reportgen.pipeline import pipeline

    assert run_cli("init", tmp_path / "s").returncode == 0
    spec = tmp_path / "s" / "report.yaml"

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the writer failed")

    monkeypatch.setattr(pdf, "render_brief", broken)
    for out in (None, tmp_path / "new" / "deeper" / "dist"):
        with pytest.raises(RuntimeError):
            pipeline.build(spec, out=out)
    assert not (spec.parent / "dist").exists()
    assert not (tmp_path / "new").exists()
    spec.write_text(spec.read_text().replace("type: bar", "type: barr"))
    failed = run_cli("build", spec, "--out", tmp_path / "never")
    assert failed.returncode == 2 and not (tmp_path / "never").exists()
