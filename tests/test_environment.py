"""The pinned environment is consistent: environment.yml mirrors requirements.lock, which pins every
direct dependency of pyproject.toml."""

from __future__ import annotations

import re
import tomllib

import yaml

from helpers import PROJECT_ROOT
from helpers.publish.envfile import environment_yml, lock_pins

LOCK = PROJECT_ROOT / "requirements.lock"


def _name(requirement: str) -> str:
    """PEP 503 normalised project name of a requirement string."""
    return re.sub(r"[-_.]+", "-", re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0]).lower()


def test_lock_lines_are_exact_pins():
    pins = lock_pins(LOCK)
    assert pins and all(re.fullmatch(r"[A-Za-z0-9_.\-]+==[A-Za-z0-9_.+!\-]+", p) for p in pins), pins
    assert len({_name(p) for p in pins}) == len(pins)


def test_environment_yml_has_the_lock_pins():
    env = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    assert [p for p in pip if p != "-e ."] == lock_pins(LOCK)
    assert (PROJECT_ROOT / "environment.yml").read_text(encoding="utf-8") == environment_yml(lock_pins(LOCK))


def test_every_direct_dependency_is_pinned():
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    direct = {_name(d) for d in project["dependencies"]}
    pinned = {_name(p) for p in lock_pins(LOCK)}
    assert direct and direct <= pinned, sorted(direct - pinned)


def test_build_requirement_is_pinned():
    requires = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["build-system"]["requires"]
    assert all("==" in r for r in requires), requires


def test_lock_pins_meet_the_direct_dependencies_bounds():
    from packaging.requirements import Requirement

    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = {_name(p): p.split("==", 1)[1] for p in lock_pins(LOCK)}
    for text in project["dependencies"]:
        req = Requirement(text)
        assert req.specifier.contains(pins[_name(req.name)], prereleases=True), (text, pins[_name(req.name)])


def test_chart_and_notebook_libraries_import_no_grammar_compiler():
    # The reason for the jsonschema bound in pyproject.toml: from 4.25 on, importing it (as altair
    # and nbformat do in every kernel and build) imports rfc3987-syntax, over a second each time.
    import subprocess
    import sys

    code = "import sys, altair, nbformat; print(sorted({'rfc3987_syntax', 'lark'} & set(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
