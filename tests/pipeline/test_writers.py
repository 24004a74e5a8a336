"""The document writers run in processes started before the spec is loaded, so that their
imports overlap the loading; the build's own process never imports them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import run_cli

PROBE = """
import json, multiprocessing, sys
from pathlib import Path
import reportgen.spec.loader as loader
from reportgen.pipeline.pipeline import build

seen = {}
real = loader.load_spec

def load_spec(*args, **kwargs):
    seen["children at load"] = len(multiprocessing.active_children())
    seen["libraries at load"] = sorted(m for m in ("pptx", "reportlab") if m in sys.modules)
    return real(*args, **kwargs)

loader.load_spec = load_spec
only = frozenset(sys.argv[2].split(",")) if len(sys.argv) > 2 else None
result = build(Path(sys.argv[1]), only=only, force=True)
seen["written"] = sorted(p.name for p in result.written if p.suffix in (".pdf", ".pptx"))
seen["libraries after"] = sorted(m for m in ("pptx", "reportlab", "svglib") if m in sys.modules)
seen["children after"] = len(multiprocessing.active_children())
print(json.dumps(seen))
"""


def probe(*args: str | Path) -> dict:
    done = subprocess.run([sys.executable, "-c", PROBE, *map(str, args)], capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_writers_start_before_the_spec_is_loaded_and_write_in_their_processes(
        sample_spec: Path) -> None:
    seen = probe(sample_spec)
    assert seen["children at load"] == 2  # one writer process per document format
    assert seen["libraries at load"] == []
    assert seen["written"] == ["azerbaijan-russia.pdf", "azerbaijan-russia.pptx"]
    assert seen["libraries after"] == []  # written there, never imported here
    assert seen["children after"] == 0


def test_only_the_formats_asked_for_get_a_writer_process(sample_spec: Path) -> None:
    seen = probe(sample_spec, "pdf")
    assert seen["children at load"] == 1
    assert seen["written"] == ["azerbaijan-russia.pdf"]
    assert seen["children after"] == 0


def test_a_format_the_spec_turns_off_is_not_written_and_its_process_ends(
        sample_spec: Path) -> None:
    sample_spec.write_text(sample_spec.read_text().replace("  pptx: true", "  pptx: false"))
    seen = probe(sample_spec)
    assert seen["children at load"] == 2  # not known before the spec is read
    assert seen["written"] == ["azerbaijan-russia.pdf"]
    assert seen["children after"] == 0


def test_a_spec_error_stops_the_writer_processes(sample_spec: Path) -> None:
    sample_spec.write_text(sample_spec.read_text().replace("type: donut", "type: doughnut"))
    result = run_cli("build", sample_spec)
    assert result.returncode == 2, result.stderr
    assert "doughnut" in result.stderr and "Traceback" not in result.stderr


def test_the_outputs_are_the_same_bytes_as_those_of_a_build_in_one_process(
        sample_spec: Path, tmp_path: Path) -> None:
    env_build = [sys.executable, "-c",
                 "import sys; from pathlib import Path; from reportgen.pipeline.pipeline import "
                 "build; build(Path(sys.argv[1]), out=Path(sys.argv[2]), in_process=True)"]
    alone = tmp_path / "alone"
    done = subprocess.run([*env_build, str(sample_spec), str(alone)], capture_output=True,
                          text=True, timeout=300, env={**_env(), "SOURCE_DATE_EPOCH": "1700000000"})
    assert done.returncode == 0, done.stderr
    forked = tmp_path / "forked"
    done = subprocess.run([sys.executable, "-m", "reportgen", "build", str(sample_spec), "--out",
                           str(forked)], capture_output=True, text=True, timeout=300,
                          env={**_env(), "SOURCE_DATE_EPOCH": "1700000000"})
    assert done.returncode == 0, done.stderr
    for name in ("azerbaijan-russia.pdf", "azerbaijan-russia.pptx"):
        assert (alone / name).read_bytes() == (forked / name).read_bytes(), name


def _env() -> dict[str, str]:
    import os

    return dict(os.environ)
