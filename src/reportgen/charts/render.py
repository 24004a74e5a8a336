"""Drawing one chart job to files (the pool that runs many is in pool.py)."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import matplotlib
from matplotlib.figure import Figure

from reportgen.charts.draw import draw_figure, figure_size
from reportgen.charts.job import SLIDE_DPI, ChartDrawError, ChartJob, ChartResult
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
