"""Every third-party module that src/ imports is a declared dependency of the package.

A module installed by hand on a developer's machine hides a missing dependency until a
user's fresh install fails; this test fails first. Modules of an optional extra (such
as `distributed` for `reportgen[dask]`) may be imported only inside functions, so that
the core commands work without the extra.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "reportgen"
NOT_RUNTIME_EXTRAS = {"test", "dev"}


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement_name(requirement: str) -> str:
    return _norm(re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0])


def _declared() -> tuple[set[str], set[str]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    core = {_requirement_name(r) for r in project["dependencies"]}
    extras = {
        _requirement_name(r)
        for name, requirements in project.get("optional-dependencies", {}).items()
        if name not in NOT_RUNTIME_EXTRAS
        for r in requirements
        if not r.startswith("reportgen")
    }
    return core, extras


def _imports() -> list[tuple[str, str, bool]]:
    """(top-level module, where, imported at module level) for every import in src/."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top_level = {id(node) for node in tree.body}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top in sys.stdlib_module_names or top in ("reportgen", "__future__"):
                    continue
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                found.append((top, where, id(node) in top_level))
    return found


def test_every_imported_distribution_is_declared() -> None:
    core, extras = _declared()
    owners = packages_distributions()
    problems = []
    for module, where, module_level in _imports():
        dists = {_norm(d) for d in owners.get(module, [])}
        if not dists:
            problems.append(f"{module} ({where}) is not installed, so not declared either")
        elif dists & core or dists & extras and not module_level:
            continue
        elif dists & extras:
            problems.append(f"{module} ({where}) is from an extra but imported at module level")
        else:
            problems.append(f"{module} ({where}) comes from {sorted(dists)}, not declared")
    assert not problems, "\n".join(problems)


def test_declared_dependencies_have_lower_bounds() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    unbounded = [r for r in project["dependencies"] if ">=" not in r]
    assert not unbounded
