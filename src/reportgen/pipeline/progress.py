"""How a batch shows its progress: a live bar on a terminal, one plain line per variant
elsewhere (a log, a CI job), nothing but errors with `--quiet`.

The bar says how many variants are done, how many failed, how many remain and about
how long that will take; a failed variant's errors are printed above it as they come.
"""

from __future__ import annotations

import sys
import time
from typing import IO, Any, Protocol


class Finished(Protocol):
    """What the display needs to know of a finished variant."""

    id: str
    status: str
    seconds: float
    error: str | None


class BatchProgress:
    """The progress display of one batch (a context manager around the run)."""

    def __init__(self, total: int, *, quiet: bool = False, stream: IO[str] | None = None,
                 live: bool | None = None) -> None:
        self.total = total
        self.quiet = quiet
        self.stream = stream if stream is not None else sys.stderr
        self.live = (self.stream.isatty() if live is None else live) and not quiet
        self.done = self.failed = self.skipped = self.built = 0
        self.started = time.perf_counter()
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> BatchProgress:
        self.started = time.perf_counter()
        if self.live:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self._bar = Progress(
                TextColumn("[bold]variants"), BarColumn(), MofNCompleteColumn(),
                TextColumn("{task.fields[failed]} failed, {task.fields[remaining]} remaining"),
                TextColumn("elapsed"), TimeElapsedColumn(),
                TextColumn("left"), TimeRemainingColumn(),
                console=Console(file=self.stream), transient=False)
            self._bar.start()
            self._task = self._bar.add_task("batch", total=self.total, failed=0,
                                            remaining=self.total)
        return self

    def __exit__(self, *_: object) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def say(self, message: str) -> None:
        """A line for the user (above the bar while it runs); nothing when quiet."""
        if not self.quiet:
            self._print(f"reportgen: {message}")

    def _print(self, line: str) -> None:
        if self._bar is not None:
            self._bar.console.print(line, markup=False, highlight=False, soft_wrap=True)
        else:
            print(line, file=self.stream, flush=True)

    def time_left(self) -> float | None:
        """Seconds until the batch is done, from the pace of the builds so far (None
        before the first)."""
        if not self.built:
            return None
        return (time.perf_counter() - self.started) / self.built * (self.total - self.done)

    def finished(self, variant: Finished, *, built: bool = True) -> None:
        """One variant is done: count it, show it, and show its errors if it failed.

        `built` is False for a variant settled without a build (a bad row, unchanged):
        it does not count toward the pace.
        """
        self.done += 1
        self.built += built
        self.failed += variant.status == "failed"
        self.skipped += variant.status == "skipped"
        remaining = self.total - self.done
        if variant.status == "failed" and variant.error:
            prefix = "" if self.quiet else f"reportgen: variant {variant.id} failed:\n"
            self._print(prefix + variant.error)
        if self._bar is not None:
            self._bar.update(self._task, advance=1, failed=self.failed, remaining=remaining)
            return
        if self.quiet:
            return
        left = self.time_left()
        when = f", about {left:.0f}s left" if left is not None and remaining else ""
        what = {"ok": f"built in {variant.seconds:.1f}s", "skipped": "unchanged, skipped",
                "failed": "failed"}[variant.status]
        self._print(f"reportgen: [{self.done}/{self.total}] {variant.id}: {what} "
                    f"({self.failed} failed, {remaining} remaining{when})")
