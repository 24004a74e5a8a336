"""The deck being written: making a slide for a role, its fitted title, notes and number.

Every handler goes through `Deck.new_slide` and `Deck.finish`, so that each slide has
its title in the layout's title placeholder (grown, never cut, when a title is too
long even at the minimum size), explicit geometry on every placeholder it keeps, no
empty placeholders, speaker notes, and a slide number drawn last in reading order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from lxml import etree
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationT
from pptx.shapes.autoshape import Shape
from pptx.slide import Slide
from pptx.util import Emu, Inches

from reportgen.core.language import Language, english
from reportgen.document.nodes import KeyFigure
from reportgen.render.pptx.colors import MIN_CONTRAST, contrast, readable_on, rgb, visible_on
from reportgen.render.pptx.fit import Para, Span, best_size, clip, text_height
from reportgen.render.pptx.geometry import (
    COVER_TITLE_SIZE,
    SMALL_SIZE,
    TITLE_MIN,
    TITLE_SIZE,
    Rect,
    height_for_text,
)
from reportgen.render.pptx.template import ROLES, TITLES, RoleLayout, master_text_color
from reportgen.render.pptx.text import TextStyle, write_frame
from reportgen.text import clean
from reportgen.theme import Theme

CONTINUED = " (cont.)"
COVER_TOP_LIMIT = Inches(0.4)
TITLE_SHARE = 0.4
"""Most of a content slide's height a grown title may take."""
COVER_TITLE_SHARE = 0.6
"""Most of the title slide's height a grown title may take."""
"""How high a long title may grow on the title slide."""
SLIDE_NUMBER_FIELD_ID = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"
"""Fixed id of the slide-number field (fixed so that builds are byte-identical)."""


def continued(title: str, page: int, mark: str = CONTINUED) -> str:
    """The title of the `page`-th slide (0-based) of a run of continuation slides."""
    return title if page == 0 else title + mark


@dataclass(frozen=True)
class Look:
    """Text colours written explicitly; None lets the template's styles decide."""

    title: str | None = None
    """Titles of content slides."""
    cover: str | None = None
    """Text on the title slide."""
    body: str | None = None
    """Body text in placeholders."""


@dataclass
class SlideFrame:
    """A slide being filled: where its content goes and what it stands on."""

    slide: Slide
    """The python-pptx slide."""
    role: RoleLayout
    """The role and layout it was made from."""
    title: Shape
    """Its title placeholder."""
    body: Shape | None
    """Its body placeholder (kept only if text is written into it)."""
    content: Rect
    """The content area (under the title as fitted)."""
    background: str
    """The background colour under the content."""
    full_title: str | None = None
    """The whole title when the slide shows it cut short (it then opens the notes)."""


