"""core/bidi.py: Arabic shaped into joined forms and laid out right to left."""

from __future__ import annotations

from reportgen.core.bidi import has_rtl, shape, starts_rtl, visual, visual_lines, wrap_visual


def test_arabic_is_joined_and_turned_around() -> None:
    # seen initial, lam-alef ligature, final meem: drawn right to left
    assert shape("سلام") == "\ufeb3\ufefc\ufee1"
    assert visual("سلام") == "\ufee1\ufefc\ufeb3"


def test_text_without_rtl_is_untouched() -> None:
    for text in ("Plain (text) 1,234.5", "Россия и Грузия", "საქართველო", ""):
        assert not has_rtl(text) and visual(text) == text == shape(text)


def test_mixed_line_keeps_english_in_place_and_brackets_paired() -> None:
    line = visual("Trade with سلام (2025) grew.")
    assert line.startswith("Trade with (2025) ") and line.endswith(" grew.")
    assert "\ufee1\ufefc\ufeb3" in line
    # an Arabic paragraph: brackets mirrored around the Arabic word, digits left to right
    assert visual("قال (سلام) 2024") == "2024 (\ufee1\ufefc\ufeb3) \ufedd\ufe8e\ufed7"


def test_direction_of_a_paragraph() -> None:
    assert starts_rtl("2024 سلام Baku") and not starts_rtl("Baku سلام")
    assert visual_lines("سلام\nسلام") == "\ufee1\ufefc\ufeb3\n\ufee1\ufefc\ufeb3"


def test_wrapping_a_visual_label_reads_from_the_right() -> None:
    words = ["\u0623\u0648\u0644", "\u062b\u0627\u0646", "\u062b\u0627\u0644\u062b"]  # 1st 2nd 3rd
    shown = visual(" ".join(words))
    lines = wrap_visual(shown, 8).split("\n")
    assert lines[0] == visual(" ".join(words[:2])) and lines[1] == visual(words[2])


def test_shaped_text_is_not_turned_around_twice() -> None:
    once = visual("قال (سلام) 2024")
    assert visual(once) == once
