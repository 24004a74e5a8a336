"""Lowering: a validated spec plus its drawn charts become a Document."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from reportgen.charts.job import ChartResult
from reportgen.core.language import Language, language_of
from reportgen.core.paths import resolve_inside
from reportgen.data.aggregate import FigureSource
from reportgen.data.kinds import describe_chart
from reportgen.document import nodes as n
from reportgen.document.inline import BodyBlock, parse_blocks, parse_body_notes, parse_runs
from reportgen.document.tables import dataset_table, summary
from reportgen.spec.loader import LoadedSpec
from reportgen.spec.models import Chart, Spec
from reportgen.spec.placeholders import figure_values

MAX_DRAWN_POINTS = 5
"""Most slide points drawn from a section body when none are given."""
SHORT_TITLE_CHARS = 60
"""Longest running-header title before it is shortened."""
_CITED = re.compile(r"\{\{\s*key_figures\.([a-z0-9_]+)\s*\}\}")
"""A key figure's placeholder, as typed in a section's points."""
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\u0400-\u04FF\u10A0-\u10FF\"“‘(])")


def short_title(title: str) -> str:
    """The title before a colon, or cut at a word boundary, for running headers."""
    head = title.split(":")[0].strip()
    if len(head) <= SHORT_TITLE_CHARS:
        return head
    cut = head[:SHORT_TITLE_CHARS].rsplit(" ", 1)[0]
    return cut + "\u2026"


def _meta(spec: Spec, language: Language) -> n.Meta:
    report = spec.report
    return n.Meta(
        title=report.title,
        subtitle=report.subtitle,
        authors=tuple(a.name for a in spec.authors),
        date=language.date(report.date) if report.date else None,
        iso_date=report.date.isoformat() if report.date else None,
        language=report.language,
        keywords=tuple(report.keywords),
        series=report.series,
        publisher=report.publisher,
        short_title=short_title(report.title),
    )


def drawn_points(blocks: tuple[BodyBlock, ...]) -> tuple[n.Paragraph, ...]:
    """Slide points from a body: the first sentence of each paragraph, or list items."""
    points: list[n.Paragraph] = []
    for block in blocks:
        if isinstance(block, n.DataTable):
            continue
        if isinstance(block, n.ListBlock):
            points.extend(block.items)
            continue
        said = n.plain(tuple(r for r in block.runs if r.note is None))  # no note markers
        first = _SENTENCE_END.split(said.strip(), maxsplit=1)[0]
        points.append(n.Paragraph((n.Run(first),)))
    return tuple(points[:MAX_DRAWN_POINTS])


class _Lowering:
    def __init__(self, loaded: LoadedSpec, charts: Mapping[str, ChartResult]) -> None:
        self.loaded = loaded
        self.spec = loaded.spec
        self.charts = charts
        self.language = language_of(self.spec.report.language)
        self.labels = self.language.labels
        values = figure_values(self.spec)
        self.resolve = values.__getitem__
        self.figures: dict[str, n.Figure] = {}
        self.notes: list[n.Endnote] = []
        self.tables: dict[str, n.DataTable] = {}
        self.numbers: dict[str, int] = {}
        self.pipe_tables = 0
        self.numbered_tables: dict[str, n.DataTable] = {}

    def blocks(self, text: str | None) -> tuple[n.Block, ...]:
        return parse_blocks(text or "", self.resolve)

    def paragraph(self, text: str) -> n.Paragraph:
        return n.Paragraph(parse_runs(text, self.resolve))

    def figure(self, chart: Chart) -> n.Figure:
        if chart.id in self.figures:
            return self.figures[chart.id]
        result = self.charts[chart.id]
        data = self.loaded.charts[chart.id]
        units = chart.subtitle or chart.y_label
        figure = n.Figure(
            chart_id=chart.id,
            number=len(self.figures) + 1,
            chart_type=chart.type,
            title=self.plain(chart.title),
            subtitle=self.plain(chart.subtitle),
            caption=self.plain(chart.caption),
            source=self.plain(self.loaded.chart_source(chart)),
            alt=self.plain(chart.alt) or describe_chart(chart.type, data, units, self.language),
            png=result.bare_png or result.png,
            svg=result.bare_svg,
            pdf=None,
            aspect=result.aspect,
            data=data,
        )
        self.figures[chart.id] = figure
        return figure

    @staticmethod
    def plain(text: str | None) -> str | None:
        """A plain-text field as shown: literal (placeholders were resolved beforehand)."""
        return text or None

    def table(self, table_id: str) -> n.DataTable:
        """A `tables:` entry as a (not yet numbered) table."""
        if table_id not in self.tables:
            spec = next(t for t in self.spec.tables if t.id == table_id)
            source = spec.source or self.spec.data[spec.data].source
            self.tables[table_id] = dataset_table(
                self.loaded.tables[spec.data], spec.id, spec.title, spec.columns, spec.labels,
                spec.decimals, self.plain(source), self.language)
        return self.tables[table_id]

    def section(self, index: int, spec_section) -> n.Section:  # type: ignore[no-untyped-def]
        charts = {c.id: c for c in self.spec.charts}
        body, notes = parse_body_notes(spec_section.body or "", self.resolve)
        body = self.endnotes(body, notes)
        items: list[n.SectionItem] = list(body)
        if spec_section.callout:
            quote = self.paragraph(spec_section.callout)
            source = _quoted_in(quote.text, body)
            at = min(1, len(items)) if source is None else source + 1
            items.insert(at, n.Callout(quote, echoes=source is not None))
        items.extend(self.figure(charts[cid]) for cid in spec_section.charts)
        items.extend(self.table(tid) for tid in spec_section.tables)
        points = tuple(self.paragraph(p) for p in spec_section.points) or drawn_points(body)
        notes = (
            n.plain(parse_runs(spec_section.notes, self.resolve))
            if spec_section.notes
            else "\n\n".join(_notes_text(b) for b in body if not isinstance(b, n.DataTable))
        )
        return n.Section(
            index, spec_section.heading, tuple(items), points, notes or "", spec_section.slide,
            spec_section.slide_title,
            tuple(dict.fromkeys(m.group(1) for p in spec_section.points
                                for m in _CITED.finditer(p))),
        )

    def document(self) -> n.Document:
        spec, meta, labels = self.spec, _meta(self.spec, self.language), self.labels
        if spec.report.publisher_info:
            meta = replace(meta, publisher_info=self.paragraph(spec.report.publisher_info))
        body: list[n.Node] = [
            n.Cover(meta, self.language.names(list(meta.authors)), self.path(spec.theme.logo))
        ]
        if spec.report.summary:
            body.append(n.Summary(tuple(self.paragraph(s) for s in spec.report.summary),
                                  labels.key_judgments))
        if spec.key_figures:
            body.append(
                n.KeyFigures(
                    tuple(
                        n.KeyFigure(
                            k.id,
                            self.language.figure(float(k.value), k.prefix, k.suffix, k.decimals),
                            self.plain(k.label) or "",
                            self.plain(k.note),
                            self.plain(k.source),
                            k.suffix or "",
                        )
                        for k in spec.key_figures
                    ),
                    labels.key_figures,
                )
            )
        body.extend(self.numbered(self.section(i + 1, s)) for i, s in enumerate(spec.sections))
        if spec.timeline:
            body.append(
                n.Timeline(
                    tuple(
                        n.TimelineEvent(
                            self.language.partial_date(e.date),
                            self.plain(e.title) or "",
                            self.plain(e.detail),
                        )
                        for e in spec.timeline
                    ),
                    labels.timeline,
                )
            )
        for author in spec.authors:
            body.append(
                n.AuthorBio(
                    author.name,
                    author.role,
                    author.affiliation,
                    self.blocks(author.bio),
                    self.path(author.photo),
                    tuple(n.Link(x.label, x.url) for x in author.links),
                )
            )
        if spec.see_also:
            body.append(n.SeeAlso(tuple(n.Link(s.title, s.url) for s in spec.see_also),
                                  labels.see_also))
        sources = self.sources()
        if sources:
            body.append(n.Sources(sources, labels.sources))
        return n.Document(meta, tuple(body), tuple(self.figures.values()),
                          notes=tuple(self.notes), language=self.language)

    def endnotes(self, body: tuple[BodyBlock, ...], notes: dict[int, n.Paragraph]
                  ) -> tuple[BodyBlock, ...]:
        """A section body with its footnote marks numbered through the document; each
        note's text joins the endnotes (a mark without a note is left out)."""
        if not notes:
            return body
        numbers: dict[int, int] = {}

        def renumber(runs: n.Runs) -> n.Runs:
            out = []
            for run in runs:
                if run.note is not None:
                    if run.note not in notes:
                        continue
                    if run.note not in numbers:
                        numbers[run.note] = len(self.notes) + 1
                        self.notes.append(n.Endnote(numbers[run.note], notes[run.note]))
                    run = replace(run, text=str(numbers[run.note]), note=numbers[run.note])
                out.append(run)
            return tuple(out)

        blocks: list[BodyBlock] = []
        for block in body:
            if isinstance(block, n.Paragraph):
                block = n.Paragraph(renumber(block.runs))
            elif isinstance(block, n.ListBlock):
                block = replace(block, items=tuple(n.Paragraph(renumber(i.runs))
                                                   for i in block.items))
            elif isinstance(block, n.DataTable):
                block = replace(block, header=tuple(renumber(c) for c in block.header),
                                rows=tuple(tuple(renumber(c) for c in row)
                                           for row in block.rows))
            blocks.append(block)
        return tuple(blocks)

    def numbered(self, section: n.Section) -> n.Section:
        """A section with its tables numbered in reading order (a table placed twice keeps
        its first number), each with its summary for screen readers."""
        items = list(section.items)
        for at, item in enumerate(items):
            if not isinstance(item, n.DataTable):
                continue
            known = self.numbers.get(item.table_id) if item.table_id else None
            number = known or len(self.numbers) + self.pipe_tables + 1
            if item.table_id is None:
                self.pipe_tables += 1
            elif known is None:
                self.numbers[item.table_id] = number
            table = replace(item, number=number, numbered_as=self.labels.table)
            items[at] = replace(table, summary=summary(table, language=self.language))
            self.numbered_tables.setdefault(table.table_id or f"#{number}", items[at])
        return replace(section, items=tuple(items))

    def path(self, value: str | None) -> Path | None:
        return resolve_inside(self.loaded.root, value) if value else None

    def sources(self) -> tuple[n.SourceNote, ...]:
        """Every distinct source once, in first-use order, as a publication cites it: the
        citation, a short note of what it supports (`Figures 1–3, 5; Table 2; Key
        figures`) and, for each computed key figure resting on it, how it was derived in
        the reader's words (aggregation, column, file and rows: the manifest has it all)."""
        cited: dict[str, _Citation] = {}

        def cite(text: str | None) -> _Citation | None:
            if not text:
                return None
            key = _citation_key(text)
            if key not in cited:
                cited[key] = _Citation(text)
            return cited[key]

        computed = self.loaded.figure_sources
        for k in self.spec.key_figures:
            text = k.source
            if k.id in computed and not text:
                text = self.spec.data[computed[k.id].data].source or self.labels.computed
            citation = cite(self.plain(text))
            if citation is None:
                continue
            citation.key_figures = True
            if k.id in computed:
                shown = self.language.figure(float(k.value), k.prefix, k.suffix, k.decimals)
                citation.methods.append(self.method(shown, computed[k.id]))
        for figure in self.figures.values():
            if (citation := cite(figure.source)) is not None:
                citation.figures.append(figure.number)
        for table in self.numbered_tables.values():
            if (citation := cite(table.source)) is not None:
                citation.tables.append(table.number)
        for dataset in self.spec.data.values():
            cite(self.plain(dataset.source))
        return tuple(n.SourceNote(c.text, self.supports(c), tuple(c.methods))
                     for c in cited.values())

    def supports(self, citation: _Citation) -> tuple[str, ...]:
        """What a source supports, short: `Figures 1–3`, `Table 2`, `Key figures`."""
        labels, out = self.labels, []
        for numbers, one, several in ((citation.figures, labels.figure, labels.figures),
                                      (citation.tables, labels.table, labels.tables)):
            if numbers:
                shown = _number_ranges(numbers, labels.comma)
                out.append(one.format(number=shown) if len(set(numbers)) == 1
                           else several.format(numbers=shown))
        if citation.key_figures:
            out.append(labels.key_figures)
        return tuple(out)

    def method(self, shown: str, source: FigureSource) -> str:
        """How a computed key figure (`shown` as printed) was derived, in the reader's words."""
        rows = self.language.counted(self.labels.rows, source.rows)
        for column, wanted in source.where.items():
            values = wanted if isinstance(wanted, (list, tuple)) else [wanted]
            rows += f"; {column} = {' / '.join(str(v) for v in values)}"
        return self.labels.method.format(
            figure=shown, how=self.labels.aggregate(source.agg, source.column),
            file=source.path, rows=rows)


