"""Inline text of a spec (a small Markdown subset) as paragraphs, lists and tables of runs.

The reader itself (markdown-it-py with raw HTML, entities, images and indented code
switched off, placeholders swapped for sentinels) is `core/markdown.py`, which
`check` shares; here its tokens become runs, paragraphs and lists. Section bodies also
read pipe tables (`| a | b |` over `|---|---|`), captioned as pandoc does by a
paragraph `Table: ...` right after (or before) the table.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from markdown_it.token import Token

from reportgen.core.markdown import Resolve, href, parse, restore
from reportgen.document.nodes import Block, DataTable, ListBlock, Paragraph, Run, Runs
from reportgen.spec.placeholders import PLACEHOLDER
from reportgen.text import clean

_CAPTION = re.compile(r"^(?:Table)?:\s+(.+)$", re.DOTALL)
"""A pandoc table caption: `Table: ...` or `: ...`."""
_NUMBER_CELL = re.compile(
    r"^[-+\u2212]?[$€£¥₼]?\s?\d[\d,.\u00a0\u202f ]*(%|\s?(bn|m|k|pp|bcm|mn))?$")
"""A cell that reads as a number (right-aligned when its column has no alignment)."""

BodyBlock = Paragraph | ListBlock | DataTable
"""A block of a section body."""


def _no_placeholders(name: str) -> str:
    raise KeyError(name)


class _Runs:
    """Collects runs from an inline token's children, tracking bold/italic/link."""

    def __init__(self, values: Sequence[str]) -> None:
        self.values = values
        self.runs: list[Run] = []
        self.bold = self.italic = 0
        self.href: str | None = None

    def note(self, local: int) -> None:
        """A footnote mark: numbered by the text for now (the document renumbers it)."""
        self.runs.append(Run(str(local), note=local))

    def add(self, text: str, code: bool = False) -> None:
        text = clean(restore(text, self.values))
        if not text:
            return
        style = (bool(self.bold), bool(self.italic), self.href, code)
        last = self.runs[-1] if self.runs else None
        if last and last.note is None and (last.bold, last.italic, last.href,
                                           last.code) == style:
            self.runs[-1] = Run(last.text + text, *style)
        else:
            self.runs.append(Run(text, *style))

    def feed(self, tokens: list[Token]) -> None:
        for token in tokens:
            kind = token.type
            if kind == "text":
                self.add(token.content)
            elif kind == "code_inline":
                self.add(token.content, code=True)
            elif kind == "softbreak":
                self.add(" ")
            elif kind == "hardbreak":
                self.add("\n")
            elif kind in ("strong_open", "strong_close"):
                self.bold += 1 if kind.endswith("open") else -1
            elif kind in ("em_open", "em_close"):
                self.italic += 1 if kind.endswith("open") else -1
            elif kind == "link_open":
                self.href = href(token, self.values) or None
            elif kind == "link_close":
                self.href = None
            elif kind == "footnote_ref":
                self.note(int(token.meta["id"]) + 1)
            elif kind == "footnote_anchor":
                continue  # the back-link of a note's own text
            else:
                self.add(token.content or token.markup)


def parse_runs(text: str, resolve: Resolve = _no_placeholders) -> tuple[Run, ...]:
    """One paragraph of inline text as runs (block structure flattened to spaces)."""
    runs: list[Run] = []
    for block in parse_blocks(text, resolve):
        items = block.items if isinstance(block, ListBlock) else (block,)
        for item in items:
            if runs:
                runs.append(Run(" "))
            runs.extend(item.runs)
    return tuple(runs)


def parse_blocks(text: str, resolve: Resolve = _no_placeholders) -> tuple[Block, ...]:
    """Paragraphs (split by blank lines), bullet and numbered lists of a text."""
    return tuple(b for b in _blocks(text, resolve, tables=False) if not isinstance(b, DataTable))


def parse_body(text: str, resolve: Resolve = _no_placeholders) -> tuple[BodyBlock, ...]:
    """A section body: paragraphs, lists and pipe tables (unnumbered, with their captions)."""
    return parse_body_notes(text, resolve)[0]


def parse_body_notes(text: str, resolve: Resolve = _no_placeholders
                     ) -> tuple[tuple[BodyBlock, ...], dict[int, Paragraph]]:
    """A section body and its footnotes (`[^label]: text`), keyed by the number of their
    marks in the body (`Run.note`), which count from 1 in this text."""
    notes: dict[int, Paragraph] = {}
    blocks = _blocks(text, resolve, tables=True, notes=notes)
    return _captioned(blocks), notes


