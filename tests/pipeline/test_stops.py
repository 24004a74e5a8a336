"""A stop (SIGTERM, Ctrl-C) that lands at the worst moment of a build: while its staging
folder is being removed. Each case runs in a forked process, as a batch worker does, and
sends the stop from inside the removal itself, so the moment is not left to chance."""

from __future__ import annotations

import os
import shutil
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from reportgen.pipeline import engines, pipeline
from reportgen.pipeline.batch import VariantTask, prepare
from reportgen.pipeline.held import signals_held
from tests.param_spec import write_project

STOPPED, RETURNED, FAILED = 0, 3, 4


def _task(tmp_path: Path) -> VariantTask:
    spec = write_project(tmp_path / "project", variants="country,year\nGeorgia,2023\n")
    batch = prepare(spec, spec.parent / "variants.csv", out=None, strict=False)
    return batch.task(batch.variants[0], force=True, strict=False)


def _in_fork(child: Callable[[], int]) -> int:
    """Run `child` in a forked process; its exit status."""
    pid = os.fork()
    if pid == 0:
        code = FAILED
        try:
            code = child()
        finally:
            os._exit(code)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


def _stop_myself() -> None:
    os.kill(os.getpid(), signal.SIGTERM)


def _run_worker(task: VariantTask, *, stop_during_build: bool) -> int:
    """A batch worker's build of `task`, sent SIGTERM as it starts removing its staging
    folder (and, with `stop_during_build`, once before, as it publishes)."""
    real_rmtree, real_publish = shutil.rmtree, pipeline.publish

    def rmtree(*args: object, **kwargs: object) -> None:
        shutil.rmtree = real_rmtree
        _stop_myself()  # the pool terminating the workers left, or the batch's stop
        real_rmtree(*args, **kwargs)  # type: ignore[arg-type]

    def publish(*args: object, **kwargs: object) -> object:
        _stop_myself()  # the batch's stop
        return real_publish(*args, **kwargs)

    signal.signal(signal.SIGTERM, engines._on_sigterm)
    shutil.rmtree = rmtree  # type: ignore[assignment]
    if stop_during_build:
        pipeline.publish = publish  # type: ignore[assignment]
    engines.build_in_worker(task)  # exits the process when stopped
    return RETURNED


@pytest.mark.parametrize("stop_during_build", [True, False],
                         ids=["stopped-then-terminated", "stopped-while-cleaning-up"])
def test_a_stop_while_a_worker_removes_its_staging_folder_waits_for_the_removal(
        tmp_path: Path, stop_during_build: bool) -> None:
    task = _task(tmp_path)
    assert _in_fork(lambda: _run_worker(task, stop_during_build=stop_during_build)) == STOPPED
    left = sorted(p.name for p in task.out.parent.rglob("*") if p.name.startswith(".reportgen-"))
    assert left == []
    names = sorted(p.name for p in task.out.iterdir()) if task.out.exists() else []
    if stop_during_build:
        assert names == []  # nothing published, and the folder it made removed
    else:  # the build had published: its outputs stay, complete
        assert names == ["charts", "trade-Georgia-2023.manifest.json", "trade-Georgia-2023.pdf",
                         "trade-Georgia-2023.pptx"]


class _Stop(BaseException):
    pass


def _hold_with_another_thread() -> int:
    def stop(_signum: int, _frame: object) -> None:
        raise _Stop

    signal.signal(signal.SIGTERM, stop)
    threading.Thread(target=time.sleep, args=(5,), daemon=True).start()
    order = []
    try:
        with signals_held():
            _stop_myself()
            for _ in range(10_000):  # bytecode enough for the handler to have run
                pass
            order.append("held step done")
    except _Stop:
        order.append("stopped")
    return 0 if order == ["held step done", "stopped"] else 1


def test_a_held_stop_waits_even_when_another_thread_takes_the_signal() -> None:
    # With the main thread's signals blocked, the kernel gives the signal to the other
    # thread, and Python still runs the handler in the main thread at once.
    assert _in_fork(_hold_with_another_thread) == 0
