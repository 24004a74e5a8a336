"""Footnotes in section bodies (`[^label]`) become endnotes numbered through the document."""

from __future__ import annotations

from pathlib import Path

from reportgen.document.lower import lower
from reportgen.spec.loader import load_spec

SPEC = """\
version: 1
report:
  title: "Notes across sections"
  publisher_info: "© 2025 An Institute. [CC BY 4.0](https://creativecommons.org/licenses/by/4.0/)."
authors:
  - name: "A. Author"
sections:
  - heading: "First"
    body: |
      A claim.[^a] Another claim.[^b] The first again.[^a]

      [^a]: The **first** source.
      [^b]: The second source.
  - heading: "Second"
    body: |
      A third claim.[^a] A mark without a note.[^none]

      [^a]: A note of this section, with the same label.
"""


def test_marks_are_numbered_through_the_document_and_notes_collected(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    document = lower(load_spec(spec), {})
    first, second = document.sections
    marks = [[r.note for p in s.items for r in p.runs if r.note is not None]
             for s in (first, second)]
    assert marks == [[1, 2, 1], [3]]
    assert [n.number for n in document.notes] == [1, 2, 3]
    assert document.notes[0].text.text == "The first source."
    assert any(r.bold for r in document.notes[0].text.runs)
    assert document.notes[2].text.text == "A note of this section, with the same label."
    assert "[^none]" in second.items[0].text  # a mark without a note stays as typed
    info = document.meta.publisher_info
    assert info is not None and any(r.href for r in info.runs)
