"""Property tests: whatever the input, `load_spec` returns a spec or raises a located SpecError.

Starting from the sample report.yaml, random mutations (deleted keys, values of another
type, unknown keys, hostile strings) are dumped back to YAML; raw bytes and text are fed
too. Any exception other than SpecError is a crash and fails the test.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportgen.data.kinds import CHART_TYPES
from reportgen.errors import SpecError
from reportgen.spec.loader import LoadedSpec, load_spec

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_TEXT = (ROOT / "report.yaml").read_text("utf-8")
SAMPLE: dict[str, Any] = yaml.safe_load(SAMPLE_TEXT)
YAML_BREAKS = re.compile("\r\n|[\n\r\x85\u2028\u2029]")

FUZZ = settings(max_examples=150, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

HOSTILE = [
    "<b>bold</b>", "<para>", "&amp; & < >", "{{", "}}", "{{ key_figures.nope }}",
    "{{ key_figures.az_exports_to_ru }}", "{{ report.title }}", "{{{{ }}}}", "\x00", "\x07bell",
    "tab\there", "line\nbreak", "\r", "\u2028", "\ufeff", "\ud800", "é" * 5_000, "x" * 25_000,
    "../../etc/passwd", "/etc/passwd", "C:\\Windows", "data/trade_2024.csv", "trade_2024",
    "usd_bn", "flow", "bar", "pie", "#0B3C5D", "#GGG", "2025-02-30", "2025-13", "1e999", ".nan",
    "-.inf", "0x" + "f" * 4_000, "9" * 5_000, "~", "null", "yes", "!!python/object:os.system",
    "*alias", "&anchor", "- item", "key: value", "Ω≈ç√∫ 日本語 ქართული", "\U0001f600",
]

EXTREME = [2**1100, -(2**3000), 10**400, 2**63, -1, 0, 1e308, -1e-308, -0.0, 11, 20, 1200]

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.sampled_from(EXTREME),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=dt.date(1, 1, 1)),
    st.text(max_size=40), st.sampled_from(HOSTILE),
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(st.text(max_size=12), children, max_size=4)),
    max_leaves=12,
)
HOT = ("data", "charts", "key_figures", "theme", "outputs", "authors")
keys = st.one_of(st.text(max_size=20), st.sampled_from(
    ["titel", "capton", "dpi", "x", "y", "rows", "csv", "id", "type", "<<", "?", "-", ""]))


def _paths(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every path to a value inside `node` (not the root itself)."""
    items = node.items() if isinstance(node, dict) else enumerate(node) \
        if isinstance(node, list) else ()
    for key, child in items:
        yield (*path, key)
        yield from _paths(child, (*path, key))


