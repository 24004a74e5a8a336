"""Checks beyond the schema: references between parts, files, data, and warnings.

They read the plain values (not the validated model) defensively, so that they run
even when the schema found other mistakes and every problem is reported at once.
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from reportgen.core.images import MAX_IMAGE_PIXELS
from reportgen.core.paths import PathRefused, is_inside, resolve_inside
from reportgen.data import database, sources
from reportgen.data.aggregate import AGGREGATIONS, FigureSource, compute
from reportgen.data.filters import describe_where, select
from reportgen.data.kinds import KINDS, ChartKind
from reportgen.data.series import category_label, chart_data
from reportgen.data.tables import (
    MAX_MAGNITUDE,
    MAX_TABLE_COLUMNS,
    MAX_TABLE_ROWS,
    DataFile,
    Table,
    check_values,
)
from reportgen.errors import Problem, display_path
from reportgen.fonts import find_family, known_families, sibling_faces
from reportgen.render import FORMATS
from reportgen.render.base import OutputFormat
from reportgen.spec import design
from reportgen.spec.models import DATASET_ORIGINS
from reportgen.spec.params import PREFIX as PARAMS_PREFIX
from reportgen.spec.placeholders import PLACEHOLDER
from reportgen.spec.preflight import preflight
from reportgen.spec.source import Located, Path_
from reportgen.spec.validate import describe, did_you_mean

FIGURE_REF = re.compile(r"^key_figures\.([a-z0-9_]+)$")
UNCLOSED = re.compile(r"\{\{(?![^{}]*\}\})")
"""A `{{` with no `}}` after it."""


@dataclass
class Checked:
    """What the checks found: problems, warnings, and the datasets as tables."""

    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    tables: dict[str, Table] = field(default_factory=dict)
    figures: dict[str, tuple[float, int, FigureSource]] = field(default_factory=dict)
    """Each computed key figure: its value, default decimals and provenance (a
    dataset written in the spec has an empty path: the loader names the spec)."""


class _Checker:
    def __init__(self, located: Located, file: str, root: Path) -> None:
        self.located = located
        self.raw = located.value if isinstance(located.value, dict) else {}
        self.file = file
        self.root = root.resolve()
        self.out = Checked()

    def problem(
        self,
        path: Path_,
        message: str,
        *,
        warning: bool = False,
        key: bool = False,
        at: int | None = None,
    ) -> None:
        """Report a problem at `path` (its key with `key`; character `at` of its text)."""
        mark = self.located.mark_in(path, at) if at is not None else self.located.mark(
            path, key=key)
        dotted = ".".join(str(p) for p in path)
        item = Problem(
            self.file, mark.line, mark.col, dotted, message, "warning" if warning else "error"
        )
        (self.out.warnings if warning else self.out.problems).append(item)

    def items(self, key: str) -> Iterator[tuple[int, dict[str, Any]]]:
        value = self.raw.get(key)
        if isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, dict):
                    yield index, item

    # -- files ------------------------------------------------------------------
    def resolve(self, path: Path_, value: Any, *, must_exist: bool = True) -> Path | None:
        """A user path resolved inside the spec's folder, or None after a problem."""
        value = _name(value)  # the schema reads `csv: 2024` as the text '2024'
        if not value:
            return None
        try:
            full = resolve_inside(self.root, value)
            found, folder = full.is_file(), full.is_dir()
        except PathRefused as exc:
            self.problem(path, str(exc))
            return None
        except OSError as exc:  # e.g. a name too long for the file system
            self.problem(path, f"the path {value!r} cannot be used: {exc.strerror}")
            return None
        if must_exist and not found:
            what = "is a folder, not a file" if folder else "does not exist"
            self.problem(path, f"the file {value!r} {what}")
            return None
        return full

    def output_dir(self, path: Path_, value: Any) -> None:
        """The output folder: inside the spec's folder, and not a file (nor under one)."""
        full = self.resolve(path, value, must_exist=False)
        if full is None:
            return
        for folder in (full, *full.parents):
            if folder == self.root or folder in self.root.parents:
                break
            if folder.exists() and not folder.is_dir():
                self.problem(path, f"the output folder {value!r} cannot be made: "
                                   f"{display_path(folder)} is a file")
                return

    def image(self, path: Path_, value: Any) -> None:
        full = self.resolve(path, value)
        if full is None:
            return
        from PIL import Image  # Pillow is light; it ships with matplotlib

        try:
            with warnings.catch_warnings():  # the size is checked below, without the noise
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                img = Image.open(full)
            with img:
                if img.width * img.height > MAX_IMAGE_PIXELS:
                    raise Image.DecompressionBombError("too large")
                if img.format not in ("PNG", "JPEG", "GIF", "BMP", "TIFF"):
                    raise OSError(f"unsupported format {img.format}")
                img.verify()
        except Image.DecompressionBombError:
            self.problem(
                path,
                f"the image {value!r} is larger than "
                f"{MAX_IMAGE_PIXELS:,} pixels (a decompression bomb?)",
            )
        except Exception as exc:  # Pillow raises many kinds for a broken file
            self.problem(path, f"the file {value!r} is not a readable PNG or JPEG image ({exc})")

    def files(self) -> None:
        for index, author in self.items("authors"):
            if "photo" in author:
                self.image(("authors", index, "photo"), author["photo"])
        theme = self.raw.get("theme")
        if isinstance(theme, dict):
            if "logo" in theme:
                self.image(("theme", "logo"), theme["logo"])
            font = _name(theme.get("font"))
            if font:
                self.font(("theme", "font"), font)
        outputs = self.raw.get("outputs")
        if isinstance(outputs, dict):
            if "dir" in outputs:
                self.output_dir(("outputs", "dir"), outputs["dir"])
            for kind, fmt in FORMATS.items():
                options = outputs.get(kind)
                if isinstance(options, dict):
                    self.output_options(kind, fmt, options)
            pptx = outputs.get("pptx")
            if isinstance(pptx, dict) and pptx.get("template") and (
                isinstance(theme, dict) and "slide_size" in theme
            ):
                self.problem(("theme", "slide_size"), "ignored for the deck: it takes the "
                             "slide size of outputs.pptx.template", warning=True)

    def font(self, path: Path_, value: str) -> None:
        if value.lower().endswith((".ttf", ".otf")) or "/" in value:
            full = self.resolve(path, value)
            if full is None:
                return
            self.font_file(path, value, full)
            for face, sibling in sibling_faces(full).items():
                shown = str(Path(value).with_name(sibling.name))
                if not is_inside(self.root, sibling):
                    self.problem(path, f"the {face.replace('_', '-')} face {shown!r} leads "
                                       "outside the spec's folder (a symbolic link?)")
                else:
                    self.font_file(path, shown, sibling)
            return
        if find_family(value) is None:
            hint = did_you_mean(value.replace(" ", "").lower(), known_families())
            self.problem(path, f"the font family {value!r} is not installed{hint}")

    def font_file(self, path: Path_, shown: str, full: Path) -> None:
        """One face of a font given as a file: a TrueType font the PDF can embed."""
        head = _head(full, 4)
        if head == b"OTTO":
            self.problem(path, f"the file {shown!r} is an OpenType font with CFF outlines, "
                               "which the PDF cannot embed: use a TrueType (.ttf) font")
        elif head not in (b"\x00\x01\x00\x00", b"true"):
            self.problem(path, f"the file {shown!r} is not a TrueType font")

    def output_options(self, kind: str, fmt: OutputFormat, options: dict[str, Any]) -> None:
        """The problems the output format's own preflight finds in its options."""

        def resolve(key: tuple[str, ...], value: Any) -> Path | None:
            return self.resolve(("outputs", kind, *key), value)

        for key, severity, message in fmt.check(options, resolve):
            self.problem(("outputs", kind, *key), message, warning=severity == "warning")

    # -- data and charts ----------------------------------------------------------
    def data(self) -> None:
        """Every dataset read into a table: files and queries first, then filtered ones."""
        data = self.raw.get("data")
        if not isinstance(data, dict):
            return
        derived: dict[str, dict[str, Any]] = {}
        for name, spec in data.items():
            if not isinstance(spec, dict):
                continue
            origins = [k for k in DATASET_ORIGINS if k in spec]
            if origins == ["from"]:
                derived[str(name)] = spec
            elif len(origins) == 1:
                self.dataset(str(name), origins[0], spec)
        self.derived(derived, data)

    def dataset(self, name: str, origin: str, spec: dict[str, Any]) -> None:
        """One dataset from inline rows, a file or a query."""
        source = spec.get("source") if isinstance(spec.get("source"), str) else None
        table, problems, full = None, [], None
        if origin == "rows" and isinstance(spec["rows"], list):
            rows = spec["rows"]
            if all(isinstance(r, dict) for r in rows):
                marks = [self._mark(("data", name, "rows", i)) for i in range(len(rows))]
                if not rows:
                    marks = [self._mark(("data", name, "rows"))]
                cells = {
                    (i, str(k)): self._mark(("data", name, "rows", i, k))
                    for i, r in enumerate(rows)
                    for k in r
                }
                table, problems = sources.from_rows(name, rows, self.file, marks, source, cells)
        elif origin in ("csv", "excel", "json") and _name(spec[origin]):
            full = self.resolve(("data", name, origin), spec[origin])
            if full is not None:
                shown = display_path(full)
                if origin == "csv":
                    table, problems = sources.from_csv(name, full, shown, source)
                elif origin == "excel":
                    sheet = _name(spec.get("sheet"))
                    table, problems = sources.from_excel(name, full, shown, source, sheet)
                else:
                    table, problems = sources.from_json(name, full, shown, source)
        elif origin == "sql" and isinstance(spec["sql"], str) and _name(spec.get("db")):
            table, problems, full = self.query(name, spec, source)
        self.out.problems.extend(self._placed(problems))
        if table is not None:
            if full is not None and table.file is not None:
                relative = full.relative_to(self.root).as_posix()
                table = replace(table, file=DataFile(relative, table.file.sha256))
            self.out.tables[name] = table

    def query(self, name: str, spec: dict[str, Any], source: str | None
              ) -> tuple[Table | None, list[Problem], Path | None]:
        """A `sql` dataset: its query on an SQLite file in the folder, or on a database URL."""
        db = str(_name(spec.get("db")))
        password_env = spec.get("password_env") if isinstance(spec.get("password_env"),
                                                              str) else None
        if database.is_url(db):
            wrong = database.url_problem(db)
            if wrong:
                self.problem(("data", name, "db"), wrong)
                return None, [], None
            table, problems = sources.from_sql(name, spec["sql"], db, db, source, password_env)
            return table, problems, None
        full = self.resolve(("data", name, "db"), db)
        if full is None:
            return None, [], None
        table, problems = sources.from_sql(name, spec["sql"], full, display_path(full), source)
        return table, problems, full

    def _placed(self, problems: list[Problem]) -> list[Problem]:
        """Problems of a whole source (line 0) placed at the spec key they name."""
        placed = []
        for p in problems:
            if p.line:
                placed.append(p)
                continue
            at = self.located.mark(tuple(_key_part(k) for k in p.path.split(".")))
            message = f"{p.file}: {p.message}" if p.file and p.file != self.file else p.message
            placed.append(replace(p, file=self.file, line=at.line, col=at.col, message=message))
        return placed

    def derived(self, pending: dict[str, dict[str, Any]], data: dict[str, Any]) -> None:
        """Datasets filtered from others (`from` + `where`), each after the one it uses."""
        while pending:
            ready = [n for n, s in pending.items() if _name(s.get("from")) not in pending]
            if not ready:
                for name in pending:
                    self.problem(("data", name, "from"), f"dataset {name!r} is filtered from "
                                 "itself, through " + " -> ".join(sorted(pending)))
                return
            for name in ready:
                spec = pending.pop(name)
                parent_id = _name(spec.get("from"))
                if parent_id is None:
                    continue
                if parent_id not in data:
                    self.problem(("data", name, "from"), f"unknown dataset {parent_id!r}"
                                 + did_you_mean(parent_id, data) + self._known("datasets", data))
                    continue
                parent = self.out.tables.get(parent_id)
                where = spec.get("where") or {}
                if parent is None or not _plain_where(where):
                    continue
                source = spec.get("source") if isinstance(spec.get("source"), str) else None
                table, problems = sources.from_dataset(name, parent, where, source)
                self.out.problems.extend(self._placed(problems))
                if table is not None:
                    self.out.tables[name] = table

    def _mark(self, path: Path_) -> tuple[int, int]:
        mark = self.located.mark(path)
        return mark.line, mark.col

    def charts(self) -> None:
        data = self.raw.get("data") if isinstance(self.raw.get("data"), dict) else {}
        for index, chart in self.items("charts"):
            here = ("charts", index)
            data_id = _name(chart.get("data"))
            if data_id is not None and data_id not in data:
                self.problem(
                    (*here, "data"),
                    f"unknown dataset {data_id!r}"
                    + did_you_mean(data_id, data)
                    + self._known("datasets", data),
                )
                continue
            table = self.out.tables.get(data_id) if data_id is not None else None
            if table is None:
                continue
            chart_id = _name(chart.get("id")) or index
            y_value = chart.get("y")
            listed = isinstance(y_value, list)
            ys = (
                [_name(y) for y in y_value]
                if isinstance(y_value, list)
                else [_name(y_value)]
                if _name(y_value)
                else []
            )
            columns = [("x", _name(chart.get("x")))] + [
                (("y", i) if listed else "y", y) for i, y in enumerate(ys)
            ]
            before = len(self.out.problems)
            for key, column in columns:
                path = (*here, *key) if isinstance(key, tuple) else (*here, key)
                if isinstance(column, str) and column not in table.columns:
                    self.problem(
                        path,
                        f"unknown column {column!r} in dataset {data_id!r}"
                        + did_you_mean(column, table.columns)
                        + f" (columns: {', '.join(table.columns)})",
                    )
                elif isinstance(column, str) and key != "x":
                    self.out.problems.extend(check_values(table, column, f"chart {chart_id!r}"))
            kind = KINDS.get(chart.get("type")) if isinstance(chart.get("type"), str) else None
            x = _name(chart.get("x"))
            if kind is not None and x is not None and x in table.columns and (
                kind.needs_numeric_x
                or (kind.numeric_x and table.is_numeric(x)
                    and any(isinstance(v, float) for v in table.column(x)))
            ):
                # Numbers on x are placed on a true scale: each must be a finite number.
                self.out.problems.extend(
                    check_values(table, x, f"{kind.name} chart {chart_id!r} as x")
                )
            usable = all(isinstance(c, str) and c in table.columns for _, c in columns)
            label = self.point_label(here, chart, kind, table, str(data_id))
            if kind is not None and usable and len(self.out.problems) == before and ys:
                labels = chart.get("labels") if isinstance(chart.get("labels"), dict) else {}
                values = chart_data(table, str(x), ys, numeric_x=kind.numeric_x,  # type: ignore[arg-type]
                                    labels={str(k): str(v) for k, v in labels.items()},
                                    label=label)
                self.kind_rules(here, kind, values, ys, listed)  # type: ignore[arg-type]
                raw = [category_label(v) for v in table.column(str(x))]
                self.highlight(here, chart, kind, values, ys, raw)  # type: ignore[arg-type]
                if len(self.out.problems) == before:
                    for message, at in design.chart_warnings(kind, values, ys, labels):  # type: ignore[arg-type]
                        self.problem((*here, *at), message, warning=True)
            if not chart.get("source") and not table.source:
                self.problem(
                    here,
                    f"chart {chart_id!r} has no source (set 'source' on the "
                    f"chart or on dataset {data_id!r})",
                    warning=True,
                )

    def figures(self) -> None:
        """Computed key figures: their dataset, column and rows exist, and the cells are numbers."""
        data = self.raw.get("data") if isinstance(self.raw.get("data"), dict) else {}
        for index, figure in self.items("key_figures"):
            value = figure.get("value")
            figure_id = _name(figure.get("id"))
            if not isinstance(value, dict) or figure_id is None:
                continue
            here = ("key_figures", index, "value")
            data_id, column = _name(value.get("data")), _name(value.get("column"))
            agg, where = value.get("agg"), value.get("where") or {}
            if data_id is None or agg not in AGGREGATIONS or not _plain_where(where):
                continue  # the schema says what is wrong
            if data_id not in data:
                self.problem((*here, "data"), f"unknown dataset {data_id!r}"
                             + did_you_mean(data_id, data) + self._known("datasets", data))
                continue
            table = self.out.tables.get(data_id)
            if table is None:
                continue
            if column is None and agg != "count":
                self.problem(here, f"'{agg}' needs a 'column' of dataset {data_id!r} "
                             f"(columns: {', '.join(table.columns)})")
                continue
            unknown = [(k, c) for k, c in [("column", column)] + [(("where", c), c)
                                                                   for c in where]
                       if c is not None and c not in table.columns]
            for key, name in unknown:
                path = (*here, *key) if isinstance(key, tuple) else (*here, key)
                self.problem(path, f"unknown column {name!r} in dataset {data_id!r}"
                             + did_you_mean(name, table.columns)
                             + f" (columns: {', '.join(table.columns)})")
            if unknown:
                continue
            rows = select(table, where)
            if not rows:
                self.problem((*here, "where"),
                             f"no row of dataset {data_id!r} matches {describe_where(where)}, "
                             f"so there is nothing to {agg}" + _values_hint(table, where))
                continue
            if agg != "count":
                found = check_values(table, str(column), f"key figure {figure_id!r}", rows)
                if found:
                    self.out.problems.extend(found)
                    continue
            result = compute(table, column, agg, rows)
            file = table.file or DataFile("", None)
            self.out.figures[figure_id] = (result.value, result.decimals, FigureSource(
                data_id, file.path, file.sha256, column if agg != "count" else None, agg,
                result.rows, dict(where)))

    def tables(self) -> None:
        """Data tables: their dataset and columns exist, and the table is of a showable size."""
        data = self.raw.get("data") if isinstance(self.raw.get("data"), dict) else {}
        for index, item in self.items("tables"):
            here = ("tables", index)
            data_id = _name(item.get("data"))
            if data_id is not None and data_id not in data:
                self.problem((*here, "data"), f"unknown dataset {data_id!r}"
                             + did_you_mean(data_id, data) + self._known("datasets", data))
                continue
            table = self.out.tables.get(data_id) if data_id is not None else None
            if table is None:
                continue
            listed = item.get("columns")
            shown = list(table.columns)
            if isinstance(listed, list):
                shown = []
                for position, column in enumerate(listed):
                    column = _name(column)
                    if column is None:
                        continue
                    if column not in table.columns:
                        self.problem((*here, "columns", position),
                                     f"unknown column {column!r} in dataset {data_id!r}"
                                     + did_you_mean(column, table.columns)
                                     + f" (columns: {', '.join(table.columns)})")
                    shown.append(column)
            for key in ("labels", "decimals"):
                named = item.get(key)
                for column in named if isinstance(named, dict) else ():
                    if str(column) not in shown:
                        self.problem((*here, key, column), f"column {column!r} is not shown "
                                     "in this table" + did_you_mean(str(column), shown)
                                     + f" (shown: {', '.join(shown)})", key=True)
            if len(shown) > MAX_TABLE_COLUMNS:
                self.problem((*here, "columns") if isinstance(listed, list) else (*here, "data"),
                             f"a table shows at most {MAX_TABLE_COLUMNS} columns but this one "
                             f"has {len(shown)}; list the ones to show in 'columns'")
            if len(table.rows) > MAX_TABLE_ROWS:
                self.problem((*here, "data"), f"a table shows at most {MAX_TABLE_ROWS} rows but "
                             f"dataset {data_id!r} has {len(table.rows):,}; filter it with a "
                             "dataset of `from` and `where`")
            self.table_numbers(table, [c for c in shown if c in table.columns],
                               _name(item.get("id")) or str(index))

    def table_numbers(self, table: Table, shown: list[str], table_id: str) -> None:
        """Numbers a table shows are of a printable size (as a chart's are), one per column."""
        for column in shown:
            index = table.columns.index(column)
            for number, row in enumerate(table.rows):
                value = row[index]
                if isinstance(value, float) and math.isfinite(value) and (
                        abs(value) > MAX_MAGNITUDE):
                    line, col = table.mark(number, column)
                    self.out.problems.append(Problem(
                        table.origin, line, col, table.where(number, column),
                        f"row {number + 1}, column {column!r} is {value:g}, too large to show "
                        f"in table {table_id!r} (the limit is ±{MAX_MAGNITUDE:g})"))
                    break

    def point_label(self, here: Path_, chart: dict[str, Any], kind: ChartKind | None,
                    table: Table, data_id: str) -> str | None:
        """A chart's `label` column: on a scatter plot, and a column of its dataset."""
        label = _name(chart.get("label"))
        if label is None or kind is None:
            return None
        if kind.name != "scatter":
            self.problem((*here, "label"), f"'label' names the points of a scatter plot; a "
                         f"{kind.name} chart names its points by its x column")
            return None
        if label not in table.columns:
            self.problem((*here, "label"), f"unknown column {label!r} in dataset {data_id!r}"
                         + did_you_mean(label, table.columns)
                         + f" (columns: {', '.join(table.columns)})")
            return None
        return label

    def highlight(self, here: Path_, chart: dict[str, Any], kind: ChartKind, data: Any,
                  ys: list[str], raw: list[str]) -> None:
        """Each name a chart's `highlight` gives is one of its categories (series, for
        lines and areas; point labels too, for scatter plots)."""
        wanted = chart.get("highlight")
        listed = isinstance(wanted, list)
        names = wanted if listed else [wanted] if wanted is not None else []
        known, what = design.highlightable(kind, data, ys, raw)
        for position, name in enumerate(names):
            name = _name(name)
            if name is None or name in known:
                continue
            path = (*here, "highlight", position) if listed else (*here, "highlight")
            shown = ", ".join(map(repr, list(dict.fromkeys(known))[:12]))
            self.problem(path, f"{name!r} names no {what} of this chart"
                         + did_you_mean(name, known) + f" (known: {shown})")

    def kind_rules(
        self, here: Path_, kind: ChartKind, data: Any, ys: list[str], listed: bool
    ) -> None:
        """The rules of the chart's kind, each reported at the chart's `y` (or `type`)."""
        for found in kind.check(data):
            if found.columns:
                self.problem((*here, "y"), found.message)
                continue
            if found.series is None:
                self.problem((*here, "type"), found.message)
                continue
            path = (*here, "y", found.series) if listed else (*here, "y")
            self.problem(path, f"{found.message} (column {ys[found.series]!r})")

    @staticmethod
    def _known(what: str, names: Any) -> str:
        listed = ", ".join(sorted(set(map(str, names))))
        return f" (known {what}: {listed})" if listed else f" (no {what} are defined)"

    # -- ids and references -------------------------------------------------------
    def ids(self) -> None:
        seen: dict[str, Path_] = {}
        for kind in ("key_figures", "charts", "tables"):
            for index, item in self.items(kind):
                value = _name(item.get("id"))
                if value is None:
                    continue
                if value in seen:
                    first = self.located.mark(seen[value])
                    self.problem(
                        (kind, index, "id"),
                        f"duplicate id {value!r} (first used at "
                        f"line {first.line}, column {first.col})",
                    )
                else:
                    seen[value] = (kind, index, "id")

    def sections(self) -> None:
        chart_ids = [_name(c.get("id")) for _, c in self.items("charts")]
        placed: set[str] = set()
        self.placed_tables()
        for index, section in self.items("sections"):
            charts = section.get("charts")
            for position, item in enumerate(charts if isinstance(charts, list) else []):
                chart_id = _name(item)
                if chart_id is None:
                    continue
                if chart_id not in chart_ids:
                    self.problem(
                        ("sections", index, "charts", position),
                        f"unknown chart {chart_id!r}"
                        + did_you_mean(chart_id, [c for c in chart_ids if c])
                        + self._known("charts", [c for c in chart_ids if c]),
                    )
                placed.add(chart_id)
            body = section.get("body")
            if not (isinstance(body, str) and body.strip()) and not charts and not section.get(
                    "tables"):
                self.problem(
                    ("sections", index),
                    f"section {section.get('heading', index)!r} has no body and no charts",
                    warning=True,
                )
        for index, chart in self.items("charts"):
            chart_id = _name(chart.get("id"))
            if chart_id is not None and chart_id not in placed:
                self.problem(
                    ("charts", index, "id"),
                    f"chart {chart_id!r} is placed in no "
                    "section: it is drawn but shown only in the deck",
                    warning=True,
                )

    def placed_tables(self) -> None:
        """Each section's tables exist; a table placed in no section is a warning."""
        table_ids = [_name(t.get("id")) for _, t in self.items("tables")]
        known = [t for t in table_ids if t]
        placed: set[str] = set()
        for index, section in self.items("sections"):
            listed = section.get("tables")
            for position, item in enumerate(listed if isinstance(listed, list) else []):
                table_id = _name(item)
                if table_id is None:
                    continue
                if table_id not in known:
                    self.problem(("sections", index, "tables", position),
                                 f"unknown table {table_id!r}" + did_you_mean(table_id, known)
                                 + self._known("tables", known))
                placed.add(table_id)
        for index, table in self.items("tables"):
            table_id = _name(table.get("id"))
            if table_id is not None and table_id not in placed:
                self.problem(("tables", index, "id"), f"table {table_id!r} is placed in no "
                             "section, so neither the brief nor the deck shows it",
                             warning=True)

    def placeholders(self) -> None:
        figures = [_name(f.get("id")) for _, f in self.items("key_figures")]
        for path, text in _strings(self.raw, ()):
            for match in PLACEHOLDER.finditer(text):
                if match.group(1).startswith(PARAMS_PREFIX):
                    continue  # spec/params.py replaced it, or reported it where it is
                found = FIGURE_REF.match(match.group(1))
                if found and found.group(1) in figures:
                    continue
                name = found.group(1) if found else match.group(1)
                hint = did_you_mean(name, [f for f in figures if f]) if found else ""
                expected = "" if found else " (expected {{ key_figures.ID }} or {{ params.NAME }})"
                self.problem(
                    path,
                    f"{match.group(0)} names no key figure{expected}{hint}"
                    + (self._known("key figures", [f for f in figures if f]) if not hint else ""),
                    at=match.start(),
                )
        for path, text in _strings(self.raw, ()):
            unclosed = UNCLOSED.search(text)
            if unclosed:
                self.problem(path, f"unclosed '{{{{' in {describe(text)}", at=unclosed.start())


