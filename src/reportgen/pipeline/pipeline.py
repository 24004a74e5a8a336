"""The build as a list of named stages: load, plan, charts, lower, render, publish.

Each stage is a function; `build` runs them in order and reports progress. A
failure inside one item names the item. Nothing reaches the output folder until
every output is complete (see publish.py).
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import time
import unicodedata
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from reportgen.charts.job import ChartJob, ChartResult
from reportgen.core.paths import resolve_inside
from reportgen.document.lower import lower
from reportgen.document.nodes import Document
from reportgen.errors import BuildError, Problem, SpecError, TemplateError, display_path
from reportgen.pipeline import manifest
from reportgen.pipeline.cache import CACHE_DIR, ChartCache
from reportgen.pipeline.publish import Staging, remove_stale_temps
from reportgen.processes import die_with_parent
from reportgen.render import CHART_IMAGES, FORMATS, OUTPUT_KINDS
from reportgen.spec.loader import LoadedSpec, load_spec
from reportgen.theme import Theme, build_theme

Report = Callable[[str], None]


@dataclass(frozen=True)
class Plan:
    """What a build writes and where."""

    out_dir: Path
    """The output folder."""
    basename: str
    """File name stem of the brief and the deck."""
    kinds: frozenset[str]
    """Which outputs to write: document formats by kind, and `charts`."""
    complete: bool = True
    """False when `--only` left out some of what the spec asks for."""

    @property
    def documents(self) -> list[str]:
        """The document formats to write, in registry order."""
        return [kind for kind in FORMATS if kind in self.kinds]

    def document(self, kind: str) -> Path:
        """Where the document of one format goes."""
        return self.out_dir / f"{self.basename}{FORMATS[kind].suffix}"

    @property
    def charts_dir(self) -> Path:
        """The folder of chart images."""
        return self.out_dir / "charts"


@dataclass
class BuildResult:
    """What a finished build wrote."""

    written: list[Path] = field(default_factory=list)
    """Every output file, in order."""
    warnings: list[Problem] = field(default_factory=list)
    """Non-fatal problems of the spec."""
    charts_drawn: int = 0
    """Charts drawn in this build."""
    charts_cached: int = 0
    """Charts taken from the cache unchanged."""
    seconds: float = 0.0
    """Wall time of the build."""


def _ascii_base(char: str) -> str:
    """A Latin letter without its accents (`é` -> `e`); any other character as it is."""
    base = unicodedata.normalize("NFKD", char)[0]
    return base if base.isascii() else char


def slug(text: str) -> str:
    """A file-name-safe slug of a title, in any script.

    `Azerbaijan and Russia: ...` -> `azerbaijan-and-russia-...`; accents come off Latin
    letters, and letters of other scripts are kept (`Россия и Грузия` ->
    `россия-и-грузия`, `Azərbaycan` -> `azərbaycan`), so two titles never share a slug
    merely because their letters are not ASCII.
    """
    text = unicodedata.normalize("NFC", text).casefold()
    kept = "".join(_ascii_base(c) for c in text)
    words = re.sub(r"[\W_]+", "-", kept).strip("-")
    return words[:80].rstrip("-") or "report"


def plan(loaded: LoadedSpec, out: Path | None, only: frozenset[str] | None) -> Plan:
    """Decide the output folder, file names and which outputs to write."""
    outputs = loaded.spec.outputs
    out_dir = out.resolve() if out is not None else resolve_inside(loaded.root, outputs.dir)
    kinds = set(only or OUTPUT_KINDS)
    if only is None:
        kinds -= {kind for kind in FORMATS if not getattr(outputs, kind).enabled}
    return Plan(out_dir, outputs.basename or slug(loaded.spec.report.title), frozenset(kinds),
                complete=only is None)


def theme_of(loaded: LoadedSpec) -> Theme:
    """The theme of a spec: its preset with the spec's overrides."""
    spec_theme = loaded.spec.theme
    font: str | Path | None = spec_theme.font
    if font and (font.lower().endswith((".ttf", ".otf")) or "/" in font):
        font = resolve_inside(loaded.root, font)
    return build_theme(
        spec_theme.preset,
        primary=spec_theme.primary,
        accent=spec_theme.accent,
        palette=tuple(spec_theme.palette) if spec_theme.palette else None,
        font=font,
        page_size=spec_theme.page_size,
        slide_size=spec_theme.slide_size,
        logo=resolve_inside(loaded.root, spec_theme.logo) if spec_theme.logo else None,
        root=loaded.root,
    )


