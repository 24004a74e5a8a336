"""The `reportgen` command: thin commands that call the pipeline and map errors to exit codes.

Exit status 0 ok, 2 for a user's mistake (invalid spec or input, printed as
`FILE:LINE:COL: key.path: message` without a traceback), 1 for an internal error.
"""

from __future__ import annotations

import contextlib
import json
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NoReturn

import click

from reportgen import __version__
from reportgen.errors import Problem, ReportgenError, SpecError
from reportgen.render import FORMATS, OUTPUT_KINDS

EXIT_INTERNAL = 1
EXIT_INTERRUPTED = 130
"""Exit status after Ctrl-C (128 + SIGINT), as shells report it."""
EXIT_TERMINATED = 143
"""Exit status after SIGTERM (128 + SIGTERM), as shells report it."""


class Terminated(BaseException):
    """SIGTERM arrived: a scheduler, `timeout` or a container runtime is stopping reportgen.

    A BaseException, like KeyboardInterrupt, so that it unwinds through every cleanup.
    """


def _fail(exc: BaseException, debug: bool) -> NoReturn:
    if isinstance(exc, SpecError):
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        count = len(exc.problems)
        click.echo(
            f"reportgen: {count} problem{'s' if count != 1 else ''} found; nothing was written",
            err=True,
        )
    elif isinstance(exc, ReportgenError):
        click.echo(f"reportgen: error: {exc}", err=True)
    else:
        traceback.print_exception(exc)
        click.echo(
            f"reportgen: internal error ({type(exc).__name__}): this is a bug in "
            "reportgen; earlier outputs were left untouched",
            err=True,
        )
        sys.exit(EXIT_INTERNAL)
    if debug:
        traceback.print_exception(exc)
    sys.exit(exc.exit_code if isinstance(exc, ReportgenError) else EXIT_INTERNAL)


def _on_signal(signum: int, _frame: object) -> None:
    """Stop the build like Ctrl-C: worker processes are killed at once, then the build
    unwinds, removing its temporary files."""
    from reportgen.processes import kill_children

    kill_children()
    raise Terminated if signum == signal.SIGTERM else KeyboardInterrupt


