"""core/language.py and core/labels.py: dates, numbers and labels in the reader's language."""

from __future__ import annotations

import datetime as dt
import re
import string

import pytest

from reportgen.core.format import format_number
from reportgen.core.labels import FALLBACK, _table, known_languages, labels_for
from reportgen.core.language import language_of

NBSP = "\u00a0"


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_language_has_every_label_with_the_same_fields() -> None:
    english = _table()[FALLBACK]
    assert {"en", "ru", "ka", "az", "ar", "fa", "de", "fr", "uk", "tr"} <= set(known_languages())
    for tag in known_languages():
        own = _table()[tag]
        assert set(own) == set(english), tag  # no label silently left in English
        assert set(own["chart_kinds"]) == set(english["chart_kinds"]), tag
        assert set(own["aggregates"]) == set(english["aggregates"]), tag
        for agg, words in own["aggregates"].items():  # each names the column as English does
            assert words.strip() and _fields(words) == _fields(english["aggregates"][agg]), (
                tag, agg)
        for key, text in own.items():
            if key in ("chart_kinds", "aggregates"):
                continue
            forms = text if isinstance(text, dict) else {"other": text}
            model = english[key]["other"] if isinstance(english[key], dict) else english[key]
            assert "other" in forms, (tag, key)
            for form in forms.values():
                assert form.strip() and _fields(form) == _fields(model), (tag, key)


@pytest.mark.parametrize(("tag", "date", "page"), [
    ("en", "1 March 2025", "Page 1 of 6"),
    ("ru", "1 марта 2025", "Страница 1 из 6"),
    ("ka", "1 მარტი, 2025", "გვერდი 1 / 6"),
    ("az", "1 mart 2025", "Səhifə 1 / 6"),
    ("de", "1. März 2025", "Seite 1 von 6"),
    ("ar", "1 مارس 2025", "صفحة 1 من 6"),
])
def test_dates_and_page_numbers(tag: str, date: str, page: str) -> None:
    language = language_of(tag)
    assert language.date(dt.date(2025, 3, 1)) == date
    assert language.labels.page(1, 6) == page


def test_numbers_follow_the_language() -> None:
    assert language_of("en").number(1234567.5, 1) == "1,234,567.5"
    assert language_of("ru").number(1234567.5, 1) == f"1{NBSP}234{NBSP}567,5"
    assert language_of("az").number(1234567.5, 1) == "1.234.567,5"
    assert language_of("de").figure(-4.45, "$", "bn", 1) == "\u2212$4,5bn"
    assert language_of("ru").number(2024.0, 0, grouped=False) == "2024"
    assert language_of("ru").number(-0.0001, 2) == "0,00"  # no minus zero
    assert format_number(1234.5) == "1,234.5"  # the default stays English


def test_timeline_dates_and_names() -> None:
    ru = language_of("ru")
    assert ru.partial_date("2024-12-25") == "25 дек. 2024"
    assert ru.partial_date("2024-12") == "дек. 2024"
    assert ru.partial_date("2024") == "2024"
    assert language_of("en").partial_date("2024-12") == "Dec 2024"
    assert ru.names(["А", "Б", "В"]) == "А, Б и В"
    assert language_of("ar").names(["أ", "ب", "ج"]) == "أ، ب وج"


def test_regional_tags_and_unknown_languages() -> None:
    assert language_of("ru-RU").labels == labels_for("ru")
    assert language_of("az-Latn-AZ").labels.key_judgments == "Əsas nəticələr"
    unknown = language_of("xx")
    assert unknown.labels == labels_for("en") and unknown.number(1.5) == "1.5"
    assert unknown.date(dt.date(2025, 3, 1)) == "1 March 2025"
    # a language Babel knows but the table lacks: its dates and numbers, English labels
    spanish = language_of("es")
    assert spanish.labels.page(1, 2) == "Page 1 of 2" and spanish.number(1.5) == "1,5"
    assert re.search(r"marzo", spanish.date(dt.date(2025, 3, 1)))


def test_counted_words_take_the_plural_of_their_number() -> None:
    ru, en = language_of("ru"), language_of("en")
    assert [ru.counted(ru.labels.rows, n) for n in (1, 3, 5, 21)] == [
        "1 строка", "3 строки", "5 строк", "21 строка"]
    assert [en.counted(en.labels.rows, n) for n in (1, 2)] == ["1 row", "2 rows"]
    assert language_of("ka").counted(language_of("ka").labels.columns, 2) == "2 სვეტი"


def test_capitals_follow_the_language() -> None:
    assert language_of("az").upper("Siyasi təhlil") == "SİYASİ TƏHLİL"
    assert language_of("tr").upper("değerlendirmeler ılık") == "DEĞERLENDİRMELER ILIK"
    assert language_of("en").upper("key judgments") == "KEY JUDGMENTS"


def test_chart_descriptions_in_the_language() -> None:
    from reportgen.data.kinds import describe_chart
    from reportgen.data.series import ChartData, Series

    data = ChartData(("Баку", "Москва"), (Series("v", (1.5, 1234.0)),))
    assert describe_chart("pie", data, "млрд", language_of("ru")) == (
        f"Круговая диаграмма: Баку 1,5, Москва 1{NBSP}234, млрд")
    assert describe_chart("pie", data, None) == describe_chart("pie", data, None,
                                                               language_of("en"))
    assert language_of("ka").labels.chart_kind("unknown") == "დიაგრამა"


def test_direction() -> None:
    assert language_of("ar").rtl and language_of("fa").rtl and not language_of("ru").rtl
