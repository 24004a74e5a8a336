"""Inputs that once passed `check` but broke `build`: each is now a located error."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from reportgen.errors import SpecError
from reportgen.spec.loader import load_spec

BASE = (Path(__file__).resolve().parent / "base.yaml").read_text("utf-8")


def problems(tmp_path: Path, text: str) -> list[str]:
    spec = tmp_path / "spec.yaml"
    spec.write_text(text, "utf-8")
    with pytest.raises(SpecError) as caught:
        load_spec(spec)
    return [str(p) for p in caught.value.problems]


def test_a_csv_path_written_as_a_number_is_checked(tmp_path: Path) -> None:
    text = BASE.replace("data:\n", "data:\n  numbered: {csv: 2024, source: s}\n", 1)
    found = problems(tmp_path, text)
    assert any("data.numbered.csv: the file '2024' does not exist" in p for p in found), found


def test_a_placeholder_broken_over_lines_is_an_error(tmp_path: Path) -> None:
    text = BASE.replace("outputs:\n", '  - heading: "Split"\n    body: "a {{ key_figures.\\n'
                        '      x }} b"\noutputs:\n', 1)
    found = problems(tmp_path, text)
    assert any("names no key figure" in p for p in found), found


def test_a_webp_logo_is_refused(tmp_path: Path) -> None:
    Image.new("RGB", (8, 8), "red").save(tmp_path / "logo.webp", "WEBP")
    found = problems(tmp_path, BASE.replace("outputs:\n", "theme: {logo: logo.webp}\noutputs:\n"))
    assert any("theme.logo" in p and "not a readable PNG or JPEG" in p for p in found), found


@pytest.mark.parametrize("value", ["1.0e+308", "-3.0e+16"])
def test_values_too_large_to_chart_are_refused(tmp_path: Path, value: str) -> None:
    text = BASE
    first_number = next(line for line in text.splitlines() if "usd_bn:" in line)
    number = first_number.split("usd_bn:")[1].strip(" }")
    found = problems(tmp_path, text.replace(first_number,
                                            first_number.replace(number, value, 1), 1))
    assert any("too large to chart" in p for p in found), found


def test_an_opentype_cff_font_is_refused(tmp_path: Path) -> None:
    (tmp_path / "Brand.otf").write_bytes(b"OTTO" + b"\x00" * 60)
    found = problems(tmp_path, BASE.replace("outputs:\n", "theme: {font: Brand.otf}\noutputs:\n"))
    assert any("theme.font" in p and "use a TrueType (.ttf) font" in p for p in found), found
