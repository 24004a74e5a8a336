"""Peak memory and time of a build with many charts (default 200), in a fresh process.

Usage: python benchmarks/many_charts.py [--charts N]

Writes a synthetic spec with N charts of every type spread over sections, builds it
with `reportgen build`, and prints the wall time and the peak resident memory of
the largest process (the build or one of its chart workers).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

TYPES = ("bar", "barh", "stacked_bar", "line", "area", "pie", "donut", "scatter")
MULTI = ("stacked_bar", "line", "area", "scatter")
PER_SECTION = 10


def spec(charts: int, rows_per_chart: int = 12) -> dict[str, object]:
    """A valid spec with `charts` charts of the 8 kinds, each over `rows_per_chart` rows."""
    rows = [{"year": str(2000 + i), "a": float(i * 3 % 17 + 1), "b": float(i * 5 % 11 + 2),
             "x": float(i)} for i in range(rows_per_chart)]
    items = []
    for i in range(charts):
        kind = TYPES[i % len(TYPES)]
        items.append({
            "id": f"c{i}", "type": kind, "data": "d",
            "x": "x" if kind == "scatter" else "year",
            "y": ["a", "b"] if kind in MULTI else "a",
            "title": f"Chart {i} shows one takeaway", "subtitle": "Synthetic units",
        })
    sections = [
        {"heading": f"Section {s + 1}", "body": "Paragraph text for the section. " * 30,
         "charts": [c["id"] for c in items[s * PER_SECTION:(s + 1) * PER_SECTION]]}
        for s in range((charts + PER_SECTION - 1) // PER_SECTION)
    ]
    return {
        "report": {"title": f"{charts} charts", "date": "2025-01-01"},
        "authors": [{"name": "Test Author", "bio": "A short bio."}],
        "data": {"d": {"source": "Synthetic", "rows": rows}},
        "charts": items, "sections": sections,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--charts", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "report.yaml"
        path.write_text(yaml.safe_dump(spec(args.charts), sort_keys=False), encoding="utf-8")
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "reportgen", "build", str(path), "-q"], check=True)
        seconds = time.perf_counter() - started
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{args.charts} charts: {seconds:.1f} s, peak resident memory {peak_mib:.0f} MiB")


if __name__ == "__main__":
    main()
