"""python-pptx's XPath queries, compiled once (render/pptx/xpath.py), find what lxml
finds compiling them at each call: on every element of a real deck."""

from __future__ import annotations

from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.oxml.ns import _nsmap

from reportgen.render.pptx import xpath

QUERIES = ("./p:nvSpPr/p:nvPr/p:ph", "./*[1]/p:nvPr/p:ph", "//@id", "//@r:id",
           "//p:cNvPr/@name", "./p:txBody/a:p", "a:r | a:br | a:fld", "ancestor::a:tbl",
           "./c:tx//c:pt/c:v/text()", "count(.//a:t)", "/p:sld")
"""Queries of the kinds python-pptx asks: child paths, attributes, unions, axes, text,
numbers, absolute paths."""


def _plain(element: etree._Element, query: str) -> object:
    return etree._Element.xpath(element, query, namespaces=_nsmap)


def test_compiled_queries_find_what_lxml_finds(built_sample: Path) -> None:
    deck = Presentation(str(built_sample / "azerbaijan-russia.pptx"))
    trees = [slide.shapes._spTree for slide in deck.slides]
    trees += [layout.shapes._spTree for layout in deck.slide_layouts]
    compared = 0
    for tree in trees:
        for element in tree.iter():
            for query in QUERIES:
                found, plain = xpath._xpath(element, query), _plain(element, query)
                assert found == plain, (query, element.tag)
                compared += isinstance(plain, list) and bool(plain)
    assert compared > 100  # real matches were compared, not only empty lists


def test_the_deck_writer_uses_compiled_queries() -> None:
    from pptx.oxml.xmlchemy import BaseOxmlElement

    import reportgen.render.pptx.writer  # noqa: F401  (installs them)

    assert BaseOxmlElement.xpath is xpath._xpath
