"""Loading a spec file: read, parse, validate, check, in one call that reports everything."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from reportgen.core.language import Language, language_of
from reportgen.data.aggregate import FigureSource
from reportgen.data.kinds import KINDS
from reportgen.data.series import ChartData, chart_data
from reportgen.data.tables import Table
from reportgen.errors import Problem, SpecError, display_path
from reportgen.spec.checks import Checked, check_spec
from reportgen.spec.models import Chart, KeyFigure, Spec
from reportgen.spec.params import apply_params
from reportgen.spec.placeholders import resolve_plain_fields
from reportgen.spec.read import MAX_SPEC_BYTES, read_spec
from reportgen.spec.source import Located, YamlProblem, decode, parse_yaml
from reportgen.spec.validate import validate_spec
from reportgen.spec.values import as_schema_reads

__all__ = ["MAX_SPEC_BYTES", "LoadedSpec", "load_spec", "read_spec"]


@dataclass(frozen=True)
class LoadedSpec:
    """A valid spec, resolved: with where it came from, its datasets, each chart's data
    and its warnings. Every rule a build applies before drawing has been checked."""

    spec: Spec
    """The validated model, `{{ key_figures.ID }}` replaced in every plain-text field."""
    path: Path
    """The spec file, absolute."""
    root: Path
    """The spec's folder: relative paths resolve against it."""
    located: Located
    """Plain values with node positions."""
    tables: dict[str, Table]
    """Each dataset as a typed table."""
    warnings: list[Problem] = field(default_factory=list)
    """Problems that do not stop a build."""
    source_bytes: bytes = b""
    """The spec file's bytes (for cache keys)."""
    charts: dict[str, ChartData] = field(default_factory=dict)
    """Each chart's data by chart id, prepared once for every drawing and document."""
    figure_sources: dict[str, FigureSource] = field(default_factory=dict)
    """Where each computed key figure came from (by figure id): the manifest's `from`."""
    params: dict[str, Any] = field(default_factory=dict)
    """Each declared param's value in this build (defaults included), as JSON values."""

    def key_figure_records(self) -> list[dict[str, object]]:
        """The manifest's `key_figures`: id, value, text as printed, and `from` if computed."""
        from reportgen.core.language import language_of

        language = language_of(self.spec.report.language)
        records: list[dict[str, object]] = []
        for figure in self.spec.key_figures:
            value = float(figure.value)  # type: ignore[arg-type]
            record: dict[str, object] = {
                "id": figure.id, "value": value,
                "text": language.figure(value, figure.prefix, figure.suffix, figure.decimals)}
            if figure.id in self.figure_sources:
                record["from"] = self.figure_sources[figure.id].record()
            records.append(record)
        return records

    def chart_source(self, chart: Chart) -> str | None:
        """A chart's source line: its own, else its dataset's."""
        return chart.source or self.spec.data[chart.data].source


def load_spec(path: Path, *, strict: bool = False,
              params: Mapping[str, Any] | None = None) -> LoadedSpec:
    """Load and fully check a spec file; raises SpecError with every problem found.

    With `strict`, warnings count as errors (and are reported as errors). `params` are
    the values given for the spec's params (name -> text, value or `params.Given`).
    """
    shown = display_path(path)
    data = read_spec(path, shown)
    try:
        located = parse_yaml(decode(data))
    except YamlProblem as exc:
        raise SpecError([_problem(shown, exc)]) from None
    if not isinstance(located.value, dict):
        kind = "a list" if isinstance(located.value, list) else f"{located.value!r}"
        raise SpecError(
            [
                Problem(
                    shown,
                    1,
                    1,
                    "",
                    f"expected a mapping with 'report' and 'authors' at the top but got {kind}",
                )
            ]
        )
    located, values, param_problems = apply_params(located, params or {}, shown)
    located = replace(located, value=as_schema_reads(located))
    spec, problems = validate_spec(located, shown)
    checked = check_spec(located, shown, path.parent)
    problems = _after_refused(shown, located.problems,
                              param_problems + problems + checked.problems)
    if strict:
        problems += [replace(w, severity="error") for w in checked.warnings]
    if problems or spec is None:
        raise SpecError(problems)
    spec, sources = _computed(spec, checked, path, data)
    spec = resolve_plain_fields(spec)
    language = language_of(spec.report.language)
    charts = {chart.id: data_of(chart, checked.tables[chart.data], language)
              for chart in spec.charts}
    return LoadedSpec(
        spec,
        path.resolve(),
        path.parent.resolve(),
        located,
        checked.tables,
        checked.warnings,
        data,
        charts,
        sources,
        values,
    )


def _computed(spec: Spec, checked: Checked, path: Path, data: bytes
              ) -> tuple[Spec, dict[str, FigureSource]]:
    """The spec with each computed key figure's value in place, and their provenance.

    A computed figure without `decimals` shows as many as its data has.
    """
    sources: dict[str, FigureSource] = {}
    figures: list[KeyFigure] = []
    spec_file = FigureSource("", path.name, hashlib.sha256(data).hexdigest(), None, "", 0)
    for figure in spec.key_figures:
        if figure.id in checked.figures:
            value, decimals, source = checked.figures[figure.id]
            if not source.path:  # rows written in the spec itself
                source = replace(source, path=spec_file.path, sha256=spec_file.sha256)
            sources[figure.id] = source
            figure = figure.model_copy(update={
                "value": value,
                "decimals": decimals if figure.decimals is None else figure.decimals})
        figures.append(figure)
    if not sources:
        return spec, sources
    return spec.model_copy(update={"key_figures": figures}), sources




def _problem(file: str, exc: YamlProblem) -> Problem:
    return Problem(file, exc.mark.line, exc.mark.col, _dotted(exc.path), exc.message)


MAX_PATH_SHOWN = 8
"""Key paths deeper than this are shown shortened: `deep.0.0.0.0.0.0.(57 more).0`."""


def _dotted(path: tuple[str | int, ...]) -> str:
    parts = [str(p) for p in path]
    if len(parts) > MAX_PATH_SHOWN:
        parts = [*parts[: MAX_PATH_SHOWN - 1], f"({len(parts) - MAX_PATH_SHOWN} more)", parts[-1]]
    return ".".join(parts)


def _after_refused(
    file: str, refused: list[YamlProblem], problems: list[Problem]
) -> list[Problem]:
    """The refused parts of the document and every other problem, each once.

    A refused tag leaves its value as plain text, which the schema may reject again at
    the same key: that second message would only repeat the first, so it is dropped.
    """
    replaced = {_dotted(p.path) for p in refused if p.replaced}
    unique = list(dict.fromkeys(_problem(file, p) for p in refused))
    return unique + [p for p in problems if p.path not in replaced]


def data_of(chart: Chart, table: Table, language: Language | None = None) -> ChartData:
    """A chart's data out of its table, with its display names (dates in `language`)."""
    return chart_data(
        table,
        chart.x,
        chart.y,
        numeric_x=KINDS[chart.type].numeric_x,
        labels=chart.labels,
        x_label=chart.x_label,
        y_label=chart.y_label,
        unit=chart.unit,
        highlight=chart.highlight,
        label=chart.label,
        language=language,
    )