@dataclass
class _Citation:
    """A distinct source as it is gathered: what cites it."""

    text: str
    figures: list[int] = field(default_factory=list)
    tables: list[int] = field(default_factory=list)
    key_figures: bool = False
    methods: list[str] = field(default_factory=list)


def _words(text: str) -> str:
    """Text reduced to its words in lower case, for finding a quote in the body."""
    return " ".join(re.findall(r"\w+", text.casefold()))


def _quoted_in(quote: str, body: tuple[BodyBlock, ...]) -> int | None:
    """The index of the body paragraph that holds the quote's words, if one does."""
    words = _words(quote)
    if not words:
        return None
    for index, block in enumerate(body):
        if isinstance(block, n.Paragraph) and f" {words} " in f" {_words(block.text)} ":
            return index
    return None


def _citation_key(text: str) -> str:
    """Two citations that differ only in case, spacing or a final full stop are one."""
    return " ".join(text.split()).rstrip(".").casefold()


def _number_ranges(numbers: list[int], comma: str) -> str:
    """`1, 2, 3, 5` as `1–3, 5`."""
    runs: list[list[int]] = []
    for number in sorted(set(numbers)):
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return comma.join(f"{r[0]}\u2013{r[-1]}" if len(r) > 2 else comma.join(map(str, r))
                      for r in runs)


def _notes_text(block: n.Block) -> str:
    if isinstance(block, n.Paragraph):
        return block.text
    return "\n".join(f"- {i.text}" for i in block.items)


def lower(loaded: LoadedSpec, charts: Mapping[str, ChartResult]) -> n.Document:
    """The Document of a loaded spec, given the files its charts were drawn to.

    The spec's plain-text fields must have had their placeholders resolved
    (`placeholders.resolve_plain_fields`), as the chart drawing did.
    """
    return _Lowering(loaded, charts).document()
