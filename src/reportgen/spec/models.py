"""The spec format as strict pydantic models: what `reportgen schema` prints.

Every model forbids unknown keys. Shapes that YAML lets users write two ways (a
bool or a mapping, a column or a list of columns) are normalised by a
before-validator so that a mistake yields one error, not one per union member.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    WithJsonSchema,
    create_model,
    field_validator,
    model_validator,
)

from reportgen.core.color import HEX_COLOR
from reportgen.core.color import normalize as normalize_color
from reportgen.core.links import MAX_URL_CHARS, URL_PATTERN
from reportgen.data.aggregate import AGGREGATIONS
from reportgen.data.kinds import CHART_TYPES
from reportgen.render import FORMATS
from reportgen.spec.types import Model, RelPath

ChartType = Literal[CHART_TYPES]  # type: ignore[valid-type]

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9_]+$", min_length=1, max_length=64),
    Field(description="An identifier: lower-case letters, digits and underscores."),
]
Color = Annotated[
    str,
    StringConstraints(pattern=HEX_COLOR.pattern),
    AfterValidator(normalize_color),
    Field(description="A colour as #RGB or #RRGGBB.", examples=["#0B3C5D"]),
]
Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
Url = Annotated[
    str,
    StringConstraints(pattern=URL_PATTERN, max_length=MAX_URL_CHARS),
    Field(description="An http(s) or mailto address.", examples=["https://example.org"]),
]

TIMELINE_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")


ParamType = Literal["string", "integer", "number", "boolean", "date"]


class Param(Model):
    """A parameter of the spec: `{{ params.NAME }}` inserts its value; `-P NAME=VALUE`,
    `--params FILE` and a batch's variants set it."""

    type: ParamType = Field(description="The kind of value.")
    default: Annotated[
        str | bool | int | float,
        Field(description="The value when none is given (a date as YYYY-MM-DD).",
              examples=["Azerbaijan", 2024]),
    ]
    description: Text | None = Field(None, description="What the param chooses.")


class Report(Model):
    """The report's metadata and key judgments."""

    title: Text = Field(description="The report's title.", examples=["Azerbaijan and Russia"])
    subtitle: Text | None = Field(None, description="A subtitle under the title.")
    series: Text | None = Field(
        None, description="Label above the title.", examples=["Policy Brief"]
    )
    publisher: Text | None = Field(None, description="The publishing organisation.")
    publisher_info: Text | None = Field(
        None,
        description="About the publisher, disclaimer, ©, licence, URL or DOI: on the "
        "brief's last page and the deck's closing slide.",
    )
    date: dt.date | None = Field(
        None, strict=False, description="Publication date, YYYY-MM-DD.", examples=["2025-03-01"]
    )
    language: Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")] = (
        Field("en", description="BCP 47 language tag.", examples=["en", "ru", "ka"])
    )
    keywords: list[Text] = Field(default_factory=list, description="Keywords for metadata.")
    summary: list[Text] = Field(
        default_factory=list, description="Key judgments: the bottom line up front."
    )


class Link(Model):
    """A labelled link."""

    label: Text = Field(description="Visible text.", examples=["@emilavdaliani"])
    url: Url = Field(description="Target address.")


class Author(Model):
    """An author with an optional bio, photo and links."""

    name: Text = Field(description="Full name.", examples=["Emil Avdaliani"])
    role: Text | None = Field(None, description="Job title.")
    affiliation: Text | None = Field(None, description="Organisation.")
    bio: Text | None = Field(None, description="Biography (inline markup allowed).")
    photo: RelPath | None = Field(None, description="Portrait image (PNG or JPEG).")
    links: list[Link] = Field(default_factory=list, description="Profiles and contact links.")


Scalar = str | float | bool | dt.date
Where = Annotated[
    dict[str, Scalar | list[Scalar]],
    Field(
        description="Keep the rows whose column holds the value (or one of the values).",
        examples=[{"flow": "Russia to Azerbaijan"}, {"year": [2023, 2024]}],
    ),
]
Aggregation = Literal[AGGREGATIONS]  # type: ignore[valid-type]


