"""The three dependency files agree.

- pyproject.toml gives compatible ranges (what `pip install nnhelpers` accepts);
- requirements.txt pins one exact version of each (what CI installs, so the
  notebooks' stored outputs are reproduced);
- environment.yml repeats those pins for conda users.

Every exact pin must lie inside its range, every package pyproject names must be
pinned, and environment.yml must list exactly the pins of requirements.txt.
"""
import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*==\s*([^\s;#]+)\s*$")


def _pins(lines):
    """{canonical name: Version} from lines like "numpy==2.4.6"; others must be comments or blank."""
    pins = {}
    for line in lines:
        match = PIN.match(line)
        if match is None:
            continue
        name = canonicalize_name(match.group(1))
        assert name not in pins, f"{match.group(1)} is pinned twice"
        pins[name] = Version(match.group(2))
    return pins


def _requirements_pins():
    lines = (ROOT / "requirements.txt").read_text().splitlines()
    for line in lines:
        stripped = line.split("#", 1)[0].strip()
        assert not stripped or PIN.match(stripped), (
            f"requirements.txt line {line!r} is not an exact pin name==version"
        )
    return _pins(lines)


def _environment_pins():
    """The `name==version` entries of environment.yml's pip section (simple line parsing, no YAML library)."""
    lines = []
    for line in (ROOT / "environment.yml").read_text().splitlines():
        item = re.match(r"^\s*-\s+(.*?)\s*$", line)
        if item and "==" in item.group(1):
            lines.append(item.group(1))
    return _pins(lines)


def _pyproject_requirements():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    specs = list(project.get("dependencies", []))
    for extra in project.get("optional-dependencies", {}).values():
        specs.extend(extra)
    return [Requirement(spec) for spec in specs]


def test_requirements_txt_pins_something():
    pins = _requirements_pins()
    assert "numpy" in pins and "nbval" in pins


def test_every_pyproject_package_is_pinned_inside_its_range():
    pins = _requirements_pins()
    problems = []
    for requirement in _pyproject_requirements():
        name = canonicalize_name(requirement.name)
        if name not in pins:
            problems.append(f"{requirement.name} is in pyproject.toml but not pinned in requirements.txt")
        elif not requirement.specifier.contains(pins[name], prereleases=True):
            problems.append(
                f"{requirement.name}=={pins[name]} (requirements.txt) is outside "
                f"{requirement.specifier} (pyproject.toml)"
            )
    assert not problems, "\n".join(problems)


def test_every_pin_is_a_package_pyproject_names():
    named = {canonicalize_name(r.name) for r in _pyproject_requirements()}
    extra = sorted(set(_requirements_pins()) - named)
    assert not extra, f"pinned in requirements.txt but not declared in pyproject.toml: {extra}"


def test_environment_yml_lists_exactly_the_same_pins():
    requirements, environment = _requirements_pins(), _environment_pins()
    only_requirements = sorted(set(requirements) - set(environment))
    only_environment = sorted(set(environment) - set(requirements))
    different = sorted(
        f"{name}: {requirements[name]} vs {environment[name]}"
        for name in set(requirements) & set(environment)
        if requirements[name] != environment[name]
    )
    assert not (only_requirements or only_environment or different), (
        f"only in requirements.txt: {only_requirements}; only in environment.yml: {only_environment}; "
        f"different versions (requirements.txt vs environment.yml): {different}"
    )


def test_environment_yml_python_satisfies_requires_python():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    match = re.search(r"^\s*-\s+python\s*=+\s*([\d.]+)\s*$", (ROOT / "environment.yml").read_text(), re.M)
    assert match, "environment.yml does not pin python"
    requirement = Requirement(f"python{project['requires-python']}")
    assert requirement.specifier.contains(match.group(1))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("numpy==2.4.6", {"numpy": Version("2.4.6")}),
        ("  Jupyter_Lab == 4.6.6  ", {"jupyter-lab": Version("4.6.6")}),
        ("# numpy==1.0\n-e .\nnumpy>=2", {}),
    ],
)
def test_pin_parser(text, expected):
    assert _pins(text.splitlines()) == expected
