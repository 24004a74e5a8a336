"""python-pptx's XPath queries compiled once, not again at every call.

python-pptx asks lxml for an XPath query each time it looks for a placeholder or a
shape id (`BaseOxmlElement.xpath`), and lxml compiles the expression anew every time:
some 2,800 compilations per deck, about a seventh of writing it. `install` swaps in
the same query, compiled once per expression and thread (a compiled query is not
shared between threads), evaluated with the same namespaces: the same results.
"""

from __future__ import annotations

import threading
from typing import Any

from lxml import etree
from pptx.oxml import ns
from pptx.oxml.xmlchemy import BaseOxmlElement

_compiled = threading.local()


def _xpath(self: BaseOxmlElement, xpath_str: str) -> Any:
    """`BaseOxmlElement.xpath` with the compiled query kept."""
    queries: dict[str, etree.XPath] | None = getattr(_compiled, "queries", None)
    if queries is None:
        queries = _compiled.queries = {}
    query = queries.get(xpath_str)
    if query is None:
        query = queries[xpath_str] = etree.XPath(xpath_str, namespaces=_NAMESPACES)
    return query(self)


_NAMESPACES: dict[str, str] | None = getattr(ns, "_nsmap", None)
"""The prefixes python-pptx's own `xpath` passes to lxml."""


def install() -> None:
    """Use compiled queries from now on (in this process), if python-pptx is as expected."""
    if isinstance(_NAMESPACES, dict) and "xpath" in vars(BaseOxmlElement):
        BaseOxmlElement.xpath = _xpath  # type: ignore[method-assign]