def chart_jobs(loaded: LoadedSpec, theme: Theme, the_plan: Plan) -> list[ChartJob]:
    """One drawing job per chart: framed images for charts/, bare ones for the documents."""
    options = loaded.spec.outputs.charts
    images = CHART_IMAGES in the_plan.kinds
    documents = bool(the_plan.documents)
    jobs = []
    for chart in loaded.spec.charts:
        jobs.append(
            ChartJob(
                id=chart.id,
                type=chart.type,
                title=chart.title,
                subtitle=chart.subtitle,
                source=loaded.chart_source(chart),
                data=loaded.charts[chart.id],
                theme=theme,
                out_dir=Path("."),
                dpi=options.dpi,
                png=images and "png" in options.formats,
                svg=images and "svg" in options.formats,
                bare=documents,
                unit=chart.unit,
            )
        )
    return jobs


def _prepare_writers(kinds: list[str]) -> None:
    """Import the document writers (done while chart workers draw, to overlap the two)."""
    for kind in kinds:
        FORMATS[kind].write()


def draw(
    jobs: list[ChartJob], cache: ChartCache, report: Report, documents: list[str]
) -> tuple[dict[str, ChartResult], int]:
    """Every chart's files, from the cache or drawn now (in parallel); and how many were drawn.

    While the chart workers draw, this process imports the writers of `documents`.
    """
    results: dict[str, ChartResult] = {}
    missing = []
    for job in jobs:
        hit = cache.get(job)
        if hit is not None:
            results[job.id] = hit
        else:
            missing.append(replace(job, out_dir=cache.staging(job)))
    if missing:
        from reportgen.charts.job import ChartDrawError
        from reportgen.charts.pool import draw_charts

        report(
            f"Drawing {len(missing)} chart(s)"
            + (f" ({len(jobs) - len(missing)} cached)" if len(jobs) > len(missing) else "")
        )
        try:
            drawn = draw_charts(missing, while_waiting=lambda: _prepare_writers(documents))
        except ChartDrawError as exc:
            raise BuildError(f"chart {exc.chart_id!r}: {exc.message}") from exc
        for job, result in zip(missing, drawn, strict=True):
            results[job.id] = cache.adopt(job, result)
    return results, len(missing)


def _write_document(
    kind: str, doc: Document, theme: Theme, target: Path, options: Any, root: Path
) -> list[str]:
    """Write one document (in whichever process runs this); the messages it had for `-v`."""
    said: list[str] = []
    FORMATS[kind].write()(doc, theme, target, options, root, said.append)
    return said


def _document_pool(count: int) -> ProcessPoolExecutor | None:
    """Worker processes for all documents but one, when the machine has cores to spare."""
    if count < 1 or (os.cpu_count() or 1) < 2 or not sys.platform.startswith("linux"):
        return None
    import multiprocessing

    return ProcessPoolExecutor(max_workers=count, mp_context=multiprocessing.get_context("fork"),
                               initializer=die_with_parent, initargs=(os.getpid(),))


