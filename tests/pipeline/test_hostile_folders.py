"""Hostile output folders (issue 9): planted links, edited manifests, poisoned caches,
forbidden destinations, reports sharing a folder, concurrent, terminated and killed builds.

Every test snapshots the whole tree around the project (links not followed) and checks
that nothing outside the output folder changed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from reportgen.errors import BuildError, SpecError
from reportgen.pipeline import pipeline
from reportgen.pipeline.folder import Journal
from reportgen.pipeline.lock import Lock, report_lock_name
from tests.conftest import ROOT, copy_sample, run_cli
from tests.pipeline.hostile import (
    CHART,
    NAME,
    assert_manifest_matches,
    deck_text,
    edit,
    leftovers,
    manifest_of,
    pdf_text,
    project,
    tree,
)
from tests.pipeline.test_publish import assert_valid

SECRET = b"precious: not reportgen's\n"


@dataclass
class Site:
    """A project with its spec and output folder, and files outside it that must not change."""

    root: Path
    spec: Path
    out: Path
    victim: Path
    victim_dir: Path

    @contextlib.contextmanager
    def unchanged_outside(self) -> Iterator[None]:
        """Assert that nothing outside the output folder changes in the block."""
        before = tree(self.root, skip=self.out)
        yield
        assert tree(self.root, skip=self.out) == before


@pytest.fixture()
def site(tmp_path: Path) -> Site:
    spec = project(tmp_path / "proj")
    outside = tmp_path / "outside"
    (outside / "dir").mkdir(parents=True)
    victim = outside / "victim.txt"
    victim.write_bytes(SECRET)
    (outside / "dir" / "kept.txt").write_bytes(SECRET)
    return Site(tmp_path, spec, spec.parent / "dist", victim, outside / "dir")


def build(spec: Path, **options: object) -> pipeline.BuildResult:
    """One build in this process (fast: the libraries stay imported)."""
    options.setdefault("force", True)  # every build here runs the whole pipeline
    return pipeline.build(spec, **options)  # type: ignore[arg-type]


# -- item 1: planted links ---------------------------------------------------------------
@pytest.mark.parametrize("place", [f"{NAME}.pdf", f"{NAME}.pptx", f"charts/{CHART}.png",
                                   f"{NAME}.manifest.json", "charts",
                                   report_lock_name(NAME)])
def test_a_link_planted_where_an_output_goes_is_refused_never_followed(
        site: Site, place: str) -> None:
    site.out.mkdir()
    link = site.out / place
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(site.victim_dir if place == "charts" else site.victim)
    with site.unchanged_outside(), pytest.raises(
            BuildError, match=r"is a symbolic link|is not a folder \(a link"):
        build(site.spec)
    assert link.is_symlink()
    assert site.victim.read_bytes() == SECRET
    assert sorted(p.name for p in site.victim_dir.iterdir()) == ["kept.txt"]
    assert leftovers(site.out) == ([report_lock_name(NAME)] if "lock" in place else [])


def test_links_planted_at_old_predictable_temp_names_are_never_written_through(
        site: Site) -> None:
    site.out.mkdir()
    (site.out / "charts").mkdir()
    planted = []
    for pid in (os.getpid(), 1):
        for name in (f".{NAME}.pdf.{pid}.tmp", f".{NAME}.pptx.{pid}.tmp",
                     f".{NAME}.manifest.json.{pid}.tmp", f"charts/.{CHART}.png.{pid}.tmp",
                     f"charts/.{CHART}.svg.{pid}.tmp"):
            (site.out / name).symlink_to(site.victim)
            planted.append(site.out / name)
    with site.unchanged_outside():
        build(site.spec)
    assert site.victim.read_bytes() == SECRET
    assert all(p.is_symlink() for p in planted)  # not reportgen's: not even removed
    assert_manifest_matches(site.out)


def test_an_output_hard_linked_to_a_file_outside_is_replaced_never_written_into(
        site: Site) -> None:
    build(site.spec)
    pdf = site.out / f"{NAME}.pdf"
    recorded = manifest_of(site.out)
    pdf.unlink()
    os.link(site.victim, pdf)  # the same file under two names, one of them reportgen's
    record = next(r for r in recorded["outputs"] if r["path"] == f"{NAME}.pdf")
    record["sha256"] = hashlib.sha256(SECRET).hexdigest()  # even when the record agrees
    (site.out / f"{NAME}.manifest.json").write_text(json.dumps(recorded))
    edit(site.spec, "almost half", "nearly half")
    with site.unchanged_outside():
        build(site.spec)
    assert site.victim.read_bytes() == SECRET and site.victim.stat().st_nlink == 1
    assert pdf.read_bytes().startswith(b"%PDF")
    edit(site.spec, "  pdf: true", "  pdf: false")
    os.unlink(pdf)
    os.link(site.victim, pdf)
    with site.unchanged_outside():
        build(site.spec)  # no longer produced, but not the bytes reportgen wrote: left alone
    assert site.victim.read_bytes() == SECRET and pdf.read_bytes() == SECRET


def test_a_cache_folder_that_is_a_link_is_not_used(site: Site) -> None:
    site.out.mkdir()
    (site.out / ".cache").symlink_to(site.victim_dir)
    with site.unchanged_outside():
        result = build(site.spec)
    assert result.charts_drawn == 1
    assert sorted(p.name for p in site.victim_dir.iterdir()) == ["kept.txt"]
    assert_manifest_matches(site.out)


# -- item 2: the manifest is not trusted; forbidden destinations ---------------------------
def test_an_edited_manifest_deletes_nothing_reportgen_did_not_write(site: Site) -> None:
    build(site.spec)
    (site.out / "keep.csv").write_text("a user's data\n")
    (site.out / ".git").mkdir()
    (site.out / ".git" / "config").write_text("[core]\n")
    (site.out / "charts" / "mine.png").write_bytes(b"\x89PNG a user's picture")
    manifest = manifest_of(site.out)
    fake = "0" * 64
    manifest["outputs"] += [{"path": path, "sha256": fake, "bytes": 1} for path in (
        "../report.yaml", "../data/exports.csv", "keep.csv", ".git/config",
        "charts/../../report.yaml", "charts/mine.png", "/etc/hostname", "charts/../keep.csv")]
    manifest["outputs"].append({"path": "keep.csv", "bytes": 14, "sha256": hashlib.sha256(
        b"a user's data\n").hexdigest()})  # even with the right hash: not a name reportgen gives
    (site.out / f"{NAME}.manifest.json").write_text(json.dumps(manifest))
    edit(site.spec, "formats: [png, svg]", "formats: [png]")  # svg no longer produced
    user_files = tree(site.out)
    with site.unchanged_outside():
        build(site.spec)
    after = tree(site.out)
    for kept in ("keep.csv", ".git/config", "charts/mine.png"):
        assert after[kept] == user_files[kept]
    assert not (site.out / "charts" / f"{CHART}.svg").exists()  # reportgen's own, as written
    assert_manifest_matches(site.out)


def test_an_output_changed_since_it_was_written_is_not_deleted(site: Site) -> None:
    build(site.spec)
    svg = site.out / "charts" / f"{CHART}.svg"
    svg.write_text("<svg>edited by hand</svg>")
    edit(site.spec, "formats: [png, svg]", "formats: [png]")
    build(site.spec)
    assert svg.read_text() == "<svg>edited by hand</svg>"
    assert "charts/exports_by_year.svg" not in {r["path"] for r in manifest_of(site.out)["outputs"]}


def test_outputs_dir_of_the_spec_folder_is_refused_with_its_location(site: Site) -> None:
    # The case: outputs.dir '.', and a manifest that names the user's files.
    edit(site.spec, "  dir: dist", "  dir: .")
    (site.spec.parent / f"{NAME}.manifest.json").write_text(json.dumps({
        "reportgen": "0.1.0", "spec": "report.yaml", "inputs": [],
        "outputs": [{"path": p, "sha256": hashlib.sha256((site.spec.parent / p).read_bytes())
                     .hexdigest(), "bytes": 1} for p in ("report.yaml", "data/exports.csv")]}))
    before = tree(site.root)
    with pytest.raises(SpecError) as raised:
        build(site.spec)
    (problem,) = raised.value.problems
    line = site.spec.read_text().splitlines().index("  dir: .") + 1
    assert (problem.path, problem.line, problem.col) == ("outputs.dir", line, 8)
    assert "refusing to build into a folder that holds the spec" in problem.message
    assert tree(site.root) == before
    check = run_cli("check", site.spec)
    assert check.returncode == 2
    assert f"report.yaml:{line}:8: outputs.dir: refusing to build into a folder that holds " \
        "the spec" in check.stderr


@pytest.fixture()
def fake_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A stand-in for `/`: etc/important.conf, and a home folder (HOME) holding the project."""
    root = tmp_path / "root"
    (root / "etc").mkdir(parents=True)
    (root / "etc" / "important.conf").write_text("keep me\n")
    home = root / "home" / "analyst"
    home.mkdir(parents=True)
    (home / "notes.txt").write_text("mine\n")
    project(home / "proj")
    monkeypatch.setenv("HOME", str(home))
    return root


