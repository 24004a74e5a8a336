"""Which template layout serves which slide role: the one rule, shared by check and build.

A role is what a slide is for (title, section, chart, ...). Each role is mapped to a
layout by the placeholders it has and then by name (`Title and Content`, LibreOffice's
`Title, Content`, ...), so that a template saved by PowerPoint, LibreOffice or
python-pptx all work. The rule works on plain `LayoutInfo` records (a name and the
placeholder types as the XML spells them), which `layout_info` reads from a layout's
XML element: the template preflight reads the raw XML (no python-pptx), the deck writer
passes python-pptx's own element, and both get the same answer.

Only the standard library here: `reportgen check` imports this module.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

P_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"
SHAPE_TAGS = frozenset(f"{{{P_NS}}}{tag}" for tag in
                       ("sp", "grpSp", "graphicFrame", "cxnSp", "pic", "contentPart"))
"""The top-level shape elements of a shape tree that can be placeholders (as python-pptx)."""
PLACEHOLDER_TYPES = frozenset({
    "title", "body", "ctrTitle", "subTitle", "dt", "sldNum", "ftr", "hdr", "obj", "chart",
    "tbl", "clipArt", "dgm", "media", "sldImg", "pic"})
"""Every placeholder type the file format knows (ST_PlaceholderType)."""
DEFAULT_TYPE = "obj"
"""The type of a placeholder that names none."""
TITLES = ("title", "ctrTitle")
FOOTERS = ("dt", "ftr", "sldNum")


@dataclass(frozen=True)
class RoleSpec:
    """What a role asks of a layout."""

    names: tuple[str, ...]
    """Preferred layout names, normalised (lower case, letters only), best first."""
    title: tuple[str, ...]
    """Accepted title placeholder types."""
    body: tuple[str, ...]
    """Accepted body placeholder types (any one is needed when `needs_body`)."""
    needs_body: bool
    """Whether the role puts text into a body placeholder."""
    what: str
    """How an error message names what the role needs."""


_TEXT = RoleSpec(("titleandcontent", "titlecontent", "titleandtext", "titletext"),
                 TITLES, ("body", "obj"), True,
                 "a layout with a title placeholder and a body/content placeholder")
_DRAWN = RoleSpec(("titleonly", "titleandcontent", "titlecontent"), TITLES,
                  ("obj", "body", "pic", "chart"), False,
                  "a layout with a title placeholder")
ROLES: dict[str, RoleSpec] = {
    "title": RoleSpec(("titleslide",), TITLES, ("subTitle", "body"), True,
                      "a title layout with a (centre) title and a subtitle/body placeholder"),
    "section": _TEXT,
    "bio": _TEXT,
    "see_also": _TEXT,
    "chart": RoleSpec(("titleandcontent", "titlecontent", "titleonly"), TITLES,
                      ("obj", "pic", "chart", "body"), False,
                      "a layout with a title placeholder"),
    "key_figures": _DRAWN,
    "timeline": _DRAWN,
}


@dataclass(frozen=True)
class LayoutInfo:
    """A layout as the role rule sees it."""

    name: str
    """The layout's name (`p:cSld/@name`), empty when it has none."""
    types: tuple[str, ...]
    """The types of its placeholders, in document order (`title`, `body`, `obj`, ...)."""


def placeholder_elements(tree: Any) -> list[Any]:
    """The placeholder shapes of a layout's or master's XML element, in document order.

    Like python-pptx: the direct children of the shape tree whose first child names a
    `p:ph` (shapes inside groups are not placeholders of the layout).
    """
    sp_tree = tree.find(f"{{{P_NS}}}cSld/{{{P_NS}}}spTree")
    if sp_tree is None:
        return []
    return [shape for shape in sp_tree
            if shape.tag in SHAPE_TAGS and placeholder_of(shape) is not None]


def placeholder_of(shape: Any) -> Any:
    """The `p:ph` element of a shape (in its first child's `p:nvPr`), or None."""
    first = next(iter(shape), None)
    if first is None:
        return None
    return first.find(f"{{{P_NS}}}nvPr/{{{P_NS}}}ph")


def placeholder_type(shape: Any) -> str:
    """A placeholder shape's type as the XML spells it (`obj` when it names none)."""
    ph = placeholder_of(shape)
    return (ph.get("type") if ph is not None else None) or DEFAULT_TYPE


def layout_info(element: Any) -> LayoutInfo:
    """The name and placeholder types of a `p:sldLayout` element (raw lxml or python-pptx)."""
    c_sld = element.find(f"{{{P_NS}}}cSld")
    name = (c_sld.get("name") if c_sld is not None else None) or ""
    return LayoutInfo(name, tuple(placeholder_type(s) for s in placeholder_elements(element)))


def normalise(name: str) -> str:
    """A layout name reduced to lower-case letters and digits, for matching."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


def score(layout: LayoutInfo, spec: RoleSpec) -> tuple[int, int] | None:
    """How well a layout serves a role (lower is better), or None if it cannot serve it.

    First its name (its rank among the role's preferred names), then how many
    placeholders it has beyond the ones the role fills.
    """
    if not any(t in spec.title for t in layout.types):
        return None
    if spec.needs_body and not any(t in spec.body for t in layout.types):
        return None
    name = normalise(layout.name)
    rank = spec.names.index(name) if name in spec.names else len(spec.names)
    extras = sum(1 for t in layout.types if t not in FOOTERS) - 1 - int(spec.needs_body)
    return rank, abs(extras)


@dataclass(frozen=True)
class RoleChoice:
    """The layout chosen for each role, and what the template lacks."""

    chosen: dict[str, int]
    """Role -> index of its layout in the list given to `choose_layouts`."""
    missing: tuple[str, ...]
    """What the template lacks, one entry per kind of layout (empty when complete)."""


def choose_layouts(layouts: Sequence[LayoutInfo]) -> RoleChoice:
    """The best layout for every role (the first of equals, in the template's order)."""
    chosen: dict[str, int] = {}
    unserved: dict[str, list[str]] = {}
    for role, spec in ROLES.items():
        scored = [(s, i) for i, lay in enumerate(layouts) if (s := score(lay, spec))]
        if scored:
            chosen[role] = min(scored)[1]
        else:
            unserved.setdefault(spec.what, []).append(role.replace("_", "-"))
    missing = tuple(f"{what} (for {_joined(roles)} slides)" for what, roles in unserved.items())
    return RoleChoice(chosen, missing)


def _joined(words: list[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def missing_message(template: str, choice: RoleChoice, layouts: Sequence[LayoutInfo]) -> str:
    """What a template lacks, naming its layouts: `{template} lacks a title layout ...`."""
    names = ", ".join(repr(lay.name[:60]) for lay in layouts[:40]) or "none"
    more = f" and {len(layouts) - 40} more" if len(layouts) > 40 else ""
    return (f"{template} lacks " + "; ".join(choice.missing)
            + f" (its layouts: {names}{more})")
