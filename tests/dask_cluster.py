"""A real Dask cluster for tests: `dask scheduler` and `dask worker` processes on 127.0.0.1.

Every process is started in its own session and asked to die with the test process
(PR_SET_PDEATHSIG); the context manager kills each session whatever happens, and checks
that nothing of them is left.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

START_SECONDS = 90
"""How long a cluster may take to come up."""


def _die_with_parent() -> None:
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


@dataclass
class Cluster:
    """A running cluster: its scheduler's address and its processes."""

    address: str
    folder: Path
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)
    workers: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    """Each worker process by its name."""

    def start_worker(self, name: str, *extra: str, nanny: bool = True,
                     env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
        """Start one `dask worker` (one process, one thread) in a folder of its own."""
        cwd = self.folder / name
        cwd.mkdir(parents=True, exist_ok=True)
        command = [sys.executable, "-m", "dask", "worker", self.address, "--nthreads", "1",
                   "--no-dashboard", "--name", name, "--local-directory", str(cwd / "space"),
                   *([] if nanny else ["--no-nanny"]), *extra]
        process = _start(command, cwd, env)
        self.processes.append(process)
        self.workers[name] = process
        return process

    def wait_for_workers(self, count: int) -> None:
        """Wait until the scheduler knows `count` workers."""
        from distributed import Client

        with Client(self.address, timeout="30s") as client:
            client.wait_for_workers(count, timeout=START_SECONDS)


def _start(command: list[str], cwd: Path, env: dict[str, str] | None) -> subprocess.Popen[bytes]:
    log = (cwd / "log.txt").open("ab")
    try:
        return subprocess.Popen(command, cwd=cwd, stdout=log, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True,
                                preexec_fn=_die_with_parent,
                                env={**os.environ, **(env or {})})
    finally:
        log.close()


def session_alive(session: int) -> list[int]:
    """The processes still in a session."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == session and fields[0] != "Z":
            found.append(int(entry))
    return found


def stop(processes: list[subprocess.Popen[bytes]]) -> None:
    """End every process and everything in its session; wait until they are gone."""
    for process in processes:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + 10
    for process in processes:
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
    for process in processes:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(session_alive(p.pid) for p in processes):
        time.sleep(0.1)
    left = [pid for p in processes for pid in session_alive(p.pid)]
    assert not left, f"processes left behind: {left}"


@contextlib.contextmanager
def dask_cluster(folder: Path, *, workers: int = 2, nanny: bool = True) -> Iterator[Cluster]:
    """A scheduler and `workers` workers on 127.0.0.1; all of it stopped on exit."""
    folder.mkdir(parents=True, exist_ok=True)
    scheduler_file = folder / "scheduler.json"
    (folder / "scheduler").mkdir(exist_ok=True)
    scheduler = _start([sys.executable, "-m", "dask", "scheduler", "--host", "127.0.0.1",
                        "--port", "0", "--no-dashboard", "--scheduler-file",
                        str(scheduler_file)], folder / "scheduler", None)
    cluster = Cluster("", folder, [scheduler])
    try:
        deadline = time.monotonic() + START_SECONDS
        while not cluster.address:
            if scheduler.poll() is not None or time.monotonic() > deadline:
                log = (folder / "scheduler" / "log.txt").read_text(errors="replace")
                raise RuntimeError(f"the Dask scheduler did not start:\n{log}")
            with contextlib.suppress(OSError, ValueError):
                cluster.address = json.loads(scheduler_file.read_text())["address"]
            time.sleep(0.1)
        for index in range(workers):
            cluster.start_worker(f"worker{index}", nanny=nanny)
        if workers:
            cluster.wait_for_workers(workers)
        yield cluster
    finally:
        stop(cluster.processes)
