"""What travels between the machine that runs a batch and the machines that build it.

A worker on another machine shares neither a file system nor a working folder with the
batch. So the batch sends, for each variant, the spec's bytes and the bytes of every
file it names (by their paths relative to the spec's folder), the params, and the
settings that shape output bytes (`SOURCE_DATE_EPOCH`); the worker rebuilds that folder
in a private temporary folder, builds there, and sends back the outputs' bytes. The
batch then publishes them into `OUT/ID/` through the same publish transaction a local
build uses (the staging folder, the journal, the report's lock, the ownership checks),
with the same manifest, so a variant built remotely is byte for byte the variant built
here.

On the batch's side the variant is prepared as a build prepares it (spec, plan, inputs,
destination rules) before anything is sent: a spec error is found here and never costs
a worker's time.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import tempfile
import threading
import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from reportgen import __version__
from reportgen.core.files import TEMP_PREFIX, read_regular, sha256_bytes, write_new
from reportgen.errors import BuildError, SpecError, display_path
from reportgen.pipeline.batch import VariantResult, VariantTask, located_error
from reportgen.pipeline.fingerprint import SETTINGS
from reportgen.pipeline.inputs import Input, input_records, spec_inputs
from reportgen.pipeline.lock import LOCK_TIMEOUT_SECONDS
from reportgen.pipeline.manifest import BuildManifest, FileRecord, is_safe_relative
from reportgen.pipeline.plan import Plan, plan, theme_of
from reportgen.spec.loader import LoadedSpec, load_spec
from reportgen.spec.params import Given

MAX_INPUT_BYTES = 256 * 1024 * 1024
"""Largest input file sent to a worker."""
SPEC_FOLDER = "<spec folder>"
"""How a worker's messages name the spec's folder (the batch puts its own in)."""
_BUILDING = threading.Lock()
"""One build at a time in a worker process: the environment and matplotlib's state are
shared by its threads."""
_worker_cache: Path | None = None


@dataclass(frozen=True)
class Bundle:
    """One variant as sent to a worker (the input files travel beside it, by path)."""

    id: str
    """The variant's id."""
    spec: str
    """The spec's path, relative to its folder."""
    given: dict[str, Given]
    """The params the variant gives."""
    settings: dict[str, str | None]
    """The output-shaping environment variables of the batch (None: unset)."""
    strict: bool
    """Warnings count as errors."""
    version: str
    """The batch's reportgen version: a worker with another refuses."""


@dataclass(frozen=True)
class Prepared:
    """A variant prepared on the batch's side, as a build prepares itself."""

    task: VariantTask
    loaded: LoadedSpec
    plan: Plan
    inputs: list[Input]
    records: tuple[FileRecord, ...]


def prepare(task: VariantTask) -> Prepared:
    """Load a variant's spec, plan its outputs and apply the destination rules (as `build`
    does before drawing); SpecError or BuildError for a user's mistake."""
    from reportgen.pipeline.destination import refuse_bad_destination

    loaded = load_spec(task.spec, strict=task.strict, params=task.given)
    the_plan = plan(loaded, task.out, None)
    try:
        theme = theme_of(loaded)
    except LookupError as exc:
        raise BuildError(str(exc)) from None
    inputs = spec_inputs(loaded, theme)
    refuse_bad_destination(loaded, the_plan, inputs, from_option=True)
    return Prepared(task, loaded, the_plan, inputs, input_records(loaded, inputs))