def _get(tree: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        tree = tree[part]
    return tree


@st.composite
def mutated_specs(draw: st.DrawFn) -> dict[str, Any]:
    """The sample spec with one to four random mutations."""
    tree = copy.deepcopy(SAMPLE)
    for _ in range(draw(st.integers(1, 4))):
        paths = list(_paths(tree))
        if draw(st.booleans()):  # half the time, aim at the parts that are checked hardest
            paths = [p for p in paths if p[0] in HOT] or paths
        action = draw(st.sampled_from(["delete", "replace", "insert", "hostile"]))
        if action == "insert":
            mappings = [()] + [p for p in paths if isinstance(_get(tree, p), dict)]
            _get(tree, draw(st.sampled_from(mappings)))[draw(keys)] = draw(values)
            continue
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = _get(tree, path[:-1])
        if action == "delete":
            del parent[path[-1]]
        elif action == "replace":
            parent[path[-1]] = draw(values)
        else:
            parent[path[-1]] = draw(st.sampled_from(HOSTILE))
    return tree


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    """A copy of the sample's folder (its data files) to write fuzzed specs into."""
    with tempfile.TemporaryDirectory() as name:
        target = Path(name)
        for sub in ("data", "assets"):
            if (ROOT / sub).is_dir():
                shutil.copytree(ROOT / sub, target / sub)
        yield target


def assert_loads_or_reports(folder: Path, data: bytes) -> None:
    """`load_spec` returns a LoadedSpec or raises a SpecError of located problems."""
    spec = folder / "spec.yaml"
    spec.write_bytes(data)
    last_line = len(YAML_BREAKS.split(data.decode("utf-8", "replace"))) + 1
    try:
        loaded = load_spec(spec)
    except SpecError as exc:
        assert exc.problems, "a SpecError without problems"
        for problem in exc.problems:
            assert problem.line >= 0 and problem.col >= 0, str(problem)
            assert problem.message.strip(), repr(problem)
            assert str(problem)
            if problem.file.endswith("spec.yaml"):
                assert problem.line <= last_line, str(problem)
    else:
        assert isinstance(loaded, LoadedSpec)


def test_the_sample_itself_loads(folder: Path) -> None:
    assert_loads_or_reports(folder, SAMPLE_TEXT.encode("utf-8"))
    assert load_spec(folder / "spec.yaml").spec.report.title


@FUZZ
@given(tree=mutated_specs(), flow=st.booleans(), unicode=st.booleans())
def test_mutated_specs_never_crash(folder: Path, tree: dict[str, Any], flow: bool,
                                   unicode: bool) -> None:
    text = yaml.safe_dump(tree, default_flow_style=flow, allow_unicode=unicode, sort_keys=False)
    assert_loads_or_reports(folder, text.encode("utf-8", "surrogatepass"))


@FUZZ
@given(data=st.binary(max_size=2_000))
def test_random_bytes_never_crash(folder: Path, data: bytes) -> None:
    assert_loads_or_reports(folder, data)


@FUZZ
@given(text=st.text(max_size=500))
def test_random_text_never_crashes(folder: Path, text: str) -> None:
    assert_loads_or_reports(folder, text.encode("utf-8"))


@FUZZ
@given(start=st.integers(0, len(SAMPLE_TEXT)), cut=st.integers(0, 40),
       insert=st.one_of(st.text(max_size=20), st.sampled_from(
           [":", "- ", "  ", "\t", "{", "[", "]", "'", '"', "&a ", "*a", "!!", "---\n", "\n  "])))
def test_edited_sample_text_never_crashes(folder: Path, start: int, cut: int, insert: str) -> None:
    text = SAMPLE_TEXT[:start] + insert + SAMPLE_TEXT[start + cut:]
    assert_loads_or_reports(folder, text.encode("utf-8", "surrogatepass"))


@FUZZ
@given(cells=st.lists(st.tuples(scalars, scalars), min_size=0, max_size=5),
       kind=st.sampled_from([*CHART_TYPES, "barr", ""]),
       x=st.sampled_from(["label", "value", "other", 7, None]),
       y=st.sampled_from(["value", "label", ["value", "value"], [], 7, "nope"]))
def test_random_datasets_and_charts_never_crash(folder: Path, cells: list[tuple[Any, Any]],
                                                kind: str, x: Any, y: Any) -> None:
    tree = copy.deepcopy(SAMPLE)
    tree["data"]["fuzz"] = {"source": "fuzz", "rows": [{"label": a, "value": b} for a, b in cells]}
    tree["charts"].append({"id": "fuzz", "type": kind, "data": "fuzz", "x": x, "y": y,
                           "title": "Fuzz"})
    text = yaml.safe_dump(tree, allow_unicode=True, sort_keys=False)
    assert_loads_or_reports(folder, text.encode("utf-8", "surrogatepass"))


# -- check means what build will do ----------------------------------------------------------
# Generated specs are checked and then built (the brief and the deck). Either both refuse
# the spec with the same located problems (exit status 2), or check passes and the build
# succeeds. Mutations stay mostly inside what the schema allows, where disagreements hide.
BUILD_BASE: dict[str, Any] = {
    "version": 1,
    "report": {"title": "Trade between A and B", "subtitle": "A fuzzed brief",
               "series": "Policy Brief", "date": "2025-03-01",
               "summary": ["B sells A more than it buys.",
                           "Exports were {{ key_figures.exports }}."],
               "keywords": ["trade", "A"]},
    "authors": [{"name": "A. Author", "role": "Analyst", "bio": "Writes **briefs**.",
                 "links": [{"label": "site", "url": "https://example.org"}]}],
    "key_figures": [{"id": "exports", "label": "Exports from A to B", "value": 1.5,
                     "decimals": 1, "prefix": "$", "suffix": "bn", "note": "2024"},
                    {"id": "total", "label": "Two-way trade",
                     "value": {"data": "trade", "column": "usd_bn", "agg": "sum",
                               "where": {"year": [2023, 2024]}}}],
    "data": {"trade": {"source": "Test data, {{ key_figures.exports }}",
                       "rows": [{"flow": "A to B", "usd_bn": 1.5, "year": 2023},
                                {"flow": "B to A", "usd_bn": 3.5, "year": 2024},
                                {"flow": "Other", "usd_bn": 0.5, "year": 2025}]}},
    "charts": [{"id": "trade_bar", "type": "bar", "data": "trade", "x": "flow", "y": "usd_bn",
                "title": "B sells A more than it buys", "subtitle": "USD bn", "unit": "bn",
                "caption": "Goods only."}],
    "tables": [{"id": "trade_table", "data": "trade", "columns": ["flow", "usd_bn"],
                "labels": {"usd_bn": "USD bn"}, "decimals": {"usd_bn": 2},
                "title": "Trade by direction"}],
    "sections": [{"heading": "Trade",
                  "body": "Exports were {{ key_figures.exports }}.\n\n- one\n- **two**\n\n"
                          "See [the data](https://example.org/data).",
                  "charts": ["trade_bar"], "tables": ["trade_table"], "callout": "A pull quote.",
                  "points": ["A point."]}],
    "timeline": [{"date": "2024-12-25", "title": "An event", "detail": "What happened."}],
    "see_also": [{"title": "More", "url": "https://example.org/more"}],
    "theme": {"primary": "#0B3C5D", "page_size": "A4"},
    "outputs": {"dir": "dist"},
}
BUILD_TEXTS = [
    "<b>bold</b> & <para>", "Oil rose from $50 to $80", "$x^{2$", "100% of *half*",
    "Ω≈ç√∫ 日本語 ქართული العربية", "\U0001f600 ₼", "a" + "\u0301" * 40, "W" * 3_000,
    "word " * 400, "{{ key_figures.exports }}", "[link](#trade)", "[x](ftp://example.org)",
    "[x](javascript:alert(1))", "1. one\n2. two", "| a | b |\n|---|---|\n| 1 | 2 |",
    "\ufeffBOM", "tab\there", "line\nbreak", "12:30:00", "0777", "yes", "-", "*", "#", "` code `",
    "x", "  padded  ", "\u200b", "\u202etxet", "&amp;", "\\", "%s %d {0}",
]
BUILD_NUMBERS = [0, -1, 1e-9, 1e15, -1e15, 123456789, 0.1, 2, -0.0, 7.25]
COLOURS = ["#000", "#FFF", "#C00", "#FFFFFF", "#000000", "#123abc", "#FfFfFf"]


def _leaves(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    if isinstance(node, dict):
        for key, child in node.items():
            yield from _leaves(child, (*path, key))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            yield from _leaves(child, (*path, index))
    else:
        yield path, node


@st.composite
def buildable_specs(draw: st.DrawFn) -> dict[str, Any]:
    """The build base with one to three mutations, mostly within what the schema allows."""
    tree = copy.deepcopy(BUILD_BASE)
    for _ in range(draw(st.integers(1, 3))):
        action = draw(st.sampled_from(["text", "number", "type", "rows", "theme", "any"]))
        leaves = list(_leaves(tree))
        if action == "text":
            path, _ = draw(st.sampled_from([(p, v) for p, v in leaves if isinstance(v, str)]))
            _get(tree, path[:-1])[path[-1]] = draw(st.sampled_from(BUILD_TEXTS))
        elif action == "number":
            numbers = [(p, v) for p, v in leaves
                       if isinstance(v, (int, float)) and not isinstance(v, bool)]
            path, _ = draw(st.sampled_from(numbers))
            _get(tree, path[:-1])[path[-1]] = draw(st.sampled_from(BUILD_NUMBERS))
        elif action == "type":
            tree["charts"][0]["type"] = draw(st.sampled_from(CHART_TYPES))
        elif action == "rows":
            rows = draw(st.lists(st.tuples(st.sampled_from(["A", "B", "C", "2024", ""]),
                                           st.sampled_from(BUILD_NUMBERS)), max_size=6))
            tree["data"]["trade"]["rows"] = [
                {"flow": f, "usd_bn": v, "year": 2000 + i} for i, (f, v) in enumerate(rows)]
            tree["charts"][0]["x"] = draw(st.sampled_from(["flow", "year"]))
        elif action == "theme":
            tree["theme"] = draw(st.fixed_dictionaries({}, optional={
                "preset": st.sampled_from(["default", "civic"]),
                "primary": st.sampled_from(COLOURS), "accent": st.sampled_from(COLOURS),
                "palette": st.lists(st.sampled_from(COLOURS), min_size=1, max_size=3),
                "page_size": st.sampled_from(["A4", "letter"]),
                "slide_size": st.sampled_from(["16:9", "4:3"]),
                "font": st.sampled_from(["DejaVu Sans", "DejaVu Serif"])}))
        else:
            path, _ = draw(st.sampled_from(leaves))
            _get(tree, path[:-1])[path[-1]] = draw(scalars)
    return tree


@settings(max_examples=int(os.environ.get("REPORTGEN_FUZZ_BUILDS", "20")), deadline=None,
          database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(tree=buildable_specs())
def test_check_means_what_build_will_do(folder: Path, tree: dict[str, Any]) -> None:
    from reportgen.errors import BuildError
    from reportgen.pipeline.pipeline import build

    spec = folder / "spec.yaml"
    spec.write_text(yaml.safe_dump(tree, allow_unicode=True, sort_keys=False), "utf-8")
    try:
        load_spec(spec)
    except SpecError as exc:
        checked: list[str] | None = [str(p) for p in exc.problems]
        assert all(p.line >= 1 for p in exc.problems), checked
    else:
        checked = None
    out = folder / "out"
    shutil.rmtree(out, ignore_errors=True)
    try:
        build(spec, out=out, only=frozenset({"pdf", "pptx"}))
    except SpecError as exc:
        assert checked == [str(p) for p in exc.problems], "build refused it differently"
    except BuildError as exc:
        raise AssertionError(f"check passed, build failed: {exc}") from exc
    else:
        assert checked is None, f"check refused it, build made it:\n{checked}"
