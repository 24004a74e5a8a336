"""Baseline: the bare libraries doing a report's work by hand, as a script would.

Usage: python benchmarks/baseline.py OUT [--charts N]

Without --charts: the sample's work — 4 matplotlib charts (PNG, 200 dpi), a 3-page
reportlab PDF with those charts and text, an 8-slide python-pptx deck with the charts.
With --charts N: N charts of the 8 kinds reportgen draws (8 rows each), every one in
the PDF (two a page) and on a slide of its own. Run as a separate process so that
imports count, as they do for `reportgen build`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from pptx import Presentation  # noqa: E402
from pptx.util import Inches, Pt  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import getSampleStyleSheet  # noqa: E402
from reportlab.lib.units import inch  # noqa: E402
from reportlab.platypus import Image, PageBreak, Paragraph, SimpleDocTemplate, Spacer  # noqa: E402

TEXT = ("Despite the tensions, it remains unlikely that Azerbaijan will move further to "
        "downgrade ties with Russia. Baku has historically maintained a careful balance. ") * 6
KINDS = ("bar", "barh", "stacked_bar", "line", "area", "pie", "donut", "scatter")
ROWS = 8


def draw(kind: str, index: int, out: Path) -> Path:
    """One chart as a script would draw it: pyplot, a title, a PNG at 200 dpi."""
    labels = [str(2017 + i) for i in range(ROWS)]
    a = [float(i * 3 % 17 + 1) for i in range(ROWS)]
    b = [float(i * 5 % 11 + 2) for i in range(ROWS)]
    fig, ax = plt.subplots(figsize=(6.3, 3.6))
    if kind == "bar":
        ax.bar(labels, a)
    elif kind == "barh":
        ax.barh(labels, a)
    elif kind == "stacked_bar":
        ax.bar(labels, a)
        ax.bar(labels, b, bottom=a)
    elif kind == "line":
        ax.plot(labels, a)
        ax.plot(labels, b)
    elif kind == "area":
        ax.stackplot(range(ROWS), a, b)
    elif kind == "pie":
        ax.pie(a, labels=labels)
    elif kind == "donut":
        ax.pie(a, labels=labels, wedgeprops={"width": 0.4})
    else:
        ax.scatter(a, b)
    ax.set_title(f"Chart {index + 1} shows one takeaway")
    path = out / f"chart{index}.png"
    fig.savefig(path, dpi=200)
    plt.close(fig)
    return path


def main(out: Path, charts: int | None) -> None:
    out.mkdir(parents=True, exist_ok=True)
    if charts is None:
        images = [draw(kind, i, out) for i, kind in enumerate(("bar", "barh", "pie", "line"))]
    else:
        images = [draw(KINDS[i % len(KINDS)], i, out) for i in range(charts)]

    styles = getSampleStyleSheet()
    story = []
    pages = 3 if charts is None else (len(images) + 1) // 2
    for page in range(pages):
        story += [Paragraph(f"Section {page + 1}", styles["Heading1"]),
                  Paragraph(TEXT, styles["BodyText"]), Spacer(1, 12)]
        shown = images[page:page + 1] if charts is None else images[2 * page:2 * page + 2]
        story += [Image(str(path), width=6 * inch, height=3.4 * inch) for path in shown]
        story.append(PageBreak())
    SimpleDocTemplate(str(out / "brief.pdf"), pagesize=A4).build(story)

    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    slides = 8 if charts is None else len(images)
    for number in range(slides):
        slide = deck.slides.add_slide(deck.slide_layouts[5])
        slide.shapes.title.text = f"Slide {number + 1}"
        if number < len(images) and (charts is not None or number < 4):
            slide.shapes.add_picture(str(images[number]), Inches(1), Inches(1.5),
                                     height=Inches(5))
        else:
            box = slide.shapes.add_textbox(Inches(1), Inches(1.5), Inches(11), Inches(5))
            box.text_frame.text = TEXT[:300]
            box.text_frame.paragraphs[0].runs[0].font.size = Pt(20)
        slide.notes_slide.notes_text_frame.text = TEXT
    deck.save(str(out / "deck.pptx"))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--charts", type=int, default=None)
    args = parser.parse_args()
    main(args.out, args.charts)
