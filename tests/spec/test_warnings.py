"""Warnings: reported with their place, harmless for `check`, fatal for `check --strict`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from reportgen.errors import SpecError
from reportgen.spec.loader import load_spec

BASE = (Path(__file__).resolve().parent / "base.yaml").read_text("utf-8")

# name -> (the base with one change, the start of the warning's line, its message)
CASES = {
    "chart_placed_nowhere": (
        BASE.replace("    charts: [trade_bar]\n", ""),
        "spec.yaml:20:9: charts.0.id: warning: ",
        "chart 'trade_bar' is placed in no section",
    ),
    "empty_section": (
        BASE.replace("outputs:\n", '  - heading: "Nothing yet"\noutputs:\n'),
        "spec.yaml:30:5: sections.1: warning: ",
        "section 'Nothing yet' has no body and no charts",
    ),
    "chart_without_source": (
        BASE.replace('    source: "Test data"\n', ""),
        "spec.yaml:19:5: charts.0: warning: ",
        "chart 'trade_bar' has no source",
    ),
}


def write(tmp_path: Path, text: str) -> Path:
    spec = tmp_path / "spec.yaml"
    spec.write_text(text, "utf-8")
    return spec


def run_check(spec: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reportgen", "check", spec.name, *flags],
                          capture_output=True, text=True, cwd=spec.parent, timeout=120)


def reported(stderr: str, start: str, message: str) -> bool:
    return any(line.startswith(start) and message in line for line in stderr.splitlines())


@pytest.mark.parametrize("name", sorted(CASES))
def test_check_passes_and_shows_the_warning(name: str, tmp_path: Path) -> None:
    text, start, message = CASES[name]
    result = run_check(write(tmp_path, text))
    assert result.returncode == 0, result.stderr
    assert reported(result.stderr, start, message), result.stderr
    assert "1 warnings" in result.stdout
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("name", sorted(CASES))
def test_check_strict_fails_on_the_warning_as_an_error(name: str, tmp_path: Path) -> None:
    text, start, message = CASES[name]
    result = run_check(write(tmp_path, text), "--strict")
    assert result.returncode == 2, result.stderr
    # it fails the check, so it is an error, not labelled "warning:"
    assert reported(result.stderr, start.replace("warning: ", ""), message), result.stderr
    assert "warning" not in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("name", sorted(CASES))
def test_load_spec_keeps_warnings_apart(name: str, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    text, start, message = CASES[name]
    spec = write(tmp_path, text)
    monkeypatch.chdir(tmp_path)
    loaded = load_spec(Path(spec.name))
    assert len(loaded.warnings) == 1
    warning = loaded.warnings[0]
    assert warning.severity == "warning"
    assert str(warning).startswith(start) and message in warning.message
    with pytest.raises(SpecError) as caught:
        load_spec(Path(spec.name), strict=True)
    assert caught.value.problems == [warning]
    assert caught.value.problems[0].severity == "error"


def test_slide_size_beside_a_template_warns_that_the_template_wins(tmp_path: Path) -> None:
    template = Path(__file__).resolve().parents[2] / "assets" / "templates" / "civic.pptx"
    (tmp_path / "brand.pptx").write_bytes(template.read_bytes())
    text = BASE.replace("outputs:\n", 'theme: {slide_size: "4:3"}\noutputs:\n  pptx: '
                        "{template: brand.pptx}\n", 1)
    loaded = load_spec(write(tmp_path, text))
    (warning,) = [w for w in loaded.warnings if w.path == "theme.slide_size"]
    assert "takes the slide size of outputs.pptx.template" in warning.message
