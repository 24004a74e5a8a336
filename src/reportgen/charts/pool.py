"""Drawing many charts in parallel worker processes.

This module does not import matplotlib, so that a build with nothing to draw never
does. When there is something to draw in forked workers, the drawing code is imported
once, before they are forked, and shared by them all (each importing it again would
cost every worker a third of a second of CPU on a machine that has none to spare).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from reportgen.charts.job import ChartDrawError, ChartJob, ChartResult
from reportgen.processes import die_with_parent, single_process

MAX_DEFAULT_WORKERS = 4
"""Worker processes used when the caller does not say."""
MIN_PARALLEL_JOBS = 3
"""Fewer jobs than this are drawn in this process: a pool would cost more than it saves."""


def draw_one(job: ChartJob) -> ChartResult:
    """Draw every variant of one chart (in whichever process runs this)."""
    from reportgen.charts.render import draw_chart

    return draw_chart(job)


def _context() -> multiprocessing.context.BaseContext:
    """Fork on Linux (workers start at once, sharing loaded modules), else spawn."""
    if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def draw_charts(jobs: Sequence[ChartJob], workers: int | None = None,
                while_waiting: Callable[[], object] | None = None) -> list[ChartResult]:
    """Draw many charts, in parallel processes when worth it; results in input order.

    `while_waiting` runs in this process while the workers draw. The first failing
    chart (in input order) raises ChartDrawError naming it.
    """
    jobs = list(jobs)
    if workers is not None and workers < 1:
        raise ValueError(f"workers must be 1 or more, got {workers}")
    count = workers if workers is not None else min(os.cpu_count() or 1, MAX_DEFAULT_WORKERS)
    # One task per chart: its variants share one drawing, so they stay together.
    if len(jobs) < MIN_PARALLEL_JOBS or count == 1 or single_process():
        drawn = [draw_one(job) for job in jobs]
        if while_waiting is not None:
            while_waiting()
        return drawn
    context = _context()
    if context.get_start_method() == "fork":
        import reportgen.charts.render  # noqa: F401  (shared by the forked workers)
    with ProcessPoolExecutor(max_workers=min(count, len(jobs)), mp_context=context,
                             initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
        futures = [pool.submit(draw_one, job) for job in jobs]
        drawn = []
        try:
            if while_waiting is not None:
                while_waiting()
            for job, future in zip(jobs, futures, strict=True):
                try:
                    drawn.append(future.result())
                except BrokenProcessPool as exc:
                    raise ChartDrawError(job.id, f"the worker process died ({exc})") from exc
        finally:
            for future in futures:
                future.cancel()
        return drawn
