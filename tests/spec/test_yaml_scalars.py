"""Scalars: text fields keep exactly what was typed; numbers are YAML 1.2 numbers, strictly.

PyYAML reads YAML 1.1, where `12:30:00` is the number 45000, `0777` is 511, `yes` is
true and `1_000` is 1000: a title typed as `12:30:00` printed as `45000`. Now a field
that wants text gets the typed text, and a field that wants a number gets a YAML 1.2
number or a located error.
"""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from reportgen.errors import SpecError
from reportgen.spec.loader import load_spec
from reportgen.spec.source import parse_yaml, resolve_plain

BASE = (Path(__file__).resolve().parent / "base.yaml").read_text("utf-8")
TYPED = ["12:30:00", "0777", "yes", "no", "on", "off", "1_000", "0x1F", "+.inf", "1.50",
         "1e3", "true", "2024", "-0", "0o17", ".NaN", "~x", "2025-03-01"]
"""Texts YAML 1.1 (or YAML 1.2) would read as something else if they were not text fields."""


def spec_with(tmp_path: Path, text: str) -> Path:
    spec = tmp_path / "spec.yaml"
    spec.write_text(text, "utf-8")
    return spec


@pytest.mark.parametrize("typed", TYPED)
def test_a_text_field_keeps_exactly_what_was_typed(tmp_path: Path, typed: str) -> None:
    text = (BASE.replace('  title: "Trade between A and B"', f"  title: {typed}")
            .replace('    label: "Exports from A to B"', f"    label: {typed}")
            .replace('  - heading: "Trade"', f"  - heading: {typed}")
            .replace("  date: 2025-03-01\n", f"  date: 2025-03-01\n  keywords: [{typed}, b]\n"))
    loaded = load_spec(spec_with(tmp_path, text))
    assert loaded.spec.report.title == typed
    assert loaded.spec.report.keywords == [typed, "b"]
    assert loaded.spec.key_figures[0].label == typed
    assert loaded.spec.sections[0].heading == typed


def test_ids_columns_and_keys_are_text_as_typed(tmp_path: Path) -> None:
    text = (BASE.replace("{flow: \"A to B\", usd_bn: 1.5}", "{flow: 12:30, 0777: 1.5}")
            .replace("{flow: \"B to A\", usd_bn: 3.5}", "{flow: 0x10, 0777: 3.5}")
            .replace("{flow: \"A to C\", usd_bn: 0.5}", "{flow: C, 0777: 0.5}")
            .replace("y: usd_bn", "y: 0777"))
    loaded = load_spec(spec_with(tmp_path, text))
    assert loaded.spec.charts[0].y == ["0777"]
    table = loaded.tables["trade"]
    assert table.columns == ("flow", "0777")
    assert list(table.column("flow")) == ["12:30", 16.0, "C"]  # a cell is data: 0x10 is 16


@pytest.mark.parametrize(("typed", "value"), [
    ("12", 12.0), ("0x1F", 31.0), ("0o17", 15.0), ("1e3", 1000.0), ("-2.5", -2.5), ("0777", 777.0),
])
def test_a_number_field_reads_yaml_1_2_numbers(tmp_path: Path, typed: str, value: float) -> None:
    loaded = load_spec(spec_with(tmp_path, BASE.replace("    value: 1.5", f"    value: {typed}")))
    assert loaded.spec.key_figures[0].value == value


@pytest.mark.parametrize(("typed", "message"), [
    ('"12"', "expected a number but got '12'; in quotes it is text"),
    ("1_000", "expected a number but got '1_000'"),
    ("12:30", "expected a number but got '12:30'"),
    ("yes", "expected a number but got 'yes'"),
    ("+.inf", "finite number"),
    ("true", "expected a number but got True"),
])
def test_text_where_a_number_is_wanted_is_a_located_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, typed: str, message: str) -> None:
    spec = spec_with(tmp_path, BASE.replace("    value: 1.5", f"    value: {typed}"))
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SpecError) as caught:
        load_spec(Path(spec.name))
    found = [str(p) for p in caught.value.problems]
    assert any(p.startswith("spec.yaml:10:12: key_figures.0.value: ") and message in p
               for p in found), found


@pytest.mark.parametrize(("typed", "message"), [
    ("yes", "expected true or false but got 'yes'"), ('"true"', "in quotes it is text"),
    ("1", "expected true or false but got 1"),
])
def test_a_flag_takes_only_true_or_false(tmp_path: Path, typed: str, message: str) -> None:
    text = BASE.replace("    charts: [trade_bar]\n",
                        f"    charts: [trade_bar]\n    slide: {typed}\n")
    with pytest.raises(SpecError) as caught:
        load_spec(spec_with(tmp_path, text))
    assert any("sections.0.slide" in str(p) and message in str(p)
               for p in caught.value.problems), caught.value.problems


def test_yaml_1_2_core_schema() -> None:
    assert resolve_plain("12:30:00") == "12:30:00"
    assert resolve_plain("0777") == 777 and resolve_plain("0o777") == 511
    assert resolve_plain("0x1F") == 31 and resolve_plain("1_000") == "1_000"
    assert resolve_plain("yes") == "yes" and resolve_plain("True") is True
    assert resolve_plain("~") is None and resolve_plain("") is None
    assert resolve_plain("-.inf") == -math.inf and math.isnan(resolve_plain(".nan"))
    assert resolve_plain("1e3") == 1000.0 and resolve_plain("9" * 400) == "9" * 400
    assert parse_yaml("a: !!str 0777\nb: !!int '12'\nc: !!float 1\n").value == {
        "a": "0777", "b": 12, "c": 1.0}


def test_the_brief_prints_the_title_as_typed(tmp_path: Path) -> None:
    text = (BASE.replace('  title: "Trade between A and B"', "  title: 12:30:00")
            .replace('  - heading: "Trade"', "  - heading: 0777"))
    spec = spec_with(tmp_path, text)
    result = subprocess.run([sys.executable, "-m", "reportgen", "build", spec.name, "--only",
                             "pdf"], capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert result.returncode == 0, result.stderr
    (pdf,) = (tmp_path / "dist").glob("*.pdf")
    words = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "12:30:00" in words and "0777" in words
    assert "45000" not in words and "511" not in words


def test_a_filter_keeps_numbers_and_text_as_typed(tmp_path: Path) -> None:
    text = BASE.replace("{flow: \"A to B\", usd_bn: 1.5}", "{flow: 0777, usd_bn: 1.5, year: 2024}")
    text = text.replace("{flow: \"B to A\", usd_bn: 3.5}", "{flow: B, usd_bn: 3.5, year: 2023}")
    text = text.replace("{flow: \"A to C\", usd_bn: 0.5}", "{flow: C, usd_bn: 0.5, year: 2022}")
    text = text.replace("    value: 1.5\n", "    value: {data: trade, column: usd_bn, agg: sum, "
                                           "where: {year: 2024}}\n")
    loaded = load_spec(spec_with(tmp_path, text))
    assert loaded.spec.key_figures[0].value == 1.5
    assert loaded.located.value["key_figures"][0]["value"]["where"] == {"year": 2024}
    text = text.replace("where: {year: 2024}", "where: {flow: [0777, B, 12:30]}")
    loaded = load_spec(spec_with(tmp_path, text))
    assert loaded.located.value["key_figures"][0]["value"]["where"] == {
        "flow": [777, "B", "12:30"]}  # a filter value is data: YAML 1.2, like the cells
