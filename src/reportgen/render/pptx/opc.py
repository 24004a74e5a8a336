"""A template's package (its zip of parts) opened without trusting it.

A PowerPoint file is a zip of XML and media parts tied together by relationship
parts (`_rels/*.rels`) and typed by `[Content_Types].xml`. Before a single part is
unpacked, the zip's own records are held to the limits below: the size of the file,
the number of parts, their total unpacked size and how tightly each is compressed. A
zip bomb is therefore refused from its table of contents. XML is parsed with a parser
that resolves no entities, loads no DTD, reaches no network and refuses huge trees.

Only the standard library and lxml here: `reportgen check` imports this module.
"""

from __future__ import annotations

import os
import posixpath
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from lxml import etree

MAX_TEMPLATE_BYTES = 100 * 1024 * 1024
"""Largest template file read (corporate templates are 5-30 MB)."""
MAX_PARTS = 20_000
"""Most zip entries (parts) in a template."""
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
"""Largest total size of a template's parts once unpacked (the deck holds what it keeps
several times over while it is written: this keeps a build well under 1 GiB)."""
MAX_COMPRESSION_RATIO = 200
"""Largest unpacked-to-packed ratio of one part bigger than `RATIO_GRACE_BYTES`
(deflate reaches about 1000:1 on a bomb; XML and media stay far below 200:1)."""
RATIO_GRACE_BYTES = 1024 * 1024
"""Parts up to this size may be compressed any amount (tiny XML compresses well)."""
DIRECTORY_RECORD_BYTES = 512
"""Average size allowed per entry of the zip's table of contents (a name is ~40 bytes)."""
MAX_XML_PART_BYTES = 16 * 1024 * 1024
"""Largest XML part the deck carries (a rich slide master is well under 1 MB)."""
PROLOG_CHUNK = 4096
"""Bytes read at a time when looking for a DTD before a part's root element."""

CONTENT_TYPES = "[Content_Types].xml"
PACKAGE_RELS = "_rels/.rels"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"

_EOCD = struct.Struct("<4s4H2LH")
_ZIP64_LOCATOR = struct.Struct("<4sLQL")
_ZIP64_EOCD = struct.Struct("<4sQ2H2L4Q")


class PackageProblem(Exception):
    """A template that cannot be read safely; the message says why, in the user's words."""


@dataclass(frozen=True)
class Relationship:
    """One relationship of a part (or of the package) to another part or an outside target."""

    id: str
    """Its id (`rId3`), which the source part's XML uses to refer to it."""
    type: str
    """Its type URI (`.../relationships/image`)."""
    target: str
    """The target as written: a relative part name or, when external, a URL or path."""
    external: bool
    """Whether the target lies outside the package (`TargetMode="External"`)."""
    part: str | None
    """The target's part name inside the zip (no leading `/`); None when external."""

    @property
    def kind(self) -> str:
        """The last segment of the type (`image`, `hyperlink`, `slide`, ...)."""
        return self.type.rstrip("/").rsplit("/", 1)[-1]


def parser() -> etree.XMLParser:
    """A parser that resolves no entities, loads no DTD, reaches no network, no huge trees."""
    return etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True,
                           huge_tree=False, dtd_validation=False)


