"""The deck template preflight: every template problem `build` would meet, found by `check`.

`preflight_template` reads a template as an untrusted file (see opc.py for the zip
limits) and reports, without python-pptx:

- errors: not a presentation; a zip bomb or too many parts; macros, ActiveX controls
  or embedded OLE objects; a DTD in any XML part; a picture too large to decode; a
  slide size out of range; a layout or master that is broken or names an unknown
  placeholder type; no layout for a slide role the deck needs (roles.py);
- warnings: external links (linked pictures, hyperlinks, linked OLE objects) in the
  template's masters, layouts or theme, which the deck will not carry.

`sanitized_template` gives the bytes of the template the deck is built on, made in
memory (the user's file is only read): its slides, external links and thumbnail
dropped, so that python-pptx loads only the masters, layouts and theme.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from lxml import etree

from reportgen.core.images import MAX_IMAGE_PIXELS
from reportgen.render.pptx.opc import (
    CONTENT_TYPES,
    CT_NS,
    PACKAGE_RELS,
    R_NS,
    RELS_NS,
    Package,
    PackageProblem,
    Relationship,
    content_type_of,
    content_types,
    dtd_message,
    not_pptx,
    open_package,
    parser,
    rels_name,
)
from reportgen.render.pptx.roles import (
    P_NS,
    PLACEHOLDER_TYPES,
    LayoutInfo,
    choose_layouts,
    layout_info,
    missing_message,
    placeholder_elements,
    placeholder_type,
)

MIN_SLIDE_SIDE, MAX_SLIDE_SIDE = 914_400, 51_206_400
"""The slide sizes the file format allows (1 to 56 inches, in EMU)."""
MAX_SHAPES = 2_000
"""Most shapes (at the top of its shape tree) a layout or master may have: python-pptx
walks them all for every slide made from it (real ones have a few dozen)."""
PACKED_SHARE = 0.9
"""A part the template's zip shrank below this share of its size is deflated again in the
deck's copy; the rest (pictures, media) is stored."""
MAX_NAMED = 3
"""How many offending parts or links one message names (the rest are counted)."""
MAX_TARGET_SHOWN = 80
"""Longest external target shown in a warning (longer ones are cut)."""

PRESENTATION = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
PRESENTATION_LIKE = (
    PRESENTATION,
    "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml",
    "application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml",
)
"""Main part types taken as a presentation (a .potx or .ppsx is opened as a .pptx)."""
ACTIVE_CONTENT_TYPES = re.compile(r"macroenabled|vbaproject|vbadata|activex", re.IGNORECASE)
ACTIVE_PART_NAMES = re.compile(r"vbaProject[^/]*\Z|(^|/)activeX/[^/]*\Z", re.IGNORECASE)
ACTIVE_RELATIONSHIPS = frozenset({
    "vbaProject", "vbaProjectSignature", "vbaProjectSignatureAgile", "vbaProjectSignatureV3",
    "control", "activeXControlBinary", "oleObject"})
"""Relationship kinds of code a viewer may run: VBA, ActiveX controls, embedded OLE objects."""
DROPPED_RELATIONSHIPS = frozenset({"slide", "thumbnail"})
"""Internal relationships the deck never carries: the template's slides and its thumbnail
(a picture of its first slide)."""
LINK_ELEMENTS = frozenset({"hlinkClick", "hlinkHover", "hlinkMouseOver", "snd", "audioFile",
                           "videoFile", "quickTimeFile", "wavAudioFile", "media"})
"""Elements that are nothing but a link: removed with the relationship they name."""
LINK_KINDS = {"image": "a linked picture", "hyperlink": "a hyperlink",
              "oleObject": "a linked OLE object", "video": "linked video",
              "audio": "linked audio", "media": "linked media"}
P14_NS = "http://schemas.microsoft.com/office/powerpoint/2010/main"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
MAX_LENGTH = 2_147_483_647
"""Largest position, size or inset (in EMU, about 2,300 inches) a template's shape may have."""
INSETS = ("lIns", "tIns", "rIns", "bIns")

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    """One problem of a template."""

    severity: Severity
    """`error` stops the build; `warning` is reported and the build goes on."""
    message: str
    """What is wrong, naming the part of the template, in the user's words."""