@dataclass
class Deck:
    """A presentation being written, with its theme, role layouts and options."""

    prs: PresentationT
    """The presentation (a look or an emptied template)."""
    theme: Theme
    """Colours and fonts."""
    roles: dict[str, RoleLayout]
    """The layout of each slide role."""
    style: TextStyle
    """Font family and language of every run."""
    look: Look
    """Explicit text colours (default look) or none (templates)."""
    notes: bool = True
    """Write speaker notes."""
    charts: str = "image"
    """`image` (the PNG) or `native` (editable PowerPoint charts)."""
    say: Callable[[str], None] = field(default=lambda _m: None)
    """Progress messages."""
    language: Language = field(default_factory=english)
    """The reader's language: labels, numbers, direction."""
    section_slides: dict[int, Slide] = field(default_factory=dict)
    """The first slide of each section that has one, by the section's index."""
    figures_beside: dict[int, tuple[KeyFigure, ...]] = field(default_factory=dict)
    """Key figures a section's slide shows beside its points, by the section's index."""
    scheme: tuple[str, ...] = ()
    """A template's accent colours (`accent1` ... `accent6`): tried for rules and dots
    when the theme's own do not stand out on a (dark) background."""
    _titles: dict[tuple[str, str], str] = field(default_factory=dict, repr=False)

    @property
    def mark(self) -> str:
        """What follows the title of a continuation slide, ` (cont.)`."""
        return " " + self.language.labels.continued

    def continued(self, title: str, page: int) -> str:
        """The title of the `page`-th slide (0-based) of a run of continuation slides."""
        return continued(title, page, self.mark)

    @property
    def figures_shown(self) -> set[str]:
        """Ids of the key figures shown beside a section's points."""
        return {f.id for shown in self.figures_beside.values() for f in shown}

    @property
    def width(self) -> int:
        """Slide width in EMU."""
        return int(self.prs.slide_width or 0)

    @property
    def height(self) -> int:
        """Slide height in EMU."""
        return int(self.prs.slide_height or 0)

    def ink(self, background: str) -> str:
        """Body text colour readable on a background."""
        return readable_on(background, self.theme.text)

    def muted(self, background: str) -> str:
        """Secondary text colour readable on a background."""
        return readable_on(background, self.theme.muted, self.theme.text)

    def accent_on(self, background: str) -> str:
        """The colour of accent graphics (rules, timeline dots) on a background: the
        theme's accent, else its primary, else the template's first accent colour, else
        the theme's light tint: the first that stands out there (3:1)."""
        theme = self.theme
        return visible_on(background, theme.accent, theme.primary, *self.scheme, theme.light)

    def line_on(self, background: str) -> str:
        """The colour of a timeline's line on a background: the primary, else the light
        tint (a line that stands out, quieter than the accent dots on it)."""
        return visible_on(background, self.theme.primary, self.theme.light)

    # ---- titles and areas ------------------------------------------------------------------

    def shown_title(self, role: str, text: str) -> str:
        """The title as shown: the whole of it, unless even grown it would crowd the slide.

        A grown title may take `TITLE_SHARE` of a content slide (`COVER_TITLE_SHARE` of
        the title slide) at the minimum size; a longer one is cut short with "…" (its
        continuation mark kept), and the full title goes into the speaker notes.
        """
        key = (role, text)
        if key not in self._titles:
            lay = self.roles[role]
            share = COVER_TITLE_SHARE if role == "title" else TITLE_SHARE
            height = Emu(int(self.height * share)).pt - Emu(
                lay.title_insets.top + lay.title_insets.bottom).pt
            base, mark = (text[: -len(self.mark)], self.mark) if text.endswith(self.mark) \
                else (text, "")
            self._titles[key] = clip(base, self.style.family, TITLE_MIN.pt,
                                     lay.title.inner_width_pt(lay.title_insets), height,
                                     bold=True, suffix=mark)
        return self._titles[key]

    def title_fit(self, role: str, text: str) -> tuple[float, Rect]:
        """The title's size and box: shrunk down to the minimum, then grown if still too long.

        A content slide's title grows downwards (pushing the content down); the title
        slide's grows upwards first, into the space above it.
        """
        text = self.shown_title(role, text)
        lay = self.roles[role]
        largest = COVER_TITLE_SIZE.pt if role == "title" else TITLE_SIZE.pt
        para = [Para((Span(text, bold=True),), align=None, space_after=0.0)]
        width = lay.title.inner_width_pt(lay.title_insets)
        size = best_size(para, self.style.family, width,
                         lay.title.inner_height_pt(lay.title_insets), largest, TITLE_MIN.pt)
        if size is not None:
            return size, lay.title
        size = TITLE_MIN.pt
        needed = height_for_text(text_height(para, self.style.family, size, width),
                                 lay.title_insets)
        top = lay.title.top
        if role == "title":  # the cover's title grows upwards first, into the free space
            top = max(min(top, COVER_TOP_LIMIT), lay.title.bottom - needed)
        return size, Rect(lay.title.left, top, lay.title.width,
                          max(needed, lay.title.bottom - top))

    def content_area(self, role: str, title: str) -> Rect:
        """The content area of a slide of this role under a fitted title."""
        lay = self.roles[role]
        grown = self.title_fit(role, title)[1].bottom - lay.title.bottom
        area = lay.body if role == "title" and lay.body else lay.content
        return area.with_top(area.top + grown) if grown > 0 else area

    def text_area(self, role: str, title: str) -> Rect:
        """The content area shared by a run of slides titled `title`, `title (cont.)`, ..."""
        first, rest = self.content_area(role, title), self.content_area(role, title + self.mark)
        return first if first.height <= rest.height else rest

    # ---- slides ----------------------------------------------------------------------------

    def new_slide(self, role: str, title: str) -> SlideFrame:
        """A slide of a role with its title written and its content area known."""
        lay = self.roles[role]
        slide = self.prs.slides.add_slide(lay.layout)
        placeholders = list(slide.placeholders)
        title_ph = next(ph for ph in placeholders if ph.placeholder_format.type in TITLES)
        size, rect = self.title_fit(role, title)
        shown = self.shown_title(role, title)
        place(title_ph, rect)
        color = self.look.cover if role == "title" else self.look.title
        if rect.height > lay.title.height and not lay.title_filled:
            # a grown title may now cover the layout's rules: give it the page's colour,
            # and make sure the title reads on that colour
            title_ph.fill.solid()
            title_ph.fill.fore_color.rgb = rgb(lay.background)
            color = readable_on(lay.background, color or self.theme.text)
        para = Para((Span(shown, bold=True, color=color),), align=None, space_after=0.0)
        write_frame(title_ph.text_frame, [para], size, self.style, anchor=None,
                    insets=lay.title_insets)
        body = None
        if lay.body is not None:
            body = next((ph for ph in placeholders if ph is not title_ph and _is_body(ph, lay)),
                        None)
        return SlideFrame(slide, lay, title_ph, body, self.content_area(role, title),
                          lay.background, title if shown != title else None)

    def write_body(self, frame: SlideFrame, paras: Sequence[Para], size: float,
                   rect: Rect | None = None) -> Shape:
        """Paragraphs into the body placeholder (placed on the content area) or a text box."""
        box = rect or frame.content
        shape = frame.body
        if shape is None or shape.has_text_frame and shape.text_frame.text:
            shape = frame.slide.shapes.add_textbox(*box.emu())
        place(shape, box)
        write_frame(shape.text_frame, paras, size, self._styled(frame), anchor="top")
        self._readable(frame, shape, "bodyStyle")
        return shape

    def add_text(self, frame: SlideFrame, rect: Rect, paras: Sequence[Para], size: float,
                 *, anchor: str = "top") -> Shape:
        """A text box with paragraphs at a base size."""
        shape = frame.slide.shapes.add_textbox(*rect.emu())
        write_frame(shape.text_frame, paras, size, self._styled(frame), anchor=anchor)
        self._readable(frame, shape, "otherStyle")
        return shape

    def _readable(self, frame: SlideFrame, shape: Shape, style: str) -> None:
        """Give runs without a colour of their own one that reads on the slide: the
        look's body colour, or (a template) the ink of the background when the colour
        the template's master gives them would not reach 4.5:1 there."""
        if self.look.body is not None:
            _default_color(shape, self.look.body)
            return
        inherited = master_text_color(frame.slide.slide_layout.slide_master, style)
        if inherited is None or contrast(inherited, frame.background) < MIN_CONTRAST:
            _default_color(shape, self.ink(frame.background))

    def _styled(self, frame: SlideFrame) -> TextStyle:
        ground, theme = frame.background, self.theme
        return TextStyle(self.style.family, self.style.lang,
                         bullet_color=readable_on(ground, theme.accent, theme.primary),
                         link_color=readable_on(ground, theme.primary, theme.accent))

    def finish(self, frame: SlideFrame, notes: str | None, *, number: bool = True) -> None:
        """Drop unused placeholders, add the slide number and the speaker notes."""
        for ph in list(frame.slide.placeholders):
            if ph._element is frame.title._element:
                continue
            if not (ph.has_text_frame and ph.text_frame.text.strip()):
                ph._element.getparent().remove(ph._element)
        if number:
            self._slide_number(frame)
        if frame.full_title:
            notes = "\n\n".join(x for x in (frame.full_title, notes) if x)
        notes_frame = frame.slide.notes_slide.notes_text_frame if self.notes and notes else None
        if notes and notes_frame is not None and notes.strip():
            notes_frame.text = clean(notes).strip()

    def _slide_number(self, frame: SlideFrame) -> None:
        index = len(self.prs.slides._sldIdLst)
        rect = frame.role.number
        needed = height_for_text(SMALL_SIZE.pt * 1.2)
        if rect.height < needed:
            rect = Rect(rect.left, rect.bottom - needed, rect.width, needed)
        rect = Rect(min(rect.left, self.width - rect.width),
                    min(rect.top, self.height - rect.height), rect.width, rect.height)
        para = Para((Span(str(index), color=self.muted(frame.background)),), align="r",
                    space_after=0.0)
        shape = self.add_text(frame, rect, [para], SMALL_SIZE.pt, anchor="bottom")
        shape.name = f"Slide Number {index}"
        _as_slide_number_field(shape)


def _is_body(ph, lay: RoleLayout) -> bool:
    return ph.placeholder_format.type.xml_value in ROLES[lay.role].body


def place(shape, rect: Rect) -> None:
    """Give a shape explicit geometry."""
    shape.left, shape.top = Emu(rect.left), Emu(rect.top)
    shape.width, shape.height = Emu(rect.width), Emu(rect.height)


def _default_color(shape, color: str) -> None:
    """Give every run without a colour of its own the look's body colour."""
    for run in shape._element.iter(qn("a:rPr")):
        if run.find(qn("a:solidFill")) is None:
            fill = etree.Element(qn("a:solidFill"))
            etree.SubElement(fill, qn("a:srgbClr")).set("val", color.lstrip("#").upper())
            run.insert(0, fill)


def _as_slide_number_field(shape) -> None:
    """Turn the number's run into a slide-number field, so that it follows slide moves."""
    p = shape.text_frame.paragraphs[0]._p
    run = p.find(qn("a:r"))
    fld = etree.Element(qn("a:fld"), id=SLIDE_NUMBER_FIELD_ID, type="slidenum")
    for child in run:
        fld.append(child)
    run.addprevious(fld)
    p.remove(run)
