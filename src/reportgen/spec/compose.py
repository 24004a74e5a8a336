"""YAML events to a small node tree, bounded in depth and size while the events arrive.

PyYAML's own composer recurses once per level and so fails with a RecursionError on a
document nested a few hundred levels deep; it also builds the whole tree before any
limit can be checked. This composer stops at the first node deeper than `MAX_DEPTH` or
past `MAX_NODES`, at that node's position. It reads libyaml's event stream when PyYAML
was built with libyaml (about 20 times faster than PyYAML's parser), else PyYAML's. No
constructor ever runs, so no tag (such as `!!python/object/apply`) is ever acted on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from reportgen.spec.positions import Mark, Path_, YamlProblem

MAX_NODES = 200_000
"""How many values one spec may expand to (aliases and merged keys counted at each use)."""
MAX_DEPTH = 64
"""How deeply values may nest."""

USE_LIBYAML = bool(getattr(yaml, "__with_libyaml__", False))
"""Parse with libyaml when PyYAML was built with it."""


def mark_of(event_mark: Any) -> Mark:
    """A parser's 0-based mark as a 1-based Mark."""
    return Mark(event_mark.line + 1, event_mark.column + 1)


@dataclass(eq=False, slots=True)
class Node:
    """A scalar, sequence or mapping as composed from events."""

    kind: str
    """`scalar`, `seq` or `map`."""
    tag: str | None
    """The tag written in the document, if any."""
    mark: Mark
    """Where it starts."""
    value: Any = None
    """A scalar's text; a sequence's items; a mapping's (key, value) pairs."""
    style: str = "plain"
    """A scalar's style: `plain`, `'`, `"`, `|` or `>`."""
    start: int = 0
    """A scalar's first character, as an index in the document."""
    end: int = 0
    """Just after a scalar's last character, as an index in the document."""


@dataclass(eq=False, slots=True)
class Alias:
    """A use of an anchored node (`*name`), where it was written."""

    node: Node
    """The anchored node."""
    mark: Mark
    """Where the alias is written."""


Child = Node | Alias


def target(child: Child) -> Node:
    """The node itself, or the node an alias names."""
    return child.node if isinstance(child, Alias) else child


class Composer:
    """Builds the node tree of one document from YAML events, bounded in depth and size."""

    def __init__(self, text: str) -> None:
        loader = yaml.CSafeLoader if USE_LIBYAML else yaml.SafeLoader
        self.loader = loader(text)
        self.anchors: dict[str, Node] = {}
        self.open: set[str] = set()
        self.count = 0

    def document(self) -> Node | None:
        """The document's root node (None when empty); YamlProblem if there are several."""
        try:
            self._next()  # stream start
            if self.loader.check_event(yaml.StreamEndEvent):
                return None
            self._next()  # document start
            root = self._node((), 0)
            self._next()  # document end
            if not self.loader.check_event(yaml.StreamEndEvent):
                raise YamlProblem(
                    "expected one YAML document but found several (a '---' line?)",
                    mark_of(self.loader.peek_event().start_mark),
                )
        finally:
            self.loader.dispose()
        return target(root)

    def _next(self) -> Any:
        return self.loader.get_event()

    def _node(self, path: Path_, depth: int) -> Child:
        event = self._next()
        mark = mark_of(event.start_mark)
        if isinstance(event, yaml.AliasEvent):
            if event.anchor in self.open:
                raise YamlProblem(
                    f"the alias *{event.anchor} is used inside the node it names", mark, path
                )
            if event.anchor not in self.anchors:
                raise YamlProblem(f"found undefined alias {event.anchor!r}", mark, path)
            return Alias(self.anchors[event.anchor], mark)
        self.count += 1
        if self.count > MAX_NODES:
            raise YamlProblem(f"the document has more than {MAX_NODES:,} values", mark, path)
        if depth > MAX_DEPTH:
            raise YamlProblem(f"values nest deeper than {MAX_DEPTH} levels", mark, path)
        tag, anchor = event.tag, event.anchor
        if tag == "!" and not isinstance(event, yaml.ScalarEvent):
            tag = None  # `!` on a collection only says: not resolved by its content
        if isinstance(event, yaml.ScalarEvent):
            node = Node("scalar", tag, mark, event.value, event.style or "plain",
                         event.start_mark.index, event.end_mark.index)
        else:
            if anchor:
                self.open.add(anchor)
            if isinstance(event, yaml.SequenceStartEvent):
                node = Node("seq", tag, mark, [])
                index = 0
                while not self.loader.check_event(yaml.SequenceEndEvent):
                    node.value.append(self._node((*path, index), depth + 1))
                    index += 1
            else:
                node = Node("map", tag, mark, [])
                while not self.loader.check_event(yaml.MappingEndEvent):
                    key = self._node(path, depth + 1)
                    name = key.value if isinstance(key, Node) and key.kind == "scalar" else "?"
                    node.value.append((key, self._node((*path, name), depth + 1)))
            self._next()  # the collection's end
            self.open.discard(anchor or "")
        if anchor:
            self.anchors[anchor] = node
        return node


def _yaml_message(exc: yaml.MarkedYAMLError, text: str, where: Mark) -> str:
    problem = exc.problem or str(exc)
    mark = exc.problem_mark
    char = text[mark.index] if mark is not None and 0 <= mark.index < len(text) else ""
    if char == "\t" or "'\\t'" in problem:
        return "a tab character is not allowed here: indent YAML with spaces"
    if problem == "found invalid Unicode character escape code":  # libyaml's wording
        problem = ("found an escape that is not a character (a lone surrogate such as "
                   "\\ud800, or a code past \\U0010FFFF)")
    if exc.context == "while parsing a block mapping" and (
        problem.startswith("expected <block end>") or problem == "did not find expected key"
    ):  # PyYAML's and libyaml's words for the same mistake
        problem = ("found more text where the mapping's next 'key: value' line was expected "
                   "(a quote closed too early, or a line indented wrongly?)")
    if problem.startswith("exceeded maximum nesting depth"):  # libyaml's own limit, 1000
        return f"values nest deeper than {MAX_DEPTH} levels"
    if problem == "found character that cannot start any token" and char:
        problem = f"found character {char!r} that cannot start any token"
    if exc.context and exc.context_mark and exc.context_mark.line + 1 != where.line:
        return f"{problem} ({exc.context} that starts at line {exc.context_mark.line + 1})"
    if exc.context:
        return f"{problem} ({exc.context})"
    return problem


def compose(text: str) -> Node | None:
    """The node tree of a one-document YAML text (None when it holds no document).

    Raises YamlProblem, located, for a syntax error, several documents, an undefined
    alias, and a document deeper or larger than the limits.
    """
    try:
        return Composer(text).document()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context == "while scanning a simple key" and exc.context_mark:
            mark = exc.context_mark  # the key without ':', not the line after it
        where = Mark(mark.line + 1, mark.column + 1) if mark else Mark(1, 1)
        raise YamlProblem(_yaml_message(exc, text, where), where) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"not valid YAML: {exc}", Mark(1, 1)) from None