@dataclass
class Inspection:
    """What the preflight found, and what the deck's copy of the template is made of."""

    findings: list[Finding] = field(default_factory=list)
    """Errors and warnings, in the order found."""
    layouts: list[LayoutInfo] = field(default_factory=list)
    """Every layout of every master, in the template's order."""
    roles: dict[str, int] = field(default_factory=dict)
    """Role -> index into `layouts`."""
    kept: set[str] = field(default_factory=set)
    """The parts the deck carries (the masters, layouts, theme and what they use)."""
    rewritten: dict[str, bytes] = field(default_factory=dict)
    """New bytes of the parts changed (slides and external links dropped)."""

    @property
    def ok(self) -> bool:
        """Whether the template can be used (no errors)."""
        return not any(f.severity == "error" for f in self.findings)

    def error(self, message: str) -> None:
        """Note an error."""
        self.findings.append(Finding("error", _printable(message)))

    def warn(self, message: str) -> None:
        """Note a warning."""
        self.findings.append(Finding("warning", _printable(message)))


def preflight_options(options: dict[str, Any], resolve: Any) -> list[tuple[tuple[str, ...],
                                                                           str, str]]:
    """The registry's preflight of `outputs.pptx` (see render/base.py): the template's
    problems, each at `outputs.pptx.template`."""
    template = options.get("template")
    if not template:
        return []
    full = resolve(("template",), template)
    if full is None:
        return []
    return [(("template",), finding.severity, finding.message)
            for finding in preflight_template(full)]


def preflight_template(path: Path) -> list[Finding]:
    """Every problem of a deck template, errors and warnings, found without rendering."""
    return inspect_template(path, lambda _package, _found: None).findings


@dataclass(frozen=True)
class SafeTemplate:
    """The template a deck is built on: sanitized bytes, and what was found doing it."""

    data: bytes
    """A .pptx holding only what the deck carries (in memory; the user's file is untouched)."""
    findings: list[Finding]
    """The warnings (a template with errors gives no SafeTemplate)."""
    layouts: list[LayoutInfo]
    """Every layout, in order (as python-pptx will list them)."""


def sanitized_template(path: Path) -> SafeTemplate:
    """The deck's copy of a template; raises PackageProblem naming every error found."""
    data: list[bytes] = []
    found = inspect_template(path, lambda package, found: data.append(_write(package, found)))
    if not found.ok:
        raise PackageProblem("; ".join(f.message for f in found.findings
                                       if f.severity == "error"))
    return SafeTemplate(data[0], found.findings, found.layouts)


def inspect_template(path: Path, use: Callable[[Package, Inspection], None]) -> Inspection:
    """Inspect a template; `use(package, inspection)` runs while the zip is open, if no errors."""
    found = Inspection()
    try:
        with open_package(path) as package:
            _Preflight(package, found, path.name).run()
            if found.ok:
                use(package, found)
    except PackageProblem as exc:
        found.error(str(exc))
    return found


