"""A batch: every variant a variants file lists, each built into `OUT/ID/` as `build` would.

The spec is loaded once with its defaults and the variants file read whole before
anything is built: a problem with either stops the batch (exit status 2). A row whose
values its params cannot take fails alone. A variant whose spec, params and input files
are unchanged since its last build is skipped (unless `force`); the others run on an
engine, local worker processes (engines.py) or a Dask cluster (dask_engine.py), and
share one chart cache (`OUT/.cache/`), so a chart that every variant draws alike is
drawn once. `OUT/batch.json` records the batch (see the contract).
"""

from __future__ import annotations

import json
import os
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from reportgen import __version__
from reportgen.core.files import atomic_write, read_regular
from reportgen.errors import BuildError, SpecError, display_path
from reportgen.pipeline.destination import folder_problem
from reportgen.pipeline.inputs import spec_inputs
from reportgen.pipeline.manifest import BuildManifest, manifest_name
from reportgen.pipeline.plan import plan, theme_of
from reportgen.pipeline.progress import BatchProgress
from reportgen.pipeline.variants import Variant, read_variants
from reportgen.render import FORMATS
from reportgen.spec.loader import LoadedSpec, load_spec
from reportgen.spec.params import Declared, Given, declared, read_value

RECORD_NAME = "batch.json"
"""The batch record, in the batch's output folder."""
MAX_RECORD_BYTES = 64 * 1024 * 1024
"""Largest earlier batch record read (to know it is reportgen's before replacing it)."""
RECORD_KEYS = frozenset({"engine", "summary", "variants"})
"""The keys every batch record has."""


@dataclass(frozen=True)
class VariantTask:
    """One variant to build: what a worker needs (all of it can be pickled)."""

    id: str
    """The variant's id (its folder under the batch's output folder)."""
    source: str
    """`FILE:LINE` of its row."""
    given: dict[str, Given]
    """The params its row gives."""
    spec: Path
    """The spec file, absolute."""
    out: Path
    """The variant's output folder, `OUT/ID`."""
    cache_in: Path
    """The batch's output folder, whose `.cache/` the variants share."""
    force: bool = False
    """Build even when nothing changed."""
    strict: bool = False
    """Warnings count as errors."""


@dataclass
class VariantResult:
    """How one variant's build went."""

    id: str
    """The variant's id."""
    status: str
    """`ok`, `failed` or `skipped`."""
    seconds: float = 0.0
    """Wall time of its build."""
    outputs: list[str] = field(default_factory=list)
    """Its outputs, relative to its folder."""
    manifest: str | None = None
    """Its manifest's name, in its folder."""
    error: str | None = None
    """What went wrong (a failed variant), each problem as `FILE:LINE: ...`."""
    warnings: list[str] = field(default_factory=list)
    """The warnings of its build."""
    internal: bool = False
    """True when the failure is a bug in reportgen (the error holds the traceback)."""


class Engine(Protocol):
    """Where variants are built: local worker processes or a Dask cluster."""

    def describe(self) -> dict[str, Any]:
        """The batch record's `engine`."""
        ...

    def submit(self, tasks: list[VariantTask]) -> None:
        """Start building the tasks (before the progress display starts)."""
        ...

    def results(self) -> Iterator[VariantResult]:
        """Each task's result, as it finishes."""
        ...

    def close(self) -> None:
        """Stop every worker this engine started."""
        ...


def located_error(source: str, problems: list[str]) -> str:
    """Problems of a variant, each shown at its row: `variants.csv:7: ...`."""
    return "\n".join(p if p.startswith(f"{source}:") else f"{source}: {p}" for p in problems)


def run_task(task: VariantTask, build: Callable[..., Any]) -> VariantResult:
    """Build one variant with `build` (the pipeline's, or a worker's); never raises for a
    user's mistake or a bug: the result says what happened."""
    started = time.perf_counter()
    try:
        result = build(task)
    except SpecError as exc:
        return VariantResult(task.id, "failed", time.perf_counter() - started,
                             error=located_error(task.source, [str(p) for p in exc.problems]))
    except BuildError as exc:
        return VariantResult(task.id, "failed", time.perf_counter() - started,
                             error=located_error(task.source, [str(exc)]))
    except Exception as exc:  # a bug: the batch goes on, the record says so
        return VariantResult(task.id, "failed", time.perf_counter() - started, internal=True,
                             error=located_error(task.source, [
                                 f"internal error ({type(exc).__name__}: {exc}); this is a "
                                 "bug in reportgen\n" + traceback.format_exc().rstrip()]))
    manifest = result.manifest
    return VariantResult(
        task.id, "skipped" if getattr(result, "up_to_date", False) else "ok",
        time.perf_counter() - started,
        outputs=[record.path for record in manifest.outputs] if manifest else [],
        manifest=manifest_name_of(manifest), warnings=[str(w) for w in result.warnings])


def manifest_name_of(manifest: BuildManifest | None) -> str | None:
    """The file name of a build's manifest, from the names of its documents (None for a
    build that wrote chart images only)."""
    if manifest is None:
        return None
    suffixes = [fmt.suffix for fmt in FORMATS.values()]
    for record in manifest.outputs:
        for suffix in suffixes:
            if "/" not in record.path and record.path.endswith(suffix):
                return manifest_name(record.path[: -len(suffix)])
    return None


def build_locally(task: VariantTask) -> Any:
    """A variant built in this process, as `build` would build it (no worker processes)."""
    from reportgen.pipeline.pipeline import build

    return build(task.spec, out=task.out, params=task.given, strict=task.strict,
                 force=task.force, check_unchanged=False, in_process=True,
                 cache_in=task.cache_in)


