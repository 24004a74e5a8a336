"""The one definition of refused characters (`reportgen.text`), applied everywhere text
comes in: spec scalars (escapes), CSV cells and headers; and the writers' cleaning."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.data.sources import from_csv
from reportgen.errors import SpecError
from reportgen.spec.loader import load_spec
from reportgen.text import MAX_MARKS, REFUSED, clean, one_line, refused_message
from tests.hostile import build_spec, write_spec

REFUSED_CHARS = ["\ufffe", "\uffff", "\ufdd0", "\ufdef", "\U0001fffe", "\U0010ffff",
                 "\x01", "\x1f", "\x7f", "\x80", "\x9f", "\ud800"]


@pytest.mark.parametrize("char", REFUSED_CHARS)
def test_every_refused_character_is_named(char: str) -> None:
    message = refused_message(f"ab{char}c")
    assert message is not None and f"U+{ord(char):04X} at character 3" in message
    assert clean(f"ab{char}c") == "abc"


@pytest.mark.parametrize("text", ["plain", "tab\tnew\nline\r", "NEL\x85", "é ə ქ 中 ₼",
                                  "\ue000 private use", "a" + "\u0301" * MAX_MARKS])
def test_ordinary_text_passes(text: str) -> None:
    assert refused_message(text) is None
    assert REFUSED.search(text) is None


def test_one_line_turns_breaks_into_spaces() -> None:
    assert one_line("a\r\nb\nc\td\u2028e\x85f\x0bg\ufffe") == "a b c d e f g"


@pytest.mark.parametrize(("escape", "refused"), [
    ("\\uFFFE", "\\uFFFE"), ("\\uFFFF", "\\uFFFF"), ("\\uFDD0", "\\uFDD0"),
    ("\\U0001FFFF", "\\U0001FFFF"), ("\\x85x\\x9f", "\\x9f"),  # U+0085 is allowed
])
def test_spec_escapes_of_refused_characters_are_located_errors(tmp_path: Path, escape: str,
                                                                refused: str) -> None:
    base = (Path(__file__).parent / "spec" / "base.yaml").read_text("utf-8")
    text = base.replace('heading: "Trade"', f'heading: "Trade {escape} here"')
    spec = write_spec(tmp_path, text=text)
    with pytest.raises(SpecError) as caught:
        load_spec(spec)
    (problem,) = caught.value.problems
    assert problem.path == "sections.0.heading"
    at = text.index(refused, text.index('"Trade \\'))  # at the escape itself, inside the text
    assert (problem.line, problem.col) == (text[:at].count("\n") + 1, at - text.rindex("\n", 0, at))
    assert "which no document can hold" in problem.message


def test_noncharacters_in_every_text_field_never_reach_a_writer(tmp_path: Path) -> None:
    """Before the fix, U+FFFE in a title crashed the deck (lxml refuses it)."""
    base = (Path(__file__).parent / "spec" / "base.yaml").read_text("utf-8")
    text = base.replace('title: "Trade between A and B"', 'title: "Trade \\uFFFE \\uFFFF"')
    with pytest.raises(SpecError) as caught:
        build_spec(write_spec(tmp_path, text=text))
    assert caught.value.problems[0].path == "report.title"


def test_csv_cells_and_headers_with_refused_characters(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text("name\ufffe,v\nok,1\nbad\uffff,2\n", encoding="utf-8")
    table, problems = from_csv("d", path, "d.csv", None)
    assert table is None
    assert [(p.line, p.message.split(":")[0]) for p in problems] == [
        (1, "the header row contains a noncharacter (reserved for internal use)"),
        (3, "column 'name\\ufffe' contains a noncharacter (reserved for internal use)"),
    ]


def test_a_flood_of_combining_marks_is_refused_where_it_stands(tmp_path: Path) -> None:
    """19,000 marks on one letter took matplotlib 1.5 GiB and 7 s to lay out."""
    spec = write_spec(tmp_path, lambda s: s["charts"][0].update(title="a" + "\u0301" * 19_000))
    with pytest.raises(SpecError) as caught:
        load_spec(spec)
    (problem,) = caught.value.problems
    assert problem.path == "charts.0.title"
    assert "19,000 combining marks in a row at character 2" in problem.message
    cut = clean("a" + "\u0301" * 100)
    assert len(cut) == 1 + MAX_MARKS


def test_combining_marks_in_csv_cells_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text("name,v\n" + "x" + "\u0300" * 40 + ",1\n", encoding="utf-8")
    table, problems = from_csv("d", path, "d.csv", None)
    assert table is None and "40 combining marks" in problems[0].message