class _Preflight:
    """The checks of one template, in order; each adds to the inspection."""

    def __init__(self, package: Package, found: Inspection, name: str) -> None:
        self.package = package
        self.name = name
        """The template's file name, as messages show it."""
        self.found = found
        self.types = content_types(package)
        self.rels: dict[str, list[Relationship]] = {}
        """Relationships of each kept part (and `""`, the package), as written."""

    def run(self) -> None:
        self.active_content()
        self.dtds()
        if not self.found.ok:
            return
        self.walk()
        main = self.main_part()
        self.kept_parts()
        if not self.found.ok:
            return
        self.presentation(main)
        if not self.found.ok:
            return
        self.external_links()

    # -- the whole package ---------------------------------------------------------------
    def active_content(self) -> None:
        """Macros and ActiveX anywhere in the package (item names and content types)."""
        defaults, _overrides = self.types
        found = [f"{name} ({kind})" for name in self.package.entries
                 if ACTIVE_CONTENT_TYPES.search(kind := content_type_of(name, self.types) or "")]
        found += [f"*.{ext} parts ({kind})" for ext, kind in defaults.items()
                  if ACTIVE_CONTENT_TYPES.search(kind)
                  and not any(n.lower().endswith("." + ext) for n in self.package.entries)]
        found += [name for name in self.package.entries if ACTIVE_PART_NAMES.search(name)
                  and not ACTIVE_CONTENT_TYPES.search(content_type_of(name, self.types) or "")]
        if found:
            self.found.error(
                "the template is macro-enabled or holds ActiveX controls: "
                + _listed(found) + "; reportgen refuses templates with macros or controls "
                "(save it as a PowerPoint Presentation (.pptx) without them)")

    def dtds(self) -> None:
        """A DTD in any XML part (read up to its root element only)."""
        with_dtd = [name for name in self.package.entries
                    if self.is_xml(name) and self.package.declares_dtd(name)]
        if with_dtd:
            self.found.error(dtd_message(with_dtd))

    def is_xml(self, name: str) -> bool:
        """Whether a part is XML, by its content type or its name."""
        kind = (content_type_of(name, self.types) or "").split(";")[0].strip().lower()
        return (kind.endswith("xml") or name.lower().endswith((".xml", ".rels"))
                or name == CONTENT_TYPES)

    # -- the parts the deck carries ------------------------------------------------------
    def walk(self) -> None:
        """The parts reachable from the package without going through a slide."""
        queue = [""]
        self.found.kept = set()
        while queue:
            source = queue.pop()
            self.rels[source] = self.package.relationships(source)
            for rel in self.rels[source]:
                if rel.external or rel.kind in DROPPED_RELATIONSHIPS or rel.part is None:
                    continue
                if rel.part in self.package.entries and rel.part not in self.found.kept:
                    self.found.kept.add(rel.part)  # a missing target is ignored, as PowerPoint does
                    queue.append(rel.part)

    def main_part(self) -> str:
        """The presentation part (the package's officeDocument relationship)."""
        main = next((r.part for r in self.rels[""]
                     if r.kind == "officeDocument" and not r.external), None)
        if main is None or main not in self.package.entries:
            raise not_pptx("it has no main document")
        kind = content_type_of(main, self.types)
        if kind not in PRESENTATION_LIKE:
            raise not_pptx(f"its main document is of type {kind!r}")
        if kind != PRESENTATION:  # .potx, .ppsx: the same content, opened as a presentation
            self.found.rewritten[CONTENT_TYPES] = _retyped(self.package, main)
        return main

    def kept_parts(self) -> None:
        """Every kept part has a content type, runs no code, and its pictures can be decoded."""
        untyped = sorted(n for n in self.found.kept if content_type_of(n, self.types) is None)
        if untyped:
            self.found.error(f"the template's part(s) {_listed(untyped)} have no content type "
                             f"in {CONTENT_TYPES}")
        active = [f"{rel.part} ({rel.kind})" for source in sorted(self.rels)
                  for rel in self.rels[source] if rel.kind in ACTIVE_RELATIONSHIPS
                  and not rel.external]
        if active:
            self.found.error("the template's masters or layouts hold embedded objects or "
                             f"controls that can run code ({_listed(active)}): remove them")
        for name in sorted(self.found.kept):
            kind = content_type_of(name, self.types) or ""
            if self.is_xml(name):
                try:  # python-pptx parses it: it must be well-formed (and small enough)
                    self.package.xml(name)
                except PackageProblem as exc:
                    self.found.error(str(exc))
            elif kind.startswith("image/") and "svg" not in kind:
                problem = _picture_problem(name, self.package.read(name))
                if problem:
                    self.found.error(problem)

    # -- masters and layouts -------------------------------------------------------------
    def presentation(self, main: str) -> None:
        """The slide size, the masters and their layouts, and a layout for every role."""
        prs = self.package.xml(main)
        size = prs.find(f"{{{P_NS}}}sldSz")
        sides = [size.get(k) for k in ("cx", "cy")] if size is not None else []
        if not (sides and all(_is_length(s or "") and MIN_SLIDE_SIDE <= int(s) <= MAX_SLIDE_SIDE
                              for s in sides)):
            self.found.error("the template's slide size is missing or outside the 1-56 inch "
                             f"range the format allows ({main}, p:sldSz)")
        targets = {r.id: r.part for r in self.rels[main] if not r.external}
        layouts: list[LayoutInfo] = []
        for master_id in prs.iterfind(f"{{{P_NS}}}sldMasterIdLst/{{{P_NS}}}sldMasterId"):
            master = self.target(targets, master_id, f"{main} names a slide master")
            if master is not None:
                layouts += self.master(master)
        if not self.found.ok:
            return
        self.found.layouts = layouts
        choice = choose_layouts(layouts)
        if choice.missing:
            self.found.error(missing_message(f"template {self.name}", choice, layouts))
        self.found.roles = choice.chosen
        self.found.rewritten[main] = _without_slides(prs)

    def target(self, targets: dict[str, str | None], element: Any, what: str) -> str | None:
        """The kept part an `r:id` attribute names, or None after an error."""
        rid = element.get(f"{{{R_NS}}}id")
        part = targets.get(rid or "")
        if part is None or part not in self.found.kept:
            self.found.error(f"the template is damaged: {what} ({rid}) it does not hold")
            return None
        return part

    def master(self, master: str) -> list[LayoutInfo]:
        """The layouts of a slide master, checked."""
        root = self.package.xml(master)
        self.shapes(master, root)
        targets = {r.id: r.part for r in self.rels.get(master, []) if not r.external}
        infos = []
        for layout_id in root.iterfind(f"{{{P_NS}}}sldLayoutIdLst/{{{P_NS}}}sldLayoutId"):
            layout = self.target(targets, layout_id, f"{master} names a layout")
            if layout is None:
                continue
            layout_root = self.package.xml(layout)
            self.shapes(layout, layout_root)
            if not any(r.kind == "slideMaster" and r.part in self.found.kept
                       for r in self.rels.get(layout, [])):
                self.found.error(f"the template is damaged: its layout {layout} has no master")
            infos.append(layout_info(layout_root))
        return infos

    def shapes(self, part: str, root: Any) -> None:
        """Placeholder types and shape geometry the deck reads are what the format allows."""
        tree = root.find(f"{{{P_NS}}}cSld/{{{P_NS}}}spTree")
        count = 0 if tree is None else len(tree)
        if count > MAX_SHAPES:
            self.found.error(f"the template's {part} has {count:,} shapes; the limit is "
                             f"{MAX_SHAPES:,} per layout or master")
            return
        for shape in placeholder_elements(root):
            kind = placeholder_type(shape)
            if kind not in PLACEHOLDER_TYPES:
                self.found.error(f"the template's {part} has a placeholder of unknown type "
                                 f"{kind[:40]!r}")
        for element in root.iter(f"{{{A_NS}}}off", f"{{{A_NS}}}ext", f"{{{A_NS}}}bodyPr"):
            keys = INSETS if element.tag.endswith("bodyPr") else ("x", "y", "cx", "cy")
            bad = [k for k in keys if element.get(k) is not None
                   and not _is_length(element.get(k))]
            if bad:
                self.found.error(f"the template's {part} has a shape with a malformed "
                                 f"{bad[0]}={element.get(bad[0])[:40]!r}")
                return

    # -- external links ------------------------------------------------------------------
    def external_links(self) -> None:
        """Drop the kept parts' links to slides, and their external links (with a warning)."""
        for source in sorted(self.rels):
            rels = self.rels[source]
            dropped = [r for r in rels if r.external or r.kind in DROPPED_RELATIONSHIPS]
            if not dropped:
                continue
            name = rels_name(source) if source else PACKAGE_RELS
            self.found.rewritten[name] = _without_relationships(
                self.package.xml(name), {r.id for r in dropped})
            if source and self.is_xml(source):
                before = self.found.rewritten.get(source)
                root = (etree.fromstring(before, parser()) if before is not None
                        else self.package.xml(source))
                self.found.rewritten[source] = _without_references(root, {r.id for r in dropped})
            external = [r for r in dropped if r.external]
            if external:
                links = [f"{LINK_KINDS.get(r.kind, f'a link ({r.kind[:30]})')} "
                         f"{_shown(r.target)}" for r in external]
                self.found.warn(f"the template's {source or 'package'} has external links, "
                                f"which the deck does not carry: {_listed(links)}")


