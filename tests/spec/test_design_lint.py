"""Design lint: `check` warns, located, about what would print badly; the new chart fields
(`highlight`, a scatter's `label`) are checked as strictly by `check` as by `build`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SPEC = """\
version: 1
report:
  title: "Trade between A and B"
  summary:
    - "A sells B less than it buys."
authors:
  - name: "A. Author"
key_figures:
  - {id: exports, label: "Exports", value: 1.5}
data:
  trade:
    source: "Test data"
    rows:
      - {flow: "A to B", usd_bn: 1.5, eur_bn: 1.4}
      - {flow: "B to A", usd_bn: 3.5, eur_bn: 3.2}
      - {flow: "A to C", usd_bn: 0.5, eur_bn: 0.4}
charts:
  - id: trade_bar
    type: bar
    data: trade
    x: flow
    y: usd_bn
    title: "B sells A more than it buys"
sections:
  - heading: "Trade"
    body: "Exports were {{ key_figures.exports }}."
    charts: [trade_bar]
outputs:
  dir: dist
"""
CHART = "    title: \"B sells A more than it buys\"\n"
SLICES = "".join(f"      - {{flow: \"F{i}\", usd_bn: {i + 1}, eur_bn: 1}}\n" for i in range(11))
SLICES_FEW = "".join(f"      - {{flow: \"F{i}\", usd_bn: {i + 1}, eur_bn: 1}}\n"
                     for i in range(5))
LONG = " ".join(["word"] * 31)

# name -> (the spec with one change, where the warning is, the start of its message)
WARNINGS = {
    "two_points": (SPEC.replace('      - {flow: "A to C", usd_bn: 0.5, eur_bn: 0.4}\n', ""),
                   "spec.yaml:18:11: charts.0.type: warning: ", "a chart of 2 values"),
    "stacked_one_category": (
        SPEC.replace("    type: bar\n", "    type: stacked_bar\n").replace(
            "    y: usd_bn\n", "    y: [usd_bn, eur_bn]\n    labels: {usd_bn: USD, eur_bn: EUR}\n")
        .replace('      - {flow: "B to A", usd_bn: 3.5, eur_bn: 3.2}\n', "").replace(
            '      - {flow: "A to C", usd_bn: 0.5, eur_bn: 0.4}\n', ""),
        "spec.yaml:19:8: charts.0.x: warning: ", "a stacked bar of one category"),
    "pie_of_many_slices": (
        SPEC.replace("    type: bar\n", "    type: pie\n").replace(
            '      - {flow: "A to C", usd_bn: 0.5, eur_bn: 0.4}\n',
            '      - {flow: "A to C", usd_bn: 0.5, eur_bn: 0.4}\n' + SLICES),
        "spec.yaml:30:11: charts.0.type: warning: ",
        "a pie of 14 slices cannot be read, and summing the smallest 9 as 'Other' would hide "
        "too much: it is drawn as horizontal bars"),
    "pie_of_eight_slices": (
        SPEC.replace("    type: bar\n", "    type: pie\n").replace(
            '      - {flow: "A to C", usd_bn: 0.5, eur_bn: 0.4}\n',
            '      - {flow: "A to C", usd_bn: 0.5, eur_bn: 0.4}\n' + SLICES_FEW),
        "spec.yaml:24:11: charts.0.type: warning: ",
        "a pie of 8 slices cannot be read: the 5 largest are drawn and the other 3 summed"),
    "bar_of_crowded_names": (
        SPEC.replace('flow: "A to B"', 'flow: "Exports from A to B by pipeline and by rail"'),
        "spec.yaml:19:11: charts.0.type: warning: ",
        "the names of these 3 categories are too long or too many to stand side by side"),
    "series_without_labels": (
        SPEC.replace("    y: usd_bn\n", "    y: [usd_bn, eur_bn]\n    labels: {usd_bn: USD}\n"),
        "spec.yaml:22:17: charts.0.y.1: warning: ",
        "column 'eur_bn' has no label: the legend shows it as 'EUR bn'"),
    "long_callout": (SPEC.replace("    charts: [trade_bar]\n",
                                  f"    charts: [trade_bar]\n    callout: \"{LONG}\"\n"),
                     "spec.yaml:28:14: sections.0.callout: warning: ",
                     "a callout of 31 words"),
    "many_judgments": (SPEC.replace('    - "A sells B less than it buys."\n',
                                    '    - "One."\n' * 6),
                       "spec.yaml:10:7: report.summary.5: warning: ", "6 key judgments"),
    "long_judgment": (SPEC.replace('    - "A sells B less than it buys."\n',
                                   f'    - "{" ".join(["word"] * 41)}"\n'),
                      "spec.yaml:5:7: report.summary.0: warning: ",
                      "a key judgment of 41 words"),
    "many_key_figures": (SPEC.replace(
        '  - {id: exports, label: "Exports", value: 1.5}\n',
        "".join(f'  - {{id: f{i}, label: "F", value: {i}}}\n' for i in range(4))
        + '  - {id: exports, label: "Exports", value: 1.5}\n'),
        "spec.yaml:13:5: key_figures.4: warning: ", "5 key figures: the cover row holds 4"),
    "timeline_out_of_order": (SPEC.replace("outputs:\n", "timeline:\n"
                                           "  - {date: 2024-12-25, title: \"Crash\"}\n"
                                           "  - {date: \"2024-03\", title: \"Earlier\"}\n"
                                           "  - {date: 2025, title: \"Later\"}\n"
                                           "outputs:\n"),
                              "spec.yaml:30:12: timeline.1.date: warning: ",
                              "the timeline is out of order"),
}

# name -> (the spec with one mistake, where the error is, the start of its message)
ERRORS = {
    "highlight_names_nothing": (
        SPEC.replace(CHART, CHART + '    highlight: ["A to B", "A to D"]\n'),
        "spec.yaml:24:27: charts.0.highlight.1: ",
        "'A to D' names no category of this chart; did you mean 'A to C'?"),
    "highlight_names_no_series": (
        SPEC.replace("    type: bar\n", "    type: line\n").replace(
            CHART, CHART + "    highlight: usd\n"),
        "spec.yaml:24:16: charts.0.highlight: ", "'usd' names no series of this chart"),
    "label_column_missing": (
        SPEC.replace("    type: bar\n", "    type: scatter\n").replace(
            "    x: flow\n", "    x: eur_bn\n").replace(CHART, CHART + "    label: flw\n"),
        "spec.yaml:24:12: charts.0.label: ", "unknown column 'flw' in dataset 'trade'"),
    "label_on_a_bar_chart": (
        SPEC.replace(CHART, CHART + "    label: flow\n"),
        "spec.yaml:24:12: charts.0.label: ", "'label' names the points of a scatter plot"),
}


def write(tmp_path: Path, text: str) -> Path:
    spec = tmp_path / "spec.yaml"
    spec.write_text(text, "utf-8")
    return spec


def run(spec: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reportgen", *args, spec.name],
                          capture_output=True, text=True, cwd=spec.parent, timeout=180)


def lines_of(stderr: str, start: str, message: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith(start) and message in line]


def test_the_base_spec_is_free_of_warnings(tmp_path: Path) -> None:
    result = run(write(tmp_path, SPEC), "check", "--strict")
    assert result.returncode == 0, result.stderr
    assert "0 warnings" in result.stdout


@pytest.mark.parametrize("name", sorted(WARNINGS))
def test_check_warns_at_the_place_and_passes(name: str, tmp_path: Path) -> None:
    text, start, message = WARNINGS[name]
    spec = write(tmp_path, text)
    result = run(spec, "check")
    assert result.returncode == 0, result.stderr
    assert len(lines_of(result.stderr, start, message)) == 1, result.stderr
    assert "1 warnings" in result.stdout, result.stderr
    strict = run(spec, "check", "--strict")
    assert strict.returncode == 2
    assert lines_of(strict.stderr, start.replace("warning: ", ""), message), strict.stderr
    assert "Traceback" not in result.stderr + strict.stderr


@pytest.mark.parametrize("name", sorted(ERRORS))
@pytest.mark.parametrize("command", ["check", "build"])
def test_a_bad_new_chart_field_is_an_error_at_its_place(name: str, command: str,
                                                        tmp_path: Path) -> None:
    text, start, message = ERRORS[name]
    result = run(write(tmp_path, text), command)
    assert result.returncode == 2, result.stderr
    assert lines_of(result.stderr, start, message), result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "dist").exists()


def test_the_new_chart_fields_build(tmp_path: Path) -> None:
    text = SPEC.replace(CHART, CHART + '    highlight: "B to A"\n') + (
        "  charts: {formats: [svg]}\n")
    text = text.replace("charts:\n  - id: trade_bar", "charts:\n"
                        "  - {id: dots, type: scatter, data: trade, x: usd_bn, y: eur_bn, "
                        "label: flow, highlight: [\"A to C\"], title: \"Dots\"}\n"
                        "  - id: trade_bar")
    text = text.replace("    charts: [trade_bar]\n", "    charts: [trade_bar, dots]\n")
    spec = write(tmp_path, text)
    result = run(spec, "build")
    assert result.returncode == 0, result.stderr
    dots = (tmp_path / "dist" / "charts" / "dots.svg").read_text("utf-8")
    assert all(f">{name}<" in dots for name in ("A to B", "B to A", "A to C"))
    bars = (tmp_path / "dist" / "charts" / "trade_bar.svg").read_text("utf-8").lower()
    assert "#c8102e" in bars and "#bac2ca" in bars  # the accent and the quiet grey
