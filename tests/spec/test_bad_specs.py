"""The corpus of bad specs: each is reported at its place, with exit status 2 and no traceback.

Every file in `bad/` is `base.yaml` with exactly one mistake; `bad/expected.yaml` says
where and what must be reported. Each case is checked in-process with `load_spec`, and a
representative few through the real command line (`build` and `check`).
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import sys
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from reportgen.data.sources import MAX_CSV_BYTES
from reportgen.errors import Problem, SpecError
from reportgen.fonts import find_family
from reportgen.spec.loader import LoadedSpec, load_spec

HERE = Path(__file__).resolve().parent
BASE = HERE / "base.yaml"
BAD = HERE / "bad"
EXPECTED: dict[str, dict[str, Any]] = yaml.safe_load((BAD / "expected.yaml").read_text("utf-8"))
STDERR_LINE = re.compile(r"^[^\s:]+:\d+:\d+: |^reportgen: ")
"""Every line a failed command prints: a located problem or reportgen's own summary."""
MARKER = "pwned_marker"
"""The file `python_tag.yaml` would create if its tag were ever acted on."""


# -- files too big, binary or odd to commit: written into the case's folder ------------
def _png(path: Path, width: int, height: int) -> None:
    """A tiny PNG file that declares a huge size (a decompression bomb's header)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
                     + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))


def _too_large_csv(folder: Path) -> None:
    with (folder / "data" / "too_large.csv").open("wb") as file:
        file.write(b"flow,usd_bn\nA to B,1.5\n")
        file.truncate(21 * 1024 * 1024)  # sparse: over the limit without writing 21 MB
    assert (folder / "data" / "too_large.csv").stat().st_size > MAX_CSV_BYTES


def _symlink_out(folder: Path) -> None:
    outside = folder.parent / "outside.csv"
    outside.write_text("flow,usd_bn\nA to B,1.5\n", "utf-8")
    (folder / "data" / "symlink_out.csv").symlink_to(outside)


def _deep_block_nesting(folder: Path) -> None:
    """Block sequences nested 1,000 levels deep by indentation (a RecursionError once)."""
    deep = "".join(" " * level + "-\n" for level in range(1_000))
    (folder / "deep_block_nesting.yaml").write_text(
        BASE.read_text("utf-8") + "deep:\n" + deep, "utf-8")


def _alias_text_bomb(folder: Path) -> None:
    """A 200 KB spec that repeats one 190,000-character body in 20 sections by alias."""
    body = ("A long paragraph of words. " * 7_040)[:190_000]
    sections = "".join(f'  - heading: "Part {i}"\n    body: *long\n' for i in range(1, 20))
    text = BASE.read_text("utf-8").replace(
        '    body: "Exports were {{ key_figures.exports }}."',
        f'    body: &long "{body}"').replace("outputs:\n", sections + "outputs:\n", 1)
    (folder / "alias_text_bomb.yaml").write_text(text, "utf-8")
    assert len(text) < 210_000


def _merge_keys_counted(folder: Path) -> None:
    """A mapping of 1,000 keys merged ten times over at each of twenty levels."""
    keys = ", ".join(f"k{i}: {i}" for i in range(1_000))
    levels = [f"  l0: &l0 {{{keys}}}"] + [
        f"  l{n}: &l{n} {{<<: [{', '.join([f'*l{n - 1}'] * 10)}], n{n}: 1}}"
        for n in range(1, 21)]
    (folder / "merge_keys_counted.yaml").write_text(
        BASE.read_text("utf-8") + "bomb:\n" + "\n".join(levels) + "\n", "utf-8")


def _font_sibling_outside(folder: Path) -> None:
    """A theme font whose bold sibling is a link to a font outside the spec's folder."""
    regular = find_family("DejaVu Sans")
    assert regular is not None
    fonts = folder / "assets" / "fonts"
    fonts.mkdir(parents=True)
    shutil.copyfile(regular.regular, fonts / "Brand.ttf")
    outside = folder.parent / "Secret-Bold.ttf"
    shutil.copyfile(regular.bold, outside)
    (fonts / "Brand-Bold.ttf").symlink_to(outside)


