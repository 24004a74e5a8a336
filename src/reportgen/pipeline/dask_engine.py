"""The Dask engine: a batch's variants built on an existing Dask distributed cluster.

`distributed` is an optional extra (`pip install 'reportgen[dask]'`), imported only
here, inside functions. Each variant is one task. The inputs travel as bytes inside it
(see bundle.py: no shared file system or working folder is assumed), so a task whose
worker dies can run anywhere else with nothing lost. The outputs come back as bytes
and are published here. A variant that fails (a spec error, a bug) returns that as its
result and is not tried again; a task whose worker process died is run again by the
scheduler elsewhere (up to its `allowed-failures`), and fails after that.

Before anything is sent, every worker's reportgen version is compared with this one's:
another version would not write the same bytes, so the batch stops and says which
workers differ. Other library versions that differ are said too.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import Any

from reportgen import __version__
from reportgen.errors import BuildError, SpecError
from reportgen.pipeline.batch import VariantResult, VariantTask, located_error
from reportgen.pipeline.bundle import build_bundle, pack, prepare, result_of, worker_versions

CONNECT_TIMEOUT = "15s"
"""How long to try reaching the scheduler."""
WORKER_WAIT_SECONDS = 30
"""How long to wait for the cluster to have a worker."""
IN_FLIGHT_PER_WORKER = 2
"""Variants sent ahead per worker (the rest are prepared as those finish)."""

Say = Callable[[str], None]


class DaskEngine:
    """Variants built on a Dask distributed cluster."""

    def __init__(self, client: Any, address: str, workers: int) -> None:
        self.client = client
        self.address = address
        self.workers = workers
        self.tasks: list[VariantTask] = []

    @classmethod
    def connect(cls, address: str, *, say: Say) -> DaskEngine:
        """Connect to the scheduler at `address`; BuildError when it cannot be reached, has
        no worker, or a worker runs another reportgen."""
        try:
            from distributed import Client
        except ImportError:
            raise BuildError("--scheduler needs Dask: pip install 'reportgen[dask]' here and "
                             "on the workers") from None
        try:
            client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            raise BuildError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
        try:
            workers = check_workers(client, address, say)
        except BaseException:
            client.close()
            raise
        return cls(client, address, workers)

    def describe(self) -> dict[str, Any]:
        """The batch record's `engine`."""
        return {"kind": "dask", "workers": self.workers, "scheduler": self.address}

    def submit(self, tasks: list[VariantTask]) -> None:
        """Remember the tasks: each is prepared and sent as the cluster has room."""
        self.tasks = list(tasks)

    def results(self) -> Iterator[VariantResult]:
        """Each variant's result, as it finishes (published here when built)."""
        from distributed import as_completed

        waiting = iter(self.tasks)
        running = as_completed(loop=self.client.loop)
        prepared_of: dict[str, Any] = {}
        room = max(1, self.workers * IN_FLIGHT_PER_WORKER)

        def send_more() -> Iterator[VariantResult]:
            while running.count() < room:
                task = next(waiting, None)
                if task is None:
                    return
                try:
                    prepared = prepare(task)
                    bundle, files = pack(prepared)
                except SpecError as exc:
                    yield _failed(task, [str(p) for p in exc.problems])
                    continue
                except BuildError as exc:
                    yield _failed(task, [str(exc)])
                    continue
                future = self.client.submit(build_bundle, bundle, files,
                                            key=f"reportgen-{task.id}-{uuid.uuid4().hex}",
                                            pure=False, retries=0)
                prepared_of[future.key] = prepared
                running.add(future)

        yield from send_more()
        while running.count():
            future = next(running)
            prepared = prepared_of.pop(future.key)
            try:
                returned = future.result()
            except Exception as exc:  # the task's workers died (KilledWorker), or it was lost
                yield _failed(prepared.task, [f"the Dask task failed: {type(exc).__name__}: "
                                              f"{exc}"])
            else:
                yield result_of(prepared, returned)
            finally:
                future.release()
            yield from send_more()

    def close(self) -> None:
        """Disconnect (the cluster keeps running)."""
        self.client.close()


def _failed(task: VariantTask, problems: list[str]) -> VariantResult:
    return VariantResult(task.id, "failed", error=located_error(task.source, problems))


def check_workers(client: Any, address: str, say: Say) -> int:
    """The number of workers; BuildError when there is none or one runs another reportgen
    (another library version is said, not refused)."""
    try:
        client.wait_for_workers(1, timeout=WORKER_WAIT_SECONDS)
    except TimeoutError:
        raise BuildError(f"the Dask cluster at {address} has no workers (waited "
                         f"{WORKER_WAIT_SECONDS} s): start some with `dask worker "
                         f"{address}`") from None
    try:
        found: dict[str, dict[str, str]] = client.run(worker_versions)
    except Exception as exc:  # the worker could not unpickle or run reportgen's function
        raise BuildError(f"the workers of the Dask cluster at {address} cannot run reportgen "
                         f"({type(exc).__name__}: {exc}); install reportgen {__version__} "
                         "with its [dask] extra on every worker") from None
    here = worker_versions()
    other = {worker: v.get("reportgen", "?") for worker, v in found.items()
             if v.get("reportgen") != here["reportgen"]}
    if other:
        listed = ", ".join(f"{worker} has {version}" for worker, version in sorted(other.items()))
        raise BuildError(f"the Dask workers must run reportgen {here['reportgen']}, as this "
                         f"machine does, but {listed}: install the same version on every "
                         "worker (another version writes other bytes); nothing was built")
    from reportgen.pipeline.engines import warm_up

    client.run(warm_up)  # each worker imports the rendering libraries now, all at once
    for worker, versions in sorted(found.items()):
        differ = [f"{name} {versions.get(name)} (here {mine})" for name, mine in here.items()
                  if name != "reportgen" and versions.get(name) != mine]
        if differ:
            say(f"warning: the Dask worker {worker} has {', '.join(differ)}: its outputs may "
                "differ from a local build's")
    return len(found)
