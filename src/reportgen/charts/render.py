"""Drawing one chart job to files, every variant from one figure (pool.py runs many)."""

from __future__ import annotations

import gc
import io
from dataclasses import replace
from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
import png
from matplotlib.figure import Figure
from PIL import Image

from reportgen.charts.draw import ChartFigure
from reportgen.charts.job import (
    ChartDrawError,
    ChartJob,
    ChartResult,
    printed_text,
    result_of,
    slide_dpi,
    variants,
)
from reportgen.charts.language import for_display, speaking
from reportgen.charts.style import PDF_METADATA, SVG_METADATA, chart_style, rc_params
from reportgen.core.files import atomic_write

PIXEL_NUDGE = 0.25
"""Added to the wanted pixel width, because Agg truncates the figure size in pixels."""
PNG_COMPRESSION = 3
"""zlib level of chart PNGs. Unfiltered at level 3 they come within a few per cent of
Pillow's filtered level 6 in about a third of the time (flat colours compress well)."""
METERS_PER_INCH = 0.0254
"""For the PNG's resolution, which is stored in pixels per metre."""
YOUNG_GENERATIONS = 1
"""`gc.collect` generation that holds a just-dropped figure (0 and 1; 2 would cost 30 ms)."""


def _describe(exc: Exception) -> str:
    """A user's mistake is told as is; anything else keeps the exception's type."""
    return str(exc) if isinstance(exc, ValueError) else f"{type(exc).__name__}: {exc}"


def _write(path: Path, data: bytes) -> None:
    """Write a file atomically (core.files: exclusive random temporary, then a rename).

    Not flushed to disk here: a build draws into its private staging folder and makes
    each file durable when it publishes it (pipeline/publish.py), so flushing every
    chart file in the workers too would only make them wait for the disk.
    """
    atomic_write(path, data, durable=False)


def _png(fig: Figure, dpi: int) -> bytes:
    """The figure as an RGB PNG, exactly round(width * dpi) by round(height * dpi) pixels.

    Drawn by Agg; written without the alpha channel (the background is opaque) and
    without per-row filters, which cost more time than they save bytes on flat colours.
    """
    width_in, height_in = fig.get_size_inches()
    layout_dpi = fig.get_dpi()
    fig.set_size_inches(
        (round(width_in * dpi) + PIXEL_NUDGE) / dpi,
        (round(height_in * dpi) + PIXEL_NUDGE) / dpi,
    )
    fig.set_dpi(dpi)
    try:
        canvas = fig.canvas
        canvas.draw()
        width, height = canvas.get_width_height(physical=True)
        rgb = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1
                               ).convert("RGB")
    finally:
        fig.set_dpi(layout_dpi)
        fig.set_size_inches(width_in, height_in)
    per_meter = round(dpi / METERS_PER_INCH)
    writer = png.Writer(width, height, greyscale=False, compression=PNG_COMPRESSION,
                        x_pixels_per_unit=per_meter, y_pixels_per_unit=per_meter,
                        unit_is_meter=True)
    buffer = io.BytesIO()
    writer.write(buffer, np.asarray(rgb).reshape(height, width * 3))
    return buffer.getvalue()


def _encode(fig: Figure, fmt: str, **options: Any) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt, **options)
    return buffer.getvalue()


def draw_chart(job: ChartJob) -> ChartResult:
    """Draw every variant of one chart into `out_dir` (see `variants`).

    The chart is drawn once; each variant lays it out again at its size.
    Raises ChartDrawError naming the chart when its data cannot be drawn.
    """
    try:
        files = _draw(job)
    except ChartDrawError:
        raise
    except Exception as exc:
        raise ChartDrawError(job.id, _describe(exc)) from exc
    finally:
        # The figure's reference cycles keep its pixel buffers alive until a collection:
        # collecting the young generations now (about 2 ms) frees them chart by chart,
        # where waiting for a full collection lets a worker grow by dozens of MiB.
        gc.collect(YOUNG_GENERATIONS)
    return result_of(job, files)


def _draw(job: ChartJob) -> dict[str, Path]:
    """Draw the variants of a job; the files written, keyed by suffix and format."""
    style = chart_style(job.theme)
    out = Path(job.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    files: dict[str, Path] = {}
    job = replace(job, data=for_display(job.data))  # right-to-left names as drawn
    with speaking(job.language), matplotlib.rc_context(rc_params(style, printed_text(job))):
        chart = ChartFigure(job, style)
        for variant in variants(job):
            fig = chart.lay_out(bare=variant.bare, slide=variant.slide)
            for fmt in variant.formats:
                path = files[f"{variant.suffix}.{fmt}"] = out / f"{job.id}{variant.suffix}.{fmt}"
                _write(path, _render(fig, fmt, slide_dpi(job) if variant.slide else job.dpi))
    return files


def _render(fig: Figure, fmt: str, dpi: int) -> bytes:
    """The laid-out figure as a file of one format (png at `dpi`, svg or pdf)."""
    if fmt == "png":
        return _png(fig, dpi)
    return _encode(fig, fmt, metadata=SVG_METADATA if fmt == "svg" else PDF_METADATA)