def _blocks(text: str, resolve: Resolve, *, tables: bool,
            notes: dict[int, Paragraph] | None = None) -> list[BodyBlock]:
    tokens, values, _ = parse(text, PLACEHOLDER, resolve, tables=tables)
    blocks: list[BodyBlock] = []
    note: int | None = None  # the footnote whose text the tokens are in, if any
    list_stack: list[tuple[bool, int, list[Paragraph]]] = []
    table: _TableBuilder | None = None
    for token in tokens:
        if token.type == "footnote_open":
            note = int(token.meta["id"]) + 1
        elif token.type == "footnote_close":
            note = None
        elif note is not None:
            if token.type == "inline":
                collector = _Runs(values)
                collector.feed(token.children or [])
                if notes is not None and collector.runs:
                    earlier = notes.get(note)
                    runs = (*earlier.runs, Run(" "), *collector.runs) if earlier else tuple(
                        collector.runs)
                    notes[note] = Paragraph(runs)
        elif token.type == "table_open":
            table = _TableBuilder()
        elif table is not None:
            if token.type == "table_close":
                blocks.append(table.table())
                table = None
            else:
                table.feed(token, values)
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            start = int(token.attrs.get("start", 1) or 1)
            list_stack.append((token.type == "ordered_list_open", start, []))
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            ordered, start, items = list_stack.pop()
            if list_stack:  # a nested list continues its parent's items
                list_stack[-1][2].extend(items)
            else:
                blocks.append(ListBlock(tuple(items), ordered, start))
        elif token.type == "inline":
            collector = _Runs(values)
            collector.feed(token.children or [])
            paragraph = Paragraph(tuple(collector.runs))
            if not paragraph.runs:
                continue
            if list_stack:
                list_stack[-1][2].append(paragraph)
            else:
                blocks.append(paragraph)
    return blocks


class _TableBuilder:
    """Collects a pipe table's cells from its tokens."""

    def __init__(self) -> None:
        self.rows: list[list[Runs]] = []
        self.align: list[str | None] = []
        self.in_head = False

    def feed(self, token: Token, values: Sequence[str]) -> None:
        if token.type == "tr_open":
            self.rows.append([])
        elif token.type in ("th_open", "td_open") and len(self.rows) == 1:
            style = str(token.attrs.get("style", ""))
            found = re.search(r"text-align:\s*(left|right|center)", style)
            self.align.append(found.group(1) if found else None)
        elif token.type == "inline" and self.rows:
            collector = _Runs(values)
            collector.feed(token.children or [])
            self.rows[-1].append(tuple(collector.runs))

    def table(self) -> DataTable:
        header, *body = self.rows or [[]]
        width = len(header)
        rows = tuple(tuple((row + [()] * width)[:width]) for row in body)
        align = []
        for index, given in enumerate(self.align[:width] + [None] * (width - len(self.align))):
            cells = ["".join(r.text for r in row[index]).strip() for row in rows]
            numeric = any(cells) and all(_NUMBER_CELL.match(c) for c in cells if c)
            align.append(given or ("right" if numeric else "left"))
        return DataTable(0, None, tuple(header), rows, tuple(align))


def _captioned(blocks: list[BodyBlock]) -> tuple[BodyBlock, ...]:
    """Pipe tables with the `Table: ...` paragraph next to them taken as their caption."""
    out: list[BodyBlock] = []
    used: set[int] = set()
    for index, block in enumerate(blocks):
        if index in used:
            continue
        if isinstance(block, DataTable):
            for near in (index + 1, index - 1):
                caption = _caption_of(blocks[near]) if 0 <= near < len(blocks) else None
                if caption is not None and near not in used and (near > index or out and
                                                                  out[-1] is blocks[near]):
                    if near < index:
                        out.pop()
                    used.add(near)
                    block = DataTable(0, caption, block.header, block.rows, block.align)
                    break
        out.append(block)
    return tuple(out)


def _caption_of(block: BodyBlock) -> str | None:
    if not isinstance(block, Paragraph):
        return None
    found = _CAPTION.match(block.text.strip())
    return found.group(1).strip() if found else None
