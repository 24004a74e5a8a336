"""A batch's variants file: one variant of a parameterized spec per row.

A variants file is a CSV file whose header names params (plus an optional `id`
column), or a YAML list of mappings. Each row's id is its `id` or, without one, its
values joined by `-` and slugged; it names the variant's folder, so it must be usable
as one, and two rows may not share one. A problem with the file as a whole (it cannot
be read, a column names no param, two rows share an id) stops the batch before anything
is built; a problem with one row's values fails that variant alone, reported as
`FILE:LINE: ...`. An empty CSV cell gives no value: the param keeps its default.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.core.files import read_regular
from reportgen.core.hints import did_you_mean
from reportgen.data.sources import sniff_delimiter
from reportgen.errors import Problem, SpecError, display_path
from reportgen.pipeline.plan import slug
from reportgen.spec.params import Declared, Given, Origin, read_value
from reportgen.spec.source import Located, YamlProblem, decode, parse_yaml

ID_COLUMN = "id"
"""The column (or key) that names a variant."""
MAX_VARIANTS_BYTES = 5 * 1024 * 1024
"""Largest variants file read."""
MAX_VARIANTS = 10_000
"""Most variants one batch builds."""
MAX_ID_CHARS = 120
"""Longest variant id (it names a folder)."""
RESERVED_IDS = frozenset({"batch.json"})
"""Names in a batch's output folder that a variant's folder may not take."""
_ID = re.compile(rf"[^\W_][\w.-]{{0,{MAX_ID_CHARS - 1}}}")
"""A variant id: a letter or digit (of any script) first, then letters, digits, `.`, `_`, `-`."""
YAML_SUFFIXES = (".yaml", ".yml")
"""A variants file with one of these endings is YAML; any other is CSV."""


@dataclass(frozen=True)
class Variant:
    """One row of a variants file."""

    id: str
    """The variant's id: its folder under the batch's output folder."""
    line: int
    """The row's line in the variants file (for YAML, the line of its mapping)."""
    source: str
    """`FILE:LINE`, as messages show it."""
    given: dict[str, Given] = field(default_factory=dict)
    """The params the row gives, each located at its row."""
    problems: tuple[str, ...] = ()
    """What is wrong with the row (its variant then fails without being built)."""


def read_variants(path: Path, declared: Declared) -> list[Variant]:
    """The variants a file lists, each row checked against the spec's params; SpecError
    for a problem with the file as a whole."""
    shown = display_path(path)
    try:
        data = read_regular(path.resolve(), limit=MAX_VARIANTS_BYTES)
    except OSError as exc:
        raise SpecError([Problem(shown, 0, 0, "", f"cannot read the variants file: "
                                                  f"{exc.strerror or exc}")]) from None
    try:
        text = decode(data)
    except YamlProblem as exc:
        raise SpecError([Problem(shown, exc.mark.line, exc.mark.col, "", exc.message)]
                        ) from None
    if path.suffix.lower() in YAML_SUFFIXES:
        rows = _yaml_rows(text, shown)
    else:
        rows = _csv_rows(text, shown, declared)
    if not rows:
        raise SpecError([Problem(shown, 0, 0, "", "the variants file lists no variants")])
    if len(rows) > MAX_VARIANTS:
        raise SpecError([Problem(shown, 0, 0, "", f"the variants file lists {len(rows):,} "
                                                  f"variants; at most {MAX_VARIANTS:,} are "
                                                  "built in one batch")])
    _refuse_shared_ids(rows, shown)
    return [_checked(row, declared) for row in rows]


def _checked(variant: Variant, declared: Declared) -> Variant:
    """The variant with a problem for every value its param cannot take."""
    problems = list(variant.problems)
    names = list(declared.types)
    for name, given in variant.given.items():
        if name not in declared.types:
            hint = did_you_mean(name, names)
            listed = f" (declared: {', '.join(names)})" if names else ""
            problems.append(str(given.origin.problem(f"unknown param {name!r}{hint}{listed}")))
            continue
        kind = declared.types[name]
        found = read_value(given, kind) if kind else None
        if isinstance(found, str):
            problems.append(str(given.origin.problem(found)))
    if problems == list(variant.problems):
        return variant
    return Variant(variant.id, variant.line, variant.source, variant.given, tuple(problems))


def _refuse_shared_ids(rows: list[Variant], shown: str) -> None:
    """SpecError naming every row whose id an earlier row has (ids compared without case,
    as some file systems do)."""
    seen: dict[str, Variant] = {}
    problems = []
    for row in rows:
        key = row.id.casefold()
        if key in seen:
            first = seen[key]
            problems.append(Problem(f"{shown}:{row.line}", 0, 0, ID_COLUMN, (
                f"the variant id {row.id!r} is also the id of line {first.line}: each variant "
                "needs its own folder; give the rows an `id` column")))
        else:
            seen[key] = row
    if problems:
        raise SpecError(problems)


