"""Text the fonts cannot show: shipped fallback fonts draw it everywhere, `check` warns
about the rest (naming characters and field), and no raw library warning reaches stderr."""

from __future__ import annotations

import sys
from pathlib import Path

import pdfplumber
import pytest
from pptx import Presentation

from reportgen.errors import SpecError
from reportgen.fonts import find_family
from reportgen.glyphs import FONT_DIR, Fallback, coverage, fallback_fonts
from reportgen.spec.loader import load_spec
from tests.conftest import run_cli
from tests.hostile import write_spec

SCRIPTS = "Азербайджан ə ქართული Մեծ ₼ ₾ 中国 日本語 한국어 ꙮ"
"""Cyrillic, Azerbaijani ə, Georgian, Armenian, manat, lari, Chinese, Japanese, Korean."""
NOBODY = "\U0001f389"  # PARTY POPPER: in no font reportgen has


def test_the_fallback_fonts_ship_inside_the_package_with_their_licence() -> None:
    assert (FONT_DIR / "OFL.txt").read_text("utf-8").count("SIL OPEN FONT LICENSE") >= 1
    for font in fallback_fonts():
        assert font.path.is_file() and font.path.read_bytes()[:4] == b"\x00\x01\x00\x00"
    assert sum(f.path.stat().st_size for f in fallback_fonts()) < 3_000_000


def test_dejavu_lacks_what_the_fallback_has() -> None:
    theme = [find_family("DejaVu Sans").regular, find_family("DejaVu Serif").regular]
    chain = Fallback.for_faces(theme)
    assert 0x20BC not in coverage(theme[0])  # the manat: a box before the fallback fonts
    assert chain.missing(SCRIPTS) == []
    assert chain.missing(NOBODY + "x") == [NOBODY]
    assert [(run, chain.fonts[i].family if i >= 0 else "theme") for run, i in
            chain.runs("Baku ₼5 中国")] == [("Baku ", "theme"), ("₼", "Noto Sans"),
                                           ("5 ", "theme"), ("中国", "Noto Sans CJK SC")]


def test_check_warns_per_field_about_characters_no_font_has(tmp_path: Path) -> None:
    def change(spec: dict) -> None:
        spec["report"]["title"] = f"Trade {SCRIPTS}"
        spec["sections"][0]["body"] = f"Party {NOBODY} time"
        spec["data"]["trade"]["rows"][0]["flow"] = f"A {NOBODY}"

    spec = write_spec(tmp_path, change)
    lines = spec.read_text("utf-8").split("\n")
    loaded = load_spec(spec)
    found = {(w.path, lines[w.line - 1][w.col - 1:].startswith(("Party", "A \U0001f389")))
             for w in loaded.warnings}
    assert found == {("sections.0.body", True), ("data.trade.rows.0.flow", True)}
    message = loaded.warnings[0].message
    assert "'\U0001f389' (U+1F389 PARTY POPPER)" in message and "empty boxes" in message
    with pytest.raises(SpecError):
        load_spec(write_spec(tmp_path, change), strict=True)


def test_check_warns_about_csv_text(tmp_path: Path) -> None:
    (tmp_path / "d.csv").write_text(f"flow,usd_bn\nA {NOBODY},1\nB,2\nC,3\n", "utf-8")

    def change(spec: dict) -> None:
        spec["data"]["trade"] = {"csv": "d.csv", "source": "Test"}

    (warning,) = load_spec(write_spec(tmp_path, change)).warnings
    assert warning.path == "data.trade.csv" and "U+1F389" in warning.message


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("scripts")

    def change(spec: dict) -> None:
        spec["report"]["title"] = f"Trade {SCRIPTS}"
        spec["report"]["series"] = "Series ₼ 中国"
        spec["sections"][0]["body"] = f"Body **{SCRIPTS}** and *{SCRIPTS}*."
        spec["data"]["trade"]["rows"][0]["flow"] = "A ₼ 中国 ქ"
        spec["timeline"] = [{"date": 2025, "title": f"Event {SCRIPTS}"}]

    spec = write_spec(folder, change)
    result = run_cli("build", spec, "--out", folder / "dist")
    assert result.returncode == 0, result.stderr
    return folder / "dist", result.stderr


def test_no_raw_library_warning_reaches_stderr(built: tuple[Path, str]) -> None:
    """Before the fix about 50 matplotlib `UserWarning: Glyph ... missing` lines."""
    _, stderr = built
    assert "UserWarning" not in stderr and "missing from" not in stderr
    assert "findfont" not in stderr


def test_the_brief_draws_every_script_with_an_embedded_font(built: tuple[Path, str]) -> None:
    out, _ = built
    with pdfplumber.open(next(out.glob("*.pdf"))) as pdf:
        chars = [c for page in pdf.pages for c in page.chars]
        text = "".join(c["text"] for c in chars)
        fonts = {c["text"]: c["fontname"] for c in chars}
    for char in "₼₾中国日本語한국어ə":
        assert char in text, char
    assert "NotoSans-Regular" in fonts["₼"] and "NotoSansCJK" in fonts["中"]
    assert "IBMPlex" in fonts["ə"]  # the brief's own type has it: no fallback needed


def test_the_deck_names_the_fallback_font_on_such_runs(built: tuple[Path, str]) -> None:
    out, _ = built
    prs = Presentation(str(next(out.glob("*.pptx"))))
    named = {}
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                for para in shape.text_frame.paragraphs:
                    for run in para.runs:
                        named[run.text] = run.font.name
    assert named["中国"] == "Noto Sans CJK SC" and named["₼"] == "Noto Sans"
    assert any(font == "Arial" and "Азербайджан" in text for text, font in named.items())


def test_the_chart_png_draws_fallback_glyphs(built: tuple[Path, str]) -> None:
    from matplotlib import font_manager

    from reportgen.charts.style import chart_style, rc_params
    from reportgen.theme import build_theme

    params = rc_params(chart_style(build_theme()))
    for font in fallback_fonts():
        assert font.family in params["font.family"]
        assert font_manager.findfont(font.family, fallback_to_default=False)
    assert sys.modules.get("reportgen.glyphs") is not None
