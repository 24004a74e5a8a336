"""A spec path that is no ordinary file, or a spec at the size limit, never hangs or eats memory.

Each case runs the real command in a child process with a time limit and a 1 GiB
address-space limit, so that a regression fails the test instead of hanging the suite
(a FIFO with no writer blocks a plain open() forever; /dev/zero never ends).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reportgen.errors import SpecError
from reportgen.spec.loader import MAX_SPEC_BYTES, load_spec

BASE = (Path(__file__).resolve().parent / "base.yaml").read_text("utf-8")
ONE_GIB = 1024**3


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ONE_GIB, ONE_GIB))


def run(*args: str | Path, cwd: Path, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reportgen", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, timeout=timeout,
                          preexec_fn=_limit_memory)


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_fifo_is_refused_without_waiting(tmp_path: Path, command: str) -> None:
    os.mkfifo(tmp_path / "spec.yaml")
    result = run(command, "spec.yaml", cwd=tmp_path, timeout=20)
    assert result.returncode == 2, result.stderr
    assert "spec.yaml: is a named pipe (FIFO), not a spec file" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", ["check", "build"])
def test_dev_zero_and_a_link_to_it_are_refused(tmp_path: Path, command: str) -> None:
    (tmp_path / "spec.yaml").symlink_to("/dev/zero")
    for name in ("/dev/zero", "spec.yaml"):
        result = run(command, name, cwd=tmp_path, timeout=20)
        assert result.returncode == 2, result.stderr
        assert f"{name}: is a device, not a spec file" in result.stderr
        assert "Traceback" not in result.stderr


def test_a_folder_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "spec.yaml").mkdir()
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SpecError) as caught:
        load_spec(Path("spec.yaml"))
    assert [str(p) for p in caught.value.problems] == [
        "spec.yaml: is a folder, not a spec file"]


def test_a_spec_over_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    with spec.open("wb") as file:
        file.write(BASE.encode())
        file.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper, nothing on disk
    started = time.perf_counter()
    result = run("check", "spec.yaml", cwd=tmp_path)
    assert time.perf_counter() - started < 10
    assert result.returncode == 2
    assert f"the spec is 52,428,800 bytes; the limit is {MAX_SPEC_BYTES:,}" in result.stderr


def test_a_spec_at_the_limit_is_read_quickly(tmp_path: Path) -> None:
    """Just under 5 MB of inline rows: refused for its size in values, fast, located."""
    rows = "".join(f'      - {{flow: "Flow {i}", usd_bn: {i}.5}}\n' for i in range(150_000))
    text = BASE.replace("    rows:\n", "    rows:\n" + rows, 1)
    text = text[: text.rindex("\n", 0, MAX_SPEC_BYTES - 200) + 1] + "outputs: {dir: dist}\n"
    (tmp_path / "spec.yaml").write_text(text, "utf-8")
    assert MAX_SPEC_BYTES - 1_000 < len(text.encode()) <= MAX_SPEC_BYTES
    started = time.perf_counter()
    result = run("check", "spec.yaml", cwd=tmp_path)
    assert time.perf_counter() - started < 20
    assert result.returncode == 2
    assert "has more than 200,000 values" in result.stderr
    assert result.stderr.startswith("spec.yaml:")