def build_variant(task: VariantTask) -> VariantResult:
    """Build one variant in this process (a batch worker); the result, whatever happened."""
    return run_task(task, build_locally)


@dataclass
class Batch:
    """A batch before it runs: the spec, its params, the variants and where they go."""

    spec: Path
    """The spec file."""
    loaded: LoadedSpec
    """The spec loaded with its defaults."""
    declared: Declared
    """The params it declares."""
    out: Path
    """The batch's output folder."""
    variants: list[Variant]
    """The variants file's rows, in order."""
    variants_file: Path
    """The variants file."""

    def task(self, variant: Variant, *, force: bool, strict: bool) -> VariantTask:
        """The task that builds one variant."""
        return VariantTask(variant.id, variant.source, variant.given, self.spec.resolve(),
                           self.out / variant.id, self.out, force, strict)

    def shown_params(self, variant: Variant) -> dict[str, Any]:
        """A row's params as the record shows them: typed where they read well."""
        shown = {}
        for name, given in variant.given.items():
            kind = self.declared.types.get(name)
            found = read_value(given, kind) if kind else None
            shown[name] = given.value if found is None or isinstance(found, str) else (
                found.value)
        return shown


def prepare(spec: Path, variants_file: Path, *, out: Path | None, strict: bool) -> Batch:
    """Load the spec with its defaults and read the variants file; SpecError or BuildError
    when either is invalid or the output folder may not be used (nothing is built)."""
    loaded = load_spec(spec, strict=strict)
    found = declared(loaded.located, display_path(spec))
    the_plan = plan(loaded, out, None)
    out_dir = the_plan.out_dir
    try:
        theme = theme_of(loaded)
    except LookupError as exc:
        raise BuildError(str(exc)) from None
    reason = folder_problem(out_dir, loaded, spec_inputs(loaded, theme))
    if reason is not None:
        raise BuildError(f"refusing to build the batch into {reason} ({display_path(out_dir)})"
                         ": give it a folder of its own, such as 'dist'")
    variants = read_variants(variants_file, found)
    _check_record_is_ours(out_dir / RECORD_NAME)
    return Batch(spec, loaded, found, out_dir, variants, variants_file)


def _check_record_is_ours(path: Path) -> None:
    """BuildError when a file reportgen did not write is where the batch record goes."""
    if not os.path.lexists(path):
        return
    try:
        data = read_regular(path, limit=MAX_RECORD_BYTES)
        raw = json.loads(data.decode("utf-8"))
        ours = isinstance(raw, dict) and raw.keys() >= RECORD_KEYS
    except (OSError, ValueError, UnicodeDecodeError, RecursionError):
        ours = False
    if not ours:
        raise BuildError(f"{display_path(path)} exists and is not a batch record that "
                         "reportgen wrote; move it away (nothing was built)")


def _unchanged(task: VariantTask) -> VariantResult | None:
    """The result of a variant whose last build is still what a build would write."""
    from reportgen.pipeline.uptodate import up_to_date

    started = time.perf_counter()
    found = up_to_date(task.spec, out=task.out, params=task.given, strict=task.strict)
    if found is None:
        return None
    manifest, _ = found
    return VariantResult(task.id, "skipped", time.perf_counter() - started,
                         outputs=[record.path for record in manifest.outputs],
                         manifest=manifest_name_of(manifest), warnings=list(manifest.warnings))


def run(batch: Batch, engine: Engine, progress: BatchProgress, *, force: bool = False,
        strict: bool = False) -> dict[str, Any]:
    """Build every variant of a prepared batch on `engine`; the batch record (also written
    to `OUT/batch.json`)."""
    started = time.perf_counter()
    results: dict[str, VariantResult] = {}
    tasks = []
    for variant in batch.variants:
        task = batch.task(variant, force=force, strict=strict)
        if variant.problems:
            results[variant.id] = VariantResult(variant.id, "failed",
                                                error="\n".join(variant.problems))
            continue
        skipped = None if force else _unchanged(task)
        if skipped is not None:
            results[variant.id] = skipped
        else:
            tasks.append(task)
    batch.out.mkdir(parents=True, exist_ok=True)
    engine.submit(tasks)
    with progress:
        for result in results.values():
            progress.finished(result, built=False)
        for result in engine.results():
            results[result.id] = result
            progress.finished(result)
    record = batch_record(batch, engine, results, time.perf_counter() - started)
    _check_record_is_ours(batch.out / RECORD_NAME)
    atomic_write(batch.out / RECORD_NAME,
                 (json.dumps(record, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    return record


def batch_record(batch: Batch, engine: Engine, results: dict[str, VariantResult],
                 seconds: float) -> dict[str, Any]:
    """The batch record (see the contract, `OUT/batch.json`), variants in file order."""
    variants = []
    for variant in batch.variants:
        result = results[variant.id]
        shown: dict[str, Any] = {
            "id": variant.id, "params": batch.shown_params(variant), "status": result.status,
            "outputs": [f"{variant.id}/{path}" for path in result.outputs],
            "seconds": round(result.seconds, 3), "source": variant.source}
        if result.manifest:
            shown["manifest"] = f"{variant.id}/{result.manifest}"
        if result.warnings:
            shown["warnings"] = result.warnings
        if result.error:
            shown["error"] = result.error
        variants.append(shown)
    counts = {status: sum(1 for r in results.values() if r.status == status)
              for status in ("ok", "failed", "skipped")}
    return {
        "engine": engine.describe(),
        "summary": {**counts, "seconds": round(seconds, 3)},
        "variants": variants,
        "reportgen": __version__,
        "spec": batch.spec.name,
        "variants_file": display_path(batch.variants_file),
    }
