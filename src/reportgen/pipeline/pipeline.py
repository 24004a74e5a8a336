"""The build as a list of named stages: load, plan, charts, lower, render, publish.

Each stage is a function; `build` runs them in order and reports progress. A
failure inside one item names the item. Nothing reaches the output folder until
every output is complete: the documents and chart images are written into the
build's private staging folder, then published together (see folder.py, publish.py).
The build returns its manifest (manifest.py), which is also written beside the outputs.
"""

from __future__ import annotations

import contextlib
import os
import platform
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from reportgen import __version__
from reportgen.charts.job import ChartJob, ChartResult
from reportgen.core.files import TEMP_PREFIX, copy_new, sha256_file
from reportgen.document.lower import lower
from reportgen.document.nodes import Document
from reportgen.errors import BuildError, Problem, SpecError, TemplateError, display_path
from reportgen.pipeline.cache import ChartCache
from reportgen.pipeline.content import document_key
from reportgen.pipeline.destination import refuse_bad_destination
from reportgen.pipeline.fingerprint import rebuild_key
from reportgen.pipeline.folder import OutputFolder
from reportgen.pipeline.inputs import input_records, spec_inputs
from reportgen.pipeline.lock import LOCK_TIMEOUT_SECONDS
from reportgen.pipeline.manifest import (
    BuildManifest,
    ChartRecord,
    FileRecord,
    KeyFigureRecord,
)
from reportgen.pipeline.plan import Plan, plan, slug, theme_of
from reportgen.pipeline.publish import check_targets, publish, read_ownership
from reportgen.pipeline.uptodate import up_to_date
from reportgen.processes import die_with_parent, in_this_process, single_process
from reportgen.render import CHART_IMAGES, FORMATS
from reportgen.render.pdf.sizing import chart_size_in
from reportgen.spec.loader import LoadedSpec, load_spec
from reportgen.theme import Theme

Report = Callable[[str], None]
VERSIONED = ("matplotlib", "reportlab", "python-pptx")
"""Libraries whose versions the manifest records (with Python's)."""

__all__ = ["BuildResult", "Plan", "build", "plan", "slug", "theme_of"]


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
    manifest: BuildManifest | None = None
    """The build manifest, as written to `OUT/NAME.manifest.json`."""
    up_to_date: bool = False
    """True when nothing had changed since the last build, so nothing was done (the
    manifest is then that build's, and its warnings are in `manifest.warnings`)."""

    @classmethod
    def unchanged(cls, manifest: BuildManifest, out_dir: Path, seconds: float) -> BuildResult:
        """The result of a build that found its outputs up to date."""
        written = [out_dir / record.path for record in manifest.outputs]
        return cls(written, [], 0, len(manifest.charts), seconds, manifest, up_to_date=True)


class Stopwatch:
    """Seconds spent in each stage of a build."""

    def __init__(self) -> None:
        self.started = self.last = time.perf_counter()
        self.stages: dict[str, float] = {}

    def lap(self, stage: str) -> float:
        """Record the time since the last lap as `stage`; return it."""
        now = time.perf_counter()
        spent, self.last = now - self.last, now
        self.stages[stage] = round(self.stages.get(stage, 0.0) + spent, 3)
        return spent

    def total(self) -> float:
        """Seconds since the build started."""
        return time.perf_counter() - self.started


