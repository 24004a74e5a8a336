"""`check` finds what the writers would stumble on: damaged images, and it stays light."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from reportgen.errors import SpecError
from reportgen.spec.loader import load_spec
from tests.hostile import write_spec


def _images(folder: Path) -> None:
    (folder / "assets").mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (400, 500), (200, 100, 50)).save(folder / "assets" / "full.jpg",
                                                        quality=90)
    data = (folder / "assets" / "full.jpg").read_bytes()
    (folder / "assets" / "cut.jpg").write_bytes(data[: len(data) // 2])


def test_a_truncated_jpeg_photo_or_logo_is_refused(tmp_path: Path) -> None:
    """Pillow's verify() passes a JPEG cut in half; before the fix it was published."""
    _images(tmp_path)
    spec = write_spec(tmp_path, lambda s: (s["authors"][0].update(photo="assets/cut.jpg"),
                                           s.update(theme={"logo": "assets/cut.jpg"})))
    with pytest.raises(SpecError) as caught:
        load_spec(spec)
    found = {(p.path, "cut short" in p.message) for p in caught.value.problems}
    assert found == {("authors.0.photo", True), ("theme.logo", True)}


def test_a_whole_jpeg_passes(tmp_path: Path) -> None:
    _images(tmp_path)
    spec = write_spec(tmp_path, lambda s: s["authors"][0].update(photo="assets/full.jpg"))
    assert load_spec(spec).spec.authors[0].photo == "assets/full.jpg"


def test_check_imports_no_renderer(tmp_path: Path) -> None:
    """The checks of links, images and glyphs run without matplotlib, reportlab or pptx."""
    _images(tmp_path)
    spec = write_spec(tmp_path, lambda s: (
        s["authors"][0].update(photo="assets/full.jpg", bio="See [x](#trade) ქართ 中文 ₼"),
        s["sections"][0].update(body="A [link](https://example.org).")))
    code = ("import sys; from pathlib import Path; from reportgen.spec.loader import load_spec;"
            f"load_spec(Path({str(spec)!r}));"
            "print(sorted({m.split('.')[0] for m in sys.modules}"
            " & {'matplotlib', 'reportlab', 'pptx'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"