def test_out_of_root_home_or_a_folder_of_the_inputs_is_refused(
        fake_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def never(*_: object) -> None:
        raise AssertionError("the build went on to draw and publish")

    monkeypatch.setattr(pipeline, "_render", never)  # so the real / is never at risk
    home = fake_root / "home" / "analyst"
    spec = home / "proj" / "report.yaml"
    before = tree(fake_root)
    for out, why in ((Path("/"), "the root folder"), (home, "your home folder"),
                     (fake_root, "a folder that holds the spec"),
                     (home / "proj", "a folder that holds the spec"),
                     (home / "proj" / "data", "a folder that holds the input data/exports.csv")):
        with pytest.raises(BuildError, match=f"--out .*: refusing to build into {why}"):
            build(spec, out=out)
    assert tree(fake_root) == before


def test_out_of_the_home_folder_exits_2_on_the_command_line(fake_root: Path) -> None:
    home = fake_root / "home" / "analyst"
    before = tree(fake_root)
    result = subprocess.run(
        [sys.executable, "-m", "reportgen", "build", str(home / "proj" / "report.yaml"),
         "--out", str(home)], capture_output=True, text=True, timeout=120,
        env={**os.environ, "HOME": str(home)})
    assert result.returncode == 2, result.stderr
    assert "refusing to build into your home folder" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree(fake_root) == before


# -- item 3: the stale sweep ---------------------------------------------------------------
def test_only_the_staging_folder_the_journal_names_is_swept(site: Site) -> None:
    build(site.spec)
    planted = {
        ".x.123.tmp": None, f".{NAME}.pdf.99999.tmp": "folder", ".reportgen-foo.tmp": None,
        f".reportgen-{NAME}.0123456789abcdef.tmp": "folder", f"charts/.{CHART}.png.1.tmp": None,
        ".cache/charts/.0123.1.tmp": "folder", f".reportgen-{NAME}.pdf.aaaa.tmp": None,
    }
    for name, kind in planted.items():
        path = site.out / name
        if kind == "folder":
            path.mkdir()
            (path / "inside.txt").write_bytes(SECRET)
        else:
            path.write_bytes(SECRET)
    # A killed build's journal, naming its staging folder (and, edited, other things).
    stale = site.out / f".reportgen-{NAME}.fedcba9876543210.tmp"
    (stale / "documents").mkdir(parents=True)
    (stale / "documents" / f"{NAME}.pdf").write_bytes(b"%PDF- half")
    journal = Journal(stale.name, {})
    (site.out / report_lock_name(NAME)).write_bytes(journal.to_bytes())
    planted_tree = {k: v for k, v in tree(site.out).items()
                    if any(k == p or k.startswith(f"{p}/") for p in planted)}
    with site.unchanged_outside():
        build(site.spec)
    after = tree(site.out)
    assert {k: after.get(k) for k in planted_tree} == planted_tree
    assert not stale.exists()
    for bad in ("charts", "..", "../outside", f".reportgen-{NAME}.x.tmp/../../outside"):
        (site.out / report_lock_name(NAME)).write_bytes(Journal(bad, {}).to_bytes())
        assert Journal.parse(Journal(bad, {}).to_bytes(), NAME).staging is None
        build(site.spec)
        assert (site.out / "charts").is_dir()
    assert leftovers(site.out) == sorted(planted)


# -- item 4: reports sharing a folder -------------------------------------------------------
def test_a_chart_another_report_owns_is_never_overwritten(site: Site) -> None:
    other = site.spec.with_name("other.yaml")
    shutil.copy(site.spec, other)
    edit(other, "  dir: dist", "  dir: dist\n  basename: other-report")
    edit(other, "Exports rose by almost half", "Another chart, the same id")
    build(site.spec)
    before = tree(site.out)
    with site.unchanged_outside():
        for only in (None, frozenset({"charts"})):
            with pytest.raises(BuildError) as raised:
                build(other, only=only)
            message = str(raised.value)
            assert f"charts/{CHART}.png" in message
            assert f"report {NAME!r}" in message and "'other-report'" in message
    assert tree(site.out) == before
    result = run_cli("build", other)
    assert result.returncode == 2 and "belongs to report" in result.stderr


# -- item 5: outputs never land on inputs ----------------------------------------------------
def test_an_output_folder_holding_the_template_is_refused_before_drawing(site: Site) -> None:
    assets = site.spec.parent / "assets"
    assets.mkdir()
    shutil.copy(ROOT / "assets" / "templates" / "default.pptx", assets / f"{NAME}.pptx")
    edit(site.spec, "  dir: dist", "  dir: assets")
    edit(site.spec, "  pptx: true", f"  pptx: {{template: assets/{NAME}.pptx}}")
    before = tree(site.root)
    with pytest.raises(SpecError) as raised:
        build(site.spec)
    assert "holds the input assets/regional-trade-at-a-glance.pptx (outputs.pptx.template)" in \
        str(raised.value)
    with pytest.raises(BuildError, match="holds the input"):
        build(site.spec, out=assets)
    assert tree(site.root) == before
    check = run_cli("check", site.spec)
    assert check.returncode == 2 and "outputs.dir: refusing" in check.stderr


def test_an_output_linked_to_an_input_is_refused_before_drawing(site: Site) -> None:
    from PIL import Image

    template = site.spec.parent / "brand.pptx"
    shutil.copy(ROOT / "assets" / "templates" / "default.pptx", template)
    Image.new("RGB", (40, 20), "navy").save(site.spec.parent / "logo.png")
    edit(site.spec, "  pptx: true", "  pptx: {template: brand.pptx}")
    edit(site.spec, "outputs:", "theme: {logo: logo.png}\noutputs:")
    site.out.mkdir()
    (site.out / f"{NAME}.pptx").symlink_to(template)
    (site.out / "charts").mkdir()
    (site.out / "charts" / f"{CHART}.png").symlink_to(site.spec.parent / "logo.png")
    before = tree(site.root)
    with pytest.raises(SpecError) as raised:
        build(site.spec)
    text = str(raised.value)
    assert "would overwrite the input brand.pptx (outputs.pptx.template)" in text
    assert "would overwrite the input logo.png (theme.logo)" in text
    assert tree(site.root) == before  # nothing drawn, no cache, no lock file
    check = run_cli("check", site.spec)
    assert check.returncode == 2 and "would overwrite the input brand.pptx" in check.stderr


# -- item 6: concurrent builds ---------------------------------------------------------------
def _in_own_pid_namespace() -> list[str]:
    """`unshare --pid --fork` when it works here: each build then runs as PID 1, like
    containers sharing a volume."""
    probe = subprocess.run(["unshare", "--pid", "--fork", "true"], capture_output=True) \
        if shutil.which("unshare") else None
    return ["unshare", "--pid", "--fork"] if probe is not None and probe.returncode == 0 else []


def test_concurrent_builds_into_one_folder_queue_and_never_mix(tmp_path: Path) -> None:
    spec_a = project(tmp_path / "proj", title="Alpha Brief on Trade")
    spec_b = spec_a.with_name("bravo.yaml")
    shutil.copy(spec_a, spec_b)
    edit(spec_b, "Alpha Brief on Trade", "Bravo Brief on Trade")
    out = tmp_path / "shared"
    prefix = _in_own_pid_namespace()
    before = tree(tmp_path, skip=out)
    waited = 0
    for _ in range(6):
        processes = [subprocess.Popen(
            [*prefix, sys.executable, "-m", "reportgen", "build", str(spec), "--out", str(out)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            for spec in (spec_a, spec_b)]
        for process in processes:
            _, err = process.communicate(timeout=300)
            assert process.returncode == 0, err
            waited += "waiting for another build of" in err
        manifest = assert_manifest_matches(out)
        title = "Alpha" if manifest["spec"] == "report.yaml" else "Bravo"
        assert f"{title} Brief" in pdf_text(out / f"{NAME}.pdf")
        assert f"{title} Brief" in deck_text(out / f"{NAME}.pptx")
        other = "Bravo" if title == "Alpha" else "Alpha"
        assert other not in pdf_text(out / f"{NAME}.pdf") + deck_text(out / f"{NAME}.pptx")
        assert leftovers(out) == []
    assert waited >= 1  # they did meet, and one queued behind the other
    assert tree(tmp_path, skip=out) == before


def test_a_build_waits_for_the_lock_and_gives_up_clearly(site: Site) -> None:
    site.out.mkdir()
    fd = os.open(site.out, os.O_RDONLY | os.O_DIRECTORY)
    said: list[str] = []
    held = Lock.acquire(fd, site.out, report_lock_name(NAME), timeout=1, waiting=lambda: None,
                        gave_up="")
    try:
        with pytest.raises(BuildError, match="was still running after 1 s; gave up waiting"):
            build(site.spec, lock_timeout=1, report=said.append)
    finally:
        held.release(remove=True)
        os.close(fd)
    assert any(f"waiting for another build of {NAME} in" in s for s in said)
    assert not (site.out / f"{NAME}.pdf").exists()
    build(site.spec)
    assert leftovers(site.out) == []


# -- item 12: a poisoned cache -----------------------------------------------------------------
@pytest.mark.parametrize("target", ["/etc/passwd", "/proc/self/environ", "../../report.yaml",
                                    "result.json"])
def test_a_poisoned_cache_entry_is_never_published(site: Site, target: str) -> None:
    build(site.spec)
    (entry,) = (site.out / ".cache" / "charts").iterdir()
    record = json.loads((entry / "result.json").read_text())
    try:
        data = Path(target if target.startswith("/") else entry / target).read_bytes()
    except OSError:
        data = b""
    record["files"]["png"] = {"name": target, "bytes": len(data),
                              "sha256": hashlib.sha256(data).hexdigest()}
    (entry / "result.json").write_text(json.dumps(record))
    with site.unchanged_outside():
        result = build(site.spec)
    assert result.charts_drawn == 1  # a miss, never an error
    png = (site.out / "charts" / f"{CHART}.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and png != data
    assert_manifest_matches(site.out)


# -- item 30 and killed builds ---------------------------------------------------------------
def _start(spec: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "reportgen", "build", str(spec)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def _wait_for_staging(out: Path, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 120
    while not any(p.name.endswith(".tmp") for p in out.glob(".reportgen-*")):
        assert process.poll() is None and time.monotonic() < deadline, "the build never began"
        time.sleep(0.02)


def _live_members(pgid: int) -> list[int]:
    """Processes of a process group that still run (zombies, dead but not yet reaped by
    whatever PID 1 this machine has, do not count)."""
    found = []
    for stat_file in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat_file.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == pgid and fields[0] != "Z":
                found.append(int(stat_file.parent.name))
    return found


def _group_gone(pgid: int) -> bool:
    deadline = time.monotonic() + 10
    while _live_members(pgid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_sigterm_cleans_up_says_so_and_stops_the_workers(tmp_path: Path) -> None:
    spec = copy_sample(tmp_path / "sample")
    out = spec.parent / "dist"
    assert run_cli("build", spec).returncode == 0
    published = tree(out)
    edit(spec, "dpi: 200", "dpi: 150")  # every chart is drawn again, by worker processes
    before = tree(tmp_path, skip=out)
    process = _start(spec)
    _wait_for_staging(out, process)
    time.sleep(0.5)
    process.send_signal(signal.SIGTERM)  # the build's own process only, as `docker stop` does
    _, err = process.communicate(timeout=60)
    assert process.returncode == 143, err
    assert "reportgen: terminated (SIGTERM); temporary files removed" in err
    assert "Traceback" not in err
    assert _group_gone(process.pid), "a worker process outlived the build"
    assert leftovers(out) == []
    assert {k: v for k, v in tree(out).items() if not k.startswith(".cache")} == \
        {k: v for k, v in published.items() if not k.startswith(".cache")}
    assert tree(tmp_path, skip=out) == before


def test_killed_builds_leave_whole_outputs_and_a_manifest_that_says_which(
        tmp_path: Path) -> None:
    spec = copy_sample(tmp_path / "sample")
    out = spec.parent / "dist"
    assert run_cli("build", spec).returncode == 0
    for round_, delay in enumerate((0.0, 1.0, 3.0)):
        edit(spec, f"dpi: {200 - round_}", f"dpi: {199 - round_}")  # new outputs every time
        before = tree(tmp_path, skip=out)
        process = _start(spec)
        _wait_for_staging(out, process)
        time.sleep(delay)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        assert _group_gone(process.pid)
        assert_valid(out)  # the brief and the deck in place open whole
        manifest = manifest_of(out, "azerbaijan-russia")
        recorded = {r["path"]: r["sha256"] for r in manifest["outputs"]}
        assert recorded, "the manifest lost its outputs"
        # Each output is whole: its bytes are those some build recorded (the journal keeps
        # the hashes of a publish cut short), and the next build sorts it out.
        result = run_cli("build", spec)
        assert result.returncode == 0, result.stderr
        assert_manifest_matches(out, "azerbaijan-russia")
        assert leftovers(out) == []
        assert tree(tmp_path, skip=out) == before


KILLED_AFTER_RENAMES = """
import os, signal, sys
from reportgen.pipeline import publish
renamed = publish._rename_all
def rename_then_die(*args):
    renamed(*args)
    os.kill(os.getpid(), signal.SIGKILL)  # after every output, before the manifest
publish._rename_all = rename_then_die
from reportgen.cli import main
sys.argv = ["reportgen", "build", sys.argv[1]]
main()
"""


def test_a_publish_killed_before_its_manifest_is_finished_by_the_next_build(
        site: Site) -> None:
    build(site.spec)
    edit(site.spec, "charts: [exports_by_year]", "charts: [exports_by_year, extra]")
    edit(site.spec, "sections:", """  - id: extra
    type: line
    data: exports
    x: year
    y: usd_bn
    title: "A chart the killed build added"
sections:""")
    killed = subprocess.run([sys.executable, "-c", KILLED_AFTER_RENAMES, str(site.spec)],
                            capture_output=True, text=True, timeout=300)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert (site.out / "charts" / "extra.png").exists()  # published, but not in the manifest
    assert "charts/extra.png" not in {r["path"] for r in manifest_of(site.out)["outputs"]}
    edit(site.spec, "A chart the killed build added", "The same chart, retitled")
    with site.unchanged_outside():
        build(site.spec)  # the journal says extra.png is this report's: replaced, not refused
    assert_manifest_matches(site.out)
    assert leftovers(site.out) == []
    edit(site.spec, "charts: [exports_by_year, extra]", "charts: [exports_by_year]")
    text = site.spec.read_text()
    site.spec.write_text(text[:text.index("  - id: extra")] + text[text.index("sections:"):])
    build(site.spec)
    assert not (site.out / "charts" / "extra.png").exists()