def chart_jobs(loaded: LoadedSpec, theme: Theme, the_plan: Plan) -> list[ChartJob]:
    """One drawing job per chart: framed images for charts/, bare ones for the documents
    that use them (the brief's SVG, the deck's PNG unless its charts are native)."""
    options = loaded.spec.outputs.charts
    images = CHART_IMAGES in the_plan.kinds
    documents = the_plan.documents
    # The documents the spec enables count too, so that `--only pdf` finds the charts
    # a full build drew (the variants drawn are part of a chart's cache key).
    used = set(documents) | {kind for kind in FORMATS
                             if getattr(loaded.spec.outputs, kind).enabled}
    for_slides = "pptx" in used and loaded.spec.outputs.pptx.charts == "image"
    on_slides = slide_sizes(loaded, theme) if for_slides else {}
    jobs = []
    for chart in loaded.spec.charts:
        data = loaded.charts[chart.id]
        jobs.append(
            ChartJob(
                id=chart.id,
                type=chart.type,
                title=chart.title,
                subtitle=chart.subtitle,
                source=loaded.chart_source(chart),
                data=data,
                theme=theme,
                out_dir=Path("."),
                dpi=options.dpi,
                png=images and "png" in options.formats,
                svg=images and "svg" in options.formats,
                bare=bool(documents),
                for_print="pdf" in used,
                for_slides=for_slides,
                unit=chart.unit,
                print_size=chart_size_in(chart.type, len(data.categories), len(data.series),
                                         theme.page_size),
                language=loaded.spec.report.language,
                slide_size=on_slides.get(chart.id),
            )
        )
    return jobs


def slide_sizes(loaded: LoadedSpec, theme: Theme) -> dict[str, tuple[float, float]]:
    """The size the deck places each chart at, by chart id (the first place it has)."""
    from reportgen.render.pptx.placement import SlideChart, section_places, slide_chart_size_in

    charts = {c.id: c for c in loaded.spec.charts}
    from reportgen.core.language import language_of

    labels = language_of(loaded.spec.report.language).labels
    sizes: dict[str, tuple[float, float]] = {}
    for section in loaded.spec.sections:
        if not section.slide:
            continue
        slide_charts = [SlideChart(cid, charts[cid].title) for cid in section.charts]
        points = bool(section.points or section.body.strip())
        for place, shown in section_places(slide_charts, points=points,
                                           slide_title=section.slide_title):
            for item in shown:
                chart = charts[item.id]
                data = loaded.charts[item.id]
                source = loaded.chart_source(chart)
                sizes.setdefault(item.id, slide_chart_size_in(
                    theme.slide_font, theme.slide_size, place, title=chart.title,
                    units=chart.subtitle or data.y_label or data.unit,
                    source=source and labels.source_line(source)))
    return sizes


def _prepare_writers(kinds: list[str]) -> None:
    """Import the document writers (done while chart workers draw, to overlap the two)."""
    for kind in kinds:
        FORMATS[kind].write()


def draw(
    jobs: list[ChartJob], cache: ChartCache, report: Report, documents: list[str]
) -> tuple[dict[str, ChartResult], set[str]]:
    """Every chart's files, from the cache or drawn now (in parallel); and the ids drawn.

    The files are in the build's staging folder either way. While the chart workers
    draw, this process imports the writers of `documents`.
    """
    results: dict[str, ChartResult] = {}
    missing = []
    for job in jobs:
        hit = cache.get(job)
        if hit is not None:
            results[job.id] = hit
        else:
            missing.append((job, replace(job, out_dir=cache.draw_folder(job))))
    if missing:
        from reportgen.charts.job import ChartDrawError
        from reportgen.charts.pool import draw_charts

        report(
            f"Drawing {len(missing)} chart(s)"
            + (f" ({len(jobs) - len(missing)} cached)" if len(jobs) > len(missing) else "")
        )
        try:
            drawn = draw_charts([placed for _, placed in missing],
                                while_waiting=lambda: _prepare_writers(documents))
        except ChartDrawError as exc:
            raise BuildError(f"chart {exc.chart_id!r}: {exc.message}") from exc
        for (job, _), result in zip(missing, drawn, strict=True):
            results[job.id] = cache.keep(job, result)
    ordered = {job.id: results[job.id] for job in jobs}
    return ordered, {job.id for job, _ in missing}


def _write_document(
    kind: str, doc: Document, theme: Theme, target: Path, options: Any, root: Path
) -> tuple[list[str], float]:
    """Write one document (in whichever process runs this); the messages it had for `-v`
    and the seconds it took."""
    started = time.perf_counter()
    said: list[str] = []
    FORMATS[kind].write()(doc, theme, target, options, root, said.append)
    return said, time.perf_counter() - started


