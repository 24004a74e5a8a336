"""Inline text of a spec (a small Markdown subset) as paragraphs and lists of runs.

The reader itself (markdown-it-py with raw HTML, entities, images and indented code
switched off, placeholders swapped for sentinels) is `core/markdown.py`, which
`check` shares; here its tokens become runs, paragraphs and lists.
"""

from __future__ import annotations

from collections.abc import Sequence

from markdown_it.token import Token

from reportgen.core.markdown import Resolve, href, parse, restore
from reportgen.document.nodes import Block, ListBlock, Paragraph, Run
from reportgen.spec.placeholders import PLACEHOLDER
from reportgen.text import clean


def _no_placeholders(name: str) -> str:
    raise KeyError(name)


class _Runs:
    """Collects runs from an inline token's children, tracking bold/italic/link."""

    def __init__(self, values: Sequence[str]) -> None:
        self.values = values
        self.runs: list[Run] = []
        self.bold = self.italic = 0
        self.href: str | None = None

    def add(self, text: str, code: bool = False) -> None:
        text = clean(restore(text, self.values))
        if not text:
            return
        style = (bool(self.bold), bool(self.italic), self.href, code)
        last = self.runs[-1] if self.runs else None
        if last and (last.bold, last.italic, last.href, last.code) == style:
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
    tokens, values, _ = parse(text, PLACEHOLDER, resolve)
    blocks: list[Block] = []
    list_stack: list[tuple[bool, int, list[Paragraph]]] = []
    for token in tokens:
        if token.type in ("bullet_list_open", "ordered_list_open"):
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
    return tuple(blocks)