def _is_length(value: str) -> bool:
    """Whether a position, size or inset is a whole number of EMU in range."""
    digits = value[1:] if value.startswith("-") else value
    return (digits.isascii() and digits.isdigit() and len(digits) <= len(str(MAX_LENGTH))
            and int(digits) <= MAX_LENGTH)


def _listed(items: list[str]) -> str:
    """A few items named, the rest counted."""
    shown = ", ".join(items[:MAX_NAMED])
    return shown + (f" and {len(items) - MAX_NAMED} more" if len(items) > MAX_NAMED else "")


def _shown(target: str) -> str:
    """An external target as it may be printed: quoted, and cut when long."""
    text = target if len(target) <= MAX_TARGET_SHOWN else target[:MAX_TARGET_SHOWN] + "..."
    return f"'{text}'"


def _printable(message: str) -> str:
    """A message with control characters escaped: names and links inside a template must
    not be able to drive the user's terminal or forge a line of output."""
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in message)


def _picture_problem(name: str, data: bytes) -> str | None:
    """Why a picture cannot be carried (too many pixels to decode), or None."""
    from PIL import Image

    limit = f"the limit is {MAX_IMAGE_PIXELS:,} (a decompression bomb?)"
    try:
        with warnings.catch_warnings():  # the size is judged below, without Pillow's noise
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
    except Image.DecompressionBombError:
        return f"the template's picture {name} has more pixels than Pillow will open; {limit}"
    except Exception:  # not a raster Pillow reads (EMF, WDP, ...): carried as it is
        return None
    if width * height > MAX_IMAGE_PIXELS:
        return (f"the template's picture {name} is {width:,} x {height:,} = "
                f"{width * height:,} pixels; {limit}")
    return None


