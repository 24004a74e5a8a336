"""`reportgen watch` as a user runs it: a real subprocess, edited like an editor edits,
broken, fixed, its data changed, then stopped with Ctrl-C (SIGINT)."""

from __future__ import annotations

import hashlib
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.dask_cluster import session_alive
from tests.param_spec import pdf_text, write_project

WAIT_SECONDS = 120


class Watcher:
    """A running `reportgen watch` and the lines it prints."""

    def __init__(self, spec: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "reportgen", "watch", spec.name, "-P", "country=Georgia",
             "-P", "year=2023"], cwd=spec.parent, stderr=subprocess.PIPE, stdout=subprocess.PIPE,
            text=True, start_new_session=True)
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, text: str) -> list[str]:
        """The lines printed until one holding `text` (inclusive)."""
        got: list[str] = []
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                if self.process.poll() is not None:
                    break
                continue
            got.append(line)
            self.seen.append(line)
            if text in line:
                return got
        raise AssertionError(f"no line with {text!r}; printed so far:\n" + "\n".join(self.seen))

    def quiet_for(self, seconds: float) -> list[str]:
        """Whatever is printed within `seconds`."""
        got = []
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                got.append(self.lines.get(timeout=left))
            except queue.Empty:
                break
        self.seen += got
        return got

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _save_like_an_editor(path: Path, text: str) -> None:
    """Write a temporary file beside `path`, then rename it over `path`."""
    temporary = path.with_name(f".{path.name}.swp-new")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_watch_rebuilds_on_every_kind_of_save_and_stops_cleanly(tmp_path: Path) -> None:
    spec = write_project(tmp_path / "project")
    pdf = spec.parent / "dist" / "trade-Georgia-2023.pdf"
    watcher = Watcher(spec)
    try:
        watcher.wait_for("built in")
        watcher.wait_for("watching report.yaml")
        assert "Trade of Georgia in 2023" in pdf_text(pdf)

        # An edit in place.
        text = spec.read_text(encoding="utf-8")
        spec.write_text(text.replace("Trade of {{", "Commerce of {{"), encoding="utf-8")
        watcher.wait_for("report.yaml changed")
        watcher.wait_for("built in")
        assert "Commerce of Georgia in 2023" in pdf_text(pdf)

        # A save the way editors do it: a temporary file renamed over the spec.
        _save_like_an_editor(spec, text.replace("Trade of {{", "Exchange of {{"))
        watcher.wait_for("built in")
        assert "Exchange of Georgia in 2023" in pdf_text(pdf)

        # A burst of saves makes one build.
        for word in ("One", "Two", "Three", "Four"):
            _save_like_an_editor(spec, text.replace("Trade of {{", f"{word} of {{{{"))
            time.sleep(0.03)
        watcher.wait_for("built in")
        assert not [line for line in watcher.quiet_for(1.5) if "built in" in line]
        assert "Four of Georgia in 2023" in pdf_text(pdf)

        # A broken spec: its errors, located; the last good outputs stay.
        good = _sha(pdf)
        broken = text.replace("type: bar", "type: barr", 1)
        _save_like_an_editor(spec, broken)
        printed = watcher.wait_for("the build failed; the last good outputs are kept")
        line = broken[: broken.index("type: barr")].count("\n") + 1
        assert any(f"report.yaml:{line}:" in p and "did you mean 'bar'" in p for p in printed)
        assert _sha(pdf) == good

        # Fixed again.
        _save_like_an_editor(spec, text)
        watcher.wait_for("built in")
        assert "Trade of Georgia in 2023" in pdf_text(pdf)

        # A changed CSV.
        csv = spec.parent / "data" / "trade.csv"
        csv.write_text(csv.read_text().replace("Georgia,2023,exports,0.64",
                                               "Georgia,2023,exports,0.70"), encoding="utf-8")
        watcher.wait_for("trade.csv changed")
        watcher.wait_for("built in")
        assert "$2.45bn" in pdf_text(pdf)

        # A file the spec does not name changes nothing.
        (spec.parent / "notes.txt").write_text("draft\n", encoding="utf-8")
        assert not [line for line in watcher.quiet_for(1.5) if "changed" in line]

        # Ctrl-C: exit status 0, nothing left running.
        os.kill(watcher.process.pid, signal.SIGINT)
        assert watcher.process.wait(timeout=30) == 0
        watcher.wait_for("stopped watching")
        deadline = time.monotonic() + 10
        while session_alive(watcher.process.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not session_alive(watcher.process.pid)
        assert "Traceback" not in "\n".join(watcher.seen)
    finally:
        watcher.stop()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_ctrl_c_during_a_build_stops_its_workers_and_keeps_the_outputs(tmp_path: Path) -> None:
    spec = write_project(tmp_path / "project")
    watcher = Watcher(spec)
    try:
        watcher.wait_for("watching report.yaml")
        pdf = spec.parent / "dist" / "trade-Georgia-2023.pdf"
        good = _sha(pdf)
        spec.write_text(spec.read_text().replace("Trade of {{", "Deals of {{"), encoding="utf-8")
        watcher.wait_for("building again")
        time.sleep(0.3)
        os.kill(watcher.process.pid, signal.SIGINT)
        assert watcher.process.wait(timeout=30) == 0
        deadline = time.monotonic() + 10
        while session_alive(watcher.process.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not session_alive(watcher.process.pid)
        text = pdf_text(pdf)
        assert _sha(pdf) == good or "Deals of Georgia" in text
        assert not [p for p in (spec.parent / "dist").iterdir() if p.name.endswith(".tmp")]
    finally:
        watcher.stop()
