"""Time `reportgen build` of the sample against the bare-library baseline, in one run.

Usage: python benchmarks/bench.py [--runs N]

Every measurement is a fresh process (imports included). Each round runs the
baseline, a cold reportgen build (empty cache), and a warm rebuild of unchanged
input; rounds alternate so that machine noise hits all three alike. Prints medians
and the ratios against the baseline. Needs only reportgen installed.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(command: list[str]) -> float:
    """Wall time of one command; fails loudly if it fails."""
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="rounds to run (default 5)")
    args = parser.parse_args()
    baseline, cold, warm = [], [], []
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        shutil.copy(ROOT / "report.yaml", work / "report.yaml")
        shutil.copytree(ROOT / "data", work / "data")
        build = [sys.executable, "-m", "reportgen", "build", str(work / "report.yaml"), "-q"]
        for _ in range(args.runs):
            baseline.append(timed([sys.executable, str(ROOT / "benchmarks" / "baseline.py"),
                                   str(work / "baseline")]))
            shutil.rmtree(work / "dist", ignore_errors=True)
            cold.append(timed(build))
            warm.append(timed(build))
    base = statistics.median(baseline)
    rows = [("baseline (bare libraries)", baseline), ("reportgen build, cold", cold),
            ("reportgen build, unchanged input", warm)]
    print(f"{'':34} {'median':>8} {'min':>8} {'max':>8} {'ratio':>7}")
    for name, times in rows:
        median = statistics.median(times)
        print(f"{name:34} {median:8.2f} {min(times):8.2f} {max(times):8.2f} {median / base:7.2f}")
    print(f"({args.runs} runs each, seconds; ratio = median / baseline median)")


if __name__ == "__main__":
    main()
