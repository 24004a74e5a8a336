"""Drawing one chart job to files (the pool that runs many is in pool.py)."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import matplotlib
from matplotlib.figure import Figure

from reportgen.charts.draw import draw_figure
from reportgen.charts.job import (
    SLIDE_DPI,
    ChartDrawError,
    ChartJob,
    ChartResult,
    Variant,
    result_of,
    variants,
)
from reportgen.charts.style import (
    PDF_METADATA,
    PNG_METADATA,
    SVG_METADATA,
    chart_style,
    rc_params,
)

PIXEL_NUDGE = 0.25
"""Added to the wanted pixel width, because Agg truncates the figure size in pixels."""


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
    """Draw every variant of one chart into `out_dir` (see `variants`).

    Raises ChartDrawError naming the chart when its data cannot be drawn.
    """
    files: dict[str, Path] = {}
    for variant in variants(job):
        files.update(draw_variant(job, variant))
    return result_of(job, files)


def draw_variant(job: ChartJob, variant: Variant) -> dict[str, Path]:
    """Draw one variant of a chart; the files written, keyed by suffix and format."""
    try:
        return _draw(job, variant)
    except ChartDrawError:
        raise
    except Exception as exc:
        raise ChartDrawError(job.id, _describe(exc)) from exc


def _draw(job: ChartJob, variant: Variant) -> dict[str, Path]:
    style = chart_style(job.theme)
    out = Path(job.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    files: dict[str, Path] = {}
    with matplotlib.rc_context(rc_params(style)):
        fig = draw_figure(job, style, bare=variant.bare, slide=variant.slide)
        try:
            for fmt in variant.formats:
                path = files[f"{variant.suffix}.{fmt}"] = out / f"{job.id}{variant.suffix}.{fmt}"
                if fmt == "png":
                    _write(path, _png(fig, SLIDE_DPI if variant.slide else job.dpi))
                else:
                    metadata = SVG_METADATA if fmt == "svg" else PDF_METADATA
                    _write(path, _encode(fig, fmt, metadata=metadata))
        finally:
            fig.clear()
    return files
