"""Time `reportgen build` against the bare-library baseline: four workloads, one run.

Usage: python benchmarks/bench.py [--runs N] [--charts N]

Workloads (each measurement a fresh process, imports included):
  cold       the sample, empty output folder and cache    vs baseline.py (sample-sized)
  unchanged  the sample rebuilt with nothing changed       vs the same baseline
  edited     the sample rebuilt after one paragraph edit   vs the same baseline
  many       N charts (default 50) of 8 kinds, 8 rows each, vs baseline.py --charts N
             cold, with the peak memory of the largest process

Rounds alternate the commands so that machine noise hits all alike. Prints medians,
the median of the per-round ratios (reportgen / baseline, pair by pair), and peak
resident memory. Needs only reportgen installed (and PyYAML, which it brings).
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from many_charts import spec as many_spec  # noqa: E402

# Runs a command, then prints its wall time and the peak RSS (KiB) of its largest
# process, children included (they are waited for, so RUSAGE_CHILDREN covers them).
PROBE = """
import resource, subprocess, sys, time
started = time.perf_counter()
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(time.perf_counter() - started, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""
EDITED_PARAGRAPH = "Despite the tensions"
"""The start of the sample paragraph the `edited` workload changes."""


@dataclass
class Series:
    """Times (s) and peak memories (KiB) of one command over the rounds."""

    times: list[float] = field(default_factory=list)
    peaks: list[int] = field(default_factory=list)

    def run(self, command: list[str]) -> None:
        out = subprocess.run([sys.executable, "-c", PROBE, *command], check=True,
                             capture_output=True, text=True).stdout.split()
        self.times.append(float(out[0]))
        self.peaks.append(int(out[1]))

    @property
    def median(self) -> float:
        return statistics.median(self.times)


def edit_paragraph(spec: Path, round_number: int) -> None:
    """Change one sentence of one body paragraph (differently every round)."""
    text = spec.read_text(encoding="utf-8")
    edited = re.sub(rf"{EDITED_PARAGRAPH}(?: \(round \d+\))?,",
                    f"{EDITED_PARAGRAPH} (round {round_number}),", text, count=1)
    assert edited != text, "the paragraph to edit is not in the sample"
    spec.write_text(edited, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="rounds to run (default 5)")
    parser.add_argument("--charts", type=int, default=50, help="charts of `many` (default 50)")
    args = parser.parse_args()
    names = ("baseline", "cold", "unchanged", "edited", "many baseline", "many")
    series = {name: Series() for name in names}
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        sample = work / "sample"
        sample.mkdir()
        shutil.copy(ROOT / "report.yaml", sample / "report.yaml")
        shutil.copytree(ROOT / "data", sample / "data")
        many = work / "many"
        many.mkdir()
        (many / "report.yaml").write_text(
            yaml.safe_dump(many_spec(args.charts, rows_per_chart=8), sort_keys=False),
            encoding="utf-8")
        reportgen = [sys.executable, "-m", "reportgen", "build", "-q"]
        baseline = [sys.executable, str(ROOT / "benchmarks" / "baseline.py")]
        for round_number in range(args.runs):
            series["baseline"].run([*baseline, str(work / "base-out")])
            shutil.rmtree(sample / "dist", ignore_errors=True)
            series["cold"].run([*reportgen, str(sample / "report.yaml")])
            series["unchanged"].run([*reportgen, str(sample / "report.yaml")])
            edit_paragraph(sample / "report.yaml", round_number)
            series["edited"].run([*reportgen, str(sample / "report.yaml")])
            series["many baseline"].run([*baseline, str(work / "many-base-out"),
                                         "--charts", str(args.charts)])
            shutil.rmtree(many / "dist", ignore_errors=True)
            series["many"].run([*reportgen, str(many / "report.yaml")])
    against = {"baseline": "baseline", "cold": "baseline", "unchanged": "baseline",
               "edited": "baseline", "many baseline": "many baseline", "many": "many baseline"}
    print(f"{'workload':28} {'median s':>9} {'min':>7} {'max':>7} {'ratio':>7} {'peak MiB':>9}")
    for name in names:
        s, base = series[name], series[against[name]]
        ratio = statistics.median(t / b for t, b in zip(s.times, base.times, strict=True))
        label = {"baseline": "baseline (sample-sized)", "many baseline":
                 f"baseline, {args.charts} charts"}.get(name, f"reportgen {name}")
        print(f"{label:28} {s.median:9.2f} {min(s.times):7.2f} {max(s.times):7.2f} "
              f"{ratio:7.2f} {max(s.peaks) / 1024:9.0f}")
    print(f"({args.runs} rounds; ratio = median over rounds of reportgen / its baseline; "
          "peak = largest process, children included)")


if __name__ == "__main__":
    main()