class Computed(Model):
    """A key figure computed from a dataset, never retyped by hand."""

    data: Id = Field(description="The id of a dataset.")
    column: str | None = Field(
        None, description="The column to aggregate (not needed to count rows)."
    )
    agg: Aggregation = Field(description="What to compute from the column.")
    where: Where = Field(default_factory=dict)


NUMBER_TAG, COMPUTED_TAG = "<a number>", "<computed>"
UNION_TAGS = frozenset({NUMBER_TAG, COMPUTED_TAG})
"""Labels pydantic puts in an error's location for a shape picked by its kind, not a key."""


def _value_kind(value: Any) -> str:
    return COMPUTED_TAG if isinstance(value, dict) else NUMBER_TAG


FigureValue = Annotated[
    Annotated[float, Tag(NUMBER_TAG), Field(allow_inf_nan=False)]
    | Annotated[Computed, Tag(COMPUTED_TAG)],
    Discriminator(_value_kind),
]


class KeyFigure(Model):
    """A number a reader should remember."""

    id: Id = Field(description="Unique id; `{{ key_figures.ID }}` inserts it in text.")
    label: Text = Field(description="What the number is.")
    value: FigureValue = Field(
        description="The number, or how to compute it from a dataset.",
        examples=[1.178, {"data": "trade_2024", "column": "usd_bn", "agg": "sum"}],
    )
    prefix: str = Field("", max_length=20, description="Text before the number.", examples=["$"])
    suffix: str = Field(
        "", max_length=40, description="Text after the number.", examples=["bn", "%"]
    )
    decimals: int | None = Field(
        None, ge=0, le=10, description="Digits after the point (default: as written)."
    )
    note: Text | None = Field(None, description="A short qualifier.")
    source: Text | None = Field(None, description="Where the number comes from.")


DATASET_ORIGINS = ("rows", "csv", "excel", "json", "sql", "from")
"""The keys of which a dataset gives exactly one: where its rows come from."""
_OPTIONS = {"sheet": "excel", "db": "sql", "password_env": "sql", "where": "from"}
"""Keys that only go with one origin."""


