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
    preflight: str | None = None
    """`module:function(options, root) -> list[(key, message)]` of problems of its options
    found before anything is drawn (run by `check`; must not import a rendering library)."""

    def options_model(self) -> type[Model]:
        """The model of `outputs.<kind>`."""
        return _load(self.options)  # type: ignore[no-any-return]

    def write(self) -> Writer:
        """The writer function (importing the format's rendering library)."""
        return _load(self.writer)  # type: ignore[no-any-return]

    def check(self, options: Any, root: Path) -> list[tuple[tuple[str, ...], str, str]]:
        """Problems of this format's options: (key path under outputs.<kind>, severity,
        message); empty without a preflight."""
        if self.preflight is None:
            return []
        return _load(self.preflight)(options, root)  # type: ignore[no-any-return]


def _load(target: str) -> Any:
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)
