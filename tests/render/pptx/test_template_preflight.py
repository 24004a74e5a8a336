"""The template preflight and the sanitized copy the deck is built on.

The preflight reads the template's XML without python-pptx; the deck writer maps
roles on python-pptx's objects. Both use one rule (roles.py), so they must agree on
every template. The sanitized copy carries no slides, no external links and no
thumbnail, and is made without touching the user's file.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from pptx import Presentation

from reportgen.document.nodes import Document
from reportgen.errors import TemplateError
from reportgen.render.pptx import template as template_module
from reportgen.render.pptx.preflight import (
    inspect_template,
    preflight_template,
    sanitized_template,
)
from reportgen.render.pptx.template import map_roles, open_template
from reportgen.render.pptx.writer import render_deck
from tests.render.pptx import hostile
from tests.render.pptx.test_template_backgrounds import dark_picture_template


def reordered(folder: Path) -> Path:
    """python-pptx's default (4:3, eleven layouts) with its layouts in reverse order."""
    prs = Presentation()
    id_list = prs.slide_master._element.sldLayoutIdLst
    for entry in reversed(list(id_list)):
        id_list.remove(entry)
        id_list.append(entry)
    out = folder / "reordered.pptx"
    prs.save(str(out))
    return out


def plain(folder: Path) -> Path:
    out = folder / "plain.pptx"
    Presentation().save(str(out))
    return out


TEMPLATES = {
    "default": lambda _folder: hostile.DEFAULT,
    "civic": lambda _folder: hostile.CIVIC,
    "python-pptx default": plain,
    "reordered layouts": reordered,
    "dark picture": dark_picture_template,
    "external links": hostile.external_links,
}


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_check_and_build_choose_the_same_layouts(tmp_path: Path, name: str) -> None:
    path = TEMPLATES[name](tmp_path)
    found = inspect_template(path, lambda _package, _found: None)
    assert found.ok, found.findings
    by_xml = {role: found.layouts[index].name for role, index in found.roles.items()}
    by_pptx = {role: lay.layout.name for role, lay in map_roles(open_template(path), name).items()}
    assert by_xml == by_pptx
    assert set(by_xml) == {"title", "section", "chart", "key_figures", "bio", "timeline",
                           "see_also"}


def test_the_same_message_for_a_missing_layout(tmp_path: Path) -> None:
    path = hostile.no_body_layout(tmp_path)
    [finding] = preflight_template(path)
    with pytest.raises(TemplateError) as info:
        map_roles(Presentation(str(path)), "title_only.pptx")
    assert finding.message == str(info.value)
    assert "(for section, bio and see-also slides)" in finding.message


def test_the_sanitized_copy_carries_only_masters_layouts_and_theme(tmp_path: Path) -> None:
    path = hostile.external_links(tmp_path)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    safe = sanitized_template(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    with zipfile.ZipFile(io.BytesIO(safe.data)) as archive:
        names = archive.namelist()
        rels = {n: archive.read(n).decode() for n in names if n.endswith(".rels")}
    assert "docProps/thumbnail.jpeg" not in names
    assert not any(n.startswith("ppt/slides/") for n in names)
    assert not any('TargetMode="External"' in text for text in rels.values())
    assert [f.severity for f in safe.findings] == ["warning"] * 3


def test_slides_of_a_template_are_never_loaded(tmp_path: Path) -> None:
    path = hostile.many_slides(tmp_path, count=50)
    safe = sanitized_template(path)
    with zipfile.ZipFile(io.BytesIO(safe.data)) as archive:
        assert not any(n.startswith("ppt/slides/") for n in archive.namelist())
        presentation = archive.read("ppt/presentation.xml").decode()
    assert "<p:sldId " not in presentation
    assert len(open_template(path).slides) == 0


def test_a_potx_is_opened_as_a_presentation(tmp_path: Path, document: Document, theme) -> None:
    path = hostile.repack(hostile.DEFAULT, tmp_path / "brand.potx", edit={
        "[Content_Types].xml": hostile.replace(hostile.PRESENTATION_MAIN, (
            b"application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"))})
    with pytest.raises(ValueError, match="not a PowerPoint file"):
        Presentation(str(path))  # python-pptx alone refuses a .potx
    assert preflight_template(path) == []
    render_deck(document, theme, tmp_path / "deck.pptx", template=path)
    assert Presentation(str(tmp_path / "deck.pptx")).slides[0].slide_layout.name == "Title Slide"


def test_a_dtd_is_found_in_utf16_and_after_a_comment(tmp_path: Path) -> None:
    def utf16(data: bytes) -> bytes:
        text = data.decode().replace("encoding='UTF-8'", "encoding='UTF-16'")
        return text.replace("?>\n", "?>\n" + hostile.DTD.decode(), 1).encode("utf-16")

    def commented(data: bytes) -> bytes:
        return data.replace(b"?>\n", b"?>\n<!-- a comment -->" + hostile.DTD, 1)

    for edit in (utf16, commented):
        path = hostile.repack(hostile.DEFAULT, tmp_path / f"{edit.__name__}.pptx",
                              edit={"ppt/slideLayouts/slideLayout2.xml": edit})
        [finding] = preflight_template(path)
        assert "declares a DTD (ppt/slideLayouts/slideLayout2.xml)" in finding.message


def test_the_renderer_refuses_what_the_preflight_refuses(tmp_path: Path, document: Document,
                                                         theme) -> None:
    for make in (hostile.macro_enabled, hostile.with_dtd, hostile.zip_bomb,
                 hostile.picture_bomb):
        path = make(tmp_path)
        with pytest.raises(TemplateError) as info:
            render_deck(document, theme, tmp_path / "deck.pptx", template=path)
        assert preflight_template(path)[0].message in str(info.value)
        assert not (tmp_path / "deck.pptx").exists()


def test_a_background_picture_is_decoded_once(tmp_path: Path, document: Document, theme,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Every role's layout shows the master's picture: it is decoded once, not per role."""
    path = hostile.background_picture(tmp_path, hostile.png(3000, 2000, (20, 30, 60)))
    decoded: list[int] = []
    average = template_module._average_color
    monkeypatch.setattr(template_module, "_average_color",
                        lambda blob: decoded.append(len(blob)) or average(blob))
    roles = map_roles(open_template(path), "picture.pptx")
    assert {lay.background for lay in roles.values()} == {"#141E3C"}
    assert len(decoded) == 1


def test_names_inside_a_template_cannot_drive_the_terminal(tmp_path: Path) -> None:
    path = hostile.repack(hostile.DEFAULT, tmp_path / "escape.pptx",
                          add={"ppt/\x1b[2J\nvbaProject.bin": b"\0" * 64})
    [finding] = preflight_template(path)
    assert "\x1b" not in finding.message and "\n" not in finding.message
    assert "ppt/\\x1b[2J\\nvbaProject.bin" in finding.message


def test_a_length_of_five_thousand_digits_is_malformed(tmp_path: Path) -> None:
    path = hostile.repack(hostile.DEFAULT, tmp_path / "digits.pptx", edit={
        "ppt/slideLayouts/slideLayout2.xml": hostile.replace(
            b'<a:off x="0" y="0"/>', b'<a:off x="' + b"9" * 5000 + b'" y="0"/>')})
    [finding] = preflight_template(path)
    assert "malformed x='9999" in finding.message
