"""A corpus of hostile deck templates, made from the shipped ones with zipfile.

Each maker writes one template into a folder and returns its path. Nothing here is
committed as a binary: every file is generated in the test's temporary folder.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[3]
TEMPLATES = ROOT / "assets" / "templates"
DEFAULT = TEMPLATES / "default.pptx"
CIVIC = TEMPLATES / "civic.pptx"

CT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PRESENTATION_MAIN = (b"application/vnd.openxmlformats-officedocument.presentationml."
                     b"presentation.main+xml")
MACRO_MAIN = b"application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml"
GiB = 1024 ** 3
MiB = 1024 ** 2

UNC_PICTURE = r"\\attacker.example\share\logo.png"
TRACKER = "https://tracker.example/pixel?campaign=template"
OLE_LINK = "file:///etc/passwd"
EXTERNAL_TARGETS = (UNC_PICTURE, TRACKER, OLE_LINK)

Edit = Callable[[bytes], bytes]


def repack(source: Path, out: Path, *, edit: dict[str, Edit] | None = None,
           add: dict[str, bytes] | None = None, drop: tuple[str, ...] = ()) -> Path:
    """A copy of a template with parts edited, added or dropped."""
    edit, add = edit or {}, add or {}
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename in drop:
                continue
            data = src.read(info)
            if info.filename in edit:
                data = edit[info.filename](data)
            dst.writestr(info.filename, data)
        for name, data in add.items():
            dst.writestr(name, data)
    return out


def before(marker: bytes, insert: bytes) -> Edit:
    """An edit that inserts bytes before the first occurrence of a marker."""
    def apply(data: bytes) -> bytes:
        assert marker in data, marker
        return data.replace(marker, insert + marker, 1)
    return apply


def replace(old: bytes, new: bytes) -> Edit:
    """An edit that replaces the first occurrence of `old`."""
    def apply(data: bytes) -> bytes:
        assert old in data, old
        return data.replace(old, new, 1)
    return apply


def rel(rid: str, kind: str, target: str, *, external: bool = False) -> bytes:
    """A relationship element."""
    mode = ' TargetMode="External"' if external else ""
    target = target.replace("&", "&amp;")
    return (f'<Relationship Id="{rid}" Type="{CT}/{kind}" Target="{target}"{mode}/>'
            .encode())


def override(part: str, content_type: str) -> bytes:
    """A content-type override element."""
    return f'<Override PartName="/{part}" ContentType="{content_type}"/>'.encode()


# -- item 8: macros and ActiveX ----------------------------------------------------------------
def macro_enabled(folder: Path) -> Path:
    """A .pptm renamed .pptx: macro-enabled main type and a VBA project."""
    return repack(DEFAULT, folder / "macro.pptx", edit={
        "[Content_Types].xml": lambda d: replace(PRESENTATION_MAIN, MACRO_MAIN)(
            before(b"</Types>", override("ppt/vbaProject.bin",
                                         "application/vnd.ms-office.vbaProject"))(d)),
        "ppt/_rels/presentation.xml.rels": before(b"</Relationships>", (
            b'<Relationship Id="rId99" Type="http://schemas.microsoft.com/office/2006/'
            b'relationships/vbaProject" Target="vbaProject.bin"/>')),
    }, add={"ppt/vbaProject.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"Attribute VB_Name" * 64})


def disguised_macro(folder: Path) -> Path:
    """A VBA project typed as plain binary, in a template that says it is a .pptx."""
    return repack(DEFAULT, folder / "disguised.pptx", edit={
        "ppt/_rels/presentation.xml.rels": before(b"</Relationships>", (
            b'<Relationship Id="rId99" Type="http://schemas.microsoft.com/office/2006/'
            b'relationships/vbaProject" Target="vbaProject.bin"/>')),
    }, add={"ppt/vbaProject.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512})


def activex(folder: Path) -> Path:
    """An ActiveX control on a layout."""
    return repack(DEFAULT, folder / "activex.pptx", edit={
        "[Content_Types].xml": before(b"</Types>", override(
            "ppt/activeX/activeX1.xml", "application/vnd.ms-office.activeX+xml")
            + override("ppt/activeX/activeX1.bin", "application/vnd.ms-office.activeX")),
        "ppt/slideLayouts/_rels/slideLayout2.xml.rels": before(
            b"</Relationships>", rel("rId7", "control", "../activeX/activeX1.xml")),
    }, add={
        "ppt/activeX/activeX1.xml": (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            b'<ax:ocx xmlns:ax="http://schemas.microsoft.com/office/2006/activeX" '
            b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
            b'ax:classid="{8BD21D40-EC42-11CE-9E0D-00AA006002F3}" ax:persistence="persistStream" '
            b'r:id="rId1"/>'),
        "ppt/activeX/_rels/activeX1.xml.rels": (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships '
            b'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + b'<Relationship Id="rId1" Type="http://schemas.microsoft.com/office/2006/'
              b'relationships/activeXControlBinary" Target="activeX1.bin"/></Relationships>'),
        "ppt/activeX/activeX1.bin": b"\0" * 256,
    })


def embedded_ole(folder: Path) -> Path:
    """An embedded OLE object (a "package" that can carry a program) on a layout."""
    return repack(DEFAULT, folder / "ole.pptx", edit={
        "[Content_Types].xml": before(b"</Types>", override(
            "ppt/embeddings/oleObject1.bin",
            "application/vnd.openxmlformats-officedocument.oleObject")),
        "ppt/slideLayouts/_rels/slideLayout2.xml.rels": before(
            b"</Relationships>", rel("rId8", "oleObject", "../embeddings/oleObject1.bin")),
    }, add={"ppt/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0" + b"\0" * 508})


# -- item 9: external links -------------------------------------------------------------------
LINKED_PICTURE = (
    b'<p:pic><p:nvPicPr><p:cNvPr id="90" name="Linked logo"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr>'
    b'<p:blipFill><a:blip r:link="rId90"/><a:stretch><a:fillRect/></a:stretch></p:blipFill>'
    b'<p:spPr><a:xfrm><a:off x="11000000" y="6200000"/><a:ext cx="900000" cy="500000"/>'
    b'</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>')
TRACKED_SHAPE = (
    b'<p:sp><p:nvSpPr><p:cNvPr id="91" name="Tracked logo"><a:hlinkClick r:id="rId91"/>'
    b'</p:cNvPr><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr><a:xfrm><a:off x="100000" '
    b'y="6300000"/><a:ext cx="900000" cy="400000"/></a:xfrm><a:prstGeom prst="rect">'
    b'<a:avLst/></a:prstGeom></p:spPr></p:sp>')
LINKED_OLE = (
    b'<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="92" name="Linked object"/>'
    b'<p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr><p:xfrm><a:off x="1000" y="1000"/>'
    b'<a:ext cx="10000" cy="10000"/></p:xfrm><a:graphic><a:graphicData '
    b'uri="http://schemas.openxmlformats.org/presentationml/2006/ole"><p:oleObj name="passwd" '
    b'r:id="rId92" progId="Package"><p:link updateAutomatic="1"/></p:oleObj></a:graphicData>'
    b'</a:graphic></p:graphicFrame>')


def external_links(folder: Path) -> Path:
    """A UNC picture on the master, a tracking hyperlink and an OLE link to a local file."""
    return repack(DEFAULT, folder / "links.pptx", edit={
        "ppt/slideMasters/_rels/slideMaster1.xml.rels": before(
            b"</Relationships>", rel("rId90", "image", UNC_PICTURE, external=True)),
        "ppt/slideMasters/slideMaster1.xml": before(b"</p:spTree>", LINKED_PICTURE),
        "ppt/slideLayouts/_rels/slideLayout2.xml.rels": before(
            b"</Relationships>", rel("rId91", "hyperlink", TRACKER, external=True)
            + rel("rId92", "oleObject", OLE_LINK, external=True)),
        "ppt/slideLayouts/slideLayout2.xml": before(b"</p:spTree>", TRACKED_SHAPE + LINKED_OLE),
        "_rels/.rels": before(b"</Relationships>",
                              rel("rId93", "hyperlink", TRACKER + "&root=1", external=True)),
    })


# -- item 19: zip bombs -----------------------------------------------------------------------
def _zeros_stream(mib: int) -> bytes:
    """A raw deflate stream of `mib` MiB of zeros, made without compressing them all.

    After a full flush a deflate stream starts afresh, so one compressed MiB repeats.
    """
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(b"\0" * MiB) + packer.flush(zlib.Z_FULL_FLUSH)
    return block * mib + zlib.compressobj(9, zlib.DEFLATED, -15).flush()


def _zeros_crc(mib: int) -> int:
    crc, chunk = 0, b"\0" * MiB
    for _ in range(mib):
        crc = zlib.crc32(chunk, crc)
    return crc


def _patch(path: Path, name: str, *, crc: int, size: int) -> None:
    """Mark a stored entry as deflated, with the given checksum and unpacked size.

    The entry's bytes must already be a raw deflate stream; its local header and its
    central directory record are rewritten in place.
    """
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(name)
        local = info.header_offset
    struct.pack_into("<H", data, local + 8, zipfile.ZIP_DEFLATED)
    struct.pack_into("<LLL", data, local + 14, crc, info.compress_size, size)
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        name_len = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46:at + 46 + name_len] == name.encode():
            struct.pack_into("<H", data, at + 10, zipfile.ZIP_DEFLATED)
            struct.pack_into("<LLL", data, at + 16, crc, info.compress_size, size)
            break
        at = data.find(b"PK\x01\x02", at + 4)
    assert at >= 0
    path.write_bytes(bytes(data))


def _with_deflated(source: Path, out: Path, streams: dict[str, tuple[bytes, int, int]]) -> Path:
    """A template plus entries given as (raw deflate stream, crc, declared unpacked size)."""
    repack(source, out)
    with zipfile.ZipFile(out, "a") as archive:
        for name, (stream, _crc, _size) in streams.items():
            archive.writestr(zipfile.ZipInfo(name), stream, compress_type=zipfile.ZIP_STORED)
    for name, (_stream, crc, size) in streams.items():
        _patch(out, name, crc=crc, size=size)
    return out


def zip_bomb(folder: Path) -> Path:
    """The reported bomb: a 6 MB template whose three media parts unpack to 6 GiB."""
    mib = 2 * 1024 - 1  # just under 2 GiB each: no Zip64 needed
    stream, crc = _zeros_stream(mib), _zeros_crc(mib)
    return _with_deflated(DEFAULT, folder / "bomb.pptx", {
        f"ppt/media/image{i}.png": (stream, crc, mib * MiB) for i in (1, 2, 3)})


def ratio_bomb(folder: Path) -> Path:
    """One 100 MiB part of zeros (under the total limit, far over the ratio limit)."""
    return _with_deflated(DEFAULT, folder / "ratio.pptx", {
        "ppt/media/image1.png": (_zeros_stream(100), _zeros_crc(100), 100 * MiB)})


def many_small_bombs(folder: Path) -> Path:
    """400 parts of 1 MiB of zeros each: every part under the ratio grace, 400 MiB in all."""
    stream, crc = _zeros_stream(1), _zeros_crc(1)
    return _with_deflated(DEFAULT, folder / "many.pptx", {
        f"ppt/media/image{i}.png": (stream, crc, MiB) for i in range(400)})


def lying_sizes(folder: Path) -> Path:
    """A layout whose zip record says 3 KB but whose stream inflates to 1 GiB."""
    out = repack(DEFAULT, folder / "lying.pptx", drop=("ppt/slideLayouts/slideLayout2.xml",))
    with zipfile.ZipFile(out, "a") as archive:
        archive.writestr(zipfile.ZipInfo("ppt/slideLayouts/slideLayout2.xml"),
                         _zeros_stream(1024), compress_type=zipfile.ZIP_STORED)
    _patch(out, "ppt/slideLayouts/slideLayout2.xml", crc=0, size=3651)
    return out


def too_many_parts(folder: Path) -> Path:
    """30,000 empty parts."""
    return repack(DEFAULT, folder / "parts.pptx",
                  add={f"ppt/media/empty{i}.bin": b"" for i in range(30_000)})


def huge_directory(folder: Path) -> Path:
    """A zip whose end record claims a table of contents of 1 GiB."""
    data = bytearray(DEFAULT.read_bytes())
    at = data.rfind(b"PK\x05\x06")
    struct.pack_into("<L", data, at + 12, GiB)
    out = folder / "directory.pptx"
    out.write_bytes(bytes(data))
    return out


# -- item 24: a picture too large, a template with thousands of slides -------------------------
def png_header(width: int, height: int) -> bytes:
    """A small PNG that declares a huge size (the header of a decompression bomb)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))