def render_outputs(
    loaded: LoadedSpec,
    doc: Document | None,
    theme: Theme,
    the_plan: Plan,
    charts: dict[str, ChartResult],
    staging: Staging,
    report: Report,
    verbose: Report,
) -> list[Path]:
    """Write each asked-for output under a temporary name; return the final paths.

    The documents are independent: all but the first are written in worker processes
    while this process writes the first (a standard executor, so a worker's error
    arrives here with its traceback).
    """
    written: list[Path] = []
    if CHART_IMAGES in the_plan.kinds:
        formats = loaded.spec.outputs.charts.formats
        for chart_id, result in charts.items():
            for fmt, source in (("png", result.png), ("svg", result.svg)):
                if fmt in formats and source is not None:
                    final = the_plan.charts_dir / f"{chart_id}.{fmt}"
                    shutil.copyfile(source, staging.path_for(final))
                    written.append(final)
    if doc is None:
        return written
    kinds = the_plan.documents
    jobs = {
        kind: (kind, doc, theme, staging.path_for(the_plan.document(kind)),
               getattr(loaded.spec.outputs, kind), loaded.root)
        for kind in kinds
    }
    pool = _document_pool(len(kinds) - 1)
    futures: dict[str, Future[list[str]]] = {}
    try:
        for kind in kinds:
            report(f"Writing {FORMATS[kind].what}")
        if pool is not None:
            futures = {kind: pool.submit(_write_document, *jobs[kind]) for kind in kinds[1:]}
        for kind in kinds:
            said = (futures[kind].result() if kind in futures
                    else _write_document(*jobs[kind]))
            for message in said:
                verbose(message)
            written.append(the_plan.document(kind))
    finally:
        if pool is not None:
            for future in futures.values():
                future.cancel()
            pool.shutdown(wait=True, cancel_futures=True)
    return written


def _template_problem(loaded: LoadedSpec, message: str) -> Problem:
    path = ("outputs", "pptx", "template")
    mark = loaded.located.mark(path)
    return Problem(display_path(loaded.path), mark.line, mark.col, ".".join(path), message)


def build(
    spec_path: Path,
    *,
    out: Path | None = None,
    only: frozenset[str] | None = None,
    strict: bool = False,
    report: Report = lambda _: None,
    verbose: Report = lambda _: None,
) -> BuildResult:
    """Run every stage for one spec; raises SpecError or BuildError on a user's mistake."""
    started = time.perf_counter()
    loaded = load_spec(spec_path, strict=strict)
    verbose(f"spec loaded and checked: {time.perf_counter() - started:.2f}s")
    the_plan = plan(loaded, out, only)
    try:
        theme = theme_of(loaded)
    except LookupError as exc:
        raise BuildError(str(exc)) from None
    try:
        the_plan.out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BuildError(f"cannot create the output folder {display_path(the_plan.out_dir)}: "
                         f"{exc.strerror}") from None
    try:
        written, drawn = _render(loaded, theme, the_plan, report, verbose)
    except OSError as exc:  # a full disk, a read-only folder: the user's to fix
        where = display_path(Path(exc.filename)) if exc.filename else "an output"
        raise BuildError(f"cannot write {where}: {exc.strerror or exc}") from None
    return BuildResult(written, loaded.warnings, drawn, len(loaded.spec.charts) - drawn,
                       time.perf_counter() - started)


def _render(
    loaded: LoadedSpec, theme: Theme, the_plan: Plan, report: Report, verbose: Report
) -> tuple[list[Path], int]:
    """Draw, lower, render and publish; the written paths and the number of charts drawn."""
    cache = ChartCache(the_plan.out_dir / CACHE_DIR / "charts")
    for folder in (the_plan.out_dir, the_plan.charts_dir, cache.root):
        remove_stale_temps(folder)
    clock = time.perf_counter()
    charts, drawn = draw(chart_jobs(loaded, theme, the_plan), cache, report, the_plan.documents)
    verbose(f"charts: {time.perf_counter() - clock:.2f}s ({drawn} drawn)")
    doc = lower(loaded, charts) if the_plan.documents else None
    staging = Staging()
    clock = time.perf_counter()
    with staging.transaction():
        try:
            written = render_outputs(loaded, doc, theme, the_plan, charts, staging, report, verbose)
        except TemplateError as exc:
            raise SpecError([_template_problem(loaded, str(exc))]) from None
    verbose(f"documents and publishing: {time.perf_counter() - clock:.2f}s")
    if the_plan.complete:  # a `--only` build leaves the other outputs (and the record) alone
        for stale in manifest.remove_stale(the_plan.out_dir, the_plan.basename, written):
            verbose(f"removed {display_path(stale)} (no longer produced)")
        manifest.write(the_plan.out_dir, the_plan.basename, written)
    cache.prune()
    return written, drawn