def _head(path: Path, size: int) -> bytes:
    """The first bytes of a file (empty when it cannot be read)."""
    try:
        with path.open("rb") as file:
            return file.read(size)
    except OSError:
        return b""


def _key_part(part: str) -> str | int:
    return int(part) if part.isdigit() else part


def _plain_where(where: Any) -> bool:
    """Whether a `where` is a mapping of plain values or lists of them (else: a schema error)."""
    if not isinstance(where, dict):
        return False
    for wanted in where.values():
        for value in wanted if isinstance(wanted, list) else [wanted]:
            if value is None or isinstance(value, (dict, list)):
                return False
    return True


def _values_hint(table: Table, where: dict[str, Any]) -> str:
    """The values the first filtered column holds, with a did-you-mean for a text value."""
    column, wanted = next(iter(where.items()))
    values = list(dict.fromkeys(str(v) for v in table.column(column) if v is not None))
    hint = did_you_mean(wanted, values) if isinstance(wanted, str) else ""
    shown = ", ".join(map(repr, values[:8])) + (", ..." if len(values) > 8 else "")
    return f"{hint} (column {column!r} holds {shown})" if values else hint


def _name(value: Any) -> str | None:
    """An id or column name as the schema reads it (a whole number stands for its text)."""
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def _strings(value: Any, path: Path_) -> Iterator[tuple[Path_, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))


def check_spec(located: Located, file: str, root: Path) -> Checked:
    """Every problem and warning beyond the schema, and the loaded datasets."""
    checker = _Checker(located, file, root)
    checker.files()
    checker.data()
    checker.charts()
    checker.figures()
    checker.tables()
    checker.ids()
    checker.sections()
    checker.placeholders()
    for path, message in design.document_warnings(checker.raw):
        checker.problem(path, message, warning=True)
    preflight(located, file, root, checker.out)
    return checker.out