def _document_pool(count: int) -> ProcessPoolExecutor | None:
    """Worker processes for all documents but one, when the machine has cores to spare."""
    if (count < 1 or (os.cpu_count() or 1) < 2 or not sys.platform.startswith("linux")
            or single_process()):
        return None
    import multiprocessing

    return ProcessPoolExecutor(max_workers=count, mp_context=multiprocessing.get_context("fork"),
                               initializer=die_with_parent, initargs=(os.getpid(),))


@dataclass(frozen=True)
class Previous:
    """What the report's last build left: its manifest and the folder it published into."""

    manifest: BuildManifest | None
    """The last manifest, if there is one."""
    folder_fd: int
    """The output folder (an open descriptor)."""

    def unchanged(self, name: str, key: str) -> bool:
        """True when the last build wrote `name` with this content key and it is still
        there with the bytes it was written with."""
        record = self.manifest.output(name) if self.manifest else None
        if record is None or record.key != key:
            return False
        try:
            return sha256_file(name, dir_fd=self.folder_fd)[0] == record.sha256
        except OSError:
            return False

    def keep(self, name: str, staged: Path) -> None:
        """Stage the published file as it is (publishing then leaves it, time stamp too)."""
        copy_new(name, staged, dir_fd=self.folder_fd)


def render_outputs(
    loaded: LoadedSpec,
    doc: Document | None,
    theme: Theme,
    the_plan: Plan,
    charts: dict[str, ChartResult],
    staging: Path,
    clock: Stopwatch,
    report: Report,
    verbose: Report,
    previous: Previous | None = None,
    inputs: tuple[FileRecord, ...] = (),
    params: Mapping[str, Any] | None = None,
) -> tuple[dict[str, Path], dict[str, str]]:
    """Write each asked-for output into the staging folder: output path -> staged file;
    and each document's content key.

    A document whose content key is the one its last build recorded is not written
    again: its published file is kept. The others are independent: all but the first
    are written in worker processes while this process writes the first (a standard
    executor, so a worker's error arrives here with its traceback). Each document's
    time is recorded under its kind.
    """
    staged: dict[str, Path] = {}
    if CHART_IMAGES in the_plan.kinds:
        formats = loaded.spec.outputs.charts.formats
        for chart_id, result in charts.items():
            for fmt, source in (("png", result.png), ("svg", result.svg)):
                if fmt in formats and source is not None:
                    staged[f"{the_plan.charts_dir.name}/{chart_id}.{fmt}"] = source
    if doc is None:
        return staged, {}
    documents = staging / "documents"
    documents.mkdir()
    jobs = {
        kind: (kind, doc, theme, documents / the_plan.document(kind).name,
               getattr(loaded.spec.outputs, kind), loaded.root)
        for kind in the_plan.documents
    }
    code = rebuild_key(params)
    keys = {kind: document_key(kind, job[1:3] + job[4:5], [r.sha256 for r in inputs[1:]], code)
            for kind, job in jobs.items()}
    kinds = []
    for kind in the_plan.documents:
        name = the_plan.document(kind).name
        if previous is not None and previous.unchanged(name, keys[kind]):
            previous.keep(name, jobs[kind][3])
            staged[name] = jobs[kind][3]
            verbose(f"{FORMATS[kind].what}: unchanged, not written again")
        else:
            kinds.append(kind)
    pool = _document_pool(len(kinds) - 1)
    futures: dict[str, Future[tuple[list[str], float]]] = {}
    try:
        for kind in kinds:
            report(f"Writing {FORMATS[kind].what}")
        if pool is not None:
            futures = {kind: pool.submit(_write_document, *jobs[kind]) for kind in kinds[1:]}
        for kind in kinds:
            said, seconds = (futures[kind].result() if kind in futures
                             else _write_document(*jobs[kind]))
            for message in said:
                verbose(message)
            clock.stages[kind] = round(seconds, 3)
            staged[the_plan.document(kind).name] = jobs[kind][3]
    finally:
        if pool is not None:
            for future in futures.values():
                future.cancel()
            pool.shutdown(wait=True, cancel_futures=True)
    clock.lap("documents")
    return staged, {the_plan.document(kind).name: key for kind, key in keys.items()}


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
    force: bool = False,
    params: Mapping[str, Any] | None = None,
    check_unchanged: bool = True,
    report: Report = lambda _: None,
    verbose: Report = lambda _: None,
    lock_timeout: float = LOCK_TIMEOUT_SECONDS,
    in_process: bool = False,
    cache_in: Path | None = None,
) -> BuildResult:
    """Run every stage for one spec; raises SpecError or BuildError on a user's mistake.

    When nothing changed since the last complete build (see uptodate.py), nothing is
    done and the result says so (`up_to_date`), unless `force`. Builds of one report
    into one folder queue: a build waits up to `lock_timeout` seconds for another.
    `params` are the params as given (name -> value, see spec/params.py) for a
    parameterized spec. A caller that has just run the no-change check itself passes
    `check_unchanged=False`. With `in_process` the build starts no worker processes (as
    in a batch worker); `cache_in` is the folder whose `.cache/` holds the chart cache
    (a batch's variants share one; default: the output folder).
    """
    with in_this_process() if in_process else contextlib.nullcontext():
        return _build(spec_path, out, only, strict, force, params, check_unchanged, report,
                      verbose, lock_timeout, cache_in)


