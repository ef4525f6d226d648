"""`hpreport release`: refusals, and an archive rebuilt from its recorded commit byte for byte.

The project's code and data are copied into a temporary git repository, so the real work tree is
never touched; the commands run with that copy's `src/` first on PYTHONPATH, so that the code of
the copy (and, for the rebuild, of the recorded commit) is what computes the archive.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import PROJECT_ROOT

GIT = ["git", "-c", "user.name=test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"]


def run(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    env.pop("HPREPORT_EDITION_FILE", None)
    env.pop("HPREPORT_DATA_DIR", None)
    return subprocess.run([sys.executable, "-m", "helpers.publish.cli", "release", *args], cwd=root, env=env,
                          capture_output=True, text=True)


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("release") / "project"
    root.mkdir()
    for name in ("src", "data"):
        shutil.copytree(PROJECT_ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("edition.yml", "requirements.lock"):
        shutil.copy(PROJECT_ROOT / name, root / name)
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run([*GIT, "add", "-A"], cwd=root, check=True)
    subprocess.run([*GIT, "commit", "-q", "-m", "snapshot"], cwd=root, check=True)
    return root


def test_release_archives_small_refuses_twice_and_a_dirty_tree(repo, tmp_path):
    editions = tmp_path / "editions"
    first = run(repo, "--edition", "2025", "--editions-dir", str(editions))
    assert first.returncode == 0, first.stderr
    archive = editions / "2025"
    assert sorted(p.name for p in archive.iterdir()) == ["edition.json", "figures.csv", "projections.csv",
                                                          "scorecard.csv"]
    assert sum(p.stat().st_size for p in archive.iterdir()) < 100_000  # kilobytes, not the report
    info = json.loads((archive / "edition.json").read_text(encoding="utf-8"))
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True).stdout.strip()
    assert (info["id"], info["cutoff"], info["reconstructed"], info["commit"]) == ("2025", "2025-01-31", True, head)
    before = {p.name: p.read_bytes() for p in archive.iterdir()}

    again = run(repo, "--edition", "2025", "--editions-dir", str(editions))
    assert again.returncode == 1 and "already released" in again.stderr

    (repo / "data" / "README.md").write_text("changed\n", encoding="utf-8")
    try:
        dirty = run(repo, "--edition", "2024x", "--editions-dir", str(tmp_path / "other"))
        assert dirty.returncode == 1 and "no edition '2024x'" in dirty.stderr
        dirty = run(repo, "--editions-dir", str(tmp_path / "other"))
        assert dirty.returncode == 1 and "uncommitted changes" in dirty.stderr and "data/README.md" in dirty.stderr
        assert not (tmp_path / "other").exists()
    finally:
        subprocess.run(["git", "checkout", "-q", "--", "data/README.md"], cwd=repo, check=True)
    assert {p.name: p.read_bytes() for p in archive.iterdir()} == before


def test_rebuild_from_the_recorded_commit_gives_the_archived_scorecard(repo, tmp_path):
    editions = tmp_path / "editions"
    assert run(repo, "--edition", "2025", "--editions-dir", str(editions)).returncode == 0
    commit = json.loads((editions / "2025" / "edition.json").read_text(encoding="utf-8"))["commit"]
    # a later commit changes the data: the rebuild must come from the recorded commit, not HEAD
    values = repo / "data" / "values.csv"
    values.write_text(values.read_text(encoding="utf-8").replace(",2020,642,", ",2020,643,"), encoding="utf-8")
    subprocess.run([*GIT, "commit", "-q", "-am", "later"], cwd=repo, check=True)
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    archive = subprocess.run(["git", "archive", commit], cwd=repo, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(checkout)], input=archive, check=True)
    rebuilt = run(checkout, "--edition", "2025", "--rebuild-into", str(tmp_path / "rebuilt"))
    assert rebuilt.returncode == 0, rebuilt.stderr
    for name in ("scorecard.csv", "projections.csv", "figures.csv"):
        assert (tmp_path / "rebuilt" / "2025" / name).read_bytes() == (editions / "2025" / name).read_bytes(), name