class Dataset(Model):
    """A named table: inline `rows`, a file (`csv`, `excel`, `json`), a query, or another
    dataset filtered."""

    source: Text | None = Field(None, description="Where the data comes from.")
    rows: list[dict[str, Any]] | None = Field(None, description="Inline records.")
    csv: RelPath | None = Field(
        None, description="A CSV file with a header row (separated by , ; tab or |)."
    )
    excel: RelPath | None = Field(
        None, description="An .xlsx workbook; its first row names the columns."
    )
    sheet: Text | None = Field(None, description="The workbook's sheet (default: the first).")
    json_: RelPath | None = Field(
        None, alias="json", description="A JSON file holding a list of records."
    )
    sql: Text | None = Field(None, description="A query (read only) on `db`.",
                             examples=["SELECT route, capacity_bcm FROM pipelines"])
    db: str | None = Field(
        None, min_length=1, max_length=2_000,
        description="An SQLite file, or a database URL (postgresql://user@host/name) "
                    "without a password.",
        examples=["data/energy.sqlite", "postgresql://reports@localhost/energy"],
    )
    password_env: Annotated[str, StringConstraints(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")] | None = (
        Field(None, description="The environment variable holding the database password.",
              examples=["ENERGY_DB_PASSWORD"])
    )
    from_: Id | None = Field(None, alias="from", description="Another dataset, filtered.")
    where: Where | None = None

    @model_validator(mode="after")
    def _one_origin(self) -> Dataset:
        given = [k for k in DATASET_ORIGINS if getattr(self, _attr(k)) is not None]
        if len(given) != 1:
            listed = ", ".join(repr(k) for k in DATASET_ORIGINS)
            got = f"; got {', '.join(map(repr, given))}" if given else ""
            raise ValueError(f"give exactly one of {listed}{got}")
        for option, origin in _OPTIONS.items():
            if getattr(self, option) is not None and given[0] != origin:
                raise ValueError(f"{option!r} goes with {origin!r}, not {given[0]!r}")
        if self.sql is not None and self.db is None:
            raise ValueError("'sql' needs 'db': the SQLite file or database URL to query")
        return self


def _attr(key: str) -> str:
    return {"json": "json_", "from": "from_"}.get(key, key)


def _as_list(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


class Chart(Model):
    """A chart drawn from a dataset."""

    id: Id = Field(description="Unique id; also the chart's file name.")
    type: ChartType = Field(description="The kind of chart.")
    data: Id = Field(description="The id of a dataset.")
    x: str = Field(description="The category (or x) column.")
    y: Annotated[
        list[str],
        BeforeValidator(_as_list, json_schema_input_type=str | list[str]),
        Field(min_length=1, description="A value column, or a list of columns (one series each)."),
    ]
    title: Text = Field(description="Takeaway headline.")
    subtitle: Text | None = Field(None, description="Scope and units.")
    caption: Text | None = Field(None, description="Text under the figure.")
    x_label: Text | None = Field(None, description="Axis label for x.")
    y_label: Text | None = Field(None, description="Axis label for y.")
    source: Text | None = Field(None, description="Source line (default: the dataset's).")
    alt: Text | None = Field(None, description="Alternative text (default: from the data).")
    labels: dict[str, Text] = Field(
        default_factory=dict,
        description="Display names of y columns (legend, alt text).",
        examples=[{"usd_bn": "Exports, USD bn"}],
    )
    unit: Annotated[str, StringConstraints(max_length=12)] | None = Field(
        None, description="Unit shown with value labels, e.g. % or bn.", examples=["%", "bn"]
    )
    highlight: Annotated[
        list[Text],
        BeforeValidator(_as_list, json_schema_input_type=str | list[str]),
        Field(description="Categories drawn in the accent colour, the rest in grey (for a "
                          "line or area chart: series, by column or label).",
              examples=[["Russia"], "Russia"]),
    ] = Field(default_factory=list)
    label: str | None = Field(
        None, min_length=1,
        description="A scatter plot's column naming each point, printed beside it.",
        examples=["country"],
    )


class Table(Model):
    """A dataset shown as a table: numbered in the brief, a native table in the deck."""

    id: Id = Field(description="Unique id; `sections[].tables` places it.")
    data: Id = Field(description="The id of a dataset.")
    title: Text = Field(description="The table's title (after `Table N:`).")
    columns: list[str] | None = Field(
        None, min_length=1, description="The columns shown, in order (default: all)."
    )
    labels: dict[str, Text] = Field(
        default_factory=dict, description="Header names of columns.",
        examples=[{"usd_bn": "USD bn"}],
    )
    decimals: dict[str, Annotated[int, Field(ge=0, le=10)]] = Field(
        default_factory=dict,
        description="Digits after the point, by column (default: as the data has them).",
        examples=[{"usd_bn": 3}],
    )
    source: Text | None = Field(None, description="Source line (default: the dataset's).")


class Section(Model):
    """A text section with optional figures, tables, callout, slide points and notes."""

    heading: Text = Field(description="Section heading.")
    slide_title: Text | None = Field(
        None, description="The headline of the section's slide: an assertion, a full "
        "sentence (default: its first chart's title, else the heading).",
        examples=["Baku is rolling back Moscow's soft power"],
    )
    body: str = Field(
        "", max_length=200_000,
        description="Paragraphs split by blank lines; Markdown pipe tables are tables.",
    )
    charts: list[Id] = Field(default_factory=list, description="Chart ids placed here.")
    tables: list[Id] = Field(default_factory=list, description="Table ids placed here.")
    callout: Text | None = Field(None, description="A pull quote or highlighted box.")
    points: list[Text] = Field(default_factory=list, description="Short points for the slide.")
    notes: Text | None = Field(None, description="Speaker notes (default: the body).")
    slide: bool = Field(True, description="False keeps the section out of the deck.")


class TimelineEvent(Model):
    """A dated event."""

    date: Annotated[
        str,
        # A year may be written bare (`date: 2021`): the tool takes the text as typed.
        WithJsonSchema({
            "anyOf": [{"type": "string", "pattern": TIMELINE_DATE.pattern},
                      {"type": "integer", "minimum": 1, "maximum": 9999}],
            "description": "YYYY-MM-DD, YYYY-MM or YYYY.",
            "examples": ["2024-12-25", "2025-02", "2025"],
        }),
    ]
    title: Text = Field(description="What happened.")
    detail: Text | None = Field(None, description="A line of detail.")

    @field_validator("date")
    @classmethod
    def _date_shape(cls, value: str) -> str:
        if not TIMELINE_DATE.match(value):
            raise ValueError(f"expected a date as YYYY-MM-DD, YYYY-MM or YYYY but got {value!r}")
        if len(value) == 10:
            try:
                dt.date.fromisoformat(value)
            except ValueError as exc:
                raise ValueError(f"{value!r} is not a calendar date") from exc
        return value


class SeeAlso(Model):
    """Related reading."""

    title: Text = Field(description="The title.")
    url: Url | None = Field(None, description="Its address, if any.")


class Theme(Model):
    """Colours, font, paper and slide size (all optional)."""

    preset: Literal["default", "civic"] = Field(
        "default", description="The built-in theme to start from."
    )
    primary: Color | None = Field(None, description="Main colour.")
    accent: Color | None = Field(None, description="Highlight colour.")
    palette: list[Color] | None = Field(None, min_length=1, description="Series colours.")
    font: str | None = Field(
        None,
        min_length=1,
        description="A font family name or a path to a .ttf file.",
        examples=["DejaVu Sans", "assets/fonts/MyFont.ttf"],
    )
    page_size: Literal["A4", "letter"] = Field("A4", description="Paper size of the brief.")
    slide_size: Literal["16:9", "4:3"] = Field("16:9", description="Aspect of the deck.")
    logo: RelPath | None = Field(None, description="Logo image.")


class ChartsOutput(Model):
    """Chart image options."""

    formats: list[Literal["png", "svg"]] = Field(
        default_factory=lambda: ["png"], min_length=1, description="Image formats to write."
    )
    dpi: int = Field(200, ge=50, le=1200, description="Resolution of PNG images.")


def _enabled(value: Any) -> Any:
    return {"enabled": value} if isinstance(value, bool) else value


class _OutputsBase(Model):
    """Where to write, and the chart images; each output format adds its own key."""

    dir: RelPath = Field("dist", description="Output folder, relative to the spec.")
    basename: (
        Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=120)]
        | None
    ) = Field(None, description="File name stem (default: a slug of the title).")
    charts: ChartsOutput = Field(default_factory=ChartsOutput, description="Chart images.")