def _build(spec_path: Path, out: Path | None, only: frozenset[str] | None, strict: bool,
           force: bool, params: Mapping[str, Any] | None, check_unchanged: bool,
           report: Report, verbose: Report, lock_timeout: float,
           cache_in: Path | None) -> BuildResult:
    clock = Stopwatch()
    if not force and only is None and check_unchanged:
        found = up_to_date(spec_path, out=out, params=params, strict=strict)
        if found is not None:
            return BuildResult.unchanged(*found, clock.total())
    loaded = load_spec(spec_path, strict=strict, params=params)
    verbose(f"spec loaded and checked: {clock.lap('load'):.2f}s")
    the_plan = plan(loaded, out, only)
    try:
        theme = theme_of(loaded)
    except LookupError as exc:
        raise BuildError(str(exc)) from None
    inputs = spec_inputs(loaded, theme)
    refuse_bad_destination(loaded, the_plan, inputs, from_option=out is not None)
    records = input_records(loaded, inputs)
    clock.lap("load")
    try:
        with (OutputFolder.open(the_plan.out_dir, the_plan.basename, timeout=lock_timeout,
                                say=report, verbose=verbose) as folder,
              _cache_folder(cache_in, folder) as cache_fd):
            manifest, drawn = _render(loaded, theme, the_plan, folder, records, clock,
                                      lock_timeout, report, verbose, params, force, cache_fd)
    except OSError as exc:  # a full disk, a read-only folder: the user's to fix
        where = the_plan.out_dir  # a file of the staging folder is named by its folder
        if exc.filename and TEMP_PREFIX not in str(exc.filename):
            where = Path(exc.filename)
        raise BuildError(f"cannot write {display_path(where)}: {exc.strerror or exc}") from None
    written = [the_plan.out_dir / path for path in the_plan.outputs(loaded)]
    return BuildResult(written, loaded.warnings, len(drawn), len(loaded.spec.charts) - len(drawn),
                       clock.total(), manifest)