def png(width: int, height: int, color: tuple[int, int, int]) -> bytes:
    """A real PNG of one colour."""
    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, "PNG", compress_level=1)
    return out.getvalue()


def background_picture(folder: Path, picture: bytes, name: str = "picture.pptx") -> Path:
    """The default template with a picture as the master's background fill."""
    background = (b'<p:bg><p:bgPr><a:blipFill><a:blip r:embed="rId80"/><a:stretch><a:fillRect/>'
                  b'</a:stretch></a:blipFill><a:effectLst/></p:bgPr></p:bg>')
    return repack(DEFAULT, folder / name, edit={
        "[Content_Types].xml": before(b"</Types>",
                                      b'<Default Extension="png" ContentType="image/png"/>'),
        "ppt/slideMasters/_rels/slideMaster1.xml.rels": before(
            b"</Relationships>", rel("rId80", "image", "../media/image80.png")),
        "ppt/slideMasters/slideMaster1.xml": lambda d: replace(
            b"<p:cSld><p:spTree>", b"<p:cSld>" + background + b"<p:spTree>")(
            _without_background(d)),
        # the layouts' own backgrounds would hide the master's
        **{f"ppt/slideLayouts/slideLayout{i}.xml": _without_background for i in (1, 2, 6)},
    }, add={"ppt/media/image80.png": picture})


