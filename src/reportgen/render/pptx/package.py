"""Saving a deck byte-for-byte reproducibly: fixed metadata, fixed zip entry times.

python-pptx stamps nothing time-dependent into slides, but the zip entries carry the
time of saving, and the workbook embedded with a native chart carries its creation
time. Both are rewritten to fixed values; entry order is kept as written. Pictures,
media and workbooks, compressed already, are stored rather than deflated again.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

from pptx.presentation import Presentation as PresentationT

from reportgen.core.files import atomic_write
from reportgen.document.nodes import Meta
from reportgen.text import one_line

FIXED_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
"""Metadata date of a document without a publication date."""
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
PACKED_FORMATS = frozenset({"jpeg", "jpg", "png", "gif", "wdp", "mp3", "m4a", "mp4", "m4v",
                            "xlsx"})
"""File extensions of parts compressed already: stored as they are (deflating a template's
photos again costs seconds and saves nothing)."""
_W3CDTF = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def meta_date(meta: Meta) -> dt.datetime:
    """The publication date as a UTC datetime (midnight), or the fixed fallback date."""
    if meta.iso_date:
        try:
            day = dt.date.fromisoformat(meta.iso_date)
        except ValueError:
            return FIXED_DATE
        return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    return FIXED_DATE


CORE_PROPERTY_CHARS = 255
"""Longest text a core property (docProps/core.xml) may hold, as python-pptx enforces."""
ELLIPSIS = "\u2026"


def core_text(text: str, limit: int = CORE_PROPERTY_CHARS) -> str:
    """Text for a core property: one line, cut at a word boundary with an ellipsis if too long.

    The deck's slides carry the full text; the metadata only summarises it.
    """
    text = " ".join(one_line(text).split())
    if len(text) <= limit:
        return text
    head = text[: limit - len(ELLIPSIS)]
    cut = head.rsplit(" ", 1)[0] if " " in head[limit // 2:] else head
    return cut.rstrip(" ,;:") + ELLIPSIS


def set_core_properties(prs: PresentationT, meta: Meta) -> None:
    """Title, authors, subject, keywords, language and fixed dates in docProps/core.xml.

    Every text property is fitted to the 255 characters a core property may hold.
    """
    props = prs.core_properties
    when = meta_date(meta)
    props.title = core_text(meta.title)
    props.author = core_text("; ".join(meta.authors))
    props.subject = core_text(meta.subtitle or "")
    props.keywords = core_text(", ".join(meta.keywords))
    props.language = meta.language if len(meta.language) <= CORE_PROPERTY_CHARS else ""
    props.category = core_text(meta.series or "")
    props.comments = ""
    props.last_modified_by = core_text(meta.publisher or "reportgen")
    props.revision = 1
    props.created = props.modified = props.last_printed = when.replace(tzinfo=None)


def _fixed_xlsx(blob: bytes) -> bytes:
    """An embedded workbook with fixed creation times and zip entry times."""
    return _rezip(blob, lambda name, data: _W3CDTF.sub(
        rb"\g<1>2000-01-01T00:00:00Z\g<3>", data) if name == "docProps/core.xml" else data)


def _rezip(blob: bytes, transform) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(blob)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            packed = info.filename.rsplit(".", 1)[-1].lower() in PACKED_FORMATS
            entry.compress_type = zipfile.ZIP_STORED if packed else zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            entry.create_system = 0
            dst.writestr(entry, transform(info.filename, src.read(info)))
    return out.getvalue()


def deterministic_bytes(prs: PresentationT) -> bytes:
    """The saved presentation with fixed zip times and normalised embedded workbooks."""
    raw = io.BytesIO()
    prs.save(raw)
    return _rezip(raw.getvalue(), lambda name, data: _fixed_xlsx(data)
                  if name.startswith("ppt/embeddings/") and name.endswith(".xlsx") else data)


def save(prs: PresentationT, out: Path) -> None:
    """Write the presentation to `out` atomically (temporary file in the same folder)."""
    data = deterministic_bytes(prs)
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(out, data)