SETUP: dict[str, Callable[[Path], Any]] = {
    "binary_garbage.yaml": lambda f: (f / "binary_garbage.yaml").write_bytes(bytes(range(256)) * 4),
    "binary_nul.yaml": lambda f: (f / "binary_nul.yaml").write_bytes(b"version: 1\nreport:\0\1"),
    "latin1.yaml": lambda f: (f / "latin1.yaml").write_bytes(
        BASE.read_text("utf-8").replace("Trade between", "Café trade between").encode("latin-1")),
    "csv_not_utf8.yaml": lambda f: (f / "data" / "not_utf8.csv").write_bytes(
        "flow,usd_bn\nCafé to B,1.5\n".encode("latin-1")),
    "csv_too_large.yaml": _too_large_csv,
    "csv_symlink_out.yaml": _symlink_out,
    "image_bomb.yaml": lambda f: _png(f / "assets" / "bomb.png", 100_000, 100_000),
    # over our limit and Pillow's warning threshold, under its own error threshold
    "photo_too_large.yaml": lambda f: _png(f / "assets" / "too_large.png", 10_000, 10_000),
    "deep_block_nesting.yaml": _deep_block_nesting,
    "alias_text_bomb.yaml": _alias_text_bomb,
    "merge_keys_counted.yaml": _merge_keys_counted,
    "font_sibling_outside.yaml": _font_sibling_outside,
}

CASES = sorted(EXPECTED)
# A representative few also go through the real command line (a subprocess each).
CLI_CASES = [
    "yaml_syntax.yaml", "tab_indent.yaml", "python_tag.yaml", "alias_bomb.yaml",
    "binary_garbage.yaml", "missing_title.yaml", "bad_enum.yaml", "unknown_column.yaml",
    "csv_nan.yaml", "csv_too_large.yaml", "image_bomb.yaml", "photo_too_large.yaml",
    "template_not_pptx.yaml",
    "unknown_font.yaml", "pie_negative.yaml", "deep_nesting_500.yaml", "deep_block_nesting.yaml",
    "alias_text_bomb.yaml", "merge_keys_counted.yaml", "font_sibling_outside.yaml",
]
CHECK_CASES = ["duplicate_key.yaml", "unknown_key.yaml", "ragged_csv.yaml", "csv_symlink_out.yaml"]


def make_case(name: str, root: Path) -> Path:
    """A private copy of the corpus with the case's generated files; the spec's path."""
    folder = root / "case"
    shutil.copytree(BAD, folder)
    if name in SETUP:
        SETUP[name](folder)
    return folder / name


def matches(problem: Problem, name: str, want: dict[str, Any]) -> bool:
    """Whether one reported problem is the expected one."""
    return (problem.file == want.get("file", name)
            and problem.line == want["line"]
            and problem.col == want.get("col", problem.col)
            and problem.path == want.get("path", problem.path)
            and want["message"] in problem.message
            and problem.severity == "error")


def expected_line(name: str, want: dict[str, Any]) -> str:
    """The start of the stderr line that must report the expected problem."""
    where = f"{want.get('file', name)}:{want['line']}:"
    if "col" in want:
        where += f"{want['col']}:"
    return where


def found_in_stderr(stderr: str, name: str, want: dict[str, Any]) -> bool:
    """Whether stderr has a `FILE:LINE:COL: key.path: message` line for the expected problem."""
    start = expected_line(name, want)
    for line in stderr.splitlines():
        if not line.startswith(start) or want["message"] not in line:
            continue
        rest = line[len(start):].lstrip("0123456789").removeprefix(":").lstrip()
        if "path" not in want or rest.startswith(f"{want['path']}: "):
            return True
    return False