def rels_name(part: str) -> str:
    """The relationships part of a part: `ppt/x.xml` -> `ppt/_rels/x.xml.rels`."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def resolve_target(source: str, target: str) -> str:
    """The part name a relative target of `source` points to (no leading `/`)."""
    base = posixpath.dirname("/" + source) if source else "/"
    return posixpath.normpath(posixpath.join(base, target)).lstrip("/")


@dataclass
class Package:
    """A template's zip whose table of contents passed every limit; parts read on demand."""

    archive: zipfile.ZipFile
    """The open zip."""
    entries: dict[str, zipfile.ZipInfo]
    """Every part by name (no folders)."""

    def read(self, name: str) -> bytes:
        """A part's bytes, never more than its recorded size.

        The size is passed to `read`: without it zipfile inflates the whole stream in
        one call, which for an entry that lies about its size is a bomb of its own.
        A part whose bytes do not match its recorded size and checksum is damaged.
        """
        info = self.entries[name]
        try:
            with self.archive.open(info) as stream:
                data = stream.read(info.file_size)
                if len(data) != info.file_size or stream.read(1):
                    raise zipfile.BadZipFile("its size does not match the zip's record")
                return data
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
            raise PackageProblem(f"the template's part {name} is damaged ({exc})") from None

    def xml(self, name: str) -> Any:
        """A whole XML part parsed safely (a DTD or malformed XML is a PackageProblem)."""
        size = self.entries[name].file_size
        if size > MAX_XML_PART_BYTES:
            raise PackageProblem(f"the template's part {name} is {size:,} bytes of XML; "
                                 f"the limit is {MAX_XML_PART_BYTES:,}")
        try:
            root = etree.fromstring(self.read(name), parser())
        except etree.XMLSyntaxError as exc:
            raise PackageProblem(f"the template's part {name} is not well-formed XML "
                                 f"({exc.msg})") from None
        if _declares_dtd(root):
            raise PackageProblem(dtd_message([name]))
        return root

    def declares_dtd(self, name: str) -> bool:
        """Whether an XML part has a DTD (read only up to its root element's start)."""
        try:
            with self.archive.open(self.entries[name]) as stream:
                chunk = stream.read(PROLOG_CHUNK)
                if _plain_prolog(chunk):
                    return False
                pull = etree.XMLPullParser(events=("start",), resolve_entities=False,
                                           load_dtd=False, no_network=True, huge_tree=False)
                while chunk:
                    pull.feed(chunk)
                    for _event, element in pull.read_events():
                        return _declares_dtd(element)
                    chunk = stream.read(PROLOG_CHUNK)
                pull.close()
        except etree.XMLSyntaxError as exc:
            raise PackageProblem(f"the template's part {name} is not well-formed XML "
                                 f"({exc.msg})") from None
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
            raise PackageProblem(f"the template's part {name} is damaged ({exc})") from None
        for _event, element in pull.read_events():
            return _declares_dtd(element)
        return False

    def relationships(self, source: str) -> list[Relationship]:
        """The relationships of a part (`""` for the package's own); none without a rels part."""
        name = rels_name(source) if source else PACKAGE_RELS
        if name not in self.entries:
            return []
        found = []
        for rel in self.xml(name).iter(f"{{{RELS_NS}}}Relationship"):
            rid, kind, target = rel.get("Id"), rel.get("Type"), rel.get("Target")
            mode = rel.get("TargetMode", "Internal")
            if not (rid and kind and target is not None) or mode not in ("Internal", "External"):
                raise PackageProblem(f"the template is damaged: {name} has a relationship "
                                     "without an id, a type or a target, or with an unknown "
                                     "target mode")
            external = mode == "External"
            found.append(Relationship(rid, kind, target, external,
                                      None if external else resolve_target(source, target)))
        return found


def dtd_message(parts: list[str]) -> str:
    """The problem of parts that declare a DTD (first few named)."""
    shown = ", ".join(parts[:3]) + (f" and {len(parts) - 3} more" if len(parts) > 3 else "")
    return (f"the template's XML declares a DTD ({shown}): DTDs and entity declarations "
            "are refused in templates (re-save the file in PowerPoint or LibreOffice)")


_ENCODING = re.compile(rb"""encoding\s*=\s*["']([A-Za-z0-9._-]+)""")
_ASCII_ENCODINGS = (b"utf-8", b"utf8", b"us-ascii", b"ascii")


def _plain_prolog(head: bytes) -> bool:
    """Whether the first bytes of an XML part show its root element with no `<!` before it.

    A DTD can only stand before the root element, so such a part has none. Only the
    common case is decided here (UTF-8, an XML declaration, processing instructions);
    anything else (a comment, UTF-16, an unfinished prolog) goes to the parser.
    """
    text = head.removeprefix(b"\xef\xbb\xbf")
    at = 0
    while True:
        at = text.find(b"<", at)
        if at < 0 or at + 1 >= len(text) or text[:at].strip(b" \t\r\n"):
            return False
        if text[at + 1:at + 2] != b"?":
            return text[at + 1:at + 2] not in b"!/" and text[at + 1:at + 2].isalpha()
        end = text.find(b"?>", at)
        if end < 0:
            return False
        declared = _ENCODING.search(text, at, end)
        if declared and declared.group(1).lower() not in _ASCII_ENCODINGS:
            return False
        at = end + 2
        text, at = text[at:], 0


def _declares_dtd(element: Any) -> bool:
    info = element.getroottree().docinfo
    return bool(info.doctype) or info.internalDTD is not None or info.externalDTD is not None


