"""Charts placed in the brief: vector SVG when there is one, else the raster PNG.

A `VectorChart` only knows its path and box until it is drawn: the SVG is parsed in
`draw`, painted, and dropped, so memory does not grow with the number of figures.
"""

from __future__ import annotations

from copy import copy
from pathlib import Path

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Group, String
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Image
from svglib.svglib import svg2rlg

from reportgen.core.bidi import visual
from reportgen.errors import BuildError
from reportgen.render.pdf.fonts import ChartFontMap
from reportgen.render.pdf.glyphs import PdfFallback, active


def set_fallback_fonts(node: Group, fallback: PdfFallback) -> None:
    """Split each string of a drawing into runs, each in a font that has its characters.

    The chart's SVG names the theme's family and the fallback families; svglib draws a
    string in one font, so a string the theme's font cannot fully show is cut here.
    """
    for index, child in enumerate(node.contents):
        if isinstance(child, Group):
            set_fallback_fonts(child, fallback)
            continue
        if not isinstance(child, String) or not child.text:
            continue
        child.text = visual(child.text)  # SVG text is as written: shape and order it
        runs = list(fallback.runs(child.text, child.fontName))
        if all(face == child.fontName for _, face in runs):
            continue
        widths = [stringWidth(text, face, child.fontSize) for text, face in runs]
        x = child.x - {"middle": sum(widths) / 2, "end": sum(widths)}.get(child.textAnchor, 0)
        group = Group()
        for (text, face), width in zip(runs, widths, strict=True):
            part = copy(child)
            part.text, part.fontName, part.x, part.textAnchor = text, face, x, "start"
            group.add(part)
            x += width
        node.contents[index] = group


def load_svg(path: Path, font_map: ChartFontMap) -> Drawing:
    """An SVG file as a reportlab Drawing, its text set in the brief's fonts."""
    try:
        drawing = svg2rlg(str(path), font_map=font_map, external_reference_root=str(path.parent))
    except Exception as err:  # svglib raises many kinds; each means an unreadable file
        raise BuildError(f"chart {path}: cannot read the SVG ({err})") from err
    if drawing is None or not drawing.width or not drawing.height:
        raise BuildError(f"chart {path}: not a readable SVG image")
    fallback = active()
    if fallback is not None:
        set_fallback_fonts(drawing, fallback)
    return drawing


class VectorChart(Flowable):
    """An SVG chart scaled into a fixed box, parsed lazily at draw time."""

    def __init__(self, svg: Path, width: float, height: float, font_map: ChartFontMap) -> None:
        super().__init__()
        self.svg = svg
        self.width = width
        self.height = height
        self.font_map = font_map
        self.hAlign = "CENTER"

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """The box's size; the SVG is not read here."""
        return self.width, self.height

    def draw(self) -> None:
        """Parse the SVG, paint it centred in the box, then let it go (not in a dry run)."""
        if getattr(self.canv, "dry_run", False):
            return
        drawing = load_svg(self.svg, self.font_map)
        # The drawing's initial state would otherwise select Helvetica.
        drawing.initialFontName = self.font_map.find_font("sans-serif")[0]
        scale = min(self.width / drawing.width, self.height / drawing.height)
        canv = self.canv
        canv.saveState()
        canv.translate((self.width - drawing.width * scale) / 2,
                       (self.height - drawing.height * scale) / 2)
        canv.scale(scale, scale)
        renderPDF.draw(drawing, canv, 0, 0)
        canv.restoreState()
        del drawing


def chart_flowable(svg: Path | None, png: Path, width: float, height: float,
                   font_map: ChartFontMap) -> Flowable:
    """The chart as a vector flowable, or as a lazily loaded image without an SVG."""
    if svg is not None:
        if not svg.is_file():
            raise BuildError(f"chart {svg}: SVG file not found")
        return VectorChart(svg, width, height, font_map)
    if not png.is_file():
        raise BuildError(f"chart {png}: image file not found")
    image = Image(str(png), width=width, height=height, lazy=2)
    image.hAlign = "CENTER"
    return image
