"""Child processes that never outlive the build that started them."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import InvalidStateError
from typing import Any

_PR_SET_PDEATHSIG = 1
_single_process = False


def single_process() -> bool:
    """True when a build in this process must not start worker processes: it draws its
    charts and writes its documents itself.

    So in a batch worker (which has its own pool to run variants in) and in a daemonic
    process such as a Dask worker (which may not have children at all).
    """
    import multiprocessing

    return _single_process or bool(multiprocessing.current_process().daemon)


@contextlib.contextmanager
def in_this_process() -> Iterator[None]:
    """Builds started inside the block start no worker processes (see `single_process`)."""
    global _single_process
    previous, _single_process = _single_process, True
    try:
        yield
    finally:
        _single_process = previous


def stay_in_this_process() -> None:
    """From now on, builds in this process start no worker processes (a batch worker)."""
    global _single_process
    _single_process = True


def die_with_parent(parent: int | None = None) -> None:
    """Ask the kernel to kill this process when its parent dies (Linux; elsewhere a no-op).

    Without it, a build killed with SIGKILL would leave its chart workers or its deck
    writer running, writing files after a later build has cleaned up.
    """
    # A stop signal sent to the whole process group ends a worker at once: only the
    # build's own process cleans up.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if not sys.platform.startswith("linux"):
        return
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:
        return
    libc = ctypes.CDLL(libc_name, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if parent is not None and os.getppid() != parent:  # the parent died before we got here
        os._exit(1)


GRACE_SECONDS = 10.0
"""How long a child that cleans up after SIGTERM is given before it is killed."""
_graceful: set[int] = set()


def stop_gracefully(pids: Iterator[int] | list[int]) -> None:
    """Children (by pid) that clean up after SIGTERM: `kill_children` asks them first.

    A batch's workers are such: each stops the build it is running the way `build`
    stops on Ctrl-C, its temporary files removed.
    """
    _graceful.update(pids)


def kill_children() -> None:
    """Kill every worker process this process started (a build being stopped); those that
    clean up after SIGTERM are asked first, and given `GRACE_SECONDS`."""
    import multiprocessing
    import time

    asked = [child for child in multiprocessing.active_children() if child.pid in _graceful]
    for child in asked:
        with contextlib.suppress(OSError):
            os.kill(child.pid, signal.SIGTERM)  # type: ignore[arg-type]
    deadline = time.monotonic() + GRACE_SECONDS
    for child in asked:
        with contextlib.suppress(OSError, ValueError, AssertionError):
            child.join(timeout=max(0.0, deadline - time.monotonic()))
    for child in multiprocessing.active_children():
        with contextlib.suppress(OSError):
            child.kill()


def _quiet_cancelled_future(previous: Callable[[threading.ExceptHookArgs], Any]
                            ) -> Callable[[threading.ExceptHookArgs], Any]:
    def hook(args: threading.ExceptHookArgs) -> Any:
        if (args.exc_type is not None and issubclass(args.exc_type, InvalidStateError)
                and type(args.thread).__name__ == "_ExecutorManagerThread"):
            return None
        return previous(args)

    return hook


@contextlib.contextmanager
def quiet_broken_pools() -> Iterator[None]:
    """Keep a known CPython 3.11 race out of the user's terminal while the block runs.

    When worker processes are killed (the build is being stopped) while futures are being
    cancelled, the pool's manager thread may try to fail a future that is already
    cancelled, and print an `InvalidStateError` traceback from its thread. The build is
    stopping either way and cleans up after itself; the traceback says nothing to the user.
    """
    previous = threading.excepthook
    threading.excepthook = _quiet_cancelled_future(previous)
    try:
        yield
    finally:
        threading.excepthook = previous
