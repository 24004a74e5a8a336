"""What an output format is: its name, its file, its options, and the function that writes it.

A format registers one `OutputFormat` in `render/__init__.py`. Its options model, its
writer and its preflight are named as `module:name` and imported only when used, so
that the registry costs nothing to import and `reportgen check` and `reportgen schema`
never import a rendering library.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from reportgen.document.nodes import Document
    from reportgen.spec.types import Model
    from reportgen.theme import Theme

Say = Callable[[str], None]
Resolve = Callable[[tuple[str, ...], Any], "Path | None"]
"""Resolves a path option (its key under `outputs.<kind>`, its value) inside the spec's
folder, reporting any problem itself; None after a problem."""
Finding = tuple[tuple[str, ...], str, str]
"""A problem of an output format's options: (key under `outputs.<kind>`, `error` or
`warning`, message)."""


class Preflight(Protocol):
    """Checks an output format's options before anything is drawn."""

    def __call__(self, options: dict[str, Any], resolve: Resolve) -> list[Finding]: ...



class Writer(Protocol):
    """Writes one document in one format to `out`; `root` is the spec's folder."""

    def __call__(
        self, doc: Document, theme: Theme, out: Path, options: Any, root: Path, say: Say
    ) -> None: ...


@dataclass(frozen=True)
class OutputFormat:
    """A document format reportgen writes: the brief, the deck, ..."""

    kind: str
    """Its name: the `outputs.<kind>` key and the `--only` word."""
    suffix: str
    """File name suffix of the output, `BASENAME<suffix>`."""
    what: str
    """How messages and help name it: `the PDF brief`."""
    options: str
    """`module:Class` of the model of `outputs.<kind>` (it has an `enabled` field)."""
    writer: str
    """`module:function` of its Writer."""
    ignores: tuple[str, ...] = ()
    """Document fields the writer never reads, as `Node.field` (e.g. `Section.notes` for
    the brief): an edit to them leaves this format's output as it is, unwritten."""
    preflight: str | None = None
    """`module:function` of a `Preflight`: the problems of its options found before
    anything is drawn (run by `check` and every build; must not import a rendering
    library)."""

    def options_model(self) -> type[Model]:
        """The model of `outputs.<kind>`."""
        return _load(self.options)  # type: ignore[no-any-return]

    def write(self) -> Writer:
        """The writer function (importing the format's rendering library)."""
        return _load(self.writer)  # type: ignore[no-any-return]

    def check(self, options: dict[str, Any], resolve: Resolve) -> list[Finding]:
        """Problems of this format's options (as written in the spec); empty without a
        preflight."""
        if self.preflight is None:
            return []
        return _load(self.preflight)(options, resolve)  # type: ignore[no-any-return]


def _load(target: str) -> Any:
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)