def _without_background(data: bytes) -> bytes:
    start = data.find(b"<p:bg>")
    if start < 0:
        return data
    return data[:start] + data[data.index(b"</p:bg>") + len(b"</p:bg>"):]


def picture_bomb(folder: Path) -> Path:
    """A 13,000 x 13,000 (169-megapixel) background picture."""
    return background_picture(folder, png_header(13_000, 13_000), "picture_bomb.pptx")


def many_slides(folder: Path, count: int = 5000) -> Path:
    """The civic template (saved by LibreOffice) with its one slide repeated `count` times."""
    with zipfile.ZipFile(CIVIC) as src:
        slide = src.read("ppt/slides/slide1.xml")
        slide_rels = src.read("ppt/slides/_rels/slide1.xml.rels")
    ids = b"".join(f'<p:sldId id="{300 + i}" r:id="rId{900 + i}"/>'.encode()
                   for i in range(count))
    rels = b"".join(rel(f"rId{900 + i}", "slide", f"slides/slide{i + 2}.xml")
                    for i in range(count))
    types = b"".join(override(f"ppt/slides/slide{i + 2}.xml", "application/vnd.openxmlformats-"
                              "officedocument.presentationml.slide+xml") for i in range(count))
    add = {}
    for i in range(count):
        add[f"ppt/slides/slide{i + 2}.xml"] = slide
        add[f"ppt/slides/_rels/slide{i + 2}.xml.rels"] = slide_rels
    return repack(CIVIC, folder / "slides.pptx", edit={
        "ppt/presentation.xml": before(b"</p:sldIdLst>", ids),
        "ppt/_rels/presentation.xml.rels": before(b"</Relationships>", rels),
        "[Content_Types].xml": before(b"</Types>", types),
    }, add=add)


