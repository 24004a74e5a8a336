"""`reportgen schema` and the tool agree: every spec we ship passes the JSON Schema, and
every bad spec the schema can judge fails it.

The YAML is read as an editor's YAML plugin reads it (YAML 1.2: `2025-03-01` is text,
`yes` is text) and validated with the `jsonschema` package against the schema the
command prints, with formats (dates) checked.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from reportgen.spec.source import parse_yaml
from reportgen.starter import STARTER_SPEC

ROOT = Path(__file__).resolve().parents[2]
BAD = Path(__file__).resolve().parent / "bad"
EXPECTED: dict[str, dict[str, Any]] = yaml.safe_load((BAD / "expected.yaml").read_text("utf-8"))

GOOD = {
    "report.yaml": (ROOT / "report.yaml").read_text("utf-8"),
    "starter": STARTER_SPEC,
    "base.yaml": (Path(__file__).resolve().parent / "base.yaml").read_text("utf-8"),
    **{
        f"fixtures/{path.parent.name}": path.read_text("utf-8")
        for path in sorted((ROOT / "tests" / "fixtures" / "specs").glob("*/spec.yaml"))
    },
}

SCHEMA_CASES = [
    # the schema alone can tell these are wrong (no file, data or cross-reference needed)
    "missing_title.yaml", "missing_authors.yaml", "missing_chart_type.yaml",
    "wrong_type_value.yaml", "wrong_type_authors.yaml", "wrong_type_slide.yaml",
    "unknown_key.yaml", "unknown_top_key.yaml", "bad_enum.yaml", "bad_enum_page_size.yaml",
    "version_2.yaml", "bad_date.yaml", "bad_date_text.yaml", "bad_timeline_date.yaml",
    "bad_colour.yaml", "bad_id.yaml", "bad_url.yaml", "empty_title.yaml", "decimals_11.yaml",
    "dpi_20.yaml", "quoted_number.yaml", "number_with_underscores.yaml", "yes_for_a_flag.yaml",
]


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    printed = subprocess.run([sys.executable, "-m", "reportgen", "schema"], capture_output=True,
                             text=True, check=True, timeout=120).stdout
    schema = json.loads(printed)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def as_editor_reads(text: str) -> Any:
    """The document as a YAML 1.2 reader sees it (plain dicts, lists, text and numbers)."""
    return parse_yaml(text).value


def test_the_fixtures_are_all_here() -> None:
    assert len(GOOD) >= 6


@pytest.mark.parametrize("name", sorted(GOOD))
def test_every_shipped_spec_passes_the_schema(name: str,
                                              validator: jsonschema.protocols.Validator) -> None:
    errors = [f"{'.'.join(map(str, e.absolute_path))}: {e.message}"
              for e in validator.iter_errors(as_editor_reads(GOOD[name]))]
    assert errors == []


@pytest.mark.parametrize("name", SCHEMA_CASES)
def test_a_bad_spec_fails_the_schema_too(name: str,
                                         validator: jsonschema.protocols.Validator) -> None:
    assert name in EXPECTED
    document = as_editor_reads((BAD / name).read_text("utf-8"))
    errors = list(validator.iter_errors(document))
    assert errors, f"{name} passes `reportgen schema` though reportgen refuses it"
