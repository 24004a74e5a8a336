"""Right-to-left text in the brief: each broken line drawn in visual order.

reportlab breaks a paragraph into lines in logical order and draws each line's
fragments left to right. Its own bidi support needs `rlbidi`, which is not on PyPI,
so here, just before a paragraph is drawn, each line that holds right-to-left text
is put in visual order (core/bidi.py), fragment by fragment, so fonts, links and
styles stay with their letters. Lines are broken first and turned around after, so a
right-to-left paragraph reads from the top right. A paragraph whose first strong
letter is right-to-left is right-aligned. Arabic letters were shaped (presentation
forms) when the text became markup (markup.py), so their widths were measured as drawn.

In a right-to-left brief the whole page is mirrored (styles.py, template.py): a list
item's bullet or number hangs on the right, drawn here.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from itertools import groupby
from typing import Any

from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from reportgen.core.bidi import has_rtl, starts_rtl, visual_order


def _line_text(para_lines: Any, line: Any) -> str:
    if para_lines.kind == 0:
        return " ".join(line[1])
    return "".join(getattr(frag, "text", "") for frag in line.words)


def _visual_words(words: list[str], rtl: bool) -> list[str]:
    """A line of one style (reportlab's kind 0): its words in visual order."""
    text = " ".join(words)
    if not has_rtl(text):
        return words
    return "".join(char for _at, char in visual_order(text, rtl)).split(" ")


def _visual_frags(frags: list[Any], rtl: bool) -> list[Any]:
    """A line of styled fragments (kind 1): cut where needed and put in visual order."""
    texts = [getattr(frag, "text", None) for frag in frags]
    if any(t is None or getattr(f, "cbDefn", None) for t, f in zip(texts, frags, strict=True)):
        return frags  # anchors and inline images: left as they are
    owner = [i for i, text in enumerate(texts) for _ in text]
    text = "".join(texts)  # type: ignore[arg-type]
    if not has_rtl(text):
        return frags
    out = []
    for index, run in groupby(visual_order(text, rtl), key=lambda item: owner[item[0]]):
        out.append(frags[index].clone(text="".join(char for _at, char in run)))
    return out


def visual_lines(para_lines: Any, rtl: bool) -> Any:
    """reportlab's broken lines with every right-to-left line in visual order."""
    if para_lines.kind == 0:
        lines = [(extra, _visual_words(list(words), rtl)) for extra, words in para_lines.lines]
    else:
        lines = []
        for line in para_lines.lines:
            lines.append(line.clone(words=_visual_frags(list(line.words), rtl)))
    return para_lines.clone(lines=lines)


@contextmanager
def display_order(paragraph: Any) -> Iterator[None]:
    """While drawing: the paragraph's lines in visual order, right-aligned when it reads RTL."""
    para_lines = getattr(paragraph, "blPara", None)
    text = "".join(_line_text(para_lines, line) for line in para_lines.lines) \
        if para_lines is not None else ""
    if not has_rtl(text):
        yield
        return
    rtl = starts_rtl(text)
    style = paragraph.style
    paragraph.blPara = visual_lines(para_lines, rtl)
    if rtl and style.alignment in (TA_LEFT, TA_JUSTIFY):
        paragraph.style = ParagraphStyle(f"{style.name}-rtl", parent=style, alignment=TA_RIGHT)
    try:
        yield
    finally:
        paragraph.blPara, paragraph.style = para_lines, style


def draw_bullet_on_right(paragraph: Any, bullet: str) -> None:
    """Draw a paragraph's bullet (or `1.`, read right to left) hanging on its right side.

    The mirror of reportlab's own: its outer edge `bulletIndent` from the right edge,
    on the first line's baseline.
    """
    from reportgen.render.pdf.template import draw_line

    style = paragraph.style
    para_lines = paragraph.blPara
    first = para_lines.lines[0] if para_lines.kind == 1 and para_lines.lines else para_lines
    baseline = paragraph.height - getattr(first, "fontSize", style.fontSize) \
        + getattr(style, "bulletOffsetY", 0)
    canv = paragraph.canv
    canv.saveState()
    canv.setFillColor(getattr(style, "bulletColor", None) or style.textColor)
    shown = "".join(char for _at, char in visual_order(bullet, True))
    draw_line(canv, paragraph.width - style.bulletIndent, baseline, shown,
              style.bulletFontName, style.bulletFontSize, right=True)
    canv.restoreState()