# -- item 26: DTDs ----------------------------------------------------------------------------
DTD = b'<!DOCTYPE p:sldLayout [<!ENTITY org "ACME Corporation">]>'


def with_dtd(folder: Path) -> Path:
    """A layout with a DTD declaring an entity, and the entity used in its prompt text."""
    return repack(DEFAULT, folder / "dtd.pptx", edit={
        "ppt/slideLayouts/slideLayout2.xml": lambda d: replace(
            b"Click to edit Master title style", b"&org; title")(
            replace(b"standalone='yes'?>\n", b"standalone='yes'?>\n" + DTD)(d)),
    })


LAUGHS = (b'<!DOCTYPE a:theme [<!ENTITY l0 "lol">'
          + b"".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">'.encode() for i in range(1, 10))
          + b"]>")


def billion_laughs(folder: Path) -> Path:
    """The theme with a billion-laughs DTD (its entity used in the theme's name)."""
    return repack(DEFAULT, folder / "laughs.pptx", edit={
        "ppt/theme/theme1.xml": replace(b"standalone='yes'?>\n", b"standalone='yes'?>\n" + LAUGHS),
    })


def dtd_in_a_slide(folder: Path) -> Path:
    """The civic template with a DTD in its (dropped) sample slide."""
    return repack(CIVIC, folder / "slide_dtd.pptx", edit={
        "ppt/slides/slide1.xml": replace(b"?>", b"?>" + DTD.replace(b"p:sldLayout", b"p:sld")),
    })


# -- item 28: fakes ---------------------------------------------------------------------------
def fake_names(folder: Path) -> Path:
    """A zip with the names of a presentation and nothing of one inside."""
    out = folder / "fake.pptx"
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", b"not xml")
        archive.writestr("ppt/presentation.xml", b"hello")
    return out


