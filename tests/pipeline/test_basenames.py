"""Titles in any script give file names that keep reports apart (issue 8)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.pipeline.plan import slug
from tests.conftest import run_cli

BASE = Path(__file__).resolve().parents[1] / "spec" / "base.yaml"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Azerbaijan and Russia: Distrustful but Pragmatic Relations",
         "azerbaijan-and-russia-distrustful-but-pragmatic-relations"),
        ("Türkiye's Role — an Overview", "turkiye-s-role-an-overview"),
        ("Россия и Грузия", "россия-и-грузия"),
        ("საქართველო და რუსეთი", "საქართველო-და-რუსეთი"),
        ("Azərbaycan və Rusiya", "azərbaycan-və-rusiya"),
        ("中俄关系", "中俄关系"),
        ("!!!", "report"),
    ],
)
def test_a_title_in_any_script_keeps_its_letters(title: str, expected: str) -> None:
    assert slug(title) == expected


def test_titles_that_differ_only_outside_ascii_get_different_names() -> None:
    titles = ["Россия и Грузия", "Россия и Армения", "საქართველო და რუსეთი",
              "Azərbaycan və Rusiya", "Azerbaycan ve Rusiya"]
    assert len({slug(t) for t in titles}) == len(titles)


def test_a_russian_and_a_georgian_brief_share_a_folder_without_overwriting(
    tmp_path: Path,
) -> None:
    specs = []
    for name, title in (("ru", "Россия и Грузия"), ("ka", "საქართველო და რუსეთი")):
        text = BASE.read_text().replace('title: "Trade between A and B"', f'title: "{title}"')
        folder = tmp_path / name
        folder.mkdir()
        (folder / "report.yaml").write_text(text, encoding="utf-8")
        specs.append(folder / "report.yaml")
    for spec in specs:
        built = run_cli("build", spec, "--only", "pdf,pptx", "--out", tmp_path / "shared")
        assert built.returncode == 0, built.stderr
    names = sorted(p.name for p in (tmp_path / "shared").iterdir() if p.suffix == ".pdf")
    assert names == ["россия-и-грузия.pdf", "საქართველო-და-რუსეთი.pdf"]
