"""The quality of messages: hints for typos, every problem at once, the right line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from reportgen.errors import Problem, SpecError
from reportgen.spec.loader import load_spec
from reportgen.spec.validate import did_you_mean

BASE = (Path(__file__).resolve().parent / "base.yaml").read_text("utf-8")


def problems_of(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> list[Problem]:
    """Every problem `load_spec` reports for a spec with this text."""
    (tmp_path / "spec.yaml").write_text(text, "utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SpecError) as caught:
        load_spec(Path("spec.yaml"))
    return caught.value.problems


def test_a_misspelt_key_gets_a_hint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    problems = problems_of(tmp_path, monkeypatch, BASE.replace("  title:", "  titel:", 1))
    assert "spec.yaml:3:3: report.titel: unknown key 'titel'; did you mean 'title'?" in map(
        str, problems)


def test_a_misspelt_enum_value_gets_a_hint(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    problems = problems_of(tmp_path, monkeypatch, BASE.replace("type: bar", "type: barr"))
    assert [str(p) for p in problems] == [
        "spec.yaml:21:11: charts.0.type: expected one of bar, barh, stacked_bar, line, area, "
        "pie, donut, scatter but got 'barr'; did you mean 'bar'?"]


def test_hints_ignore_case_and_stay_quiet_without_a_close_match() -> None:
    assert did_you_mean("a4", ["A4", "letter"]) == "; did you mean 'A4'?"
    assert did_you_mean("Title", ["title", "subtitle"]) == "; did you mean 'title'?"
    assert did_you_mean("zzz", ["title", "subtitle"]) == ""
    assert did_you_mean("7", [7, "x"]) == "; did you mean '7'?"


FIVE_MISTAKES = (
    BASE.replace("date: 2025-03-01", "date: 2025-02-30")  # line 4
    .replace("decimals: 1", "decimals: 11")  # line 11
    .replace("type: bar", "type: barr")  # line 21
    .replace("y: usd_bn", "y: usd_bnn")  # line 24
    .replace("charts: [trade_bar]", "charts: [trade_bar, trade_pie]")  # line 29
)


def test_every_problem_is_reported_in_one_run(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(FIVE_MISTAKES, "utf-8")
    result = subprocess.run([sys.executable, "-m", "reportgen", "check", "spec.yaml"],
                            capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    located = [line for line in lines if line.startswith("spec.yaml:")]
    assert [line.split(":")[1] for line in located] == ["4", "11", "21", "24", "29"], result.stderr
    assert "did you mean 'bar'?" in located[2]
    assert "did you mean 'usd_bn'?" in located[3]
    assert "unknown chart 'trade_pie'" in located[4]
    assert lines[-1] == "reportgen: 5 problems found; nothing was written"
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("old", "new", "where"), [
    ('  title: "Trade between A and B"\n', "", "spec.yaml:2:1: report.title: "),
    ('    title: "B sells A more than it buys"\n', "", "spec.yaml:20:5: charts.0.title: "),
    ('  - name: "A. Author"\n', '  - role: "Analyst"\n', "spec.yaml:6:5: authors.0.name: "),
    ('    label: "Exports from A to B"\n', "", "spec.yaml:8:5: key_figures.0.label: "),
])
def test_a_missing_key_points_at_its_parent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            old: str, new: str, where: str) -> None:
    assert old in BASE
    problems = problems_of(tmp_path, monkeypatch, BASE.replace(old, new))
    key = where.split(": ")[1].rsplit(".", 1)[-1]
    assert [str(p) for p in problems] == [f"{where}missing required key {key!r}"]


def test_a_wrong_type_says_what_was_expected_and_what_arrived(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    problems = problems_of(tmp_path, monkeypatch, BASE.replace("dir: dist", "dir: [dist]"))
    assert [str(p) for p in problems] == [
        "spec.yaml:31:8: outputs.dir: expected text but got a list"]


def test_yaml_merge_keys_may_override_what_they_merge(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # An anchor on the first chart, merged into a second that overrides some keys:
    # overriding a merged key is plain YAML, not a duplicate key.
    text = BASE.replace("  - id: trade_bar\n", "  - &chart\n    id: trade_bar\n").replace(
        "sections:\n", "  - <<: *chart\n    id: trade_line\n    type: line\nsections:\n").replace(
        "charts: [trade_bar]", "charts: [trade_bar, trade_line]")
    (tmp_path / "spec.yaml").write_text(text, "utf-8")
    monkeypatch.chdir(tmp_path)
    loaded = load_spec(Path("spec.yaml"))
    second = loaded.spec.charts[1]
    assert (second.id, second.type, second.data, second.title) == (
        "trade_line", "line", "trade", "B sells A more than it buys")
    assert list(loaded.located.value["charts"][1]) == list(loaded.located.value["charts"][0])
    assert loaded.located.mark(("charts", 1, "type")).line == 29


def test_a_key_written_twice_in_one_mapping_is_still_an_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = BASE.replace("    type: bar\n", "    type: bar\n    type: line\n")
    problems = problems_of(tmp_path, monkeypatch, text)
    assert [str(p) for p in problems] == [
        "spec.yaml:22:5: charts.0.type: duplicate key 'type' (first defined at line 21, column 5)"]


def test_a_duplicate_key_is_reported_with_every_other_problem(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = FIVE_MISTAKES.replace("    type: barr\n", "    type: barr\n    type: line\n")
    problems = problems_of(tmp_path, monkeypatch, text)
    lines = [str(p) for p in problems]
    assert "spec.yaml:22:5: charts.0.type: duplicate key 'type' (first defined at line 21, " \
           "column 5)" in lines
    assert [p.line for p in problems] == [4, 11, 21, 22, 25, 30], lines
    assert "did you mean 'bar'?" in lines[2] and "did you mean 'usd_bn'?" in lines[4]


def test_duplicate_keys_and_refused_tags_are_all_reported(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = BASE.replace('  title: "Trade between A and B"\n',
                        '  title: "Trade between A and B"\n  title: again\n'
                        "  subtitle: !!python/name:os.system x\n")
    text = text.replace("  dir: dist\n", "  dir: dist\n  dir: out\n")
    lines = [str(p) for p in problems_of(tmp_path, monkeypatch, text)]
    assert lines == [
        "spec.yaml:4:3: report.title: duplicate key 'title' (first defined at line 3, column 3)",
        "spec.yaml:5:13: report.subtitle: the tag '!!python/name:os.system' is not allowed: "
        "only plain YAML is accepted",
        "spec.yaml:34:3: outputs.dir: duplicate key 'dir' (first defined at line 33, column 3)",
    ]


BLOCK_BODY = """\
    body: |
      The first line is fine.
      So is the second, with {{ key_figures.exports }}.

      But {{ key_figures.export }} on line five of the body is not.