@contextlib.contextmanager
def _stoppable() -> Iterator[None]:
    """SIGTERM and Ctrl-C handled by `_on_signal` while the block runs (main thread only)."""
    from reportgen.processes import quiet_broken_pools

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.signal(sig, _on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        with quiet_broken_pools():
            yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _guarded(debug: bool, action: Callable[[], Any]) -> Any:
    try:
        with _stoppable():
            return action()
    except KeyboardInterrupt:
        click.echo("reportgen: interrupted; temporary files removed, earlier outputs left "
                   "untouched", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except Terminated:
        click.echo("reportgen: terminated (SIGTERM); temporary files removed, earlier outputs "
                   "left untouched", err=True)
        sys.exit(EXIT_TERMINATED)
    except Exception as exc:  # every failure is reported once, by kind
        _fail(exc, debug)


def _warn(warnings: list[Problem]) -> None:
    for warning in warnings:
        click.echo(str(warning), err=True)


def _parse_only(value: str | None) -> frozenset[str] | None:
    if value is None:
        return None
    kinds = frozenset(k.strip() for k in value.split(",") if k.strip())
    unknown = sorted(kinds - set(OUTPUT_KINDS))
    if unknown or not kinds:
        raise click.BadParameter(
            f"expected a comma-separated list of {', '.join(OUTPUT_KINDS)} but got {value!r}"
        )
    return kinds


def _charts_note(drawn: int, cached: int) -> str:
    """`5 charts drawn`, `2 drawn, 3 from the cache`, `5 from the cache`."""
    if not cached:
        return f"{drawn} chart{'s' if drawn != 1 else ''} drawn"
    if not drawn:
        return f"{cached} chart{'s' if cached != 1 else ''} from the cache"
    return f"{drawn} drawn, {cached} from the cache"


SPEC = click.argument("spec", type=click.Path(path_type=Path, dir_okay=False))
DEBUG = click.option("--debug", is_flag=True, help="Show a traceback for every error.")
STRICT = click.option("--strict", is_flag=True, help="Treat warnings as errors.")
QUIET = click.option("-q", "--quiet", is_flag=True, help="Print only errors and warnings.")
OUT = click.option("--out", type=click.Path(path_type=Path, file_okay=False),
                   help="Output folder (overrides outputs.dir).")


def _params_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """`-P NAME=VALUE` (repeatable) and `--params FILE.yaml`."""
    command = click.option(
        "--params", "params_file", type=click.Path(path_type=Path, dir_okay=False),
        help="A YAML file of param values (NAME: VALUE); -P overrides it.")(command)
    return click.option(
        "-P", "--param", "param_pairs", multiple=True, metavar="NAME=VALUE",
        help="Set a param of the spec (repeatable).")(command)


def _given_params(pairs: tuple[str, ...], file: Path | None) -> dict[str, Any]:
    """The params given by --params and -P (-P wins); SpecError for a malformed option."""
    from reportgen.spec.given import given_from_file, given_from_options

    given: dict[str, Any] = dict(given_from_file(file)) if file is not None else {}
    given.update(given_from_options(pairs))
    return given


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="reportgen")
def cli() -> None:
    """Turn one YAML spec of an analysis into a PDF policy brief, a slide deck and charts."""


@cli.command()
@SPEC
@OUT
@click.option(
    "--only", metavar="KINDS", help=f"Comma-separated subset of {','.join(OUTPUT_KINDS)}."
)
@_params_options
@STRICT
@click.option("--force", is_flag=True, help="Rebuild even when nothing changed.")
@click.option("-v", "--verbose", is_flag=True, help="Say more (e.g. the template layout map).")
@QUIET
@DEBUG
def build(
    spec: Path,
    out: Path | None,
    only: str | None,
    param_pairs: tuple[str, ...],
    params_file: Path | None,
    strict: bool,
    force: bool,
    verbose: bool,
    quiet: bool,
    debug: bool,
) -> None:
    """Render everything SPEC asks for: charts, the PDF brief and the slide deck.

    When nothing changed since the last build (the spec, every file it names, reportgen
    and its libraries), nothing is done; --force rebuilds anyway.
    """
    kinds = _parse_only(only)
    given = _guarded(debug, lambda: _given_params(param_pairs, params_file))

    def say(message: str) -> None:
        if not quiet:
            click.echo(f"reportgen: {message}...", err=True)

    def detail(message: str) -> None:
        if verbose:
            click.echo(f"reportgen: {message}", err=True)

    def unchanged() -> Any:
        from reportgen.pipeline.uptodate import up_to_date

        if force or kinds is not None:
            return None
        return up_to_date(spec, out=out, params=given, strict=strict)

    found = _guarded(debug, unchanged)
    if found is not None:
        manifest, out_dir = found
        for warning in manifest.warnings:
            click.echo(warning, err=True)
        if not quiet:
            from reportgen.errors import display_path

            click.echo(f"reportgen: up to date: nothing changed since the last build into "
                       f"{display_path(out_dir)} (--force rebuilds)", err=True)
        return

    def run() -> Any:
        from reportgen.pipeline.pipeline import build as run_build

        return run_build(spec, out=out, only=kinds, strict=strict, force=force, params=given,
                         check_unchanged=False, report=say, verbose=detail)

    result = _guarded(debug, run)
    _warn(result.warnings)
    if not quiet:
        from reportgen.errors import display_path

        suffixes = {fmt.suffix for fmt in FORMATS.values()}
        for path in result.written:
            if path.suffix in suffixes:
                click.echo(f"reportgen: wrote {display_path(path)}", err=True)
        images = sum(1 for p in result.written if p.parent.name == "charts")
        if images:
            click.echo(
                f"reportgen: wrote {images} chart image(s) "
                f"({_charts_note(result.charts_drawn, result.charts_cached)})",
                err=True,
            )
        click.echo(f"reportgen: done in {result.seconds:.1f}s", err=True)


@cli.command()
@SPEC
@_params_options
@STRICT
@DEBUG
def check(spec: Path, param_pairs: tuple[str, ...], params_file: Path | None, strict: bool,
          debug: bool) -> None:
    """Validate SPEC and every file it names; render nothing."""
    from reportgen.pipeline.destination import check_destination
    from reportgen.spec.loader import load_spec

    def run() -> Any:
        given = _given_params(param_pairs, params_file)
        found = load_spec(spec, strict=strict, params=given)
        check_destination(found)
        return found

    loaded = _guarded(debug, run)
    _warn(loaded.warnings)
    click.echo(
        f"{spec}: ok ({len(loaded.spec.charts)} charts, {len(loaded.spec.sections)} "
        f"sections, {len(loaded.warnings)} warnings)"
    )


@cli.command()
@SPEC
@click.option("--variants", "variants_file", required=True,
              type=click.Path(path_type=Path, dir_okay=False),
              help="A CSV file (header: param names, optional id) or a YAML list of mappings.")
@click.option("--out", type=click.Path(path_type=Path, file_okay=False),
              help="The batch's folder: each variant goes into OUT/ID/ (default: outputs.dir).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: one per core).")
@click.option("--scheduler", envvar="DASK_SCHEDULER_ADDRESS", metavar="ADDRESS",
              help="Run the variants on this Dask cluster (tcp://HOST:PORT); "
                   "default: $DASK_SCHEDULER_ADDRESS, else local processes.")
@click.option("--force", is_flag=True, help="Build every variant, even unchanged ones.")
@STRICT
@QUIET
@DEBUG
def batch(spec: Path, variants_file: Path, out: Path | None, jobs: int | None,
          scheduler: str | None, force: bool, strict: bool, quiet: bool, debug: bool) -> None:
    """Build every variant of SPEC that the variants FILE lists, each into OUT/ID/."""
    from reportgen.pipeline.batch import prepare, run
    from reportgen.pipeline.progress import BatchProgress

    prepared = _guarded(debug, lambda: prepare(spec, variants_file, out=out, strict=strict))

    def start() -> Any:
        if scheduler:
            from reportgen.pipeline.dask_engine import DaskEngine

            return DaskEngine.connect(scheduler, say=lambda m: None if quiet else click.echo(
                f"reportgen: {m}", err=True))
        from reportgen.pipeline.engines import LocalEngine, default_workers

        return LocalEngine(jobs or default_workers())

    engine = _guarded(debug, start)
    try:
        progress = BatchProgress(len(prepared.variants), quiet=quiet)
        record = _guarded(debug, lambda: run(prepared, engine, progress, force=force,
                                             strict=strict))
    finally:
        engine.close()
    summary = record["summary"]
    if not quiet:
        from reportgen.errors import display_path

        click.echo(
            f"reportgen: {summary['ok']} built, {summary['skipped']} skipped (unchanged), "
            f"{summary['failed']} failed in {summary['seconds']:.1f}s; the record is "
            f"{display_path(prepared.out / 'batch.json')}", err=True)
    sys.exit(1 if summary["failed"] else 0)


@cli.command()
@SPEC
@OUT
@_params_options
@STRICT
@QUIET
@DEBUG
def watch(spec: Path, out: Path | None, param_pairs: tuple[str, ...], params_file: Path | None,
          strict: bool, quiet: bool, debug: bool) -> None:
    """Build SPEC, then build it again whenever it or a file it names changes (Ctrl-C stops)."""
    from reportgen.pipeline.watch import watch as run_watch

    given = _guarded(debug, lambda: _given_params(param_pairs, params_file))

    def say(message: str) -> None:
        if not quiet:
            click.echo(f"reportgen: {message}", err=True)

    def shout(message: str) -> None:
        click.echo(message, err=True)

    try:
        with _stoppable():
            run_watch(spec, out=out, params=given, strict=strict, say=say, error=shout,
                      debug=debug)
    except (KeyboardInterrupt, Terminated) as exc:
        say("stopped watching")
        sys.exit(EXIT_TERMINATED if isinstance(exc, Terminated) else 0)


@cli.command()
def schema() -> None:
    """Print the JSON Schema of the spec format (for editor completion)."""
    from reportgen.spec.models import Spec

    document = Spec.model_json_schema()
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    click.echo(json.dumps(document, indent=2, ensure_ascii=False))


@cli.command()
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False))
def init(directory: Path) -> None:
    """Write a small working starter spec (with data and one chart) into DIRECTORY."""
    from reportgen.starter import write_starter

    _guarded(False, lambda: write_starter(directory))
    click.echo(
        f"Wrote a starter spec: {directory / 'report.yaml'}\n"
        f"Build it with: reportgen build {directory / 'report.yaml'}"
    )


def main() -> None:
    """Entry point of the console script and `python -m reportgen`."""
    cli(prog_name="reportgen")
