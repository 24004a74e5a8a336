"""Font facts read fast (glyphs named by index, widths from the hmtx numbers) are the
facts fontTools gives when asked plainly, for every font reportgen ships or finds."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.core.fontfile import _plain_facts, font_facts
from reportgen.fonts import find_family
from reportgen.glyphs import FONT_DIR

FAMILIES = ("DejaVu Sans", "DejaVu Serif", "DejaVu Sans Mono", "IBM Plex Sans",
            "IBM Plex Serif")


def _fonts() -> list[Path]:
    found = sorted(FONT_DIR.glob("*.ttf"))
    for name in FAMILIES:
        family = find_family(name)
        if family is not None:
            found += [family.regular, family.bold, family.italic, family.bold_italic]
    return list(dict.fromkeys(found))


@pytest.mark.parametrize("path", _fonts(), ids=lambda p: p.name)
def test_fast_facts_are_fonttools_facts(path: Path) -> None:
    fast, plain = font_facts(path), _plain_facts(path)
    assert fast.units_per_em == plain.units_per_em
    assert fast.codes == plain.codes and len(fast.codes) > 50
    assert fast.advances == plain.advances
    assert fast.advances and max(fast.advances.values()) > 0


def _with_metrics_count(source: Path, count: int, target: Path) -> Path:
    """A copy of a font whose hhea says `count` glyphs have their own advance width."""
    data = bytearray(source.read_bytes())
    tables = int.from_bytes(data[4:6], "big")
    for index in range(tables):
        entry = 12 + 16 * index
        if data[entry:entry + 4] == b"hhea":
            at = int.from_bytes(data[entry + 8:entry + 12], "big") + 34
            data[at:at + 2] = count.to_bytes(2, "big")
    target.write_bytes(bytes(data))
    return target


@pytest.mark.parametrize("count", [1, 40])
def test_glyphs_past_the_last_advance_take_it_as_fonttools_says(tmp_path: Path,
                                                                count: int) -> None:
    font = _with_metrics_count(FONT_DIR / "NotoSansArmenian-Fallback.ttf", count,
                               tmp_path / f"short-{count}.ttf")
    fast, plain = font_facts(font), _plain_facts(font)
    assert fast == plain and fast.advances == plain.advances
    assert len(set(fast.advances.values())) <= count


def test_an_hmtx_shorter_than_its_count_is_read_the_plain_way(tmp_path: Path) -> None:
    font = _with_metrics_count(FONT_DIR / "NotoSansArmenian-Fallback.ttf", 0xFFFF,
                               tmp_path / "long.ttf")
    try:
        plain = _plain_facts(font)
    except Exception as exc:  # fontTools refuses it: the fast path must say the same
        with pytest.raises(type(exc)):
            font_facts(font)
    else:
        fast = font_facts(font)
        assert fast == plain and fast.advances == plain.advances


def test_a_file_without_truetype_tables_shows_no_character(tmp_path: Path) -> None:
    """As fontTools reads it: no cmap, no characters (the theme check refuses the file)."""
    odd = tmp_path / "Brand.otf"
    odd.write_bytes(b"OTTO" + b"\x00" * 60)
    assert font_facts(odd).codes == frozenset()
