"""The sample spec and the `reportgen init` starter validate against `reportgen schema`
(with a JSON Schema validator, as an editor would), and both compute figures from data."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from reportgen.starter import write_starter
from tests.conftest import SAMPLE, run_cli


def _plain(value: Any) -> Any:
    """YAML values as JSON has them (YAML reads an unquoted 2025-03-01 as a date)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    result = run_cli("schema")
    assert result.returncode == 0
    return jsonschema.Draft202012Validator(json.loads(result.stdout))


def _spec(path: Path) -> dict[str, Any]:
    return _plain(yaml.safe_load(path.read_text("utf-8")))


def test_the_starter_validates_and_computes_a_figure_from_a_second_source(
        validator: jsonschema.Draft202012Validator, tmp_path: Path) -> None:
    spec = _spec(write_starter(tmp_path))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(spec)]
    assert not errors
    assert any(isinstance(f["value"], dict) for f in spec["key_figures"])
    assert {k for d in spec["data"].values() for k in d} & {"excel", "json", "sql"}
    assert spec["tables"]


def test_the_sample_validates_and_computes_its_sums_and_shares(
        validator: jsonschema.Draft202012Validator) -> None:
    spec = _spec(SAMPLE)
    assert not [e.message for e in validator.iter_errors(spec)]
    computed = {f["id"] for f in spec["key_figures"] if isinstance(f["value"], dict)}
    assert {"az_exports_to_ru", "az_imports_from_ru", "two_way_trade",
            "ru_share_of_az_exports"} <= computed
    assert spec["tables"]
