"""Per-chart cost: bare matplotlib drawing one PNG against reportgen drawing its variants.

Usage: python benchmarks/charts_bench.py [--runs N] [--rows N] [--rasterizers]

For each of the 8 chart types, on the same data (N rows, two series where the type
stacks or compares), one process measures in CPU time (`time.process_time`, so other
work on a shared machine does not count) and in alternating rounds:

- baseline: pyplot draws the chart with a title and saves a 200 dpi PNG, as a
  script would (the per-chart work of `benchmarks/baseline.py`);
- reportgen, one job per set of outputs: the framed PNG (charts/ at 200 dpi), the
  framed SVG, the bare pair the documents use (print-size SVG for the brief and
  slide-size PNG for the deck), a build's default (framed PNG plus the bare pair)
  and the sample's (framed PNG and SVG plus the bare pair).

Imports and font caches are warmed up first, so only drawing and encoding count.
Prints medians in milliseconds and each median's ratio to the baseline's median for
the same chart type. `--rasterizers` also times turning the framed SVG into a PNG
with resvg (the `resvg-py` package, when installed) against matplotlib's Agg.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from reportgen.charts.job import ChartJob  # noqa: E402
from reportgen.charts.render import draw_chart  # noqa: E402
from reportgen.data.series import ChartData, Series  # noqa: E402
from reportgen.theme import build_theme  # noqa: E402

TYPES = ("bar", "barh", "stacked_bar", "line", "area", "pie", "donut", "scatter")
MULTI = ("stacked_bar", "line", "area", "scatter")
"""Types drawn with two series, as in benchmarks/many_charts.py."""
DPI = 200
OUTPUTS: dict[str, dict[str, bool]] = {
    "framed png": {"png": True, "svg": False, "bare": False},
    "framed svg": {"png": False, "svg": True, "bare": False},
    "bare svg+slide png": {"png": False, "svg": False, "bare": True},
    "build (png+bare)": {"png": True, "svg": False, "bare": True},
    "sample (png+svg+bare)": {"png": True, "svg": True, "bare": True},
}
"""What each reportgen row asks one job to write."""


def sample_data(chart_type: str, rows: int) -> ChartData:
    """`rows` categories of plausible values; two series for the types that compare."""
    years = tuple(str(2024 - rows + 1 + i) for i in range(rows))
    first = tuple(float((i * 7) % 11 + 3) for i in range(rows))
    second = tuple(float((i * 5) % 9 + 2) for i in range(rows))
    if chart_type == "scatter":
        x = tuple(float(1000 + 250 * i + (i * 37) % 90) for i in range(rows))
        return ChartData(years, (Series("Exports", first), Series("Imports", second)),
                         x_values=x, x_label="GDP per head", y_label="USD bn")
    if chart_type in MULTI:
        return ChartData(years, (Series("Exports", first), Series("Imports", second)),
                         y_label="USD bn")
    if chart_type in ("pie", "donut"):
        names = tuple(f"Partner {chr(65 + i)}" for i in range(rows))
        return ChartData(names, (Series("Share", first),))
    return ChartData(years, (Series("Exports", first),), y_label="USD bn")


def baseline_chart(chart_type: str, data: ChartData, out: Path) -> None:
    """What a script does by hand: pyplot, one call for the marks, a title, a PNG."""
    fig, ax = plt.subplots(figsize=(6.3, 3.6))
    names = list(data.categories)
    values = [list(s.values) for s in data.series]
    if chart_type == "bar":
        ax.bar(names, values[0])
    elif chart_type == "barh":
        ax.barh(names, values[0])
    elif chart_type == "stacked_bar":
        ax.bar(names, values[0], label=data.series[0].name)
        ax.bar(names, values[1], bottom=values[0], label=data.series[1].name)
    elif chart_type == "line":
        for series, row in zip(data.series, values, strict=True):
            ax.plot(names, row, label=series.name)
    elif chart_type == "area":
        ax.stackplot(range(len(names)), *values, labels=[s.name for s in data.series])
    elif chart_type in ("pie", "donut"):
        width = {"width": 0.36} if chart_type == "donut" else None
        ax.pie(values[0], labels=names, wedgeprops=width)
    else:
        for series, row in zip(data.series, values, strict=True):
            ax.scatter(data.x_values, row, label=series.name)
    if len(data.series) > 1:
        ax.legend()
    ax.set_title(f"A {chart_type} chart")
    fig.savefig(out / f"{chart_type}.png", dpi=DPI)
    plt.close(fig)


def reportgen_job(chart_type: str, data: ChartData, out: Path, outputs: dict[str, bool]
                  ) -> ChartJob:
    """A chart job as a build makes it, asking for `outputs`."""
    return ChartJob(
        id=chart_type, type=chart_type, title=f"A {chart_type} chart with one takeaway",
        subtitle="Bilateral goods trade, 2017-2024, USD bn", source="Synthetic data",
        data=data, theme=build_theme(), out_dir=out, dpi=DPI, **outputs,
    )


def cpu_ms(action: Callable[[], object]) -> float:
    """CPU time of one call, in milliseconds."""
    started = time.process_time()
    action()
    return (time.process_time() - started) * 1000


def rasterizer_rows(out: Path, rows: int, runs: int) -> None:
    """Agg (draw and encode) against resvg (SVG to PNG) for each framed chart."""
    try:
        import resvg_py
    except ImportError:
        print("\n(resvg-py is not installed: `pip install resvg-py` to compare rasterizers)")
        return
    theme = build_theme()
    fonts = [str(theme.heading_font.regular), str(theme.heading_font.bold)]
    print(f"\n{'framed PNG, CPU ms':24} {'Agg':>8} {'SVG+resvg':>10} {'ratio':>7}")
    for chart_type in TYPES:
        data = sample_data(chart_type, rows)
        png_job = reportgen_job(chart_type, data, out, {"png": True, "svg": False, "bare": False})
        svg_job = replace(png_job, png=False, svg=True)

        def via_resvg(job: ChartJob = svg_job) -> bytes:
            svg = draw_chart(job).svg
            assert svg is not None
            return bytes(resvg_py.svg_to_bytes(
                svg_string=svg.read_text(encoding="utf-8"), dpi=72, zoom=DPI / 72,
                skip_system_fonts=True, font_files=fonts))

        via_resvg()
        agg = [cpu_ms(lambda j=png_job: draw_chart(j)) for _ in range(runs)]
        resvg = [cpu_ms(via_resvg) for _ in range(runs)]
        a, r = statistics.median(agg), statistics.median(resvg)
        print(f"{chart_type:24} {a:8.1f} {r:10.1f} {r / a:7.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="rounds to run (default 7)")
    parser.add_argument("--rows", type=int, default=8, help="rows per chart (default 8)")
    parser.add_argument("--rasterizers", action="store_true",
                        help="also time resvg against Agg for the framed PNG")
    args = parser.parse_args()
    times: dict[tuple[str, str], list[float]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch)
        cases: list[tuple[str, str, Callable[[], object]]] = []
        for chart_type in TYPES:
            data = sample_data(chart_type, args.rows)
            cases.append((chart_type, "baseline",
                          lambda t=chart_type, d=data: baseline_chart(t, d, out)))
            for name, outputs in OUTPUTS.items():
                job = reportgen_job(chart_type, data, out / name.split()[0], outputs)
                cases.append((chart_type, name, lambda j=job: draw_chart(j)))
        for _, _, action in cases:  # warm up: imports, font caches
            action()
        for _ in range(args.runs):
            for chart_type, name, action in cases:
                times.setdefault((chart_type, name), []).append(cpu_ms(action))
        if args.rasterizers:
            rasterizer_rows(out / "rasterizers", args.rows, args.runs)
    columns = ["baseline", *OUTPUTS]
    print(f"\nCPU ms per chart, median of {args.runs} runs; (ratio to the baseline)")
    print(f"{'type':12}" + "".join(f"{c:>24}" for c in columns))
    totals = dict.fromkeys(columns, 0.0)
    for chart_type in TYPES:
        base = statistics.median(times[(chart_type, "baseline")])
        cells = []
        for column in columns:
            median = statistics.median(times[(chart_type, column)])
            totals[column] += median
            cells.append(f"{median:7.1f} ({median / base:4.2f})")
        print(f"{chart_type:12}" + "".join(f"{c:>24}" for c in cells))
    base_total = totals["baseline"]
    print(f"{'all 8':12}" + "".join(
        f"{f'{totals[c]:7.1f} ({totals[c] / base_total:4.2f})':>24}" for c in columns))


if __name__ == "__main__":
    main()
