"""`{{ key_figures.ID }}` in plain-text fields: replaced once, for every output alike.

Titles, headings, labels, captions and sources are plain text: their placeholders
are replaced here, before charts are drawn and documents written, so a chart image,
the brief and the deck all show the same words. Fields with inline markup (bodies,
bios, key judgments, points, callouts) keep theirs for the Markdown reader, which
inserts figures without reading them as markup (see document/inline.py).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from reportgen.core.language import language_of

if TYPE_CHECKING:  # the models load pydantic: `-P` and the no-change check do without them
    from reportgen.spec.models import Spec

PLACEHOLDER = re.compile(r"\{\{\s*(.*?)\s*\}\}", re.DOTALL)
"""`{{ name }}` in any text of a spec."""

MARKUP_FIELDS = frozenset({"body", "bio", "summary", "points", "callout", "notes"})
"""Spec keys whose text is read as inline Markdown (placeholders resolved there)."""


def figure_values(spec: Spec) -> Mapping[str, str]:
    """Each placeholder name (`key_figures.ID`) and its formatted figure.

    Computed figures must have their values in place (the loader does it).
    """
    language = language_of(spec.report.language)
    return {
        f"key_figures.{k.id}": language.figure(float(k.value),  # type: ignore[arg-type]
                                               k.prefix, k.suffix, k.decimals)
        for k in spec.key_figures
    }


def substitute(text: str, values: Mapping[str, str]) -> str:
    """Text with every placeholder replaced (validation has made sure each names one)."""
    return PLACEHOLDER.sub(lambda m: values[m.group(1)], text)


def _walk(value: Any, values: Mapping[str, str], key: str | None) -> Any:
    if key in MARKUP_FIELDS:
        return value
    if isinstance(value, str):
        return substitute(value, values) if "{{" in value else value
    if isinstance(value, dict):
        return {k: _walk(v, values, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_walk(v, values, key) for v in value]
    return value


def resolve_plain_fields(spec: Spec) -> Spec:
    """The spec with placeholders replaced in every plain-text field."""
    from reportgen.spec.models import Spec

    values = figure_values(spec)
    if not values:
        return spec
    return Spec.model_validate(_walk(spec.model_dump(by_alias=True), values, None))
