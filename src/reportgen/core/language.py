"""The reader's language: how numbers and dates are written, the labels, the direction.

`language_of(tag)` is built once per BCP 47 tag (`report.language`) from Babel's
CLDR data and the table of labels (core/labels.py). Every writer reads the same
`Language` (the Document carries it, chart jobs name its tag), so the brief, the
deck and the charts print the same words and numbers. Digits stay Western (0-9) in
every language; decimal and group separators follow the language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache

from reportgen.core.format import (
    DEFAULT_NUMBERS,
    NumberSymbols,
    format_figure,
    format_number,
)
from reportgen.core.labels import Labels, Plural, labels_for, plural

DEFAULT_TAG = "en"
"""The language of a spec that names none."""
DOTTED_I_LANGUAGES = frozenset({"az", "tr", "crh", "gag", "tt"})
"""Languages whose capital of `i` is `İ` (and of `ı` is `I`)."""


@dataclass(frozen=True)
class Language:
    """One language as the writers print it."""

    tag: str
    """The BCP 47 tag as the spec gave it, e.g. `ru` or `az-Latn-AZ`."""
    locale: str | None
    """Babel's locale identifier (`ru`, `az_Latn_AZ`), None when Babel does not know it."""
    labels: Labels = field(repr=False)
    """The fixed words."""
    numbers: NumberSymbols = DEFAULT_NUMBERS
    """Decimal and group separators."""
    rtl: bool = False
    """Whether the language is written right to left."""

    def number(self, value: float, decimals: int | None = None, *, grouped: bool = True) -> str:
        """A number as this language writes it: `1 234,5` in Russian."""
        return format_number(value, decimals, self.numbers, grouped=grouped)

    def figure(self, value: float, prefix: str, suffix: str, decimals: int | None) -> str:
        """A key figure as shown: `$1.178bn`, `4,4%`."""
        return format_figure(value, prefix, suffix, decimals, self.numbers)

    def date(self, value: dt.date) -> str:
        """A publication date: `1 March 2025`, `1 марта 2025`."""
        return self._date(value, self.labels.date)

    def partial_date(self, text: str) -> str:
        """A timeline date (YYYY-MM-DD, YYYY-MM or YYYY): `25 Dec 2024`, `Dec 2024`, `2024`."""
        parts = text.split("-")
        if len(parts) == 1:
            return parts[0]
        day = int(parts[2]) if len(parts) == 3 else 1
        value = dt.date(int(parts[0]), int(parts[1]), day)
        return self._date(value, self.labels.month_year if len(parts) == 2
                          else self.labels.day_month_year)

    def counted(self, forms: Plural, count: int) -> str:
        """A counted word in the form its number takes: `1 row`, `5 строк`."""
        from babel import Locale

        category = Locale.parse(self.locale or DEFAULT_TAG).plural_form(count)
        return plural(forms, category).format(n=count)

    def upper(self, text: str) -> str:
        """Text in capitals as this language writes them (Azerbaijani `i` -> `İ`)."""
        if self.tag.split("-")[0].lower() in DOTTED_I_LANGUAGES:
            text = text.replace("i", "\u0130")
        return text.upper()

    def names(self, names: list[str]) -> str:
        """Names joined for display: `A, B and C`, `A, B и C`."""
        return self.labels.join(names)

    def _date(self, value: dt.date, pattern: str) -> str:
        from babel.dates import format_date

        return str(format_date(value, pattern, locale=self.locale or DEFAULT_TAG))


def _babel_locale(tag: str) -> tuple[str | None, NumberSymbols, bool]:
    """Babel's identifier of a tag, its separators and direction (None: Babel lacks it)."""
    from babel import Locale, UnknownLocaleError
    from babel.numbers import get_decimal_symbol, get_group_symbol

    try:
        locale = Locale.parse(tag.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return None, DEFAULT_NUMBERS, False
    # the separators of Western digits (latn), whatever digits the locale prefers
    numbers = NumberSymbols(get_decimal_symbol(locale, numbering_system="latn"),
                            get_group_symbol(locale, numbering_system="latn"))
    return str(locale), numbers, locale.character_order == "right-to-left"


@cache
def language_of(tag: str = DEFAULT_TAG) -> Language:
    """The Language of a BCP 47 tag; an unknown language is printed as English."""
    locale, numbers, rtl = _babel_locale(tag)
    return Language(tag, locale, labels_for(tag if locale else DEFAULT_TAG), numbers, rtl)


def english() -> Language:
    """The default language (a default for nodes and writers given none)."""
    return language_of(DEFAULT_TAG)
