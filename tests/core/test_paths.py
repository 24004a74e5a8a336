"""core/paths.py: the one rule for a user's path, and the callers that use it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reportgen.core.paths import PathRefused, is_inside, resolve_inside
from reportgen.fonts import family_from_file, find_family


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "spec" / "data").mkdir(parents=True)
    (tmp_path / "spec" / "data" / "a.csv").write_text("x\n1\n")
    (tmp_path / "secret.txt").write_text("secret")
    return tmp_path / "spec"


def test_a_relative_path_inside_resolves(root: Path) -> None:
    assert resolve_inside(root, "data/a.csv") == (root / "data" / "a.csv").resolve()
    assert resolve_inside(root, "data/../data/a.csv") == (root / "data" / "a.csv").resolve()
    assert resolve_inside(root, "new/folder") == (root / "new" / "folder").resolve()
    (root / "link.csv").symlink_to(root / "data" / "a.csv")  # a link that stays inside
    assert resolve_inside(root, "link.csv") == (root / "data" / "a.csv").resolve()


@pytest.mark.parametrize(("value", "message"), [
    ("/etc/passwd", "expected a path relative to the spec's folder but got '/etc/passwd'"),
    ("\\\\server\\share", "expected a path relative to the spec's folder"),
    ("C:/Windows/win.ini", "expected a path relative to the spec's folder"),
    ("../secret.txt", "the path '../secret.txt' leads outside the spec's folder"),
    ("data/../../secret.txt", "leads outside the spec's folder"),
    ("", "expected a path but got an empty string"),
    ("a\0b", "cannot be used"),
])
def test_a_path_that_leaves_the_folder_is_refused(root: Path, value: str, message: str) -> None:
    with pytest.raises(PathRefused, match=None) as caught:
        resolve_inside(root, value)
    assert message in str(caught.value)


def test_links_that_leave_the_folder_or_loop_are_refused(root: Path) -> None:
    (root / "out.txt").symlink_to(root.parent / "secret.txt")
    (root / "data" / "up").symlink_to(root.parent)
    (root / "loop").symlink_to(root / "loop")
    for value in ("out.txt", "data/up/secret.txt"):
        with pytest.raises(PathRefused, match="leads outside the spec's folder"):
            resolve_inside(root, value)
    with pytest.raises(PathRefused, match="cannot be used"):
        resolve_inside(root, "loop")
    assert not is_inside(root, root / "out.txt") and is_inside(root, root / "data" / "a.csv")


def test_a_font_sibling_linked_outside_is_refused(root: Path) -> None:
    dejavu = find_family("DejaVu Sans")
    assert dejavu is not None
    shutil.copyfile(dejavu.regular, root / "Brand.ttf")
    shutil.copyfile(dejavu.italic, root / "Brand-Italic.ttf")
    shutil.copyfile(dejavu.bold, root.parent / "Other-Bold.ttf")
    (root / "Brand-Bold.ttf").symlink_to(root.parent / "Other-Bold.ttf")
    with pytest.raises(LookupError, match="'Brand-Bold.ttf' beside 'Brand.ttf' leads outside"):
        family_from_file(root / "Brand.ttf", root)
    (root / "Brand-Bold.ttf").unlink()
    family = family_from_file(root / "Brand.ttf", root)
    assert family.italic == root / "Brand-Italic.ttf" and family.bold == root / "Brand.ttf"
