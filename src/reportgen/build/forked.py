"""Running one stage in a forked child process, so that it overlaps with the next.

The brief and the deck are independent: on a machine with more than one core the
deck is written in a child while this process writes the brief. Where `fork` is not
available the work simply runs in this process when its result is asked for.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from reportgen.processes import die_with_parent


class ChildFailed(RuntimeError):
    """The child died or raised something that could not be sent back."""


def _child(work: Callable[[], object], conn: Connection, parent: int) -> None:
    die_with_parent(parent)
    try:
        work()
        conn.send(("ok", None))
    except BaseException as exc:  # everything is reported to the parent
        try:
            conn.send(("error", exc))
        except Exception:
            conn.send(("error", ChildFailed("".join(traceback.format_exception(exc)))))
    finally:
        conn.close()


class Forked:
    """A piece of work started now and finished by `result()`."""

    def __init__(self, work: Callable[[], object]) -> None:
        self.work = work
        self.process: Any = None
        self.conn: Connection | None = None
        can_fork = sys.platform.startswith("linux") and (os.cpu_count() or 1) > 1
        if can_fork:
            context = multiprocessing.get_context("fork")
            self.conn, child_end = context.Pipe(duplex=False)
            self.process = context.Process(
                target=_child, args=(self.work, child_end, os.getpid()), daemon=True
            )
            self.process.start()
            child_end.close()

    def result(self) -> None:
        """Wait for the work; re-raise in this process whatever it raised."""
        if self.process is None:
            self.work()
            return
        assert self.conn is not None
        try:
            status, error = self.conn.recv()
        except EOFError:
            status, error = "error", None
        self.process.join()
        if status == "error":
            raise error or ChildFailed(f"the child process died (exit {self.process.exitcode})")

    def cancel(self) -> None:
        """Stop the work if it is still running (after a failure elsewhere)."""
        if self.process is not None and self.process.is_alive():
            self.process.kill()
            self.process.join()
