"""Writing the templates shipped in `assets/templates/`.

    python -m reportgen.render.pptx.make_templates assets/templates

`default.pptx` is the built-in look saved by python-pptx (whose default presentation
derives from a PowerPoint-saved file). `civic.pptx` is the civic look passed through
LibreOffice (`soffice --headless --convert-to pptx`), so that the deck is tested on a
template written by another application: other layout names, placeholders without
indices, its own master geometry.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from reportgen.render.pptx.look import build_look
from reportgen.render.pptx.package import deterministic_bytes
from reportgen.render.pptx.template import map_roles, open_template
from reportgen.theme import build_theme

SOFFICE_TIMEOUT = 180


def write_default(out: Path) -> None:
    """The default look (16:9, default theme) as a template file."""
    prs = build_look(build_theme("default"), "default")
    prs.core_properties.title = "reportgen default"
    out.write_bytes(deterministic_bytes(prs))


def write_civic(out: Path) -> None:
    """The civic look (16:9, civic theme), saved through LibreOffice."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise RuntimeError("LibreOffice (soffice) is needed to write civic.pptx")
    theme = replace(build_theme("civic"), slide_size="16:9")
    prs = build_look(theme, "civic")
    prs.core_properties.title = "reportgen civic"
    # LibreOffice turns each layout that a slide uses into a master of its own (and keeps
    # no master that no slide uses): one sample slide gives one master for every role.
    content = next(lay for lay in prs.slide_layouts if lay.name == "Title and Content")
    slide = prs.slides.add_slide(content)
    for ph in slide.placeholders:
        ph.text_frame.text = "Sample slide (reportgen removes it)"
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "src" / "civic.pptx"
        source.parent.mkdir()
        prs.save(str(source))
        result = subprocess.run(
            [soffice, "--headless", f"-env:UserInstallation=file://{tmp}/profile",
             "--convert-to", "pptx", "--outdir", tmp, str(source)],
            capture_output=True, text=True, timeout=SOFFICE_TIMEOUT, check=False)
        converted = Path(tmp) / "civic.pptx"
        if not converted.is_file():
            raise RuntimeError(f"LibreOffice did not convert the civic look: {result.stderr}")
        shutil.copyfile(converted, out)


def check(path: Path) -> list[str]:
    """The role mapping of a template (raises TemplateError if it is unusable)."""
    prs = open_template(path)
    return [f"{role} -> {lay.layout.name}" for role, lay in map_roles(prs, str(path)).items()]


def main(argv: list[str]) -> int:
    """Write both templates into the folder given (default `assets/templates`)."""
    folder = Path(argv[0] if argv else "assets/templates")
    folder.mkdir(parents=True, exist_ok=True)
    write_default(folder / "default.pptx")
    write_civic(folder / "civic.pptx")
    for name in ("default.pptx", "civic.pptx"):
        print(name, "; ".join(check(folder / name)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