def _serialise(root: Any) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _retyped(package: Package, main: str) -> bytes:
    """`[Content_Types].xml` with the main part typed as a presentation."""
    root = package.xml(CONTENT_TYPES)
    for override in root.iter(f"{{{CT_NS}}}Override"):
        if (override.get("PartName") or "").lstrip("/").lower() == main.lower():
            override.set("ContentType", PRESENTATION)
            break
    else:
        etree.SubElement(root, f"{{{CT_NS}}}Override", PartName="/" + main,
                         ContentType=PRESENTATION)
    return _serialise(root)


def _without_slides(prs: Any) -> bytes:
    """presentation.xml listing no slides: no slide ids, custom shows or section members."""
    for path in (f"{{{P_NS}}}sldIdLst", f".//{{{P14_NS}}}sldIdLst"):
        for slide_list in prs.iterfind(path):
            for child in list(slide_list):
                slide_list.remove(child)
    for shows in prs.iterfind(f"{{{P_NS}}}custShowLst"):
        prs.remove(shows)
    return _serialise(prs)


def _without_relationships(rels: Any, ids: set[str]) -> bytes:
    """A relationship part without the relationships named."""
    for rel in list(rels.iter(f"{{{RELS_NS}}}Relationship")):
        if rel.get("Id") in ids:
            rels.remove(rel)
    return _serialise(rels)


def _without_references(root: Any, ids: set[str]) -> bytes:
    """A part's XML with no reference to the relationships named.

    An element that is only a link (a hyperlink, a linked sound or video) goes; any
    other keeps its place and loses the reference (a linked picture shows empty).
    """
    hits = [(element, name) for element in root.iter()
            if isinstance(element.tag, str)
            for name, value in element.attrib.items()
            if name.startswith(f"{{{R_NS}}}") and value in ids]
    for element, name in hits:
        local = etree.QName(element).localname
        parent = element.getparent()
        if local in LINK_ELEMENTS and parent is not None:
            parent.remove(element)
        elif name in element.attrib:
            del element.attrib[name]
    return _serialise(root)


def _write(package: Package, found: Inspection) -> bytes:
    """The deck's copy of the template: the kept parts (some rewritten), in the zip's order."""
    names = {CONTENT_TYPES, PACKAGE_RELS}
    for part in found.kept:
        names.add(part)
        names.add(rels_name(part))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as copy:
        for name, info in package.entries.items():
            if name not in names:
                continue
            data = found.rewritten.get(name)
            if data is None:
                data = package.read(name)
            # pictures and media are compressed already: storing them saves seconds
            packed = info.compress_size < info.file_size * PACKED_SHARE
            compress = zipfile.ZIP_DEFLATED if packed else zipfile.ZIP_STORED
            copy.writestr(zipfile.ZipInfo(name, date_time=info.date_time), data,
                          compress_type=compress, compresslevel=1)
    return out.getvalue()
