"""Stops held off: Ctrl-C and SIGTERM wait while a step that must not be cut in half runs.

Removing a staging folder, releasing a report's lock and renaming outputs into place must
each run to its end: a stop in their middle would leave a half-removed staging folder
that no journal names any more, or half the outputs replaced. So while such a step runs,
a stop is recorded, not acted on, and delivered again as soon as the step is done.

Blocking the signals (`pthread_sigmask`) is not enough in the main thread: the kernel
then hands a signal sent to the process to another thread (a pool's manager thread),
and Python still runs the handler in the main thread at once. So in the main thread the
handlers themselves are swapped for one that records the stop; elsewhere (where Python
never runs a handler) the signals are blocked.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
"""The signals that stop a build."""


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM: they arrive after the block, never in the middle of it."""
    if threading.current_thread() is not threading.main_thread():
        previous_mask = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
        try:
            yield
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous_mask)
        return
    arrived: list[int] = []

    def record(signum: int, _frame: object) -> None:
        if signum not in arrived:
            arrived.append(signum)

    previous = {sig: signal.signal(sig, record) for sig in STOP_SIGNALS
                if signal.getsignal(sig) is not None}  # None: a handler Python did not set
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        for sig in arrived:
            signal.raise_signal(sig)  # the handler runs now, after the block
