"""`reportgen watch`: build, then build again whenever the spec or a file it names changes.

The folders that hold the spec and its inputs are watched with watchfiles (inotify and
its kin, no polling by hand). Only a change to the spec or to a file the last good
build read starts a build, however it was saved: in place, or the way editors save
(a temporary file renamed over the original). Changes are gathered until the files
have been quiet for `QUIET_MS`, so a burst of saves makes one build. While the last
build failed, a change to any file whose path the spec's text holds counts too: the
fix may be a file the broken spec names but could not read.

A build that fails prints its errors and leaves the last good outputs in place (a
failed build never touches them). Ctrl-C stops the watch; a build it interrupts is
stopped like `reportgen build` is, its worker processes with it.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportgen.core.files import sha256_file
from reportgen.errors import ReportgenError, SpecError, display_path

QUIET_MS = 300
"""A build starts once the watched files have been quiet this long."""
LONGEST_WAIT_MS = 2_000
"""Changes that keep coming are built at least this often."""
ARMED_CHECK_MS = 500
"""How soon after it starts the watcher reports that it is in place."""
MAX_SPEC_TEXT = 5 * 1024 * 1024
"""How much of a broken spec is searched for the files it names."""

Say = Callable[[str], None]


@dataclass
class Watched:
    """What the watch knows about the spec's inputs, from its last build."""

    spec: Path
    """The spec file, absolute (not resolved: a link stays the link)."""
    inputs: set[Path] = field(default_factory=set)
    """The files the last good build read (the spec among them)."""
    outputs: set[Path] = field(default_factory=set)
    """Output folders written so far: never a reason to build."""
    ok: bool = False
    """Whether the last build succeeded."""
    named: str = ""
    """After a failed build: the spec's text, in which a file it names appears."""
    recorded: dict[Path, str] = field(default_factory=dict)
    """The sha256 of each input as the last good build read it."""

    def changed_since_build(self) -> list[Path]:
        """The inputs whose bytes are not those the last good build read (a change made
        before the watcher was in place)."""
        changed = []
        for path, digest in self.recorded.items():
            try:
                now = sha256_file(path)[0]
            except OSError:
                now = None
            if now != digest:
                changed.append(path)
        return changed

    def folders(self) -> list[Path]:
        """The folders to watch: the spec's and those of its inputs."""
        found = {self.spec.parent, *(path.parent for path in self.inputs)}
        return sorted(folder for folder in found if folder.is_dir())

    def wants(self, _change: Any, name: str) -> bool:
        """Whether a change to `name` calls for a build."""
        path = Path(name).resolve()
        if path == self.spec.resolve() or path in self.inputs:
            return True
        if self.ok or any(path.is_relative_to(out) for out in self.outputs):
            return False
        root = self.spec.parent.resolve()
        return path.is_relative_to(root) and path.relative_to(root).as_posix() in self.named


def watch(spec: Path, *, out: Path | None, params: Mapping[str, Any] | None, strict: bool,
          say: Say, error: Say, debug: bool = False) -> None:
    """Build `spec`, then build it again after every change to it or its inputs, until
    KeyboardInterrupt (Ctrl-C) arrives."""
    import watchfiles

    watched = Watched(spec.absolute())
    _build(watched, out, params, strict, say, error, debug)
    while True:
        folders = watched.folders()
        armed = False
        for changes in watchfiles.watch(*folders, watch_filter=watched.wants,
                                        debounce=LONGEST_WAIT_MS, step=QUIET_MS,
                                        recursive=False, raise_interrupt=True,
                                        yield_on_timeout=True, rust_timeout=ARMED_CHECK_MS):
            if not changes and armed:
                continue
            if not changes:  # the watcher is in place: say so, and catch what it missed
                armed = True
                count = len(watched.inputs - {watched.spec.resolve()})
                say(f"watching {display_path(spec)} and the {count} "
                    f"file{'s' if count != 1 else ''} it names for changes (Ctrl-C stops)")
                changed = watched.changed_since_build()
                if not changed:
                    continue
                names = [display_path(path) for path in changed]
            else:
                names = sorted({display_path(Path(name)) for _, name in changes})
            say(f"{', '.join(names)} changed; building again")
            _build(watched, out, params, strict, say, error, debug)
            if watched.folders() != folders:
                break  # the spec names files in other folders now: watch those


def _build(watched: Watched, out: Path | None, params: Mapping[str, Any] | None, strict: bool,
           say: Say, error: Say, debug: bool) -> None:
    """One build; its outcome said, the watch's knowledge of the inputs brought up to date."""
    from reportgen.pipeline.pipeline import build

    started = time.perf_counter()
    try:
        result = build(watched.spec, out=out, params=params, strict=strict)
    except ReportgenError as exc:
        _failed(watched)
        if isinstance(exc, SpecError):
            for problem in exc.problems:
                error(str(problem))
        else:
            error(f"reportgen: error: {exc}")
        if debug:
            error(traceback.format_exc().rstrip())
        say("the build failed; the last good outputs are kept")
        return
    except Exception as exc:  # a bug: said with its traceback, and the watch goes on
        _failed(watched)
        error(traceback.format_exc().rstrip())
        error(f"reportgen: internal error ({type(exc).__name__}): this is a bug in reportgen; "
              "the last good outputs are kept")
        return
    watched.ok, watched.named = True, ""
    for warning in result.warnings:
        error(str(warning))
    manifest = result.manifest
    if manifest is not None:
        root = watched.spec.parent.resolve()
        watched.recorded = {(root / record.path).resolve(): record.sha256
                            for record in manifest.inputs}
        watched.inputs = set(watched.recorded)
    if result.written:
        watched.outputs.add(result.written[0].parent.resolve())
    shown = ", ".join(display_path(path) for path in result.written
                      if path.parent.name != "charts")
    images = sum(1 for path in result.written if path.parent.name == "charts")
    what = "nothing changed" if getattr(result, "up_to_date", False) else f"wrote {shown}" + (
        f" and {images} chart image{'s' if images != 1 else ''}" if images else "")
    say(f"built in {time.perf_counter() - started:.1f}s: {what}")


def _failed(watched: Watched) -> None:
    """After a failed build: any file the spec's text names may hold the fix."""
    watched.ok, watched.recorded = False, {}
    try:
        watched.named = watched.spec.read_bytes()[:MAX_SPEC_TEXT].decode("utf-8", "replace")
    except OSError:
        watched.named = ""