def _render(
    loaded: LoadedSpec,
    theme: Theme,
    the_plan: Plan,
    folder: OutputFolder,
    inputs: tuple[FileRecord, ...],
    clock: Stopwatch,
    lock_timeout: float,
    report: Report,
    verbose: Report,
    params: Mapping[str, Any] | None,
    force: bool,
    cache_fd: int,
) -> tuple[BuildManifest, set[str]]:
    """Draw, lower, render and publish; the manifest and the ids of the charts drawn."""
    ownership = read_ownership(folder)
    check_targets(folder, ownership, the_plan.outputs(loaded))
    cache = ChartCache(cache_fd, folder.staging)
    charts, drawn = draw(chart_jobs(loaded, theme, the_plan), cache, report, the_plan.documents)
    verbose(f"charts: {clock.lap('charts'):.2f}s ({len(drawn)} drawn)")
    doc = lower(loaded, charts) if the_plan.documents else None
    clock.lap("lower")
    previous = None if force else Previous(ownership.previous, folder.fd)
    try:
        staged, keys = render_outputs(loaded, doc, theme, the_plan, charts, folder.staging,
                                      clock, report, verbose, previous, inputs, params)
    except TemplateError as exc:
        raise SpecError([_template_problem(loaded, str(exc))]) from None
    verbose(f"documents: {clock.stages.get('documents', 0.0):.2f}s")

    def finish(outputs: tuple[FileRecord, ...]) -> BuildManifest:
        clock.lap("publish")
        timings = {**clock.stages, "total": round(clock.total(), 3)}
        keyed = tuple(replace(r, key=keys.get(r.path)) for r in outputs)
        return describe(loaded, the_plan, inputs, keyed, drawn, timings,
                        rebuild_record(loaded, params))

    manifest = publish(folder, staged, complete=the_plan.complete, finish=finish, cache=cache,
                       timeout=lock_timeout, say=report, verbose=verbose)
    return manifest, drawn


@contextlib.contextmanager
def _cache_folder(cache_in: Path | None, folder: OutputFolder) -> Iterator[int]:
    """A descriptor of the folder whose `.cache/` holds the chart cache (never a link)."""
    if cache_in is None:
        yield folder.fd
        return
    try:
        fd = os.open(cache_in, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError as exc:
        raise BuildError(f"cannot use {display_path(cache_in)} for the chart cache: "
                         f"{exc.strerror}") from None
    try:
        yield fd
    finally:
        os.close(fd)


def rebuild_record(loaded: LoadedSpec, params: Mapping[str, Any] | None) -> dict[str, Any]:
    """The manifest's `rebuild`: the rebuild key of the params as given, and whether an
    input cannot be hashed."""
    return {"key": rebuild_key(params), "volatile": _volatile(loaded)}


def _volatile(loaded: LoadedSpec) -> bool:
    """True when a dataset is read from a database server: its data cannot be hashed."""
    return any(
        isinstance(getattr(dataset, "db", None), str) and "://" in dataset.db
        for dataset in loaded.spec.data.values()
    )


def describe(
    loaded: LoadedSpec,
    the_plan: Plan,
    inputs: tuple[FileRecord, ...],
    outputs: tuple[FileRecord, ...],
    drawn: set[str],
    timings: dict[str, float],
    rebuild: dict[str, Any] | None = None,
) -> BuildManifest:
    """The manifest of a build (see the contract, "The build manifest"); `params` are
    the values of the build's params, defaults included."""
    spec = loaded.spec
    return BuildManifest(
        reportgen=__version__,
        spec=inputs[0].path,
        params=dict(loaded.params),
        inputs=inputs,
        outputs=outputs,
        charts=tuple(ChartRecord(chart.id, chart.id in drawn) for chart in spec.charts),
        key_figures=tuple(_figure(record) for record in loaded.key_figure_records()),
        warnings=tuple(str(warning) for warning in loaded.warnings),
        timings=timings,
        versions=_versions(),
        complete=the_plan.complete,
        rebuild=rebuild or {},
    )


def _figure(record: dict[str, Any]) -> KeyFigureRecord:
    """A key figure's manifest record from the loader's (id, value, text, `from`)."""
    return KeyFigureRecord(record["id"], record["value"], record["text"], record.get("from"))


def _versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for name in VERSIONED:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found