def renamed_document(folder: Path) -> Path:
    """A Word document renamed .pptx."""
    out = folder / "document.pptx"
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", (
            b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            b'content-types"><Default Extension="xml" ContentType="application/xml"/>'
            b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxml'
            b'formats-officedocument.wordprocessingml.document.main+xml"/></Types>'))
        archive.writestr("_rels/.rels", (
            b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            b'package/2006/relationships">' + rel("rId1", "officeDocument", "word/document.xml")
            + b"</Relationships>"))
        archive.writestr("word/document.xml", b"<w:document xmlns:w='urn:w'/>")
        archive.writestr("ppt/presentation.xml", b"<p:presentation xmlns:p='urn:p'/>")
    return out


def truncated(folder: Path) -> Path:
    """The default template cut in half."""
    out = folder / "truncated.pptx"
    data = DEFAULT.read_bytes()
    out.write_bytes(data[: len(data) // 2])
    return out


def broken_layout(folder: Path) -> Path:
    """A layout whose placeholder type is not one the format knows."""
    return repack(DEFAULT, folder / "broken.pptx", edit={
        "ppt/slideLayouts/slideLayout2.xml": replace(b'<p:ph type="title"/>',
                                                     b'<p:ph type="headline"/>')})


def no_body_layout(folder: Path) -> Path:
    """A template whose only layouts have a title and no body (issue 8, item 3)."""
    def only_title_only(data: bytes) -> bytes:
        for rid in (b"rId1", b"rId2"):
            start = data.index(b'<Relationship Id="' + rid + b'"')
            data = data[:start] + data[data.index(b"/>", start) + 2:]
        return data

    def listed_once(data: bytes) -> bytes:
        start = data.index(b"<p:sldLayoutIdLst>")
        end = data.index(b"</p:sldLayoutIdLst>")
        kept = [e for e in data[start + 18:end].split(b"/>") if b'r:id="rId6"' in e]
        return data[:start + 18] + kept[0] + b"/>" + data[end:]

    return repack(DEFAULT, folder / "title_only.pptx", edit={
        "ppt/slideMasters/_rels/slideMaster1.xml.rels": only_title_only,
        "ppt/slideMasters/slideMaster1.xml": listed_once,
    }, drop=("ppt/slideLayouts/slideLayout1.xml", "ppt/slideLayouts/slideLayout2.xml",
             "ppt/slideLayouts/_rels/slideLayout1.xml.rels",
             "ppt/slideLayouts/_rels/slideLayout2.xml.rels"))


def bad_target_mode(folder: Path) -> Path:
    """A link whose target mode is neither Internal nor External (python-pptx fails on it)."""
    link = rel("rId9", "hyperlink", OLE_LINK, external=True).replace(b"External", b"external")
    return repack(DEFAULT, folder / "mode.pptx", edit={
        "ppt/slideLayouts/_rels/slideLayout2.xml.rels": before(b"</Relationships>", link)})


def malformed_theme(folder: Path) -> Path:
    """The theme cut short: the deck would carry XML that does not parse."""
    return repack(DEFAULT, folder / "theme.pptx", edit={
        "ppt/theme/theme1.xml": lambda data: data[: len(data) // 2]})


def _box(i: int) -> bytes:
    """A small rectangle, a little different from every other one."""
    x, y = i * 7919 % 9_000_000, i * 104_729 % 6_000_000
    return (f'<p:sp><p:nvSpPr><p:cNvPr id="{1000 + i}" name="Box {i}"/><p:cNvSpPr/><p:nvPr/>'
            f'</p:nvSpPr><p:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{i % 99991}" '
            f'cy="{i % 77773}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
            f'</p:spPr></p:sp>').encode()


def too_many_shapes(folder: Path) -> Path:
    """A layout of 3,000 loose shapes (python-pptx walks them all for every slide)."""
    return repack(DEFAULT, folder / "shapes.pptx", edit={
        "ppt/slideLayouts/slideLayout2.xml": before(
            b"</p:spTree>", b"".join(_box(i) for i in range(3000)))})


def oversized_xml(folder: Path) -> Path:
    """A layout of 20 MB: one group of 80,000 shapes."""
    group = (b'<p:grpSp><p:nvGrpSpPr><p:cNvPr id="999" name="Art"/><p:cNvGrpSpPr/><p:nvPr/>'
             b'</p:nvGrpSpPr><p:grpSpPr/>' + b"".join(_box(i) for i in range(80_000))
             + b"</p:grpSp>")
    return repack(DEFAULT, folder / "big_layout.pptx", edit={
        "ppt/slideLayouts/slideLayout2.xml": before(b"</p:spTree>", group)})