def pack(prepared: Prepared) -> tuple[Bundle, dict[str, bytes]]:
    """A prepared variant as sent: the bundle, and each input's bytes by relative path
    (each checked against the hash it was loaded with)."""
    files: dict[str, bytes] = {}
    root = prepared.loaded.root
    for item, record in zip(prepared.inputs, prepared.records, strict=True):
        path = item.relative_to(root)
        try:
            data = read_regular(item.path, limit=MAX_INPUT_BYTES)
        except OSError as exc:
            raise BuildError(f"cannot send {display_path(item.path)} ({item.key}) to the "
                             f"workers: {exc.strerror or exc}") from None
        if sha256_bytes(data) != record.sha256:
            raise BuildError(f"{display_path(item.path)} ({item.key}) changed while the batch "
                             "was running; run it again")
        files[path] = data
    bundle = Bundle(prepared.task.id, prepared.records[0].path, prepared.task.given,
                    {name: os.environ.get(name) for name in SETTINGS}, prepared.task.strict,
                    __version__)
    return bundle, files


# -- on a worker -------------------------------------------------------------------------


def worker_versions() -> dict[str, str]:
    """The versions of reportgen and of the libraries that shape its outputs, here."""
    from reportgen.pipeline.pipeline import _versions

    return {"reportgen": __version__, **_versions()}


def _cache_folder() -> Path:
    """This worker process's chart cache, private and removed when the process ends."""
    global _worker_cache
    if _worker_cache is None:
        _worker_cache = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}worker-cache."))
        atexit.register(shutil.rmtree, _worker_cache, True)
    return _worker_cache


@contextlib.contextmanager
def _environment(settings: dict[str, str | None]) -> Iterator[None]:
    """The batch's output-shaping settings in this process's environment, for the block."""
    previous = {name: os.environ.get(name) for name in settings}

    def apply(values: dict[str, str | None]) -> None:
        for name, value in values.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value

    apply(settings)
    try:
        yield
    finally:
        apply(previous)


def _unpack(files: dict[str, bytes], root: Path) -> None:
    """Lay the variant's input files out under `root` (only plain relative paths)."""
    for relative, data in files.items():
        if not is_safe_relative(relative):
            raise BuildError(f"refusing to unpack {relative!r}: not a plain relative path")
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        write_new(target, data)


def build_bundle(bundle: Bundle, files: dict[str, bytes]) -> dict[str, Any]:
    """Build one variant from what was sent (on a worker); what it made, or why not.

    Never raises for a user's mistake or a bug in reportgen: those are results, not a
    crashed worker, and are not tried again.
    """
    started = time.perf_counter()
    if bundle.version != __version__:
        return {"status": "failed", "version": __version__, "error": (
            f"this worker has reportgen {__version__}, the batch {bundle.version}: install "
            "the same version on every worker")}
    with _BUILDING, tempfile.TemporaryDirectory(prefix=TEMP_PREFIX) as scratch:
        root, out = Path(scratch, "spec"), Path(scratch, "out")
        try:
            _unpack(files, root)
            with _environment(bundle.settings):
                result = _build(root / bundle.spec, out, bundle)
            manifest = result.manifest
            assert manifest is not None
            made = {record.path: read_regular(out / record.path, limit=MAX_INPUT_BYTES)
                    for record in manifest.outputs}
        except SpecError as exc:
            return _failed([_shown(str(p), root) for p in exc.problems], started)
        except BuildError as exc:
            return _failed([_shown(str(exc), root)], started)
        except Exception as exc:  # a bug: reported, not retried
            return _failed([f"internal error ({type(exc).__name__}: {_shown(str(exc), root)}); "
                            f"this is a bug in reportgen\n{traceback.format_exc().rstrip()}"],
                           started, internal=True)
    return {"status": "ok", "version": __version__, "files": made,
            "keys": {record.path: record.key for record in manifest.outputs if record.key},
            "drawn": sorted(chart.id for chart in manifest.charts if chart.drawn),
            "timings": dict(manifest.timings), "seconds": time.perf_counter() - started}


def _build(spec: Path, out: Path, bundle: Bundle) -> Any:
    from reportgen.pipeline.pipeline import build

    return build(spec, out=out, params=bundle.given, strict=bundle.strict, force=True,
                 in_process=True, cache_in=_cache_folder())