def run_cli(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reportgen", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, timeout=120)


def written_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


# -- the corpus itself -------------------------------------------------------------------
def test_corpus_is_complete() -> None:
    on_disk = {p.name for p in BAD.glob("*.yaml")} - {"expected.yaml"}
    generated = {name for name, want in EXPECTED.items() if want.get("generated")}
    assert len(EXPECTED) >= 40
    assert on_disk - set(EXPECTED) == set(), "bad specs without an expectation"
    assert set(EXPECTED) - on_disk <= set(SETUP), "expectations without a bad spec"
    assert generated == {name for name in SETUP if name in EXPECTED}
    for name, want in EXPECTED.items():
        assert {"line", "message"} <= set(want), name
        assert set(want) <= {"line", "col", "path", "message", "file", "generated"}, name


def test_the_base_of_the_corpus_is_valid(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = make_case("base.yaml", tmp_path)
    shutil.copy(BASE, spec)
    monkeypatch.chdir(spec.parent)
    loaded = load_spec(Path(spec.name), strict=True)
    assert isinstance(loaded, LoadedSpec)
    assert loaded.warnings == []


# -- every case, in-process ---------------------------------------------------------------
@pytest.mark.parametrize("name", CASES)
def test_load_spec_reports_the_mistake(name: str, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    spec = make_case(name, tmp_path)
    monkeypatch.chdir(spec.parent)  # messages then name files as a user in that folder would
    before = written_files(spec.parent)
    started = time.perf_counter()
    with pytest.raises(SpecError) as caught:
        load_spec(Path(name))
    assert time.perf_counter() - started < 5
    problems = caught.value.problems
    want = EXPECTED[name]
    assert any(matches(p, name, want) for p in problems), (
        f"expected {expected_line(name, want)} {want.get('path', '')}: {want['message']!r}; got:\n"
        + "\n".join(map(str, problems)))
    for problem in problems:
        assert problem.line >= 1 and problem.col >= 1 and problem.message, str(problem)
    assert written_files(spec.parent) == before  # nothing written, not even by a tag
    assert not (tmp_path / MARKER).exists()


# -- representative cases, through the command line ----------------------------------------
@pytest.mark.parametrize("name", CLI_CASES)
def test_build_exits_2_with_the_located_message(name: str, tmp_path: Path) -> None:
    spec = make_case(name, tmp_path)
    out = tmp_path / "out"
    started = time.perf_counter()
    result = run_cli("build", name, "--out", out, cwd=spec.parent)
    elapsed = time.perf_counter() - started
    assert result.returncode == 2, result.stderr
    assert found_in_stderr(result.stderr, name, EXPECTED[name]), result.stderr
    assert "Traceback" not in result.stderr
    assert all(STDERR_LINE.match(line) for line in result.stderr.splitlines()), result.stderr
    assert "nothing was written" in result.stderr
    assert written_files(out) == []
    assert written_files(spec.parent / "dist") == []
    assert not (spec.parent / MARKER).exists() and not (tmp_path / MARKER).exists()
    if name == "alias_bomb.yaml":
        assert elapsed < 5


@pytest.mark.parametrize("name", CLI_CASES[:4] + CHECK_CASES)
def test_check_exits_2_with_the_same_message(name: str, tmp_path: Path) -> None:
    spec = make_case(name, tmp_path)
    result = run_cli("check", name, cwd=spec.parent)
    assert result.returncode == 2, result.stderr
    assert found_in_stderr(result.stderr, name, EXPECTED[name]), result.stderr
    assert "Traceback" not in result.stderr
    assert all(STDERR_LINE.match(line) for line in result.stderr.splitlines()), result.stderr
    assert result.stdout == ""


def test_a_python_tag_is_never_acted_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = make_case("python_tag.yaml", tmp_path)
    assert "os.system" in spec.read_text("utf-8")
    monkeypatch.chdir(spec.parent)
    with pytest.raises(SpecError):
        load_spec(Path(spec.name))
    assert not (spec.parent / MARKER).exists()


def test_an_alias_bomb_is_stopped_quickly(tmp_path: Path) -> None:
    spec = make_case("alias_bomb.yaml", tmp_path)
    started = time.perf_counter()
    with pytest.raises(SpecError):
        load_spec(spec)
    assert time.perf_counter() - started < 5


YAML_CASES = [
    "yaml_syntax.yaml", "yaml_missing_colon.yaml", "yaml_unclosed_list.yaml",
    "undefined_alias.yaml", "tab_indent.yaml", "duplicate_key.yaml", "python_tag.yaml",
    "alias_bomb.yaml", "deep_nesting.yaml", "deep_nesting_500.yaml", "deep_block_nesting.yaml",
    "merge_not_mapping.yaml", "key_not_scalar.yaml", "two_documents.yaml", "control_chars.yaml",
    "lone_surrogate.yaml", "huge_number.yaml", "alias_text_bomb.yaml", "merge_keys_counted.yaml",
]


@pytest.mark.parametrize("name", YAML_CASES)
def test_pyyaml_s_own_parser_reports_the_same(name: str, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Without libyaml (PyYAML built without it), the same mistakes are found in the same place."""
    from reportgen.spec import compose

    monkeypatch.setattr(compose, "USE_LIBYAML", False)
    spec = make_case(name, tmp_path)
    monkeypatch.chdir(spec.parent)
    with pytest.raises(SpecError) as caught:
        load_spec(Path(name))
    want = EXPECTED[name]
    assert any(matches(p, name, want) for p in caught.value.problems), [
        str(p) for p in caught.value.problems]
