"""The build as a list of named stages: load, plan, charts, lower, render, publish.

Each stage is a function; `build` runs them in order and reports progress. A
failure inside one item names the item. Nothing reaches the output folder until
every output is complete (see publish.py).
"""

from __future__ import annotations

import re
import shutil
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from reportgen.build import manifest
from reportgen.build.cache import CACHE_DIR, ChartCache
from reportgen.build.forked import Forked
from reportgen.build.publish import Staging, remove_stale_temps
from reportgen.charts.job import ChartJob, ChartResult
from reportgen.charts.series import chart_data
from reportgen.document.lower import lower
from reportgen.document.nodes import Document
from reportgen.document.placeholders import resolve_plain_fields
from reportgen.errors import BuildError, Problem, SpecError, TemplateError, display_path
from reportgen.spec.loader import LoadedSpec, load_spec
from reportgen.theme import Theme, build_theme

OUTPUT_KINDS = ("pdf", "pptx", "charts")
Report = Callable[[str], None]


@dataclass(frozen=True)
class Plan:
    """What a build writes and where."""

    out_dir: Path
    """The output folder."""
    basename: str
    """File name stem of the brief and the deck."""
    kinds: frozenset[str]
    """Which of pdf, pptx, charts to write."""
    complete: bool = True
    """False when `--only` left out some of what the spec asks for."""

    @property
    def pdf(self) -> Path:
        """The brief's path."""
        return self.out_dir / f"{self.basename}.pdf"

    @property
    def pptx(self) -> Path:
        """The deck's path."""
        return self.out_dir / f"{self.basename}.pptx"

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
    """Charts drawn in this build (the rest came from the cache)."""
    seconds: float = 0.0
    """Wall time of the build."""


def slug(text: str) -> str:
    """A file-name-safe slug: `Azerbaijan and Russia: ...` -> `azerbaijan-and-russia-...`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return words[:80].rstrip("-") or "report"


def plan(loaded: LoadedSpec, out: Path | None, only: frozenset[str] | None) -> Plan:
    """Decide the output folder, file names and which outputs to write."""
    outputs = loaded.spec.outputs
    out_dir = out.resolve() if out is not None else (loaded.root / outputs.dir).resolve()
    kinds = set(only or OUTPUT_KINDS)
    if only is None:
        if not outputs.pdf.enabled:
            kinds.discard("pdf")
        if not outputs.pptx.enabled:
            kinds.discard("pptx")
    return Plan(out_dir, outputs.basename or slug(loaded.spec.report.title), frozenset(kinds),
                complete=only is None)


def theme_of(loaded: LoadedSpec) -> Theme:
    """The theme of a spec: its preset with the spec's overrides."""
    spec_theme = loaded.spec.theme
    font: str | Path | None = spec_theme.font
    if font and (font.lower().endswith((".ttf", ".otf")) or "/" in font):
        font = (loaded.root / font).resolve()
    return build_theme(
        spec_theme.preset,
        primary=spec_theme.primary,
        accent=spec_theme.accent,
        palette=tuple(spec_theme.palette) if spec_theme.palette else None,
        font=font,
        page_size=spec_theme.page_size,
        slide_size=spec_theme.slide_size,
        logo=(loaded.root / spec_theme.logo).resolve() if spec_theme.logo else None,
    )


