"""Param values as a user gives them: `-P NAME=VALUE` options and params files.

Each value keeps where it was given (the option, or the file's line and column), so a
problem with it is reported there; spec/params.py reads it by its param's type.
"""

from __future__ import annotations

from pathlib import Path

from reportgen.core.files import read_regular
from reportgen.errors import Problem, SpecError, display_path
from reportgen.spec.params import Given, Origin, describe_value
from reportgen.spec.source import Located, Path_, YamlProblem, decode, parse_yaml

MAX_PARAMS_FILE_BYTES = 1024 * 1024
"""Largest params file read."""


def given_from_options(pairs: list[str] | tuple[str, ...]) -> dict[str, Given]:
    """`-P NAME=VALUE` options as given values (the last of one name wins); SpecError for
    an option without `=`."""
    given: dict[str, Given] = {}
    problems = []
    for pair in pairs:
        name, equals, value = pair.partition("=")
        name = name.strip()
        if not equals or not name:
            problems.append(Problem(f"-P {pair}", 0, 0, "",
                                    "expected NAME=VALUE, such as -P year=2024"))
            continue
        given[name] = Given(value, Origin(f"-P {pair}", path=f"params.{name}"))
    if problems:
        raise SpecError(problems)
    return given


def given_from_file(path: Path) -> dict[str, Given]:
    """The values of a params file (a YAML mapping of names to values), each located in it;
    SpecError when the file cannot be read or is not such a mapping."""
    shown = display_path(path)
    try:
        data = read_regular(path, limit=MAX_PARAMS_FILE_BYTES)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise SpecError([Problem(shown, 0, 0, "", f"cannot read the params file: {reason}")]
                        ) from None
    if len(data) > MAX_PARAMS_FILE_BYTES:
        raise SpecError([Problem(shown, 0, 0, "", f"the params file is larger than "
                                                  f"{MAX_PARAMS_FILE_BYTES:,} bytes")])
    try:
        located = parse_yaml(decode(data))
    except YamlProblem as exc:
        raise SpecError([Problem(shown, exc.mark.line, exc.mark.col, "", exc.message)]
                        ) from None
    if located.problems:
        raise SpecError([Problem(shown, p.mark.line, p.mark.col,
                                 ".".join(map(str, p.path)), p.message)
                         for p in located.problems])
    return given_from_mapping(located, (), shown)


def given_from_mapping(located: Located, at: Path_, shown: str) -> dict[str, Given]:
    """The values of a YAML mapping of names to values at `at` (a params file, a YAML
    variant); SpecError when it is not a mapping."""
    value = located.value
    for part in at:
        value = value[part]
    if not isinstance(value, dict):
        mark = located.mark(at)
        raise SpecError([Problem(shown, mark.line, mark.col, ".".join(map(str, at)),
                                 f"expected a mapping of param names to values but got "
                                 f"{describe_value(value)}")])
    given = {}
    for name, item in value.items():
        path = (*at, name)
        mark = located.mark(path)
        scalar = located.scalars.get(path)
        given[str(name)] = Given(item, Origin(shown, mark.line, mark.col, str(name)),
                                 scalar.text if scalar is not None else None, from_yaml=True)
    return given
