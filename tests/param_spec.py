"""A small parameterized spec (country and year) with its data, for params, batch and watch
tests: quick to build, and every variant's country and year show in its brief and deck."""

from __future__ import annotations

from pathlib import Path

SPEC = """\
version: 1
params:
  country: {type: string, default: "Azerbaijan"}
  year: {type: integer, default: 2024}
report:
  title: "Trade of {{ params.country }} in {{ params.year }}"
  summary:
    - "{{ params.country }} traded {{ key_figures.total }} with Russia in {{ params.year }}."
authors:
  - name: "A. Analyst"
    bio: "Writes about **{{ params.country }}**."
key_figures:
  - id: total
    label: "Trade of {{ params.country }}, {{ params.year }}"
    value: {data: chosen, column: usd_bn, agg: sum}
    prefix: "$"
    suffix: "bn"
    decimals: 2
data:
  trade:
    csv: data/trade.csv
    source: "Customs office of {{ params.country }}"
  chosen:
    from: trade
    where: {country: "{{ params.country }}", year: "{{ params.year }}"}
  regions:
    source: "Regional survey"
    rows:
      - {region: "Caucasus", share: 40}
      - {region: "Central Asia", share: 60}
charts:
  - id: flows
    type: bar
    data: chosen
    x: flow
    y: usd_bn
    title: "{{ params.country }}: goods flows in {{ params.year }}"
    y_label: "USD bn ({{ params.year }})"
  - id: context
    type: bar
    data: regions
    x: region
    y: share
    title: "Regional context"
sections:
  - heading: "{{ params.country }} in {{ params.year }}"
    body: |
      In {{ params.year }}, **{{ params.country }}** and Russia traded {{ key_figures.total }}.
    charts: [flows, context]
outputs:
  basename: "trade-{{ params.country }}-{{ params.year }}"
  charts: {formats: [png], dpi: 60}
"""

TRADE = """\
country,year,flow,usd_bn
Azerbaijan,2024,exports,1.18
Azerbaijan,2024,imports,3.62
Azerbaijan,2023,exports,1.05
Azerbaijan,2023,imports,3.10
Georgia,2024,exports,0.72
Georgia,2024,imports,1.91
Georgia,2023,exports,0.64
Georgia,2023,imports,1.75
Armenia,2024,exports,2.40
Armenia,2024,imports,2.90
Armenia,2023,exports,1.90
Armenia,2023,imports,2.55
"""

VARIANTS = """\
country,year
Azerbaijan,2024
Georgia,2023
Armenia,twenty
Armenia,2023
"""
"""Three good rows and one bad (line 4)."""

GOOD = {"azerbaijan-2024": ("Azerbaijan", "2024"), "georgia-2023": ("Georgia", "2023"),
        "armenia-2023": ("Armenia", "2023")}
"""The good variants of VARIANTS: id -> (country, year)."""


def write_project(folder: Path, *, variants: str = VARIANTS) -> Path:
    """The spec, its CSV and a variants file in `folder`; the spec's path."""
    (folder / "data").mkdir(parents=True, exist_ok=True)
    (folder / "data" / "trade.csv").write_text(TRADE, encoding="utf-8")
    (folder / "variants.csv").write_text(variants, encoding="utf-8")
    spec = folder / "report.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    return spec


def pdf_text(path: Path) -> str:
    """Every page's text of a PDF."""
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def deck_text(path: Path) -> str:
    """Every slide's text of a deck."""
    from pptx import Presentation

    texts = []
    for slide in Presentation(str(path)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
    return "\n".join(texts)