"""


@pytest.mark.parametrize(("style", "body", "line", "col"), [
    ("literal", BLOCK_BODY, 32, 11),
    ("folded", BLOCK_BODY.replace("body: |", "body: >-"), 32, 11),
    ("plain over lines", "    body: The first line\n      and {{ key_figures.export }} later\n",
     29, 11),
    ("double quoted", '    body: "One \\"quoted\\" line\n\n      then {{ key_figures.export }}"\n',
     30, 12),
    ("single quoted", "    body: 'It''s\n      {{ key_figures.export }}'\n", 29, 7),
])
def test_a_problem_inside_multi_line_text_points_at_its_own_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, style: str, body: str, line: int,
        col: int) -> None:
    text = BASE.replace('    body: "Exports were {{ key_figures.exports }}."\n', body)
    problems = problems_of(tmp_path, monkeypatch, text)
    assert [(p.line, p.col, p.path) for p in problems] == [(line, col, "sections.0.body")], (
        style, [str(p) for p in problems])
    assert "{{ key_figures.export }} names no key figure; did you mean 'exports'?" in \
        problems[0].message
    source_line = text.splitlines()[line - 1]
    assert source_line[col - 1:].startswith("{{ key_figures.export }}")


@pytest.mark.parametrize("indicator", ["|", ">", "|-"])
def test_a_bad_link_inside_a_block_points_at_the_link(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, indicator: str) -> None:
    body = (f"    body: {indicator}\n      Exports were {{{{ key_figures.exports }}}}.\n\n"
            "      See [the file](ftp://example.org/data) for more.\n")
    text = BASE.replace('    body: "Exports were {{ key_figures.exports }}."\n', body)
    problems = problems_of(tmp_path, monkeypatch, text)
    assert [(p.line, p.col, p.path) for p in problems] == [(31, 22, "sections.0.body")], [
        str(p) for p in problems]
    assert text.splitlines()[30][21:].startswith("ftp://")