def chart_jobs(loaded: LoadedSpec, theme: Theme, the_plan: Plan) -> list[ChartJob]:
    """One drawing job per chart: framed images for charts/, bare ones for the documents."""
    options = loaded.spec.outputs.charts
    images = "charts" in the_plan.kinds
    documents = bool({"pdf", "pptx"} & the_plan.kinds)
    jobs = []
    for chart in loaded.spec.charts:
        table = loaded.tables[chart.data]
        jobs.append(
            ChartJob(
                id=chart.id,
                type=chart.type,
                title=chart.title,
                subtitle=chart.subtitle,
                source=chart.source or table.source,
                data=chart_data(chart, table),
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


def _prepare_renderers(kinds: frozenset[str]) -> None:
    """Import the document writers (done while chart workers draw, to overlap the two)."""
    if "pdf" in kinds:
        import reportgen.render.pdf  # noqa: F401
    if "pptx" in kinds:
        import reportgen.render.pptx  # noqa: F401


def draw(
    jobs: list[ChartJob], cache: ChartCache, report: Report, kinds: frozenset[str]
) -> tuple[dict[str, ChartResult], int]:
    """Every chart's files, from the cache or drawn now (in parallel); and how many were drawn."""
    from dataclasses import replace

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
            drawn = draw_charts(missing, while_waiting=lambda: _prepare_renderers(kinds))
        except ChartDrawError as exc:
            raise BuildError(f"chart {exc.chart_id!r}: {exc.message}") from exc
        for job, result in zip(missing, drawn, strict=True):
            results[job.id] = cache.adopt(job, result)
    return results, len(missing)


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
    """Write each asked-for output under a temporary name; return the final paths."""
    written: list[Path] = []
    if "charts" in the_plan.kinds:
        formats = loaded.spec.outputs.charts.formats
        for chart_id, result in charts.items():
            for fmt, source in (("png", result.png), ("svg", result.svg)):
                if fmt in formats and source is not None:
                    final = the_plan.charts_dir / f"{chart_id}.{fmt}"
                    shutil.copyfile(source, staging.path_for(final))
                    written.append(final)
    if doc is None:
        return written
    deck: Forked | None = None
    if "pptx" in the_plan.kinds:
        from reportgen.render.pptx import render_deck

        options = loaded.spec.outputs.pptx
        template = (loaded.root / options.template).resolve() if options.template else None
        target = staging.path_for(the_plan.pptx)
        report("Writing the deck")
        deck = Forked(
            lambda: render_deck(
                doc,
                theme,
                target,
                template=template,
                notes=options.notes,
                charts=options.charts,
                verbose=verbose,
            )
        )
    try:
        if "pdf" in the_plan.kinds:
            from reportgen.render.pdf import render_brief

            report("Writing the brief")
            render_brief(doc, theme, staging.path_for(the_plan.pdf))
            written.append(the_plan.pdf)
        if deck is not None:
            deck.result()
            written.append(the_plan.pptx)
    except BaseException:
        if deck is not None:
            deck.cancel()
        raise
    return written


def check_template(loaded: LoadedSpec, the_plan: Plan) -> None:
    """Map the deck template's layouts before anything is drawn (a SpecError if it lacks one)."""
    template = loaded.spec.outputs.pptx.template
    if "pptx" not in the_plan.kinds or not template:
        return
    from reportgen.render.pptx.template import map_roles, open_template

    path = (loaded.root / template).resolve()
    try:
        map_roles(open_template(path), path.name)
    except TemplateError as exc:
        raise SpecError([_template_problem(loaded, str(exc))]) from None


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
    loaded = replace(loaded, spec=resolve_plain_fields(loaded.spec))
    verbose(f"spec loaded and checked: {time.perf_counter() - started:.2f}s")
    the_plan = plan(loaded, out, only)
    try:
        theme = theme_of(loaded)
    except LookupError as exc:
        raise BuildError(str(exc)) from None
    check_template(loaded, the_plan)
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
    return BuildResult(written, loaded.warnings, drawn, time.perf_counter() - started)


def _render(
    loaded: LoadedSpec, theme: Theme, the_plan: Plan, report: Report, verbose: Report
) -> tuple[list[Path], int]:
    """Draw, lower, render and publish; the written paths and the number of charts drawn."""
    cache = ChartCache(the_plan.out_dir / CACHE_DIR / "charts")
    for folder in (the_plan.out_dir, the_plan.charts_dir, cache.root):
        remove_stale_temps(folder)
    clock = time.perf_counter()
    charts, drawn = draw(chart_jobs(loaded, theme, the_plan), cache, report, the_plan.kinds)
    verbose(f"charts: {time.perf_counter() - clock:.2f}s ({drawn} drawn)")
    doc = lower(loaded, charts) if {"pdf", "pptx"} & the_plan.kinds else None
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