def variant_id(given: dict[str, Given], explicit: str | None, source: str
               ) -> tuple[str, tuple[str, ...]]:
    """A row's id (its `id`, else its values joined and slugged) and any problem with it."""
    if explicit is not None and explicit.strip():  # an empty id: as if there were none
        text = explicit.strip()
        if not _ID.fullmatch(text) or text in RESERVED_IDS:
            return text, (
                f"{source}: {ID_COLUMN}: expected a folder name of letters, digits, '.', '_' "
                f"and '-' (at most {MAX_ID_CHARS} characters, a letter or digit first) but "
                f"got {text!r}",)
        return text, ()
    values = [str(item) for item in given.values() if str(item).strip()]
    return slug("-".join(values)) if values else "variant", ()


# -- CSV --------------------------------------------------------------------------------


def _csv_rows(text: str, shown: str, declared: Declared) -> list[Variant]:
    lines = text.splitlines(keepends=True)
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return []
    reader = csv.reader(io.StringIO("".join(lines[first:])),
                        delimiter=sniff_delimiter(lines[first]))
    try:
        header = [name.strip() for name in next(reader)]
    except csv.Error as exc:
        raise SpecError([Problem(f"{shown}:{first + 1}", 0, 0, "", f"not CSV: {exc}")]
                        ) from None
    _check_header(header, shown, first + 1, declared)
    rows = []
    start = reader.line_num
    try:
        for record in reader:
            line = first + start + 1
            start = reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            rows.append(_csv_row(header, record, f"{shown}:{line}", line))
    except csv.Error as exc:
        raise SpecError([Problem(f"{shown}:{first + start + 1}", 0, 0, "", f"not CSV: {exc}")]
                        ) from None
    return rows


def _check_header(header: list[str], shown: str, line: int, declared: Declared) -> None:
    where = f"{shown}:{line}"
    problems = []
    names = list(declared.types)
    seen: set[str] = set()
    for column in header:
        if not column:
            problems.append(Problem(where, 0, 0, "", "a column of the header has no name"))
        elif column in seen:
            problems.append(Problem(where, 0, 0, column, f"the column {column!r} is named twice"))
        elif column != ID_COLUMN and column not in declared.types:
            listed = f"declared: {', '.join(names)}" if names else "the spec declares no params"
            problems.append(Problem(where, 0, 0, column, (
                f"the column {column!r} names no param of the spec"
                f"{did_you_mean(column, names)} ({listed}; `{ID_COLUMN}` names the variant)")))
        seen.add(column)
    if problems:
        raise SpecError(problems)


def _csv_row(header: list[str], record: list[str], source: str, line: int) -> Variant:
    if len(record) != len(header):
        return Variant(f"line-{line}", line, source, {}, (
            f"{source}: the row has {len(record)} cells but the header has {len(header)}",))
    given = {}
    explicit = None
    for column, cell in zip(header, record, strict=True):
        if column == ID_COLUMN:
            explicit = cell
        elif cell.strip():
            given[column] = Given(cell, Origin(source, path=column))
    ident, problems = variant_id(given, explicit, source)
    return Variant(ident, line, source, given, problems)


# -- YAML -------------------------------------------------------------------------------


def _yaml_rows(text: str, shown: str) -> list[Variant]:
    try:
        located = parse_yaml(text)
    except YamlProblem as exc:
        raise SpecError([Problem(shown, exc.mark.line, exc.mark.col, "", exc.message)]
                        ) from None
    if located.problems:
        raise SpecError([Problem(shown, p.mark.line, p.mark.col, ".".join(map(str, p.path)),
                                 p.message) for p in located.problems])
    if not isinstance(located.value, list):
        raise SpecError([Problem(shown, 1, 1, "", "expected a list of mappings (one per "
                                                  "variant) at the top of the variants file")])
    return [_yaml_row(located, index, shown) for index in range(len(located.value))]


def _yaml_row(located: Located, index: int, shown: str) -> Variant:
    line = located.mark((index,)).line
    source = f"{shown}:{line}"
    item = located.value[index]
    if not isinstance(item, dict):
        return Variant(f"item-{index + 1}", line, source, {}, (
            f"{source}: expected a mapping of param names to values",))
    given = {}
    explicit: str | None = None
    for name, value in item.items():
        scalar = located.scalars.get((index, name))
        if name == ID_COLUMN:
            explicit = scalar.text if scalar is not None else str(value)
            continue
        given[str(name)] = Given(value, Origin(source, path=str(name)),
                                 scalar.text if scalar is not None else None, from_yaml=True)
    ident, problems = variant_id(given, explicit, source)
    return Variant(ident, line, source, given, problems)
