"""Content hashes that decide what a build re-executes and re-renders."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from helpers.publish.build import cache, deps


def test_sha256_file_matches_hashlib(tmp_path):
    path = tmp_path / "values.csv"
    path.write_bytes(b"indicator,value\npii_score,58.09\n")
    assert cache.sha256_file(path) == hashlib.sha256(b"indicator,value\npii_score,58.09\n").hexdigest()


def test_hash_tree_follows_content_not_timestamps(tmp_path):
    (tmp_path / "a.txt").write_text("1")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("2")
    first = cache.hash_tree(tmp_path)
    os.utime(tmp_path / "a.txt", (0, 0))
    assert cache.hash_tree(tmp_path) == first
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "x.pyc").write_bytes(b"\0")
    (tmp_path / "sub" / "y.pyc").write_bytes(b"\0")
    assert cache.hash_tree(tmp_path) == first
    (tmp_path / "sub" / "b.txt").write_text("3")
    assert cache.hash_tree(tmp_path) != first


def test_hash_tree_sees_renames_and_exclusions(tmp_path):
    (tmp_path / "a.txt").write_text("1")
    (tmp_path / "cli.py").write_text("x")
    first = cache.hash_tree(tmp_path, exclude=["cli.py"])
    (tmp_path / "cli.py").write_text("y")
    assert cache.hash_tree(tmp_path, exclude=["cli.py"]) == first
    (tmp_path / "a.txt").rename(tmp_path / "b.txt")
    assert cache.hash_tree(tmp_path, exclude=["cli.py"]) != first


def test_missing_paths_hash_stably(tmp_path):
    assert cache.hash_tree(tmp_path / "none") == hashlib.sha256().hexdigest()
    assert cache.hash_file_or_missing(tmp_path / "requirements.lock") == "missing"


def test_code_hash_ignores_markdown_and_outputs():
    nb = new_notebook(cells=[new_markdown_cell("# A"), new_code_cell("x = 1")])
    base = cache.code_hash(nb)
    nb.cells[0].source = "# B"
    nb.cells[1].outputs = [new_output("stream", name="stdout", text="1\n")]
    nb.cells[1].execution_count = 3
    assert cache.code_hash(nb) == base
    nb.cells[1].source = "x = 2"
    assert cache.code_hash(nb) != base


def test_environment_key_leaves_out_build_only_modules(tmp_path):
    helpers = tmp_path / "src" / "helpers"
    (helpers / "publish" / "build").mkdir(parents=True)
    (helpers / "data").mkdir()
    (helpers / "data" / "numbers.py").write_text("A = 1\n")
    (helpers / "publish" / "build" / "pipeline.py").write_text("B = 1\n")
    (tmp_path / "data").mkdir()
    key = cache.environment_key(tmp_path, tmp_path / "data")
    (helpers / "publish" / "build" / "pipeline.py").write_text("B = 2\n")
    assert cache.environment_key(tmp_path, tmp_path / "data") == key
    (helpers / "data" / "numbers.py").write_text("A = 2\n")
    assert cache.environment_key(tmp_path, tmp_path / "data")["helpers"] != key["helpers"]


def test_state_detects_cleared_outputs_and_survives_corruption(tmp_path):
    nb = new_notebook(cells=[new_code_cell("x = 1")])
    nb.cells[0].outputs = [new_output("stream", name="stdout", text="1\n")]
    (tmp_path / "data").mkdir()
    tree = deps.data_tree(tmp_path, tmp_path / "data")
    code, outputs = cache.code_hash(nb), cache.outputs_hash(nb)
    state = cache.BuildState(tmp_path)
    state.data["notebooks"]["01-a.ipynb"] = deps.entry(
        code, outputs, tmp_path, deps.dependencies(None, tmp_path, "data", dict))
    state.save()
    entry = cache.BuildState(tmp_path).data["notebooks"]["01-a.ipynb"]
    assert deps.stale_reason(entry, code, outputs, tmp_path, tree, dict) is None
    nb.cells[0].outputs = []
    assert (deps.stale_reason(entry, code, cache.outputs_hash(nb), tmp_path, tree, dict)
            == "its stored outputs differ from its last execution")
    assert deps.stale_reason(entry, "other", outputs, tmp_path, tree, dict) == "its code changed"
    state.path.write_text("{not json")
    assert cache.BuildState(tmp_path).data["notebooks"] == {}


def test_manifest_lists_every_file(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "report.html").write_bytes(b"<p>")
    (tmp_path / "data" / "values.csv").write_bytes(b"x")
    assert cache.manifest(tmp_path) == {
        "data/values.csv": hashlib.sha256(b"x").hexdigest(),
        "report.html": hashlib.sha256(b"<p>").hexdigest(),
    }
