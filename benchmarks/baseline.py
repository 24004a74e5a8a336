"""Baseline: the bare libraries doing the sample's work by hand, as a script would.

4 matplotlib charts (PNG, 200 dpi), a 3-page reportlab PDF with those charts and
text, an 8-slide python-pptx deck with the charts. Run as a separate process so that
imports count, as they do for `reportgen build`.
"""

from __future__ import annotations

import sys
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


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    charts = []
    data = [("A", 1.178), ("B", 3.621), ("C", 0.5), ("D", 4.4)]
    for index, kind in enumerate(("bar", "barh", "pie", "line")):
        fig, ax = plt.subplots(figsize=(6.3, 3.6))
        labels, values = zip(*data, strict=True)
        {"bar": ax.bar, "barh": ax.barh, "line": ax.plot}.get(kind, ax.pie)(
            *((labels, values) if kind != "pie" else (values,)))
        ax.set_title(f"Chart {index + 1}")
        path = out / f"chart{index}.png"
        fig.savefig(path, dpi=200)
        plt.close(fig)
        charts.append(path)

    styles = getSampleStyleSheet()
    story = []
    for page in range(3):
        story += [Paragraph(f"Section {page + 1}", styles["Heading1"]),
                  Paragraph(TEXT, styles["BodyText"]), Spacer(1, 12)]
        story += [Image(str(charts[page]), width=6 * inch, height=3.4 * inch)]
        story.append(PageBreak())
    SimpleDocTemplate(str(out / "brief.pdf"), pagesize=A4).build(story)

    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    for number in range(8):
        slide = deck.slides.add_slide(deck.slide_layouts[5])
        slide.shapes.title.text = f"Slide {number + 1}"
        if number < 4:
            slide.shapes.add_picture(str(charts[number]), Inches(1), Inches(1.5), height=Inches(5))
        else:
            box = slide.shapes.add_textbox(Inches(1), Inches(1.5), Inches(11), Inches(5))
            box.text_frame.text = TEXT[:300]
            box.text_frame.paragraphs[0].runs[0].font.size = Pt(20)
        slide.notes_slide.notes_text_frame.text = TEXT
    deck.save(str(out / "deck.pptx"))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
