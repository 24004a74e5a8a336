"""Links in the deck: addresses as hyperlinks, `#anchor` links as jumps to a section's slide.

While slides are written, an internal link is stored as a hyperlink to its `#anchor`
(the slide it leads to may not exist yet). Once every slide exists, `resolve_jumps`
turns each into a PowerPoint slide jump (`ppaction://hlinksldjump`) to the first
slide of the section it names, or into plain text when that section has no slide.
"""

from __future__ import annotations

from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationT
from pptx.slide import Slide

from reportgen.core.links import internal, link_target

SLIDE_JUMP = "ppaction://hlinksldjump"


def run_address(href: str | None) -> str | None:
    """What a run's hyperlink is written as: a valid address, an `#anchor`, or None (text)."""
    if not href:
        return None
    if internal(href) is not None:
        return href
    target = link_target(href, {})
    return target if isinstance(target, str) else None


def resolve_jumps(prs: PresentationT, slides: dict[str, Slide]) -> None:
    """Turn every `#anchor` hyperlink into a jump to the slide `slides` has for that anchor."""
    for slide in prs.slides:
        part = slide.part
        for rel_id, rel in list(part.rels.items()):
            if not (rel.reltype == RT.HYPERLINK and rel.is_external):
                continue
            name = internal(rel.target_ref)
            if name is None:
                continue
            links = slide._element.xpath(f'.//a:hlinkClick[@r:id="{rel_id}"]')
            target = slides.get(name)
            if target is not None and target is not slide:
                jump = part.relate_to(target.part, RT.SLIDE)
                for link in links:
                    link.set(qn("r:id"), jump)
                    link.set("action", SLIDE_JUMP)
            else:  # a link to the slide it is on, or to a section without a slide: text
                for link in links:
                    link.getparent().remove(link)
            part.drop_rel(rel_id)