def _shown(message: str, root: Path) -> str:
    """A worker's message with its private folder named as the spec's folder."""
    return message.replace(f"{root}{os.sep}", f"{SPEC_FOLDER}/").replace(str(root), SPEC_FOLDER)


def _failed(problems: list[str], started: float, *, internal: bool = False) -> dict[str, Any]:
    return {"status": "failed", "version": __version__, "problems": problems,
            "internal": internal, "seconds": time.perf_counter() - started}


# -- back on the batch's side ------------------------------------------------------------


def result_of(prepared: Prepared, returned: dict[str, Any], *, verbose: Any = None
              ) -> VariantResult:
    """A worker's answer for a variant, published when it built it."""
    task = prepared.task
    seconds = float(returned.get("seconds", 0.0))
    if returned.get("status") != "ok":
        shown = display_path(prepared.loaded.root)
        folder = "" if shown == "." else f"{shown}/"
        problems = [p.replace(f"{SPEC_FOLDER}/", folder)
                    for p in returned.get("problems") or [returned.get("error", "failed")]]
        return VariantResult(task.id, "failed", seconds, internal=bool(returned.get("internal")),
                             error=located_error(task.source, problems))
    try:
        manifest = publish_returned(prepared, returned, verbose=verbose or (lambda _: None))
    except (SpecError, BuildError) as exc:
        problems = ([str(p) for p in exc.problems] if isinstance(exc, SpecError)
                    else [str(exc)])
        return VariantResult(task.id, "failed", seconds, error=located_error(task.source,
                                                                             problems))
    from reportgen.pipeline.batch import manifest_name_of

    return VariantResult(task.id, "ok", seconds, [r.path for r in manifest.outputs],
                         manifest_name_of(manifest), None,
                         [str(w) for w in prepared.loaded.warnings])


def publish_returned(prepared: Prepared, returned: dict[str, Any], *, verbose: Any
                     ) -> BuildManifest:
    """Publish the outputs a worker returned into the variant's folder, as a local build
    publishes its own (see publish.py), with the manifest a local build writes; that
    manifest."""
    from reportgen.pipeline.cache import ChartCache
    from reportgen.pipeline.folder import OutputFolder
    from reportgen.pipeline.pipeline import describe, rebuild_record
    from reportgen.pipeline.publish import check_targets, publish, read_ownership

    loaded, the_plan = prepared.loaded, prepared.plan
    files: dict[str, bytes] = returned["files"]
    keys: dict[str, str] = returned.get("keys") or {}
    expected = the_plan.outputs(loaded)
    if sorted(files) != sorted(expected):
        raise BuildError(f"the worker returned {sorted(files)} but the build makes "
                         f"{sorted(expected)}; nothing was published")
    quiet = lambda _: None  # noqa: E731
    try:
        with OutputFolder.open(the_plan.out_dir, the_plan.basename, timeout=LOCK_TIMEOUT_SECONDS,
                               say=quiet, verbose=verbose) as folder:
            check_targets(folder, read_ownership(folder), expected)
            staged = {}
            for path in expected:
                target = folder.staging / "returned" / path
                target.parent.mkdir(parents=True, exist_ok=True)
                write_new(target, files[path])
                staged[path] = target

            def finish(outputs: tuple[FileRecord, ...]) -> BuildManifest:
                keyed = tuple(replace(r, key=keys.get(r.path)) for r in outputs)
                return describe(loaded, the_plan, prepared.records, keyed,
                                set(returned["drawn"]), dict(returned["timings"]),
                                rebuild_record(loaded, prepared.task.given))

            return publish(folder, staged, complete=the_plan.complete, finish=finish,
                           cache=ChartCache(folder.fd, folder.staging),
                           timeout=LOCK_TIMEOUT_SECONDS, say=quiet, verbose=verbose)
    except OSError as exc:
        raise BuildError(f"cannot write {display_path(the_plan.out_dir)}: "
                         f"{exc.strerror or exc}") from None
