"""The packages import each other in the order data flows, never in a loop.

core <- data <- spec <- document <- render <- pipeline <- cli (charts draws from data
and core only). A package that reaches up the chain makes a loop sooner or later;
this test names the import that does.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "reportgen"

# What each package may import of reportgen (besides itself): a package with all its
# modules, or (ending in "=") one module only, such as the writers' registry. Top-level
# modules (errors, text, fonts, theme, processes) are leaves every package may use.
LEAVES = {"errors", "text", "fonts", "theme", "processes", "glyphs"}
ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "data": {"core"},
    "charts": {"core", "data"},
    "spec": {"core", "data", "render=", "render.base="},
    "document": {"core", "data", "spec", "charts.job"},
    "render": {"core", "data", "document", "spec.types"},
}


def _package(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return parts[0] if len(parts) > 1 else parts[0]


def _targets(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            if name == "reportgen" or name.startswith("reportgen."):
                found.append((name.removeprefix("reportgen").lstrip("."), node.lineno))
    return found


def _allowed(package: str, target: str) -> bool:
    top = target.split(".")[0]
    if not target or top == package or top in LEAVES:
        return True
    if package in ("render",) and target.startswith("render"):
        return True
    rules = ALLOWED.get(package)
    if rules is None:  # pipeline, cli and the entry points may import anything
        return True
    return any(
        target == rule[:-1] if rule.endswith("=") else
        (target == rule or target.startswith(rule + "."))
        for rule in rules
    )


def test_packages_import_only_what_comes_before_them() -> None:
    problems = []
    for path in sorted(SRC.rglob("*.py")):
        package = _package(path)
        for target, line in _targets(path):
            reaches_spec = package == "render" and target.startswith("spec")
            if (reaches_spec and target != "spec.types") or not _allowed(package, target):
                problems.append(f"{path.relative_to(SRC)}:{line} imports reportgen.{target}")
    assert not problems, "\n".join(problems)


def test_the_leaf_modules_import_no_package() -> None:
    problems = []
    for name in ("errors", "text", "processes"):
        path = SRC / f"{name}.py"
        for target, line in _targets(path):
            if target.split(".")[0] not in LEAVES:
                problems.append(f"{name}.py:{line} imports reportgen.{target}")
    assert not problems, "\n".join(problems)