@contextmanager
def open_package(path: Path) -> Iterator[Package]:
    """The template's zip, its table of contents held to every limit before any part is read."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise PackageProblem(f"the template cannot be read: {exc.strerror}") from None
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise PackageProblem("the template is not a regular file")
        if info.st_size > MAX_TEMPLATE_BYTES:
            raise PackageProblem(f"the template is {info.st_size:,} bytes; "
                                 f"the limit is {MAX_TEMPLATE_BYTES:,}")
        count, directory = _directory_size(file, info.st_size)
        if count > MAX_PARTS:
            raise PackageProblem(f"the template has {count:,} parts; the limit is {MAX_PARTS:,}")
        if directory > MAX_PARTS * DIRECTORY_RECORD_BYTES:
            raise PackageProblem(f"the template's table of contents is {directory:,} bytes, "
                                 f"more than {MAX_PARTS:,} parts need (a zip bomb?)")
        try:
            archive = zipfile.ZipFile(file)
        except (zipfile.BadZipFile, NotImplementedError, ValueError, OSError) as exc:
            raise PackageProblem(_NOT_PPTX + f": it is not a readable zip archive ({exc})") \
                from None
        with archive:
            yield Package(archive, _checked_entries(archive.infolist()))


_NOT_PPTX = "the template is not a PowerPoint presentation (.pptx)"


def not_pptx(why: str) -> PackageProblem:
    """The problem of a file that is no presentation, saying why."""
    return PackageProblem(f"{_NOT_PPTX}: {why}")


def _directory_size(file: IO[bytes], size: int) -> tuple[int, int]:
    """The entry count and byte size of the zip's table of contents, as zipfile will read them.

    zipfile reads the whole table into memory and makes an object per entry, so both
    are checked first. Its search is repeated here: the end record at the very end
    (or within the last 64 KiB, after a comment), then a Zip64 record just before it.
    """
    tail_size = min(size, _EOCD.size + 0xFFFF)
    file.seek(size - tail_size)
    tail = file.read(tail_size)
    at = len(tail) - _EOCD.size
    if tail[at:at + 4] != b"PK\x05\x06":
        at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + _EOCD.size > len(tail):
        raise not_pptx("it is not a zip archive")
    fields = _EOCD.unpack_from(tail, at)
    count, directory = fields[4], fields[5]
    locator_at = size - tail_size + at - _ZIP64_LOCATOR.size
    if locator_at >= _ZIP64_EOCD.size:
        file.seek(locator_at)
        locator = file.read(_ZIP64_LOCATOR.size)
        if locator[:4] == b"PK\x06\x07":
            file.seek(locator_at - _ZIP64_EOCD.size)
            record = file.read(_ZIP64_EOCD.size)
            if record[:4] == b"PK\x06\x06":
                zip64 = _ZIP64_EOCD.unpack(record)
                count, directory = zip64[7], zip64[8]
    file.seek(0)
    return count, directory


def _checked_entries(infos: list[zipfile.ZipInfo]) -> dict[str, zipfile.ZipInfo]:
    """The zip's parts by name, after every limit on them was checked."""
    files = [info for info in infos if not info.is_dir()]
    if len(files) > MAX_PARTS:
        raise PackageProblem(f"the template has {len(files):,} parts; the limit is {MAX_PARTS:,}")
    total = sum(info.file_size for info in files)
    if total > MAX_UNPACKED_BYTES:
        raise PackageProblem(f"the template unpacks to {total:,} bytes; the limit is "
                             f"{MAX_UNPACKED_BYTES:,} (a zip bomb?)")
    entries: dict[str, zipfile.ZipInfo] = {}
    seen: set[str] = set()
    for info in files:
        name = info.filename
        if name.lower() in seen:  # part names are case-insensitive: two are ambiguous
            raise PackageProblem(f"the template holds the part {name} twice")
        seen.add(name.lower())
        if info.flag_bits & 0x1:
            raise PackageProblem(f"the template's part {name} is encrypted")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise PackageProblem(f"the template's part {name} uses an unusual compression "
                                 f"method ({info.compress_type}); re-save the file")
        if info.file_size > RATIO_GRACE_BYTES:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > MAX_COMPRESSION_RATIO:
                raise PackageProblem(
                    f"the template's part {name} is compressed {ratio:,.0f}:1; the limit is "
                    f"{MAX_COMPRESSION_RATIO}:1 (a zip bomb?)")
        entries[name] = info
    return entries


def content_types(package: Package) -> tuple[dict[str, str], dict[str, str]]:
    """The package's content types: by file extension, and by part name (both lower case)."""
    if CONTENT_TYPES not in package.entries:
        raise not_pptx(f"it has no {CONTENT_TYPES}")
    try:
        root = package.xml(CONTENT_TYPES)
    except PackageProblem as exc:
        raise not_pptx(str(exc).removeprefix("the template's part ")) from None
    defaults, overrides = {}, {}
    for entry in root:
        key = {f"{{{CT_NS}}}Default": "Extension", f"{{{CT_NS}}}Override": "PartName"}.get(
            entry.tag if isinstance(entry.tag, str) else "")
        if key is None:
            continue
        if not (entry.get(key) and entry.get("ContentType")):
            raise not_pptx(f"its {CONTENT_TYPES} has an entry without {key} or ContentType")
        if key == "Extension":
            defaults[entry.get(key).lower()] = entry.get("ContentType")
        else:
            overrides[entry.get(key).lstrip("/").lower()] = entry.get("ContentType")
    return defaults, overrides


def content_type_of(name: str, types: tuple[dict[str, str], dict[str, str]]) -> str | None:
    """A part's content type: its override, else its extension's default."""
    defaults, overrides = types
    if name.lower() in overrides:
        return overrides[name.lower()]
    extension = posixpath.splitext(name)[1].lstrip(".").lower()
    return defaults.get(extension)
