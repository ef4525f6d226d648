"""The layers of `helpers` import one way only (the `layers` contract in pyproject.toml).

`lint-imports` is the check; these tests run it on the real package, and on a copy with one
upward import added, to show that the contract can fail and names the import that breaks it.
"""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import PROJECT_ROOT

LINT = Path(sys.executable).with_name("lint-imports")


def lint(project: Path) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(project / "src"), "NO_COLOR": "1",
           "HOME": str(project)}
    return subprocess.run([str(LINT), "--config", str(project / "pyproject.toml"), "--no-cache"],
                          cwd=project, env=env, capture_output=True, text=True, timeout=300)


def copy_project(tmp_path: Path) -> Path:
    shutil.copy(PROJECT_ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(PROJECT_ROOT / "src" / "helpers", tmp_path / "src" / "helpers",
                    ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def test_the_layers_contract_is_kept():
    result = lint(PROJECT_ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_the_four_layers_are_the_packages_of_helpers():
    packages = sorted(p.name for p in (PROJECT_ROOT / "src" / "helpers").iterdir()
                      if (p / "__init__.py").is_file())
    assert packages == ["analysis", "data", "present", "publish"]
    modules = [p.name for p in (PROJECT_ROOT / "src" / "helpers").glob("*.py")]
    assert modules == ["__init__.py"]


UPWARD = [  # (module file, import line added, the import lint-imports names)
    ("analysis/scorecard.py", "from helpers.present import tables  # upward: analysis -> present",
     "helpers.analysis.scorecard -> helpers.present.tables"),
    ("data/loader.py", "import helpers.analysis.progress  # upward: data -> analysis",
     "helpers.data.loader -> helpers.analysis.progress"),
]


@pytest.mark.parametrize("module, line, named", UPWARD, ids=["analysis->present", "data->analysis"])
def test_an_upward_import_breaks_the_contract(tmp_path, module, line, named):
    project = copy_project(tmp_path)
    path = project / "src" / "helpers" / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    result = lint(project)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "BROKEN" in result.stdout
    assert named in result.stdout
