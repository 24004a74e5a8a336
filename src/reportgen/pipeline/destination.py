"""Where a build may write: never into `/`, the home folder or a folder of its own inputs,
and never over an input.

An output folder that holds the spec or a file it names would put the outputs, the
manifest and the cache among the user's own files, where one mistake (an edited
manifest, a basename equal to a template's name) costs a file reportgen did not write.
These rules are checked before anything is drawn; `check` applies them to
`outputs.dir`, and `build` also to `--out`.
"""

from __future__ import annotations

from pathlib import Path

from reportgen.errors import BuildError, Problem, SpecError, display_path
from reportgen.pipeline.inputs import Input, spec_inputs
from reportgen.pipeline.manifest import manifest_name
from reportgen.pipeline.plan import Plan, plan, theme_of
from reportgen.spec.loader import LoadedSpec

OUT_KEY = ("outputs", "dir")
"""Where problems of the output folder are shown in the spec."""


def _home() -> Path | None:
    try:
        return Path.home().resolve()
    except (RuntimeError, KeyError, OSError):
        return None


def _what(item: Input, root: Path) -> str:
    shown = item.relative_to(root)
    return f"the spec ({shown})" if item.key == "the spec" else f"{shown} ({item.key})"


def folder_problem(out_dir: Path, loaded: LoadedSpec, inputs: list[Input]) -> str | None:
    """Why a folder may not be an output folder, or None when it may."""
    if out_dir == Path(out_dir.anchor):
        return "the root folder"
    if out_dir == _home():
        return "your home folder"
    if out_dir == loaded.root or out_dir in loaded.root.parents:
        return f"a folder that holds the spec ({loaded.path.name})"
    for item in inputs:
        if out_dir in item.path.parents:
            return f"a folder that holds the input {_what(item, loaded.root)}"
    return None


def overwritten_inputs(the_plan: Plan, loaded: LoadedSpec, inputs: list[Input]) -> list[str]:
    """Each output that would land on an input (links followed), said in words."""
    by_path = {item.path: item for item in inputs}
    found = []
    for name in [*the_plan.outputs(loaded), manifest_name(the_plan.basename)]:
        target = the_plan.out_dir / name
        try:
            landing = target.resolve()
        except (OSError, RuntimeError):  # a loop of links: never written through anyway
            continue
        if landing in by_path:
            found.append(f"the output {display_path(target)} would overwrite the input "
                         f"{_what(by_path[landing], loaded.root)}")
    return found


def refuse_bad_destination(loaded: LoadedSpec, the_plan: Plan, inputs: list[Input], *,
                           from_option: bool) -> None:
    """Raise if the output folder or an output is not allowed (see the module docstring).

    `from_option`: the folder came from `--out` (a BuildError naming it); otherwise from
    `outputs.dir` (a SpecError located there).
    """
    problems = []
    reason = folder_problem(the_plan.out_dir, loaded, inputs)
    if reason is not None:
        problems.append(f"refusing to build into {reason}: give the outputs a folder of "
                        "their own, such as 'dist'")
    else:
        problems += overwritten_inputs(the_plan, loaded, inputs)
    if not problems:
        return
    if from_option:
        raise BuildError(f"--out {display_path(the_plan.out_dir)}: " + "; ".join(problems))
    mark = loaded.located.mark(OUT_KEY)
    raise SpecError([Problem(display_path(loaded.path), mark.line, mark.col, ".".join(OUT_KEY),
                             message) for message in problems])


def check_destination(loaded: LoadedSpec) -> None:
    """The destination rules for `outputs.dir`, as `reportgen check` applies them."""
    try:
        theme = theme_of(loaded)
    except LookupError:
        theme = None
    refuse_bad_destination(loaded, plan(loaded, None, None), spec_inputs(loaded, theme),
                           from_option=False)
