"""Time `reportgen batch` against single builds, in one run.

Usage: python benchmarks/batch_bench.py [--runs N] [--variants N] [--jobs N]

The report is the sample (report.yaml, its data) with two params, country and year,
that appear in its title, its basename and every chart's subtitle, so each variant
draws all of its charts anew (no chart is shared between variants: the worst case for
the batch's chart cache). Each measurement is a fresh process, imports included:

  single   `reportgen build -P ...` of one variant, empty output folder and cache
  batch    `reportgen batch --jobs J` of N variants, empty output folder and cache
  rerun    the same batch again with nothing changed (every variant skipped)

Rounds alternate the commands so that machine noise hits all alike. Prints medians and
the median of the per-round ratios: batch / (N x single), rerun / batch.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COUNTRIES = ("Azerbaijan", "Georgia", "Armenia", "Kazakhstan", "Uzbekistan", "Turkmenistan",
             "Kyrgyzstan", "Tajikistan", "Moldova", "Belarus", "Ukraine", "Mongolia")


def parameterize(text: str) -> str:
    """The sample spec with params `country` and `year` in its title, basename and charts."""
    text = text.replace("version: 1\n", (
        "version: 1\n\nparams:\n  country: {type: string, default: \"Azerbaijan\"}\n"
        "  year: {type: integer, default: 2024}\n"), 1)
    text = re.sub(r'(?m)^  title: ".*"$',
                  '  title: "{{ params.country }} and Russia in {{ params.year }}"', text, count=1)
    text = re.sub(r'(?m)^    subtitle: "(.*)"$',
                  r'    subtitle: "\1 ({{ params.country }}, {{ params.year }})"', text)
    text = text.replace("basename: azerbaijan-russia",
                        'basename: "brief-{{ params.country }}-{{ params.year }}"')
    assert text.count("{{ params.country }}") >= 7, "the sample changed shape"
    return text


def timed(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, cwd=cwd, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="rounds to run (default 3)")
    parser.add_argument("--variants", type=int, default=8, help="variants (default 8)")
    parser.add_argument("--jobs", type=int, default=2, help="batch workers (default 2)")
    args = parser.parse_args()
    reportgen = [sys.executable, "-m", "reportgen"]
    times: dict[str, list[float]] = {"single": [], "batch": [], "rerun": []}
    with tempfile.TemporaryDirectory() as scratch:
        project = Path(scratch) / "project"
        project.mkdir()
        (project / "report.yaml").write_text(
            parameterize((ROOT / "report.yaml").read_text(encoding="utf-8")), encoding="utf-8")
        shutil.copytree(ROOT / "data", project / "data")
        rows = [(COUNTRIES[i % len(COUNTRIES)], 2024 - i // len(COUNTRIES))
                for i in range(args.variants)]
        (project / "variants.csv").write_text(
            "country,year\n" + "".join(f"{c},{y}\n" for c, y in rows), encoding="utf-8")
        for round_number in range(args.runs):
            single_out = project / f"single-{round_number}"
            country, year = rows[round_number % len(rows)]
            times["single"].append(timed([*reportgen, "build", "-q", "report.yaml", "--out",
                                          str(single_out), "-P", f"country={country}",
                                          "-P", f"year={year}"], project))
            batch_out = project / f"batch-{round_number}"
            command = [*reportgen, "batch", "report.yaml", "--variants", "variants.csv",
                       "--out", str(batch_out), "--jobs", str(args.jobs), "-q"]
            times["batch"].append(timed(command, project))
            times["rerun"].append(timed(command, project))
            shutil.rmtree(single_out)
            shutil.rmtree(batch_out)
    median = {name: statistics.median(values) for name, values in times.items()}
    batch_ratio = statistics.median(
        b / (args.variants * s) for b, s in zip(times["batch"], times["single"], strict=True))
    rerun_ratio = statistics.median(
        r / b for r, b in zip(times["rerun"], times["batch"], strict=True))
    print(f"{'workload':40} {'median s':>9} {'min':>7} {'max':>7}")
    labels = {"single": "single cold build (1 variant)",
              "batch": f"batch, {args.variants} variants, {args.jobs} workers",
              "rerun": "batch rerun, nothing changed"}
    for name, values in times.items():
        print(f"{labels[name]:40} {median[name]:9.2f} {min(values):7.2f} {max(values):7.2f}")
    print(f"batch / ({args.variants} x single): {batch_ratio:.2f} (target at most 0.45)")
    print(f"rerun / batch: {rerun_ratio:.2f} (target at most 0.25)")
    print(f"({args.runs} rounds; ratios are medians of the per-round ratios)")


if __name__ == "__main__":
    main()
