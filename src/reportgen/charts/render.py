"""Drawing chart jobs to files: one chart, or many in parallel worker processes."""

from __future__ import annotations

import io
import multiprocessing
import os
import sys
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import matplotlib
from matplotlib.figure import Figure

from reportgen.charts.draw import draw_figure, figure_size
from reportgen.charts.job import SLIDE_DPI, ChartJob, ChartResult
from reportgen.charts.style import (
    PDF_METADATA,
    PNG_METADATA,
    SVG_METADATA,
    chart_style,
    rc_params,
)

MAX_DEFAULT_WORKERS = 4
"""Worker processes used when the caller does not say."""
MIN_PARALLEL_JOBS = 3
"""Fewer jobs than this are drawn in this process: a pool would cost more than it saves."""
PIXEL_NUDGE = 0.25
"""Added to the wanted pixel width, because Agg truncates the figure size in pixels."""


class ChartDrawError(Exception):
    """A chart could not be drawn; the message names the chart."""

    def __init__(self, chart_id: str, message: str) -> None:
        super().__init__(f"chart '{chart_id}': {message}")
        self.chart_id = chart_id
        """The id of the chart that failed."""
        self.message = message
        """What went wrong, without the chart's name."""

    def __reduce__(self) -> tuple[type[ChartDrawError], tuple[str, str]]:
        """Rebuild from the id and message (so the error crosses process boundaries)."""
        return type(self), (self.chart_id, self.message)


def _describe(exc: Exception) -> str:
    """A user's mistake is told as is; anything else keeps the exception's type."""
    return str(exc) if isinstance(exc, ValueError) else f"{type(exc).__name__}: {exc}"


def _write(path: Path, data: bytes) -> None:
    """Write a file atomically: a temporary sibling, then a rename."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def _png(fig: Figure, dpi: int) -> bytes:
    """The figure as PNG, exactly round(width * dpi) by round(height * dpi) pixels."""
    width_in, height_in = fig.get_size_inches()
    fig.set_size_inches(
        (round(width_in * dpi) + PIXEL_NUDGE) / dpi,
        (round(height_in * dpi) + PIXEL_NUDGE) / dpi,
    )
    try:
        return _encode(fig, "png", dpi=dpi, metadata=PNG_METADATA)
    finally:
        fig.set_size_inches(width_in, height_in)


def _encode(fig: Figure, fmt: str, **options: Any) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt, **options)
    return buffer.getvalue()


def draw_chart(job: ChartJob) -> ChartResult:
    """Draw one chart to `out_dir/ID.png` (and `.svg`, `.pdf` when asked).

    Raises ChartDrawError naming the chart when its data cannot be drawn.
    """
    try:
        return _draw(job)
    except ChartDrawError:
        raise
    except Exception as exc:
        raise ChartDrawError(job.id, _describe(exc)) from exc


def _draw(job: ChartJob) -> ChartResult:
    style = chart_style(job.theme)
    out = Path(job.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    files: dict[str, Path] = {}
    # (file suffix, bare, slide size, formats): framed files for charts/, a bare
    # print-size SVG for the brief, a bare slide-size PNG for the deck.
    variants = [
        ("", False, False, [f for f, on in (("png", job.png), ("svg", job.svg),
                                           ("pdf", job.vector_pdf)) if on]),
        (".bare", True, False, ["svg"] if job.bare else []),
        (".slide", True, True, ["png"] if job.bare else []),
    ]
    with matplotlib.rc_context(rc_params(style)):
        for suffix, bare, slide, formats in variants:
            if not formats:
                continue
            fig = draw_figure(job, style, bare=bare, slide=slide)
            try:
                for fmt in formats:
                    path = files[f"{suffix}.{fmt}"] = out / f"{job.id}{suffix}.{fmt}"
                    if fmt == "png":
                        _write(path, _png(fig, SLIDE_DPI if slide else job.dpi))
                    else:
                        metadata = SVG_METADATA if fmt == "svg" else PDF_METADATA
                        _write(path, _encode(fig, fmt, metadata=metadata))
            finally:
                fig.clear()
    width, height = figure_size(job.type)
    return ChartResult(
        id=job.id, png=files.get(".png"), svg=files.get(".svg"), pdf=files.get(".pdf"),
        aspect=height / width, bare_png=files.get(".slide.png"),
        bare_svg=files.get(".bare.svg"),
    )


def _context() -> multiprocessing.context.BaseContext:
    """Fork on Linux (workers start at once, sharing loaded modules), else spawn."""
    if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def draw_charts(jobs: Sequence[ChartJob], workers: int | None = None) -> list[ChartResult]:
    """Draw many charts, in parallel processes when worth it; results in input order.

    The first failing chart (in input order) raises ChartDrawError naming it.
    """
    jobs = list(jobs)
    if workers is not None and workers < 1:
        raise ValueError(f"workers must be 1 or more, got {workers}")
    count = workers if workers is not None else min(os.cpu_count() or 1, MAX_DEFAULT_WORKERS)
    if len(jobs) < MIN_PARALLEL_JOBS or count == 1:
        return [draw_chart(job) for job in jobs]
    with ProcessPoolExecutor(max_workers=min(count, len(jobs)), mp_context=_context()) as pool:
        futures = [pool.submit(draw_chart, job) for job in jobs]
        results: list[ChartResult] = []
        try:
            for job, future in zip(jobs, futures, strict=True):
                try:
                    results.append(future.result())
                except BrokenProcessPool as exc:
                    raise ChartDrawError(job.id, f"the worker process died ({exc})") from exc
        finally:
            for future in futures:
                future.cancel()
        return results
