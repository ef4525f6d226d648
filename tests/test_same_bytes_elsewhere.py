"""Same report on every machine: a clean checkout built here and "elsewhere" gives the same bytes.

"Elsewhere" is a second clean checkout at another path, built with the system fonts hidden
(mount namespace), another time zone (UTC+14), the C locale, a fresh HOME and umask 077. Both
builds run every notebook (no cache); then
- the notebooks re-execute to the committed bytes (strict nbval, elsewhere) and the build leaves
  the checkout clean (`git status`), with a colophon commit without "-dirty";
- every file of `_output/` but the timing log `build.log` is byte-identical between the two.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hermetic import hidden_fonts_unavailable, other_machine_env, run_elsewhere

from helpers.publish.build.info import git_commit

REPO = Path(__file__).resolve().parents[1]
IGNORE = shutil.ignore_patterns(".venv", ".git", "_output*", ".cache", "__pycache__", ".pytest_cache",
                                ".hypothesis", "*.egg-info", ".quarto")
BUILD = [sys.executable, "-m", "helpers.publish.cli", "build", "--renderer", "embedded", "--quiet"]
# A fixed identity and date, so that both checkouts get the same commit id.
GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z",
           "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z", "GIT_CONFIG_GLOBAL": os.devnull}
UNCOMPARED = {"build.log"}  # per-step timings, by design different on every run


def checkout(root: Path) -> Path:
    """A clean git checkout at `root` of the work tree as it is now (tracked and untracked files)."""
    shutil.copytree(REPO, root, ignore=IGNORE)
    env = {**os.environ, **GIT_ENV}
    for cmd in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "snapshot"]):
        subprocess.run(["git", *cmd], cwd=root, env=env, check=True, capture_output=True)
    return root


def git_status(root: Path) -> str:
    return subprocess.run(["git", "status", "--porcelain"], cwd=root, capture_output=True, text=True,
                          check=True).stdout


def output_files(root: Path) -> dict[str, bytes]:
    out = root / "_output"
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.name not in UNCOMPARED}


@pytest.mark.slow
@pytest.mark.build
def test_clean_checkouts_built_here_and_elsewhere_give_the_same_bytes(tmp_path):
    reason = hidden_fonts_unavailable()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    here = checkout(tmp_path / "a" / "project")
    there = checkout(tmp_path / "elsewhere" / "other-checkout" / "hp")
    base = {**os.environ, "CI": "1"}
    base.pop("FONTCONFIG_FILE", None)

    done = subprocess.run(BUILD, cwd=here, env={**base, "PYTHONPATH": str(here / "src")},
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    env = other_machine_env({**base, "PYTHONPATH": str(there / "src")}, tmp_path / "home")
    done = run_elsewhere(BUILD, there, env, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr

    for root in (here, there):
        assert git_status(root) == "", f"the build changed tracked files in {root}"
        commit = json.loads((root / "_output" / "build-info.json").read_text(encoding="utf-8"))["commit"]
        assert len(commit) == 40 and not commit.endswith("-dirty"), commit

    a, b = output_files(here), output_files(there)
    assert sorted(a) == sorted(b)
    assert {"report.html", "report.pdf", "build-info.json", "data/values.csv"} <= set(a)
    differ = [name for name in a if a[name] != b[name]]
    assert not differ, f"files that differ between the two machines: {differ}"

    nbval = [sys.executable, "-m", "pytest", "--nbval", "-p", "no:cacheprovider", "-q", "notebooks"]
    done = run_elsewhere(nbval, there, env, timeout=900)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]


def test_colophon_commit_is_dirty_only_when_tracked_files_differ(tmp_path):
    root = checkout(tmp_path / "p")
    assert not git_commit(root).endswith("-dirty")
    (root / "untracked-note.txt").write_text("x", encoding="utf-8")
    os.utime(root / "README.md")  # touched, not changed
    assert not git_commit(root).endswith("-dirty")
    (root / "README.md").write_text("changed\n", encoding="utf-8")
    assert git_commit(root).endswith("-dirty")
