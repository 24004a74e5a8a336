"""Reading YAML safely while keeping the line and column of every node and of its text.

A spec is read in three steps, each bounded so that no input can exhaust the stack,
the memory or the time of a build:

1. `compose` turns YAML's event stream (libyaml's parser when present, else PyYAML's)
   into a small node tree. It stops at the first node deeper than `MAX_DEPTH` or past
   `MAX_NODES`, while events still arrive, so a document nested thousands of levels
   deep never reaches a recursion limit. No constructor ever runs, so no tag (such as
   `!!python/object/apply`) is ever acted on.
2. `_Builder` expands the tree into plain dicts, lists and scalars, recording where
   each came from. Aliases and merge keys (`<<`) are expanded here; every value, every
   merged key and every character of text counts toward the limits at each use, so an
   alias or merge bomb is stopped early with its location.
3. Scalars follow the YAML 1.2 core schema, not PyYAML's YAML 1.1 rules: `12:30:00`,
   `yes`, `0777` typed as text stay what was typed. Each scalar's source text and style
   are kept (`Located.scalars`), so a field that wants text takes exactly what was
   typed (see `spec/values.py`), and a position inside a multi-line text can be found
   (`Located.mark_in`).

Problems a reader can recover from (a duplicate key, a foreign tag, a refused character)
are collected in `Located.problems` and reported with everything else; a document that
cannot be read at all raises `YamlProblem`.
"""

from __future__ import annotations

import math
import re
from typing import Any

from reportgen.spec.compose import MAX_DEPTH, MAX_NODES, Alias, Child, Node, compose, target
from reportgen.spec.positions import Located, Mark, Path_, Scalar, YamlProblem
from reportgen.text import refused_at, refused_message

__all__ = ["MAX_DEPTH", "MAX_NODES", "Located", "Mark", "Path_", "YamlProblem", "decode",
           "parse_yaml", "resolve_plain"]

MAX_TEXT_CHARS = 1_000_000
"""How many characters of text one spec may expand to (aliases counted at each use):
about 500 printed pages, far beyond a brief, and little enough to write quickly."""
MAX_NUMBER_CHARS = 300
"""Longer numerals stay text: no float holds them, and str() may refuse to print them."""

_STD = "tag:yaml.org,2002:"
_MERGE = _STD + "merge"
_TEXT_TAGS = {_STD + "str", _STD + "timestamp", "!"}
"""Tags whose scalar stays text (a date is read from its text by the schema)."""
_VALUE_TAGS = {_STD + t for t in ("int", "float", "bool", "null")}
"""Tags whose scalar is read as that kind of value when its text is one."""
_COLLECTION_TAGS = {_STD + "map", _STD + "seq", _STD + "omap"}

# The YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution).
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False,
          "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_INF = re.compile(r"[-+]?\.(?:inf|Inf|INF)")
_NAN = re.compile(r"\.(?:nan|NaN|NAN)")


def resolve_plain(text: str) -> Any:
    """A plain (unquoted, untagged) scalar's value under the YAML 1.2 core schema."""
    if text in _NULLS:
        return None
    if text in _BOOLS:
        return _BOOLS[text]
    if len(text) > MAX_NUMBER_CHARS:
        return text
    if _INT.fullmatch(text):
        if text.startswith(("0o", "0x")):
            return int(text[2:], 8 if text[1] == "o" else 16)
        return int(text)
    if _FLOAT.fullmatch(text):
        return float(text)
    if _INF.fullmatch(text):
        return -math.inf if text.startswith("-") else math.inf
    if _NAN.fullmatch(text):
        return math.nan
    return text


def _tagged(tag: str, text: str) -> Any:
    """A scalar with an explicit standard tag: its value, or its text if it is not one."""
    value = resolve_plain(text)
    wanted = {"int": int, "float": (int, float), "bool": bool, "null": type(None)}[
        tag.removeprefix(_STD)]
    if isinstance(value, bool) and wanted is not bool:
        return text
    if isinstance(value, wanted):
        return float(value) if tag.endswith("float") else value
    return text


