"""Typed params: declarations, values given by -P, --params and the API, `{{ params.NAME }}`
in every text field, in `outputs.basename` and in `where`, and their located errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reportgen.errors import SpecError
from reportgen.spec.loader import load_spec
from reportgen.spec.params import Given, Origin, read_text
from tests.conftest import run_cli
from tests.param_spec import SPEC, deck_text, pdf_text, write_project


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "project")


def _line_of(text: str, needle: str) -> tuple[int, int]:
    """1-based line and column of the first `needle` in `text`."""
    before = text[: text.index(needle)]
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


def test_defaults_fill_every_kind_of_text_field(project: Path) -> None:
    loaded = load_spec(project)
    spec = loaded.spec
    assert spec.report.title == "Trade of Azerbaijan in 2024"
    assert spec.report.summary[0].startswith("Azerbaijan traded {{ key_figures.total }}")
    assert spec.authors[0].bio == "Writes about **Azerbaijan**."
    assert spec.key_figures[0].label == "Trade of Azerbaijan, 2024"
    assert spec.data["trade"].source == "Customs office of Azerbaijan"
    assert spec.charts[0].title == "Azerbaijan: goods flows in 2024"
    assert spec.charts[0].y_label == "USD bn (2024)"
    assert spec.sections[0].heading == "Azerbaijan in 2024"
    assert spec.outputs.basename == "trade-Azerbaijan-2024"
    assert loaded.params == {"country": "Azerbaijan", "year": 2024}
    # `where` compares typed: the integer 2024 picks the CSV's numeric year column.
    assert spec.key_figures[0].value == pytest.approx(1.18 + 3.62)


def test_given_values_replace_the_defaults_with_their_types(project: Path) -> None:
    loaded = load_spec(project, params={"country": "Georgia", "year": "2023"})
    assert loaded.params == {"country": "Georgia", "year": 2023}
    assert loaded.spec.report.title == "Trade of Georgia in 2023"
    assert loaded.spec.key_figures[0].value == pytest.approx(0.64 + 1.75)
    assert [row[2] for row in loaded.tables["chosen"].rows] == ["exports", "imports"]


def test_a_param_alone_in_a_field_keeps_its_type(tmp_path: Path) -> None:
    spec = write_project(tmp_path)
    text = SPEC.replace("    decimals: 2\n", '    decimals: "{{ params.digits }}"\n').replace(
        "  year: {type: integer, default: 2024}\n",
        "  year: {type: integer, default: 2024}\n  digits: {type: integer, default: 3}\n"
        "  show_pdf: {type: boolean, default: false}\n").replace(
        '  basename: "', '  pdf: "{{ params.show_pdf }}"\n  basename: "')
    spec.write_text(text, encoding="utf-8")
    loaded = load_spec(spec, params={"digits": "1"})
    assert loaded.spec.key_figures[0].decimals == 1
    assert loaded.spec.outputs.pdf.enabled is False
    assert loaded.params["show_pdf"] is False


def test_the_cli_builds_a_variant_and_the_manifest_records_every_param(project: Path) -> None:
    out = project.parent / "out"
    result = run_cli("build", project, "--out", out, "-P", "country=Georgia", "-P", "year=2023")
    assert result.returncode == 0, result.stderr
    pdf, deck = out / "trade-Georgia-2023.pdf", out / "trade-Georgia-2023.pptx"
    assert "Trade of Georgia in 2023" in pdf_text(pdf)
    assert "$2.39bn" in pdf_text(pdf)
    assert "Georgia: goods flows in 2023" in deck_text(deck)
    manifest = json.loads((out / "trade-Georgia-2023.manifest.json").read_text())
    assert manifest["params"] == {"country": "Georgia", "year": 2023}


def test_a_params_file_sets_values_and_p_overrides_it(project: Path) -> None:
    values = project.parent / "georgia.yaml"
    values.write_text("country: Georgia\nyear: 2023\n", encoding="utf-8")
    out = project.parent / "out"
    result = run_cli("build", project, "--out", out, "--params", values, "-P", "year=2024")
    assert result.returncode == 0, result.stderr
    manifest = json.loads((out / "trade-Georgia-2024.manifest.json").read_text())
    assert manifest["params"] == {"country": "Georgia", "year": 2024}


def test_a_p_option_of_the_wrong_type_names_the_option_and_the_param(project: Path) -> None:
    out = project.parent / "out"
    result = run_cli("build", project, "--out", out, "-P", "year=twenty")
    assert result.returncode == 2
    assert "-P year=twenty: params.year: expected a whole number but got 'twenty'" in (
        result.stderr)
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_an_undeclared_p_option_is_an_error_with_a_hint(project: Path) -> None:
    result = run_cli("check", project, "-P", "contry=Georgia")
    assert result.returncode == 2
    assert ("-P contry=Georgia: params.contry: unknown param 'contry'; did you mean 'country'? "
            "(declared: country, year)") in result.stderr


def test_a_p_option_without_a_value_is_an_error(project: Path) -> None:
    result = run_cli("check", project, "-P", "country")
    assert result.returncode == 2
    assert "-P country: expected NAME=VALUE" in result.stderr


def test_a_params_file_error_points_at_its_line_and_column(project: Path) -> None:
    values = project.parent / "values.yaml"
    values.write_text("country: Georgia\nyear: \"2023\"\nregion: Caucasus\n", encoding="utf-8")
    result = run_cli("check", project, "--params", values)
    assert result.returncode == 2
    assert "values.yaml:2:7: year: expected a whole number but got '2023'; in quotes it is " \
           "text: write it without the quotes" in result.stderr
    assert "values.yaml:3:9: region: unknown param 'region'" in result.stderr


def test_a_placeholder_naming_no_param_is_located_in_the_spec(tmp_path: Path) -> None:
    spec = write_project(tmp_path)
    text = SPEC.replace("traded {{ key_figures.total }}.\n",
                        "traded {{ key_figures.total }} in {{ params.yaer }}.\n")
    spec.write_text(text, encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        load_spec(spec)
    line, col = _line_of(text, "{{ params.yaer }}")
    (problem,) = caught.value.problems
    assert (problem.line, problem.col, problem.path) == (line, col, "sections.0.body")
    assert problem.message == ("{{ params.yaer }} names no param; did you mean 'year'? "
                               "(declared: country, year)")


def test_a_default_of_the_wrong_type_is_located_at_the_default(tmp_path: Path) -> None:
    spec = write_project(tmp_path)
    text = SPEC.replace("default: 2024}", "default: \"2024\"}")
    spec.write_text(text, encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        load_spec(spec)
    line, col = _line_of(text, '"2024"}')
    assert [(p.line, p.col, p.path) for p in caught.value.problems] == [
        (line, col, "params.year.default")]
    assert "in quotes it is text" in caught.value.problems[0].message


def test_an_unknown_param_type_is_a_schema_error_with_a_hint(tmp_path: Path) -> None:
    spec = write_project(tmp_path)
    spec.write_text(SPEC.replace("{type: integer,", "{type: integr,"), encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        load_spec(spec)
    assert any(p.path == "params.year.type" and "did you mean 'integer'" in p.message
               for p in caught.value.problems)


def test_params_are_refused_in_a_query(tmp_path: Path) -> None:
    spec = write_project(tmp_path)
    text = SPEC.replace("  regions:\n", (
        "  picked:\n    sql: \"SELECT * FROM t WHERE c = '{{ params.country }}'\"\n"
        "    db: data/x.sqlite\n  regions:\n"))
    spec.write_text(text, encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        load_spec(spec)
    assert any(p.path == "data.picked.sql" and "params cannot be used in a query" in p.message
               for p in caught.value.problems)


def test_a_value_that_matches_no_rows_fails_where_the_filter_is(project: Path) -> None:
    with pytest.raises(SpecError) as caught:
        load_spec(project, params={"country": "Narnia"})
    assert any(p.path.startswith("data.chosen.where") or p.path.startswith("key_figures")
               for p in caught.value.problems), caught.value


@pytest.mark.parametrize(("text", "kind", "value"), [
    ("2024", "integer", 2024), ("-3", "integer", -3), ("1.50", "number", 1.5),
    ("7", "number", 7), ("yes", "boolean", True), ("False", "boolean", False),
    ("2025-03-01", "date", "2025-03-01"), (" x ", "string", " x "),
])
def test_text_is_read_by_type(text: str, kind: str, value: object) -> None:
    found = read_text(text, kind)
    assert found is not None and found.value == value


@pytest.mark.parametrize(("text", "kind"), [
    ("2024.5", "integer"), ("1e999", "number"), ("nan", "number"), ("maybe", "boolean"),
    ("2025-02-30", "date"), ("01/03/2025", "date"),
])
def test_text_of_another_type_is_refused(text: str, kind: str) -> None:
    assert read_text(text, kind) is None


def test_a_value_with_braces_or_control_characters_is_refused(project: Path) -> None:
    for bad in ("{{ key_figures.total }}", "Geor\x07gia"):
        with pytest.raises(SpecError) as caught:
            load_spec(project, params={"country": Given(bad, Origin("-P country=x",
                                                                    path="params.country"))})
        assert caught.value.problems[0].file == "-P country=x"


def test_the_schema_documents_params() -> None:
    from reportgen.spec.models import Spec

    schema = Spec.model_json_schema()
    param = schema["$defs"]["Param"]
    assert set(param["properties"]["type"]["enum"]) == {
        "string", "integer", "number", "boolean", "date"}
    assert "params" in schema["properties"]
