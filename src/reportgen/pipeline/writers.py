"""Writer processes started with the build, so that their imports overlap its loading.

Before it loads the spec, a build forks one process per document format it may write.
Each imports its format's writer and options model, and warms what the format says
it may warm (the default theme's fonts, say), while this process parses, validates
and lowers the spec; the Document is then sent to it and written there. A format the
build turns out not to write (disabled in the spec, or unchanged since the last
build) has cost only that process's imports, on a core this process was not using.

This module is light on purpose: it is imported, and its processes forked, before the
spec models and the pipeline's stages are.
"""

from __future__ import annotations

import os
import sys
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from reportgen.processes import die_with_parent, single_process
from reportgen.render import FORMATS


def warm(kind: str) -> None:
    """Import the writer of a format and its options model, and run its warm-up (in a
    writer process, before its document is sent)."""
    fmt = FORMATS[kind]
    fmt.write()
    fmt.options_model()
    fmt.warm_up()


class WriterProcesses:
    """One single-process executor per document format, each warmed up as it starts.

    A standard executor, so a writer's error arrives with its traceback; its process
    dies with the build (see processes.py) and is counted by `kill_children`.
    """

    def __init__(self, pools: dict[str, ProcessPoolExecutor]) -> None:
        self._pools = pools
        self._warming: list[Future[None]] = []

    @classmethod
    def start(cls, kinds: list[str]) -> WriterProcesses:
        """Fork a warmed-up writer process for each of `kinds`; none where a build may
        not start processes, or on a machine with one core (there is nothing to overlap)."""
        if (not kinds or single_process() or not sys.platform.startswith("linux")
                or (os.cpu_count() or 1) < 2):
            return cls({})
        import multiprocessing

        context = multiprocessing.get_context("fork")
        started = cls({})
        try:
            for kind in kinds:
                pool = ProcessPoolExecutor(max_workers=1, mp_context=context,
                                           initializer=die_with_parent,
                                           initargs=(os.getpid(),))
                started._pools[kind] = pool
                started._warming.append(pool.submit(warm, kind))  # forks the process now
        except BaseException:
            started.close()
            raise
        return started

    @property
    def kinds(self) -> list[str]:
        """The formats that have a writer process."""
        return list(self._pools)

    def submit(self, kind: str, function: Any, *args: Any) -> Future[Any] | None:
        """Run `function(*args)` in the writer process of `kind`; None when there is none."""
        pool = self._pools.get(kind)
        return pool.submit(function, *args) if pool is not None else None

    def close(self) -> None:
        """Stop every writer process (a process still importing finishes first)."""
        for pool in self._pools.values():
            pool.shutdown(wait=True, cancel_futures=True)
        self._pools.clear()

    def __enter__(self) -> WriterProcesses:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
