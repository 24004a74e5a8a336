"""Chart kinds: each rule lives once, so `check` rejects what a build would fail to draw."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.data.kinds import CHART_TYPES, KINDS
from reportgen.data.series import ChartData, Series
from tests.conftest import run_cli

BASE = Path(__file__).resolve().parents[1] / "spec" / "base.yaml"


def _spec(tmp_path: Path, chart: str, rows: str) -> Path:
    """The base spec with another chart and dataset."""
    text = BASE.read_text()
    text = text.replace(
        '      - {flow: "A to B", usd_bn: 1.5}\n      - {flow: "B to A", usd_bn: 3.5}\n'
        '      - {flow: "A to C", usd_bn: 0.5}\n', rows
    )
    text = text.replace("    type: bar\n", chart)
    spec = tmp_path / "report.yaml"
    spec.write_text(text)
    return spec


CASES = {
    "stacked area with a negative value": (
        "    type: area\n",
        '      - {flow: "A to B", usd_bn: 1.5, other: 2}\n'
        '      - {flow: "B to A", usd_bn: -3.5, other: 1}\n',
        "needs values of zero or more",
    ),
    "pie of zeros": (
        "    type: pie\n",
        '      - {flow: "A to B", usd_bn: 0}\n      - {flow: "B to A", usd_bn: 0.0}\n',
        "every value is zero",
    ),
    "too many slices": (
        "    type: donut\n",
        "".join(f'      - {{flow: "f{i}", usd_bn: {i + 1}}}\n' for i in range(40)),
        "at most 24 rows",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_check_rejects_what_drawing_would_fail_and_build_says_the_same(
    tmp_path: Path, case: str
) -> None:
    chart, rows, message = CASES[case]
    spec = _spec(tmp_path, chart, rows)
    if case.startswith("stacked"):
        spec.write_text(spec.read_text().replace("    y: usd_bn\n", "    y: [usd_bn, other]\n"))
    checked = run_cli("check", spec)
    assert checked.returncode == 2, checked.stdout + checked.stderr
    assert message in checked.stderr
    assert "report.yaml:" in checked.stderr and "charts.0." in checked.stderr
    built = run_cli("build", spec)
    assert built.returncode == 2
    assert [line for line in built.stderr.splitlines() if message in line] == [
        line for line in checked.stderr.splitlines() if message in line
    ]
    assert "Traceback" not in built.stderr
    assert not (tmp_path / "dist").exists()  # refused before anything was drawn


def test_a_three_digit_colour_builds(tmp_path: Path) -> None:
    spec = _spec(tmp_path, "    type: bar\n",
                 '      - {flow: "A to B", usd_bn: 1.5}\n      - {flow: "B to A", usd_bn: 3.5}\n')
    spec.write_text(spec.read_text() + 'theme: {primary: "#C00", accent: "#0a0"}\n')
    assert run_cli("check", spec).returncode == 0
    built = run_cli("build", spec, "--only", "pptx")
    assert built.returncode == 0, built.stderr
    from pptx import Presentation

    deck = Presentation(str(next((tmp_path / "dist").glob("*.pptx"))))
    xml = b"".join(s.part.blob for s in deck.slides)
    assert b'val="CC0000"' in xml


def test_every_kind_accepts_ordinary_data() -> None:
    data = ChartData(("a", "b", "c"), (Series("s", (1.0, 2.0, 3.0)),), x_values=(1.0, 2.0, 3.0))
    for name in CHART_TYPES:
        assert KINDS[name].check(data) == [], name


def test_limits_are_reported_with_the_numbers() -> None:
    many = ChartData(tuple(str(i) for i in range(300)), (Series("s", (1.0,) * 300),))
    (problem,) = KINDS["bar"].check(many)
    assert "at most 200 rows" in problem.message and "300" in problem.message
