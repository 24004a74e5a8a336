"""Reading YAML safely while keeping the line and column of every node.

PyYAML's composer builds a node tree without running any constructor, so no tag
(such as `!!python/object/apply`) is ever acted on: we build plain Python values
from that tree ourselves, rejecting foreign tags and duplicate keys, and bounding
the work an alias bomb can cause.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import yaml

from reportgen.text import refused_message

Path_ = tuple[str | int, ...]

MAX_NODES = 200_000
"""How many values one spec may expand to (aliases counted at each use)."""
MAX_DEPTH = 64
"""How deeply values may nest."""
MAX_INT_BITS = 1000
"""Larger whole numbers stay text (a float holds up to about 2**1024)."""

_STD = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_STD + t for t in ("str", "int", "float", "bool", "null", "timestamp")}


@dataclass(frozen=True)
class Mark:
    """A 1-based position in a file."""

    line: int
    col: int


@dataclass
class Located:
    """Plain values from a YAML document plus the position of each node and key."""

    value: Any
    """The document as dicts, lists and scalars."""
    nodes: dict[Path_, Mark] = field(default_factory=dict)
    """Position of the value at each key path."""
    keys: dict[Path_, Mark] = field(default_factory=dict)
    """Position of the key (in its mapping) at each key path."""

    def mark(self, path: Path_, *, key: bool = False) -> Mark:
        """The position of `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        while True:
            if key and path in self.keys:
                return self.keys[path]
            if path in self.nodes:
                return self.nodes[path]
            if not path:
                return Mark(1, 1)
            path = path[:-1]


class YamlProblem(Exception):
    """A YAML document that cannot be read; carries where."""

    def __init__(self, message: str, mark: Mark, path: Path_ = ()) -> None:
        super().__init__(message)
        self.message = message
        self.mark = mark
        self.path = path


def _mark(node: yaml.Node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


class _Builder:
    """Turns a composed node tree into plain values, recording positions."""

    def __init__(self, located: Located) -> None:
        self.located = located
        self.count = 0
        self.scalars = yaml.SafeLoader("")  # only its scalar constructors are used
        self.merged: dict[int, int] = {}  # id of a mapping node -> pairs its `<<` merged in

    def build(self, node: yaml.Node, path: Path_, depth: int = 0) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise YamlProblem(
                f"the document expands to more than {MAX_NODES:,} values "
                "(aliases repeated too often?)",
                _mark(node),
                path,
            )
        if depth > MAX_DEPTH:
            raise YamlProblem(f"values nest deeper than {MAX_DEPTH} levels", _mark(node), path)
        self.located.nodes.setdefault(path, _mark(node))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            self._check_tag(node, _STD + "seq", path)
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        return self._scalar(node, path)

    def _check_tag(self, node: yaml.Node, expected: str, path: Path_) -> None:
        if node.tag != expected:
            raise YamlProblem(
                f"the tag {node.tag.replace(_STD, '!!')!r} is not allowed: "
                "only plain YAML is accepted",
                _mark(node),
                path,
            )

    def _flatten(self, node: yaml.MappingNode, path: Path_) -> int:
        """Resolve `<<` merge keys in place; how many leading pairs were merged in."""
        if id(node) not in self.merged:  # an aliased node is met again already flattened
            own = sum(1 for key, _ in node.value if key.tag != _STD + "merge")
            try:
                self.scalars.flatten_mapping(node)
            except yaml.MarkedYAMLError as exc:
                mark = exc.problem_mark
                where = Mark(mark.line + 1, mark.column + 1) if mark else _mark(node)
                raise YamlProblem(exc.problem or "cannot merge here", where, path) from None
            self.merged[id(node)] = len(node.value) - own
        return self.merged[id(node)]

    def _mapping(self, node: yaml.MappingNode, path: Path_, depth: int) -> dict[str, Any]:
        self._check_tag(node, _STD + "map", path)
        merged = self._flatten(node, path)
        # The mapping's own keys override merged ones, and among merged pairs the later
        # wins (as PyYAML orders them): take own pairs first, then merged pairs backwards,
        # skipping keys already set; keep the key order a plain YAML load gives.
        order = [*range(merged, len(node.value)), *range(merged - 1, -1, -1)]
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for index in order:
            key_node, value_node = node.value[index]
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlProblem(
                    "a key must be a plain value, not a list or mapping", _mark(key_node), path
                )
            key = self._scalar(key_node, path)
            if key is None or isinstance(key, (dt.date, dt.datetime)):
                key = key_node.value
            key = str(key) if not isinstance(key, bool) else key_node.value
            first_seen[key] = min(index, first_seen.get(key, index))
            if key in result and index < merged:
                continue
            if key in result:
                first = self.located.keys[(*path, key)]
                raise YamlProblem(
                    f"duplicate key {key!r} (first defined at line {first.line}, "
                    f"column {first.col})",
                    _mark(key_node),
                    (*path, key),
                )
            self.located.keys[(*path, key)] = _mark(key_node)
            result[key] = self.build(value_node, (*path, key), depth + 1)
        return {key: result[key] for key in sorted(result, key=first_seen.__getitem__)}

    def _scalar(self, node: yaml.Node, path: Path_) -> Any:
        if node.tag not in _SCALAR_TAGS:
            self._check_tag(node, _STD + "str", path)
        try:
            value = self.scalars.construct_object(node, deep=False)
        except (
            yaml.constructor.ConstructorError,
            ValueError,
            OverflowError,
            LookupError,
            AttributeError,
        ):  # what PyYAML's scalar constructors raise on bad text
            # An impossible date such as 2025-13-01 stays text: the schema then says
            # what was expected, at this node, alongside every other problem.
            value = node.value
        if isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
            value = node.value  # no float holds it, and str() may refuse to print it
        refused = refused_message(value) if isinstance(value, str) else None
        if refused:
            raise YamlProblem(f"text {refused}", _mark(node), path)
        return value


def _yaml_message(exc: yaml.MarkedYAMLError, line: int) -> str:
    problem = exc.problem or str(exc)
    if "'\\t'" in problem or "\\t" in problem:
        return "a tab character is not allowed here: indent YAML with spaces"
    if exc.context and exc.context_mark and exc.context_mark.line + 1 != line:
        return f"{problem} ({exc.context} that starts at line {exc.context_mark.line + 1})"
    if exc.context:
        return f"{problem} ({exc.context})"
    return problem


def parse_yaml(text: str) -> Located:
    """Parse one YAML document into plain values with positions.

    Raises YamlProblem for syntax errors, foreign tags, duplicate keys and documents
    that expand beyond the limits above.
    """
    located = Located(None)
    try:
        nodes = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context == "while scanning a simple key" and exc.context_mark:
            mark = exc.context_mark  # the key without ':', not the line after it
        where = Mark(mark.line + 1, mark.column + 1) if mark else Mark(1, 1)
        raise YamlProblem(_yaml_message(exc, where.line), where) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"not valid YAML: {exc}", Mark(1, 1)) from None
    if len(nodes) > 1:
        raise YamlProblem(
            "expected one YAML document but found several (a '---' line?)", _mark(nodes[1])
        )
    if not nodes or nodes[0] is None:
        raise YamlProblem(
            "the file is empty: expected a mapping with 'report' and 'authors'", Mark(1, 1)
        )
    located.value = _Builder(located).build(nodes[0], ())
    return located


def decode(data: bytes) -> str:
    """Bytes of a text file as str, or YamlProblem at the first byte that is not UTF-8."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise YamlProblem(
            f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x})", Mark(line, col)
        ) from None
    if "\x00" in text:
        index = text.index("\x00")
        line = text.count("\n", 0, index) + 1
        raise YamlProblem(
            "the file is binary, not YAML text (NUL byte)",
            Mark(line, index - (text.rfind("\n", 0, index) + 1) + 1),
        )
    return text
