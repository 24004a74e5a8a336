"""Curly quotes and titles without a lone last word (render/pdf/typography.py)."""

from __future__ import annotations

import pytest
from reportlab.lib.colors import black

from reportgen.document.nodes import Run
from reportgen.render.pdf import markup
from reportgen.render.pdf.typography import NBSP, no_lone_last_word, smart_quotes


@pytest.mark.parametrize(("straight", "curly"), [
    ('He said "no".', "He said \u201cno\u201d."),
    ("Moscow's 'red line' (1990s)", "Moscow\u2019s \u2018red line\u2019 (1990s)"),
    ('"Quoted" at the start', "\u201cQuoted\u201d at the start"),
    ("the '90s", "the \u201890s"),
    ("no quotes at all", "no quotes at all"),
])
def test_straight_quotes_become_curly(straight: str, curly: str) -> None:
    assert smart_quotes(straight) == curly


def test_a_quote_opening_a_run_reads_the_run_before_it() -> None:
    runs = (Run("Baku called it "), Run('"a misunderstanding"', italic=True), Run("."))
    text = markup.runs(runs, mono_face="Courier", link_color=black)
    assert "\u201ca misunderstanding\u201d" in text


def test_code_keeps_its_straight_quotes() -> None:
    text = markup.runs((Run('print("hi")', code=True),), mono_face="Courier",
                       link_color=black)
    assert '"hi"' in text.replace("&quot;", '"')


def test_a_title_never_ends_on_a_lone_word() -> None:
    title = no_lone_last_word("Azerbaijan and Russia: Distrustful but Pragmatic Relations")
    assert title.endswith(f"Pragmatic{NBSP}Relations")
    assert no_lone_last_word("Two words") == "Two words"
    long_last = "A title ending in Supercalifragilisticexpialidociousness"
    assert NBSP not in no_lone_last_word(long_last)