def _format_field(options: type[Model], what: str) -> Any:
    """The `outputs.<kind>` field of an output format: true, false or its options."""
    return (
        Annotated[options, BeforeValidator(_enabled, json_schema_input_type=bool | options)],
        Field(default_factory=options, description=f"true, false or the options of {what}."),
    )


Outputs = create_model(  # one key per registered output format (render/__init__.py)
    "Outputs",
    __base__=_OutputsBase,
    __doc__="Where and what to write.",
    **{kind: _format_field(fmt.options_model(), fmt.what) for kind, fmt in FORMATS.items()},
)


class Spec(Model):
    """A reportgen spec: one analysis, rendered as a brief, a deck and charts."""

    model_config = ConfigDict(title="reportgen spec")

    version: Literal[1] = Field(1, description="The spec format's version.")
    params: dict[Id, Param] = Field(
        default_factory=dict,
        description="Typed parameters, each with a default: `{{ params.NAME }}` in any text, "
                    "in `outputs.basename` and in `where`.",
        examples=[{"country": {"type": "string", "default": "Azerbaijan"},
                   "year": {"type": "integer", "default": 2024}}],
    )
    report: Report
    authors: list[Author] = Field(min_length=1, description="One or more authors.")
    key_figures: list[KeyFigure] = Field(default_factory=list)
    data: dict[Id, Dataset] = Field(default_factory=dict, description="Named datasets.")
    charts: list[Chart] = Field(default_factory=list)
    tables: list[Table] = Field(default_factory=list, description="Data tables.")
    sections: list[Section] = Field(default_factory=list)
    timeline: list[TimelineEvent] = Field(default_factory=list)
    see_also: list[SeeAlso] = Field(default_factory=list)
    theme: Theme = Field(default_factory=Theme)
    outputs: Outputs = Field(default_factory=Outputs)
