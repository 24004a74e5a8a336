"""Shared fixtures: the sample spec copied to a temporary folder, and one build of it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "report.yaml"


def copy_sample(target: Path) -> Path:
    """Copy report.yaml and the files it names into `target`; return the spec path."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(SAMPLE, target / "report.yaml")
    for folder in ("data", "assets"):
        if (ROOT / folder).is_dir():
            shutil.copytree(ROOT / folder, target / folder, dirs_exist_ok=True)
    return target / "report.yaml"


def run_cli(
    *args: str | Path, cwd: Path | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run `python -m reportgen ARGS` as a user would; capture its output."""
    return subprocess.run(
        [sys.executable, "-m", "reportgen", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=timeout,
    )


@pytest.fixture()
def sample_spec(tmp_path: Path) -> Path:
    """A private copy of the sample spec."""
    return copy_sample(tmp_path / "sample")


@pytest.fixture(scope="session")
def built_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output folder of one real build of the sample spec (shared, do not modify)."""
    spec = copy_sample(tmp_path_factory.mktemp("built") / "sample")
    result = run_cli("build", spec, "--out", spec.parent / "dist")
    assert result.returncode == 0, result.stderr
    return spec.parent / "dist"