class _Builder:
    """Expands a node tree into plain values, recording positions, within the limits."""

    def __init__(self, located: Located) -> None:
        self.located = located
        self.count = 0
        self.chars = 0
        self.flat: dict[int, list[tuple[str, Child, Child]]] = {}

    def _count(self, values: int, mark: Mark, path: Path_) -> None:
        """Count values toward MAX_NODES; YamlProblem at `mark` past it."""
        self.count += values
        if self.count > MAX_NODES:
            raise YamlProblem(
                f"the document expands to more than {MAX_NODES:,} values "
                "(aliases or merge keys repeated too often?)",
                mark,
                path,
            )

    def problem(self, message: str, mark: Mark, path: Path_, *, replaced: bool = False) -> None:
        self.located.problems.append(YamlProblem(message, mark, path, replaced=replaced))

    def build(self, child: Child, path: Path_, depth: int = 0, via: Mark | None = None) -> Any:
        node = target(child)
        if isinstance(child, Alias):
            via = child.mark
        self._count(1, via or node.mark, path)
        if depth > MAX_DEPTH:
            raise YamlProblem(
                f"values nest deeper than {MAX_DEPTH} levels (through aliases)",
                via or node.mark,
                path,
            )
        self.located.nodes.setdefault(
            path, child.mark if isinstance(child, Alias) else node.mark)
        if node.kind == "scalar":
            return self._scalar(node, path, via)
        if node.tag is not None and node.tag not in _COLLECTION_TAGS:
            self._foreign_tag(node, path)
        if node.kind == "seq":
            return [self.build(item, (*path, i), depth + 1, via)
                    for i, item in enumerate(node.value)]
        return self._mapping(node, path, depth, via)

    def _foreign_tag(self, node: Node, path: Path_) -> None:
        shown = (node.tag or "").replace(_STD, "!!")
        self.problem(f"the tag {shown!r} is not allowed: only plain YAML is accepted",
                     node.mark, path, replaced=node.kind == "scalar")

    # -- mappings and merge keys
    def _key(self, child: Child, path: Path_) -> str | None:
        """A key's text (keys are always text, exactly as typed), or None after a problem."""
        node = target(child)
        if node.kind != "scalar":
            self.problem("a key must be a plain value, not a list or mapping", node.mark, path)
            return None
        self._count_text(node.value, node.mark, path, None)
        return str(node.value)

    @staticmethod
    def _is_merge(child: Child) -> bool:
        node = target(child)
        return node.kind == "scalar" and (
            node.tag == _MERGE or node.tag is None and node.style == "plain" and node.value == "<<"
        )

    def _mapping(self, node: Node, path: Path_, depth: int, via: Mark | None) -> dict[str, Any]:
        pairs: dict[str, tuple[Child, Child]] = {}
        for key, value in self._merged(node, path, depth, via):
            pairs[key] = value
        own: dict[str, Mark] = {}
        for key_child, value_child in node.value:
            if self._is_merge(key_child):
                continue
            key = self._key(key_child, path)
            if key is None:
                continue
            key_node = target(key_child)
            if key in own:
                first = own[key]
                self.problem(
                    f"duplicate key {key!r} (first defined at line {first.line}, "
                    f"column {first.col})",
                    key_node.mark,
                    (*path, key),
                )
                continue
            own[key] = key_node.mark
            pairs[key] = (key_child, value_child)
        result: dict[str, Any] = {}
        for key, (key_child, value_child) in pairs.items():
            key_node = target(key_child)
            self.located.keys[(*path, key)] = key_node.mark
            result[key] = self.build(value_child, (*path, key), depth + 1, via)
        return result

    def _merged(
        self, node: Node, path: Path_, depth: int, via: Mark | None
    ) -> list[tuple[str, tuple[Child, Child]]]:
        """The pairs a mapping's `<<` keys merge in; of two with one key, the earlier wins."""
        found: dict[str, tuple[Child, Child]] = {}
        for key_child, value_child in node.value:
            if not self._is_merge(key_child):
                continue
            source = target(value_child)
            sources = [source]
            if source.kind == "seq":
                sources = [target(item) for item in source.value]
            if source.kind == "scalar" or not sources or any(s.kind != "map" for s in sources):
                self.problem(
                    "expected a mapping or list of mappings for merging, but found "
                    + ("a scalar" if source.kind == "scalar" else "a list of other values"),
                    source.mark,
                    path,
                )
                continue
            for mapping in sources:
                for key, key_child2, value_child2 in self._flattened(mapping, path, depth, via):
                    found.setdefault(key, (key_child2, value_child2))
        return list(found.items())

    def _flattened(
        self, node: Node, path: Path_, depth: int, via: Mark | None
    ) -> list[tuple[str, Child, Child]]:
        """A mapping's pairs with its own merge keys resolved (own keys first)."""
        if id(node) in self.flat:
            pairs = self.flat[id(node)]
        else:
            if depth > MAX_DEPTH:
                raise YamlProblem(
                    f"merge keys nest deeper than {MAX_DEPTH} levels", via or node.mark, path
                )
            seen: dict[str, tuple[Child, Child]] = {}
            for key_child, value_child in node.value:
                if not self._is_merge(key_child):
                    key_node = target(key_child)
                    if key_node.kind == "scalar":
                        seen.setdefault(str(key_node.value), (key_child, value_child))
            for key, pair in self._merged(node, path, depth + 1, via):
                seen.setdefault(key, pair)
            pairs = [(key, k, v) for key, (k, v) in seen.items()]
            self.flat[id(node)] = pairs
        self._count(len(pairs), via or node.mark, path)  # merged keys count at each use
        return pairs

    # -- scalars
    def _count_text(self, text: str, mark: Mark, path: Path_, via: Mark | None) -> None:
        """Count text toward MAX_TEXT_CHARS (aliased text at each use); YamlProblem past it."""
        self.chars += len(text)
        if self.chars > MAX_TEXT_CHARS:
            raise YamlProblem(
                f"the document expands to more than {MAX_TEXT_CHARS:,} characters of text "
                "(aliases repeated too often?)" if via else
                f"the document holds more than {MAX_TEXT_CHARS:,} characters of text",
                via or mark,
                path,
            )

    def _scalar(self, node: Node, path: Path_, via: Mark | None) -> Any:
        text: str = node.value
        self._count_text(text, node.mark, path, via)
        scalar = Scalar(text, node.style, node.start, node.end, node.mark)
        self.located.scalars[path] = scalar
        refused = _refused(text)
        if refused is not None:
            offset, message = refused
            self.problem(f"text {message}", self.located.mark_in(path, offset), path)
        if node.tag is None:
            return resolve_plain(text) if node.style == "plain" else text
        if node.tag in _TEXT_TAGS:
            return text
        if node.tag in _VALUE_TAGS:
            return _tagged(node.tag, text)
        self._foreign_tag(node, path)
        return text


def _refused(text: str) -> tuple[int, str] | None:
    """Where and why a text is refused (characters no document can hold), or None."""
    message = refused_message(text)
    if message is None:
        return None
    return refused_at(text) or 0, message


def parse_yaml(text: str) -> Located:
    """Parse one YAML document into plain values with positions.

    Raises YamlProblem for a document that cannot be read (a syntax error, several
    documents, more than the limits above); collects refused parts (duplicate keys,
    foreign tags, refused characters) in `Located.problems`.
    """
    root = compose(text)
    if root is None:
        raise YamlProblem(
            "the file is empty: expected a mapping with 'report' and 'authors'", Mark(1, 1)
        )
    located = Located(None, text=text)
    located.value = _Builder(located).build(root, ())
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
