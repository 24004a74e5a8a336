"""The local batch engine: worker processes that each import the rendering libraries once
and build many variants.

Starting Python and importing matplotlib, reportlab and python-pptx costs about a second,
more than drawing and writing a variant; so each worker pays it once, in its
initializer, and a build inside a worker draws its charts and writes its documents in
the worker itself (no pool inside a pool). When the batch is stopped (Ctrl-C, SIGTERM),
each worker stops its build the way `build` stops, removing its temporary files. A
worker that dies (killed, out of memory) breaks the pool: the variants still pending
are run again on a new pool, once; a variant whose worker died twice fails.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from reportgen.pipeline.batch import VariantResult, VariantTask, build_variant, located_error
from reportgen.processes import (
    die_with_parent,
    quiet_broken_pools,
    stay_in_this_process,
    stop_gracefully,
)

POOL_RESTARTS = 1
"""How often a broken pool is replaced to run the variants still pending."""


def default_workers() -> int:
    """Worker processes when `--jobs` is not given: one per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def warm_up() -> None:
    """Import what every build needs (the rendering libraries above all), once."""
    from reportgen.charts import render  # noqa: F401  (matplotlib, with the house style)
    from reportgen.pipeline import pipeline  # noqa: F401
    from reportgen.render import FORMATS

    for output in FORMATS.values():
        output.write()  # imports the writer: reportlab, python-pptx


class BuildStopped(BaseException):
    """SIGTERM reached a batch worker in the middle of a build: the build unwinds (its
    staging folder removed, its lock released), then the worker exits."""


_building = False
"""Whether this worker is running a build now."""
_stopping = False
"""Whether this worker's build is unwinding after a SIGTERM."""


def _on_sigterm(_signum: int, _frame: object) -> None:
    """Stop the build in progress (once), or exit at once when idle.

    A later SIGTERM changes nothing: the build is already unwinding, and raising again
    would cut its cleanup short. One comes whenever another worker of the batch exits
    first, as the pool then terminates the workers left.
    """
    global _stopping
    if not _building:
        os._exit(0)  # idle: nothing to clean up
    if not _stopping:
        _stopping = True
        raise BuildStopped


def start_worker(parent: int) -> None:
    """A batch worker's first act: die with the batch, leave Ctrl-C to it, stop cleanly on
    SIGTERM, build in-process, import the libraries."""
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the batch stops its workers itself
    signal.signal(signal.SIGTERM, _on_sigterm)
    stay_in_this_process()
    warm_up()


def build_in_worker(task: VariantTask) -> VariantResult:
    """Build one variant in a batch worker; on SIGTERM, stop it cleanly and exit."""
    global _building
    _building = True
    try:
        return build_variant(task)
    except BuildStopped:
        os._exit(0)
    finally:
        _building = False


def _context() -> multiprocessing.context.BaseContext:
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")  # workers share what the batch loaded
    return multiprocessing.get_context("spawn")


class LocalEngine:
    """Variants built by a pool of worker processes on this machine."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.pending: list[VariantTask] = []
        self.pool: ProcessPoolExecutor | None = None
        self.futures: dict[Future[VariantResult], VariantTask] = {}

    def describe(self) -> dict[str, Any]:
        """The batch record's `engine`."""
        return {"kind": "local", "workers": self.workers}

    def submit(self, tasks: list[VariantTask]) -> None:
        """Start the workers and hand them every task (one task alone, or one worker: the
        variants are built in this process)."""
        self.pending = list(tasks)
        if self.workers > 1 and len(tasks) > 1:
            self._start_pool()

    def _start_pool(self) -> None:
        self.pool = ProcessPoolExecutor(
            max_workers=min(self.workers, len(self.pending)), mp_context=_context(),
            initializer=start_worker, initargs=(os.getpid(),))
        self.futures = {self.pool.submit(build_in_worker, task): task for task in self.pending}
        stop_gracefully(list(getattr(self.pool, "_processes", {})))

    def results(self) -> Iterator[VariantResult]:
        """Each variant's result, as it finishes."""
        if self.pool is None:
            for task in self.pending:
                yield build_variant(task)
            return
        restarts = 0
        while self.futures:
            done, _ = wait(self.futures, return_when=FIRST_COMPLETED)
            broken = []
            for future in done:
                task = self.futures.pop(future)
                try:
                    yield future.result()
                except BrokenProcessPool:
                    broken.append(task)
            if broken:
                lost = [*broken, *self.futures.values()]
                self.close()
                if restarts >= POOL_RESTARTS:
                    for task in lost:
                        yield VariantResult(task.id, "failed", error=located_error(
                            task.source, ["a worker process died while building it (killed, "
                                          "or out of memory?)"]))
                    return
                restarts += 1
                self.pending = lost
                self._start_pool()
        self.close()

    def close(self) -> None:
        """Stop the workers (at once: a batch that stops does not wait for them)."""
        if self.pool is None:
            return
        processes = list(getattr(self.pool, "_processes", {}).values())
        manager = getattr(self.pool, "_executor_manager_thread", None)
        with quiet_broken_pools():  # the pool's thread may still fail the cancelled futures
            for future in self.futures:
                future.cancel()
            self.pool.shutdown(wait=False, cancel_futures=True)
            for process in processes:
                with contextlib.suppress(OSError, AttributeError):
                    if process.is_alive():
                        process.kill()
            for process in processes:
                with contextlib.suppress(OSError, AttributeError, ValueError):
                    process.join(timeout=5)
            if manager is not None:
                manager.join(timeout=5)  # so it is done before the quiet hook goes
        self.pool = None
        self.futures = {}
