"""`reportgen batch --scheduler` on a real Dask cluster (scheduler and worker processes on
127.0.0.1, each worker in a folder of its own): byte-identical outputs, located errors,
version checks and a worker that dies mid-build."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from reportgen.pipeline.bundle import Bundle, build_bundle
from tests.conftest import run_cli
from tests.dask_cluster import Cluster, dask_cluster
from tests.param_spec import write_project
from tests.pipeline.test_batch import check_variant_folders

EPOCH = "1700000000"


@pytest.fixture(autouse=True)
def _needs_distributed() -> None:
    """The test extra brings `distributed`; it is imported only when these tests run (it is
    large, and the pytest process's size shows in other tests' memory measurements)."""
    pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    with dask_cluster(tmp_path_factory.mktemp("cluster")) as running:
        yield running


def _run(spec: Path, out: str, *args: str, env: dict[str, str] | None = None,
         variants: str = "variants.csv") -> tuple[int, str, dict]:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "reportgen", "batch", spec.name, "--variants", variants,
         "--out", out, *args], capture_output=True, text=True, cwd=spec.parent, timeout=600,
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH, **(env or {})})
    try:
        record = json.loads((spec.parent / out / "batch.json").read_text())
    except (OSError, ValueError):
        record = {}
    return result.returncode, result.stderr, record


def _outputs(out: Path, record: dict) -> dict[str, bytes]:
    return {path: (out / path).read_bytes() for variant in record["variants"]
            for path in variant["outputs"]}


def test_a_dask_batch_is_byte_identical_to_a_local_one(cluster: Cluster, tmp_path: Path
                                                       ) -> None:
    spec = write_project(tmp_path / "project")
    code, stderr, local = _run(spec, "local", "--jobs", "2")
    assert code == 1, stderr
    code, stderr, remote = _run(spec, "remote", "--scheduler", cluster.address)
    assert code == 1, stderr
    assert remote["engine"] == {"kind": "dask", "workers": 2, "scheduler": cluster.address}
    assert remote["summary"]["ok"] == 3 and remote["summary"]["failed"] == 1
    assert [v["status"] for v in remote["variants"]] == [v["status"] for v in local["variants"]]
    bad = remote["variants"][2]
    assert bad["error"] == "variants.csv:4: year: expected a whole number but got 'twenty'"
    here, there = _outputs(spec.parent / "local", local), _outputs(spec.parent / "remote", remote)
    assert sorted(there) == sorted(here) and len(here) == 3 * 4
    for path, data in here.items():
        assert there[path] == data, f"{path} differs between the local and the Dask batch"
    check_variant_folders(spec.parent / "remote", remote)
    # The workers read the inputs from what was sent: nothing of theirs is in the project.
    assert not (spec.parent / "remote" / ".cache").exists()


def test_the_environment_variable_names_the_scheduler(cluster: Cluster, tmp_path: Path
                                                      ) -> None:
    spec = write_project(tmp_path / "project", variants="country,year\nGeorgia,2023\n")
    code, stderr, record = _run(spec, "out", env={"DASK_SCHEDULER_ADDRESS": cluster.address})
    assert code == 0, stderr
    assert record["engine"]["kind"] == "dask"
    check_variant_folders(spec.parent / "out", record)


def test_a_variant_whose_data_matches_nothing_fails_alone(cluster: Cluster, tmp_path: Path
                                                          ) -> None:
    spec = write_project(tmp_path / "project",
                         variants="country,year\nNarnia,2024\nGeorgia,2023\n")
    code, stderr, record = _run(spec, "out", "--scheduler", cluster.address)
    assert code == 1, stderr
    narnia, georgia = record["variants"]
    assert narnia["status"] == "failed" and georgia["status"] == "ok"
    assert narnia["error"].startswith("variants.csv:2: report.yaml:")
    assert "data.chosen.where: no row of dataset 'trade' matches" in narnia["error"]


def test_a_worker_returns_a_spec_error_as_its_result(cluster: Cluster, tmp_path: Path) -> None:
    from distributed import Client

    spec = write_project(tmp_path / "project")
    files = {"report.yaml": spec.read_bytes().replace(b"type: bar", b"type: barr", 1),
             "data/trade.csv": (spec.parent / "data" / "trade.csv").read_bytes()}
    bundle = Bundle("broken", "report.yaml", {}, {"SOURCE_DATE_EPOCH": EPOCH}, False,
                    __import__("reportgen").__version__)
    with Client(cluster.address, timeout="30s") as client:
        future = client.submit(build_bundle, bundle, files, pure=False)
        returned = future.result(timeout=120)
        assert future.status == "finished"
    assert returned["status"] == "failed" and not returned["internal"]
    assert any(p.startswith("<spec folder>/report.yaml:") and "did you mean 'bar'" in p
               for p in returned["problems"]), returned


def test_a_rerun_on_the_cluster_skips_unchanged_variants(cluster: Cluster, tmp_path: Path
                                                         ) -> None:
    spec = write_project(tmp_path / "project", variants="country,year\nGeorgia,2023\n")
    assert _run(spec, "out", "--scheduler", cluster.address)[0] == 0
    code, stderr, record = _run(spec, "out", "--scheduler", cluster.address)
    assert code == 0, stderr
    assert [v["status"] for v in record["variants"]] == ["skipped"]


def test_workers_with_another_reportgen_are_refused(tmp_path: Path) -> None:
    preload = tmp_path / "older_reportgen.py"
    preload.write_text("import reportgen\nreportgen.__version__ = '0.0.1'\n", encoding="utf-8")
    spec = write_project(tmp_path / "project")
    with dask_cluster(tmp_path / "cluster", workers=0) as other:
        other.start_worker("old", "--preload", str(preload))
        other.wait_for_workers(1)
        code, stderr, record = _run(spec, "out", "--scheduler", other.address)
    assert code == 2
    assert "must run reportgen 0.1.0" in stderr or "must run reportgen" in stderr
    assert "has 0.0.1" in stderr and "nothing was built" in stderr
    assert not (spec.parent / "out").exists()


def test_an_unreachable_scheduler_is_an_error(tmp_path: Path) -> None:
    spec = write_project(tmp_path / "project")
    code, stderr, _ = _run(spec, "out", "--scheduler", "tcp://127.0.0.1:9")
    assert code == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in stderr
    assert "Traceback" not in stderr


def test_a_variant_on_a_worker_that_dies_is_built_elsewhere(tmp_path: Path) -> None:
    variants = "country,year\n" + "".join(
        f"{c},{y}\n" for c in ("Azerbaijan", "Georgia", "Armenia") for y in (2023, 2024))
    spec = write_project(tmp_path / "project", variants=variants)
    import subprocess
    import sys

    with dask_cluster(tmp_path / "cluster", workers=0) as running:
        scratch = {name: tmp_path / f"tmp-{name}" for name in ("doomed", "steady")}
        for name, folder in scratch.items():
            folder.mkdir()
            running.start_worker(name, nanny=False, env={"TMPDIR": str(folder)})
        running.wait_for_workers(2)
        batch = subprocess.Popen(
            [sys.executable, "-m", "reportgen", "batch", spec.name, "--variants",
             "variants.csv", "--out", "out", "--scheduler", running.address, "-q"],
            cwd=spec.parent, stderr=subprocess.PIPE, text=True,
            env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH})
        try:
            doomed = running.workers["doomed"]
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:  # kill it in the middle of a build
                if any(p.name.startswith(".reportgen-") and "worker-cache" not in p.name
                       for p in scratch["doomed"].iterdir()):
                    os.kill(doomed.pid, signal.SIGKILL)
                    break
                time.sleep(0.005)
            else:
                pytest.fail("the doomed worker never started a build")
            _, stderr = batch.communicate(timeout=300)
        finally:
            if batch.poll() is None:
                batch.kill()
                batch.wait()
        assert doomed.wait(timeout=10) == -signal.SIGKILL
    assert batch.returncode == 0, stderr
    record = json.loads((spec.parent / "out" / "batch.json").read_text())
    assert [v["status"] for v in record["variants"]] == ["ok"] * 6
    for variant in record["variants"]:
        for path in variant["outputs"]:
            assert (spec.parent / "out" / path).is_file()
    shutil.rmtree(spec.parent / "out")


def test_outputs_match_their_manifest_hashes(cluster: Cluster, tmp_path: Path) -> None:
    spec = write_project(tmp_path / "project", variants="country,year\nArmenia,2024\n")
    code, stderr, record = _run(spec, "out", "--scheduler", cluster.address)
    assert code == 0, stderr
    (variant,) = record["variants"]
    manifest = json.loads((spec.parent / "out" / variant["manifest"]).read_text())
    for output in manifest["outputs"]:
        data = (spec.parent / "out" / "armenia-2024" / output["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == output["sha256"]
        assert len(data) == output["bytes"]
    assert manifest["inputs"][0]["path"] == "report.yaml"
    assert manifest["params"] == {"country": "Armenia", "year": 2024}
    assert run_cli("--version").returncode == 0
